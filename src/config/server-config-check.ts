// Check every server's block against its server's schema (`<server dir>/config-schema.ts`, exporting `configSchema`)
// before anything starts: unknown keys with did-you-mean, wrong types, missing keys, each with file:line and the fix.
// Servers without a schema module (NeMo Gym's Python servers, a user's own) are not checked here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { closestNames } from './did-you-mean.ts';
import { displayPath } from './paths.ts';
import { isSecretKey, REDACTED } from './secrets.ts';
import { formatPath, type PathSegment } from './tree.ts';
import type { ServerInstance } from './types.ts';

export const SCHEMA_MODULE = 'config-schema.ts';

interface Problem {
  key: string;
  source: string | undefined;
  line: string;
  fix: string;
  /** For an unknown key: the dotted key it most likely meant. */
  meant?: string;
  /** For a key that is required and not set. */
  required?: boolean;
}

/** A misspelt required key is one problem, not two: the rename also sets the required key. */
function foldMisspeltRequired(problems: Problem[]): Problem[] {
  const meant = new Set(problems.map((problem) => problem.meant).filter((key) => key !== undefined));
  return problems
    .filter((problem) => !(problem.required && meant.has(problem.key)))
    .map((problem) => (problem.meant && problems.some((other) => other.required && other.key === problem.meant) ? { ...problem, line: `${problem.line} (a required key)` } : problem))
    .sort((a, b) => Number(a.required ?? false) - Number(b.required ?? false));
}

/** The schema of a server, or undefined when it has none (Python entrypoint, no config-schema.ts). */
async function schemaOf(instance: ServerInstance): Promise<z.ZodType | undefined> {
  if (instance.entrypoint.endsWith('.py')) return undefined;
  const file = join(instance.dir, SCHEMA_MODULE);
  if (!existsSync(file)) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { configSchema?: unknown };
  if (!(module.configSchema instanceof z.ZodType)) {
    throw new ConfigError(`${file} does not export a zod schema named configSchema`, {
      code: 'RG_CONFIG',
      hint: 'export const configSchema = resourcesServerConfigSchema({...}) (src/config/server-config-schema.ts), or remove the file',
    });
  }
  return module.configSchema;
}

/** The object schema found by walking `path` through objects, arrays, optional/nullable/default wrappers. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
  let node: z.ZodType | undefined = schema;
  const unwrap = (type: z.ZodType): z.ZodType => {
    let current = type;
    while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    return current;
  };
  for (const segment of path) {
    node = node ? unwrap(node) : undefined;
    if (node instanceof z.ZodObject) node = node.shape[String(segment)] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return undefined;
  }
  node = node ? unwrap(node) : undefined;
  return node instanceof z.ZodObject ? node : undefined;
}

function describe(value: unknown, path: readonly PathSegment[]): string {
  if (path.some((segment) => typeof segment === 'string' && isSecretKey(segment))) return REDACTED;
  const text = JSON.stringify(value);
  return text !== undefined && text.length > 60 ? `${text.slice(0, 57)}...` : String(text);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let node = value;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
  return node;
}

/** The origin of a path or of its nearest ancestor that has one. */
function originOf(origins: ReadonlyMap<string, string>, path: readonly PathSegment[]): string | undefined {
  for (let length = path.length; length > 0; length -= 1) {
    const origin = origins.get(formatPath(path.slice(0, length)));
    if (origin !== undefined) return origin;
  }
  return undefined;
}

function problemsOf(instance: ServerInstance, schema: z.ZodType, origins: ReadonlyMap<string, string>): Problem[] {
  const result = schema.safeParse(instance.config);
  if (result.success) return [];
  const block: PathSegment[] = [instance.name, instance.kind, instance.implementation];
  return result.error.issues.flatMap((issue): Problem[] => {
    const issuePath = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    const at = [...block, ...issuePath];
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(objectAt(schema, issue.path)?.shape ?? {});
      return issue.keys.map((key) => {
        const path = [...at, key];
        const source = originOf(origins, path);
        const close = closestNames(key, known, 1);
        return {
          key: formatPath(path),
          source,
          line: `${formatPath(path)}${source ? ` (${source})` : ''}: ${instance.implementation} has no key '${key}'${close.length > 0 ? `; did you mean '${close[0]}'?` : ''}`,
          fix: close.length > 0 ? `rename it to ${close[0]}` : `remove it; ${instance.implementation} takes: ${known.join(', ')}`,
          meant: close.length > 0 ? formatPath([...at, close[0]!]) : undefined,
        };
      });
    }
    const value = valueAt(instance.config, issue.path);
    const key = formatPath(at);
    if (value === undefined) {
      const parentSource = originOf(origins, at.slice(0, -1));
      return [{
        key,
        source: parentSource,
        line: `${key}: required by ${instance.implementation}, not set`,
        fix: `add ${String(at.at(-1))}: ... under ${formatPath(at.slice(0, -1))}${parentSource ? ` (${parentSource})` : ''}`,
        required: true,
      }];
    }
    const source = originOf(origins, at);
    const expected = issue.code === 'invalid_type' ? String(issue.expected) : issue.code === 'invalid_value' ? issue.values.map((option) => JSON.stringify(option)).join(' | ') : undefined;
    return [{
      key,
      source,
      line: `${key} = ${describe(value, at)}${source ? ` (${source})` : ''}: ${issue.message}`,
      fix: expected ? `set it to ${expected === 'int' ? 'an integer' : expected === 'number' ? 'a number' : expected === 'boolean' ? 'true or false' : expected === 'string' ? 'a string' : expected}` : 'fix the value',
    }];
  });
}

/** Check every block that has a schema; one ConfigError lists every problem of every server. */
export async function checkServerConfigs(servers: readonly ServerInstance[], origins: ReadonlyMap<string, string>): Promise<void> {
  const problems: Problem[] = [];
  const checked: string[] = [];
  for (const instance of servers) {
    const schema = await schemaOf(instance);
    if (!schema) continue;
    const found = foldMisspeltRequired(problemsOf(instance, schema, origins));
    problems.push(...found);
    if (found.length > 0) checked.push(displayPath(join(instance.dir, SCHEMA_MODULE), process.cwd()));
  }
  if (problems.length === 0) return;
  const lines = problems.map((problem) => `  - ${problem.line}\n      fix: ${problem.fix}`);
  throw new ConfigError(`${problems.length === 1 ? '1 problem' : `${problems.length} problems`} in server config blocks:\n${lines.join('\n')}`, {
    code: 'RG_CONFIG',
    key: problems[0]!.key,
    source: problems[0]!.source,
    hint: `the keys a server takes are declared in ${[...new Set(checked)].join(', ')}; ng_dump_config +show_origin=true shows where every value comes from`,
  });
}
