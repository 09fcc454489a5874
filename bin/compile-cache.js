// Node's compile cache: modules kept parsed and compiled (our TypeScript with its types already stripped) in one
// directory between runs, about a third of a process's startup CPU. Plain JavaScript, so that the bin launcher
// can turn it on before it imports src/cli/main.ts: then main.ts itself comes from the cache too, and Node does
// not even load its TypeScript stripper.
import { readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An entry not read or written for this long is dropped from our default cache directory. */
const UNUSED_FOR_MS = 30 * 24 * 3600 * 1000;
/** At most one pruning pass per this long, across every command sharing the directory. */
const PRUNE_EVERY_MS = 24 * 3600 * 1000;
/** A command prunes once it has run this long (ng_run, a collection), never on the way to its start. */
const PRUNE_AFTER_MS = 10_000;
const PRUNED_MARKER = '.rollout-gym-pruned';

/**
 * Turn the cache on for this process (on a Node that has one) and, through NODE_COMPILE_CACHE, for every process
 * it starts: the servers inherit the variable. A directory the user chose wins; NODE_DISABLE_COMPILE_CACHE=1 opts out.
 */
export function enableCompileCache() {
  const chosen = process.env.NODE_COMPILE_CACHE !== undefined;
  const directory = compileCacheDirectory(process.env);
  process.env.NODE_COMPILE_CACHE = directory;
  module.enableCompileCache?.(directory);
  // Node never removes an entry, and every path it compiles (each checkout, every scaffold in a temp dir, each Node
  // version) adds one: our default directory is kept tidy here; one the user chose is theirs.
  if (!chosen) setTimeout(() => pruneCompileCache(directory), PRUNE_AFTER_MS).unref();
}

/** The cache directory a command started with `env` uses: NODE_COMPILE_CACHE when set, else one in the temp dir. */
export function compileCacheDirectory(env) {
  return env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'rollout-gym-compile-cache');
}

/**
 * Remove the entries of `directory` (one subdirectory per Node version, a file per compiled module) that nothing has
 * read or written for a month (Linux updates a file's access time at least daily under the default `relatime`), and
 * the subdirectories left empty that have not been used for a month either. Does nothing when a pass ran in the last
 * day; never throws (housekeeping must not break a command). A module whose entry was removed is compiled again.
 */
export function pruneCompileCache(directory, now = Date.now()) {
  try {
    const marker = join(directory, PRUNED_MARKER);
    try {
      if (now - statSync(marker).mtimeMs < PRUNE_EVERY_MS) return;
    } catch {
      // Never pruned.
    }
    writeFileSync(marker, '');
    for (const version of readdirSync(directory, { withFileTypes: true })) {
      try {
        if (version.isDirectory()) pruneVersion(join(directory, version.name), now);
      } catch {
        // This one changed meanwhile (a Node writing its entries): the next pass sees it.
      }
    }
  } catch {
    // Not ours to tidy (read-only, removed meanwhile): leave it.
  }
}

function pruneVersion(versionDir, now) {
  // The directory's own times come first (listing it updates them): one in use (such as the one this Node created at
  // start, whose entries are only written at exit) is never removed, even while it is still empty.
  const unused = isUnused(versionDir, now);
  let kept = 0;
  for (const name of readdirSync(versionDir)) {
    const path = join(versionDir, name);
    if (isUnused(path, now)) rmSync(path, { force: true, recursive: true });
    else kept += 1;
  }
  if (kept === 0 && unused) rmdirSync(versionDir);
}

function isUnused(path, now) {
  try {
    const { atimeMs, mtimeMs } = statSync(path);
    return now - Math.max(atimeMs, mtimeMs) > UNUSED_FOR_MS;
  } catch {
    return false;
  }
}
