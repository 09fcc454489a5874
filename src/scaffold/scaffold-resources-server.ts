// The files of a new TypeScript resources server, from the templates beside this module; never overwrites anything.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATES = fileURLToPath(new URL('./templates/resources_server/', import.meta.url));

/** A server name that is a directory name, a YAML key and (camel-cased) a TypeScript identifier. */
export const SERVER_NAME = /^[a-z][a-z0-9_]*$/;

function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, next: string) => next.toUpperCase()).replace(/_+$/, '');
}

function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel[0]!.toUpperCase() + camel.slice(1);
}

/** data/example.jsonl: five sums, each with the answer verify expects. */
function exampleRows(): string {
  const tool = {
    type: 'function',
    name: 'add_numbers',
    description: 'Add two numbers and return their sum.',
    parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
    strict: true,
  };
  const sums: [number, number][] = [[1, 1], [6, 7], [12, 30], [250, 750], [-4, 9]];
  return sums
    .map(([a, b]) => ({
      responses_create_params: {
        input: [
          { role: 'developer', content: 'Use the add_numbers tool, then answer with the number only.' },
          { role: 'user', content: `What is ${a} + ${b}?` },
        ],
        tools: [tool],
      },
      expected_answer: String(a + b),
    }))
    .map((row) => `${JSON.stringify(row)}\n`)
    .join('');
}

/** Relative path -> content of every file of the scaffold for `name`. */
export function resourcesServerFiles(name: string): Map<string, string> {
  const values: Record<string, string> = { name, definition: `${camelCase(name)}Server`, className: `${pascalCase(name)}ResourcesServer` };
  const fill = (template: string): string =>
    readFileSync(join(TEMPLATES, template), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? `{{${key}}}`);
  return new Map([
    ['app.ts', fill('app.ts.tmpl')],
    ['server.ts', fill('server.ts.tmpl')],
    [`configs/${name}.yaml`, fill('config.yaml.tmpl')],
    ['data/example.jsonl', exampleRows()],
    ['tests/app.test.ts', fill('app.test.ts.tmpl')],
    ['README.md', fill('README.md.tmpl')],
  ]);
}

/**
 * Write the scaffold into `dir` (which must not exist yet: the `wx` flag refuses to replace any file). With
 * `ownModuleScope`, a package.json marks the folder's .ts files as ES modules.
 */
export function writeResourcesServer(dir: string, name: string, options: { ownModuleScope?: boolean } = {}): string[] {
  const files = resourcesServerFiles(name);
  if (options.ownModuleScope) files.set('package.json', `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content, { flag: 'wx' });
  }
  return [...files.keys()];
}
