// The API keys of model servers: an empty one is refused before anything starts, and any message about a key says
// where it comes from (config file, env.yaml, command line, environment variable), never the key itself.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../errors.ts';
import { isSecretKey } from '../config/secrets.ts';
import type { ResolvedConfig } from '../config/types.ts';

type KeyConfig = Pick<ResolvedConfig, 'servers' | 'origins' | 'references' | 'cwd'>;

export interface ModelKey {
  /** Top-level server name, e.g. policy_model. */
  server: string;
  /** Dotted key, e.g. policy_model.responses_api_models.openai_model.openai_api_key. */
  key: string;
  value: unknown;
}

/** Every credential setting (`*api_key`, ...) directly in a model server's block. */
export function modelKeysOf(resolved: Pick<ResolvedConfig, 'servers'>): ModelKey[] {
  return resolved.servers
    .filter((server) => server.kind === 'responses_api_models')
    .flatMap((server) =>
      Object.entries(server.config)
        .filter(([name]) => isSecretKey(name))
        .map(([name, value]) => ({ server: server.name, key: `${server.name}.${server.kind}.${server.implementation}.${name}`, value })),
    );
}

/** An empty key (say `+policy_api_key=$NVIDIA_API_KEY` with the variable unset) fails now, not at the first rollout. */
export function checkModelKeys(resolved: KeyConfig): void {
  const empty = modelKeysOf(resolved).filter(({ value }) => typeof value === 'string' && value.trim() === '');
  if (empty.length === 0) return;
  const lines = empty.map(({ key }) => `- ${key} is empty; it comes from ${describeKeySource(resolved, key)}`);
  throw new ConfigError(`the API key of ${[...new Set(empty.map(({ server }) => server))].join(', ')} is empty`, {
    key: empty[0]!.key,
    details: lines.join('\n'),
    hint: 'set the key (in env.yaml, or export the environment variable before the command: a shell expands an unset $VARIABLE to nothing); if the endpoint needs no key, set any placeholder such as EMPTY',
  });
}

/** Where each model server's key comes from, by server name (for the head server, so a collector can say it too). */
export function modelKeySources(resolved: KeyConfig): Record<string, string> {
  return Object.fromEntries(modelKeysOf(resolved).map(({ server, key }) => [server, describeKeySource(resolved, key)]));
}

/** "env.yaml line 2 (`policy_api_key`)", "the environment variable NVIDIA_API_KEY (...)", "the command line (...)". */
export function describeKeySource(resolved: KeyConfig, key: string): string {
  const leaf = followReferences(resolved, key);
  const origin = resolved.origins.get(leaf);
  if (origin === undefined || origin === 'default') return `\`${leaf}\``;
  const argument = /^command line `([^`=]*)=/.exec(origin);
  if (argument) return `the command line (\`${argument[1]}=...\`)`;
  const place = /^(.*):(\d+):\d+$/.exec(origin);
  if (!place) return `${origin} (\`${leaf}\`)`;
  const [, file, line] = place as unknown as [string, string, string];
  const variable = environmentVariableAt(isAbsolute(file) ? file : join(resolved.cwd, file), Number(line));
  const where = `${file} line ${line}`;
  return variable ? `the environment variable ${variable} (read by \${oc.env:${variable}} at ${where})` : `${where} (\`${leaf}\`)`;
}

/** `a: ${b}` and `b: ${c}` lead from a to c, where the value was written. */
function followReferences(resolved: KeyConfig, key: string): string {
  let current = key;
  const seen = new Set<string>();
  for (let targets = resolved.references?.get(current); targets?.length === 1 && !seen.has(current); targets = resolved.references?.get(current)) {
    seen.add(current);
    current = targets[0]!;
  }
  return current;
}

function environmentVariableAt(file: string, line: number): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
    return /\$\{\s*(?:oc\.)?env:\s*([A-Za-z_]\w*)/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}
