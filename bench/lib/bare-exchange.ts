// The bare exchange as a pair of processes the benchmark can run and pause in slices: the bare node:http
// server and its undici client (bench/fixtures), so their CPU is read from /proc exactly like ours.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { startPortChild, type PortChild } from './child-process.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

export interface BareExchange {
  serverPid: number;
  clientPid: number;
  /** Start the closed loop. */
  run(): void;
  /** Stop starting requests; resolves once none is in flight, with the exchanges completed since start. */
  pause(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBareExchange(concurrency: number, mode: 'get' | 'post' = 'get'): Promise<BareExchange> {
  return startExchangePair('bare-http-server.ts', 'bare-http-client.ts', concurrency, [mode], 'bare exchanges');
}

/**
 * A server fixture (prints its port) and a closed-loop client fixture speaking bare-http-client.ts's IPC protocol
 * (`<port> <concurrency> ...clientArgs`), both in bench/fixtures. A failed exchange makes `pause` throw, naming `what`.
 */
export async function startExchangePair(serverFixture: string, clientFixture: string, concurrency: number, clientArgs: readonly string[], what: string): Promise<BareExchange> {
  const server: PortChild = await startPortChild(join(fixtures, serverFixture));
  let client: ChildProcess;
  try {
    client = fork(join(fixtures, clientFixture), [String(server.port), String(concurrency), ...clientArgs], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await once(client, 'spawn');
  } catch (error) {
    await server.stop();
    throw error;
  }
  let failed = 0;
  return {
    serverPid: server.child.pid!,
    clientPid: client.pid!,
    run: () => client.send({ run: true }),
    pause: async () => {
      client.send({ run: false });
      const [answer] = (await once(client, 'message')) as [{ completed: number; failed: number }];
      if (answer.failed > failed) throw new Error(`${answer.failed - failed} ${what} failed`);
      failed = answer.failed;
      return answer.completed;
    },
    stop: async () => {
      if (client.exitCode === null && client.signalCode === null) {
        const exited = once(client, 'exit');
        client.disconnect();
        const timer = setTimeout(() => client.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      await server.stop();
    },
  };
}
