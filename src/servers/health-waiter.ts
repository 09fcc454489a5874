// Waits for health URLs with wait-on, in a worker thread so that waits can be cancelled and the import is off our thread.
//
// Why a worker: importing wait-on costs over a second of CPU (axios, joi, rxjs), and a wait-on call cannot
// be cancelled: after a failed startup it would poll a dead port until its deadline and keep the CLI alive.
// In a worker the import overlaps the children booting, and terminate() cancels every wait at once. It is
// started only for the first server that does not say it listens (see wait-healthy.ts).
import { Worker } from 'node:worker_threads';
import type { HealthWaitReply, HealthWaitRequest } from './health-wait-worker.ts';

export interface HealthWaiter {
  /** Resolve once GET `url` answers 2xx; reject on `signal` or after `timeoutMs`. */
  waitFor(url: string, timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Stop every pending wait; safe to call twice. */
  close(): Promise<void>;
}

/** The worker starts at the first wait (a stack whose servers all say they listen never needs it). */
export function createHealthWaiter(): HealthWaiter {
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closed: Promise<void> | undefined;
  let started: { worker: Worker; ready: Promise<void> } | undefined;
  const start = (): { worker: Worker; ready: Promise<void> } => {
    const worker = new Worker(new URL('./health-wait-worker.ts', import.meta.url));
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (reply: HealthWaitReply | 'ready') => {
      if (reply === 'ready') return;
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(reply.error));
    });
    worker.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    return { worker, ready };
  };

  return {
    async waitFor(url, timeoutMs, signal) {
      signal.throwIfAborted();
      if (closed !== undefined) throw new Error('the health waiter is closed');
      started ??= start();
      const { worker, ready } = started;
      await ready;
      const id = nextId++;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          pending.delete(id);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const settle = <T>(finish: (value: T) => void) => (value: T): void => {
          signal.removeEventListener('abort', onAbort);
          finish(value);
        };
        pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
        worker.postMessage({ id, url, timeoutMs } satisfies HealthWaitRequest);
      });
    },
    close() {
      closed ??= started ? started.worker.terminate().then(() => undefined) : Promise.resolve();
      return closed;
    },
  };
}
