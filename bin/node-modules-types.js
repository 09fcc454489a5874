// Node refuses to strip TypeScript types from files under node_modules, and rollout-gym has no build step: when
// the package is installed there (npm install rollout-gym), this hook strips the types of its own .ts files, in
// this process and, through NODE_OPTIONS, in every process it starts (servers import rollout-gym/kit).
// Plain JavaScript on purpose; a no-op in a checkout, and on a Node without module hooks.
import { realpathSync } from 'node:fs';
import * as module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageRoot = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..'));

const underNodeModules = packageRoot.includes(`${sep}node_modules${sep}`);
const option = `--import=${import.meta.url}`;
const preloaded = (process.env.NODE_OPTIONS ?? '').includes(option);

/**
 * True when this process did not start with the hook preloaded although it needs it: worker threads only get a
 * hook that was preloaded at startup, so the launcher must start the command in a new process.
 */
export const typesHookMissing = underNodeModules && !preloaded;

if (underNodeModules) installHook();

function installHook() {
  // Processes started from here (the command, servers) load this file first, through NODE_OPTIONS.
  if (!preloaded) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${option}`.trim();
  if (typeof module.registerHooks !== 'function' || typeof module.stripTypeScriptTypes !== 'function') return;
  const ownFiles = pathToFileURL(packageRoot + sep).href;
  module.registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith(ownFiles) || !/\.m?ts$/.test(url) || url.includes('/node_modules/', ownFiles.length)) return nextLoad(url, context);
      const loaded = nextLoad(url, { ...context, format: 'module' });
      // stripTypeScriptTypes warns that it is experimental, once per process: not the user's concern.
      const emitWarning = process.emitWarning;
      process.emitWarning = () => {};
      try {
        return { format: 'module', source: module.stripTypeScriptTypes(String(loaded.source), { mode: 'strip' }), shortCircuit: true };
      } finally {
        process.emitWarning = emitWarning;
      }
    },
  });
}
