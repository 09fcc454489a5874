// Starts a command under a Node that can run our TypeScript (>= 22.18), whatever `node` is on PATH.
// Plain JavaScript on purpose: it must run on an old Node to explain or fix the version problem.
import { typesHookMissing } from './node-modules-types.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainPath = join(packageRoot, 'src', 'cli', 'main.ts');

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
  const child = spawn(localNode, [mainPath, command, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, RG_LAUNCHER_IPC: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
