// zod's error-message locales, loaded when one is used rather than all at startup. Importing it registers the hook;
// src/cli/main.ts imports it, and our servers start with `--import` of it (src/servers/node-server-flags.ts).
//
// Every zod entry point re-exports its ~60 locale modules (`export * as locales from "../locales/index.js"`), so
// each of our processes loaded ~60 modules it never uses: ~28 ms of CPU per process to start, eight processes starting
// together on two cores in the quick start. The hook rewrites that one index module as it loads: English stays the
// module zod itself imports; every other locale becomes a function that loads zod's own CommonJS build of it on its
// first call, so `z.config(z.locales.fr())` still works. An index of any other shape, or one without the CommonJS
// build beside it, is left as it is.
// Plain JavaScript, so that it loads before any of our TypeScript (and on a Node without the hook API it does nothing).
import { existsSync } from 'node:fs';
import * as module from 'node:module';
import { fileURLToPath } from 'node:url';

const INDEX_SUFFIX = '/zod/v4/locales/index.js';
const LOCALE_EXPORT = /^export \{ default as ([\w$]+) \} from "\.\/([\w-]+)\.js";$/;

/** The index's source with every locale but English loaded on first use; undefined when it is not the expected list. */
export function lazyLocalesSource(source) {
  const lines = source.trim().split('\n');
  const exports = lines.map((line) => LOCALE_EXPORT.exec(line.trim()));
  if (exports.length === 0 || exports.some((match) => match === null)) return undefined;
  const body = exports.map(([line, name, file]) =>
    file === 'en' ? line : `export const ${name} = (...args) => locale('./${file}.cjs')(...args);`,
  );
  return [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    // zod's CommonJS locale is the function itself (`module.exports = exports.default`) or has it as `default`.
    "const locale = (file) => { const loaded = require(file); return typeof loaded === 'function' ? loaded : loaded.default; };",
    ...body,
    '',
  ].join('\n');
}

module.registerHooks?.({
  load(url, context, nextLoad) {
    const loaded = nextLoad(url, context);
    if (!url.endsWith(INDEX_SUFFIX) || loaded.source === undefined || loaded.source === null) return loaded;
    if (!url.startsWith('file:') || !existsSync(fileURLToPath(new URL('./en.cjs', url)))) return loaded;
    const source = lazyLocalesSource(typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source).toString('utf8'));
    return source === undefined ? loaded : { ...loaded, source };
  },
});
