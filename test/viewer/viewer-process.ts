// Start `ng_viewer` as a real CLI process, read the URL it prints, and stop it leaving no process behind.
import assert from 'node:assert/strict';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { descendantsOf, waitUntilGone } from '../helpers/processes.ts';

export interface ViewerProcess {
  url: string;
  stdout: () => string;
  /** SIGTERM, wait for exit 0, and assert that neither it nor any descendant is alive. */
  stop(): Promise<void>;
}

/** `args` are ng_viewer's arguments; a free `+port` is added unless one is given. */
export async function startViewerProcess(args: readonly string[], cwd?: string): Promise<ViewerProcess> {
  const withPort = args.some((arg) => arg.startsWith('+port=')) ? args : [...args, `+port=${await freePort()}`];
  const child = spawnCli('ng_viewer', withPort, cwd ? { cwd } : {});
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ng_viewer printed no URL in 15 s; stdout: ${out}; stderr: ${err}`)), 15_000);
    const check = (): void => {
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', check);
    void child.then((result) => {
      clearTimeout(timer);
      reject(new Error(`ng_viewer exited with ${result.exitCode} before serving; stderr: ${err}`));
    });
  });
  return {
    url,
    stdout: () => out,
    async stop() {
      const pids = [child.pid!, ...descendantsOf(child.pid!)];
      child.kill('SIGTERM');
      const result = await child;
      assert.equal(result.exitCode, 0, `ng_viewer should exit 0 on SIGTERM; stderr: ${err}`);
      assert.match(out, /ng_viewer stopped/);
      assert.deepEqual(await waitUntilGone(pids, 5000), [], 'no process started by the test may outlive it');
    },
  };
}

export async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json(), headers: response.headers };
}
