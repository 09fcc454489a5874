// Starts a command under a Node that can run our TypeScript (>= 22.18), whatever `node` is on PATH.
// Plain JavaScript on purpose: it must run on an old Node to explain or fix the version problem.
import { typesHookMissing } from './node-modules-types.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainPath = join(packageRoot, 'src', 'cli', 'main.ts');
/** Stop signals, and the window size for progress displays (the command has no terminal of its own to ask). */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGWINCH'];

function isRecentEnough(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 18);
}

export async function launch(command) {
  const args = process.argv.slice(2);
  if (isRecentEnough(process.version) && !typesHookMissing) {
    process.argv = [process.argv[0], mainPath, command, ...args];
    await import(mainPath);
    return;
  }
  // `npm ci` installs Node 24 (the `node` package) into node_modules/.bin: use it (or this Node, when it is recent
  // enough but must start over with the types hook preloaded, for its worker threads too).
  const localNode = isRecentEnough(process.version) ? process.execPath : join(packageRoot, 'node_modules', '.bin', 'node');
  if (!existsSync(localNode)) {
    process.stderr.write(
      `error [RG_USAGE] rollout-gym needs Node >= 22.18, and this is Node ${process.version}.\n` +
        `  fix: run \`npm ci\` in ${packageRoot} (it installs Node 24 locally), or install Node 24 LTS.\n`,
    );
    process.exit(1);
  }
  // The IPC channel tells the command when this launcher is gone (even after kill -9): it then tears down.
  // The command runs in its own session, so a terminal's Ctrl-C reaches this launcher only and is forwarded once:
  // in the terminal's process group the command would get two SIGINTs per Ctrl-C (the terminal's and ours), and a
  // second SIGINT means "stop now, without waiting".
  const child = spawn(localNode, [mainPath, command, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, RG_LAUNCHER_IPC: '1' },
    detached: true,
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`error [RG_USAGE] could not start ${localNode}: ${error.message}\n  fix: run \`npm ci\` in ${packageRoot} again\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const forwarded of FORWARDED_SIGNALS) process.off(forwarded, forward);
    if (signal === null) process.exit(code ?? 1);
    // Die of the same signal, so our parent (a shell, a supervisor) sees what the command saw; 128 + signal if not.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 200);
    process.kill(process.pid, signal);
  });
}
