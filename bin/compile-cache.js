// Node's compile cache: modules kept parsed and compiled (our TypeScript with its types already stripped) in one
// directory between runs, about a third of a process's startup CPU. Plain JavaScript, so that the bin launcher
// can turn it on before it imports src/cli/main.ts: then main.ts itself comes from the cache too, and Node does
// not even load its TypeScript stripper.
import * as module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Turn the cache on for this process (on a Node that has one) and, through NODE_COMPILE_CACHE, for every process
 * it starts: the servers inherit the variable. A directory the user chose wins; NODE_DISABLE_COMPILE_CACHE=1 opts out.
 */
export function enableCompileCache() {
  process.env.NODE_COMPILE_CACHE = compileCacheDirectory(process.env);
  module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
}

/** The cache directory a command started with `env` uses: NODE_COMPILE_CACHE when set, else one in the temp dir. */
export function compileCacheDirectory(env) {
  return env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'rollout-gym-compile-cache');
}
