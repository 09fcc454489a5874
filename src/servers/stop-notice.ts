// A stop that takes more than a moment says what it is waiting for: which servers have not exited yet, when they
// will be killed, and that a second Ctrl-C kills them now.
import type { ServerHandle } from './spawn-server.ts';

/** Resolve as `stopping` does; after `afterMs` without it, print once which servers are still exiting. */
export async function noticeSlowStop(stopping: Promise<unknown>, handles: () => readonly ServerHandle[], options: { graceMs: number; stderr: NodeJS.WritableStream; afterMs?: number }): Promise<void> {
  const afterMs = options.afterMs ?? 1000;
  // A grace period that ends soon after the notice would come needs no notice.
  if (options.graceMs <= 2 * afterMs) return void (await stopping);
  const timer = setTimeout(() => {
    const left = handles().filter((handle) => handle.state !== 'stopped' && handle.state !== 'exited' && handle.state !== 'failed');
    if (left.length === 0) return;
    const names = left.map((handle) => `${handle.name} (pid ${handle.pid})`).join(', ');
    const killIn = Math.max(0, Math.round((options.graceMs - afterMs) / 1000));
    options.stderr.write(`waiting for ${names} to exit; SIGKILL in ${killIn} s (shutdown_grace_s), Ctrl-C again kills now\n`);
  }, afterMs);
  try {
    await stopping;
  } finally {
    clearTimeout(timer);
  }
}
