import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { lazyLocalesSource } from '../../bin/lazy-zod-locales.js';
import { repoRoot } from '../helpers/cli.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

const hookPath = join(repoRoot, 'bin', 'lazy-zod-locales.js');
const zodLocalesIndex = join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'v4', 'locales', 'index.js');

// A child process that imports zod (after `flags`), records every module it loads, then switches to French, Chinese
// and back to English.
const PROBE = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const { z } = await import('zod');
const message = () => z.string().safeParse(1).error.issues[0].message;
const english = message();
const localesAtStart = loaded.filter((url) => url.includes('/locales/')).map((url) => url.split('/').pop());
z.config(z.locales.fr());
const french = message();
z.config(z.locales.zhCN());
const chinese = message();
z.config(z.locales.en());
console.log(JSON.stringify({ english, french, chinese, back: message(), localesAtStart, localeCount: Object.keys(z.locales).length }));
`;

async function probeZod(flags: readonly string[]) {
  const result = await execa(process.execPath, [...flags, '--input-type=module', '-e', PROBE], { cwd: repoRoot });
  return JSON.parse(result.stdout) as { english: string; french: string; chinese: string; back: string; localesAtStart: string[]; localeCount: number };
}

test('with the hook, zod loads only its English locale at startup, and every other locale still works when chosen', async () => {
  const [plain, lazy] = await Promise.all([probeZod([]), probeZod([`--import=${hookPath}`])]);
  // Without it zod loads every locale module it ships (the reason for the hook).
  assert.ok(plain.localesAtStart.length > 40, `expected zod to load its ~60 locales without the hook, saw ${plain.localesAtStart.length}`);
  assert.deepEqual(lazy.localesAtStart.sort(), ['en.js', 'index.js']);
  // Same messages, same set of locales, in every language asked for.
  assert.deepEqual(lazy, { ...plain, localesAtStart: lazy.localesAtStart });
  assert.match(lazy.english, /expected string, received number/);
  assert.match(lazy.french, /attendu/);
  assert.notEqual(lazy.chinese, lazy.english);
  assert.equal(lazy.back, lazy.english);
});

test('the hook rewrites zod\'s locale index as shipped, and leaves an index of any other shape alone', () => {
  const source = lazyLocalesSource(readFileSync(zodLocalesIndex, 'utf8'));
  assert.ok(source, 'the installed zod locale index no longer has the expected shape');
  assert.match(source, /^export \{ default as en \} from "\.\/en\.js";$/m);
  assert.match(source, /^export const fr = \(\.\.\.args\) => locale\('\.\/fr\.cjs'\)\(\.\.\.args\);$/m);
  assert.match(source, /^export const frCA = /m);
  assert.equal(lazyLocalesSource('export * from "./all.js";\n'), undefined);
  assert.equal(lazyLocalesSource('export { default as en } from "./en.js";\nconsole.log("side effect");\n'), undefined);
  assert.equal(lazyLocalesSource(''), undefined);
});

test('a zod without its CommonJS build keeps its locale index as it is', async () => {
  const locales = join(testTempDir('rg-zod-esm-only-'), 'node_modules', 'zod', 'v4', 'locales');
  mkdirSync(locales, { recursive: true });
  writeFileSync(join(locales, 'index.js'), 'export { default as en } from "./en.js";\nexport { default as fr } from "./fr.js";\n');
  writeFileSync(join(locales, 'en.js'), "export default () => 'en (ESM)';\n");
  writeFileSync(join(locales, 'fr.js'), "export default () => 'fr (ESM)';\n");
  const script = `const { fr } = await import(${JSON.stringify(pathToFileURL(join(locales, 'index.js')).href)}); console.log(fr());`;
  const result = await execa(process.execPath, [`--import=${hookPath}`, '--input-type=module', '-e', script]);
  assert.equal(result.stdout, 'fr (ESM)');
});
