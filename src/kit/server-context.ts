// What a child server learns from the orchestrator's environment: its own config block, the whole tree, its address.
import { createRequire } from 'node:module';
import { ServerError } from '../errors.ts';

export type ServerKind = 'responses_api_models' | 'resources_servers' | 'responses_api_agents';

export interface ServerAddress {
  host: string;
  port: number;
}

export interface ServerContext {
  /** Top-level name, e.g. "policy_model". */
  name: string;
  kind: ServerKind;
  implementation: string;
  /** Own implementation block: tree[name][kind][implementation]. */
  config: Record<string, unknown>;
  tree: Record<string, unknown>;
  host: string;
  port: number;
  headUrl: string | undefined;
  runToken: string | undefined;
  parentPid: number | undefined;
  /** Writes one line to stderr, prefixed with `(<name>) ` unless our orchestrator (which prefixes every child's lines) runs it. */
  log(line: string): void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first (kind, implementation, block) of a top-level server entry, or undefined if it is not one. */
export function serverBlockOf(tree: Record<string, unknown>, name: string): { kind: string; implementation: string; block: Record<string, unknown> } | undefined {
  const entry = tree[name];
  if (!isRecord(entry)) return undefined;
  const kind = Object.keys(entry)[0];
  const byImpl = kind === undefined ? undefined : entry[kind];
  if (kind === undefined || !isRecord(byImpl)) return undefined;
  const implementation = Object.keys(byImpl)[0];
  const block = implementation === undefined ? undefined : byImpl[implementation];
  if (implementation === undefined || !isRecord(block)) return undefined;
  return { kind, implementation, block };
}

/** Host and port of a server by top-level name, from a config tree (undefined when absent). */
export function addressFromTree(tree: Record<string, unknown>, name: string): ServerAddress | undefined {
  const found = serverBlockOf(tree, name);
  if (!found) return undefined;
  const port = Number(found.block.port);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  return { host: typeof found.block.host === 'string' ? found.block.host : '127.0.0.1', port };
}

/**
 * The config tree: from RG_CONFIG_JSON when our orchestrator set it (no yaml package to load: ~50-130 ms of
 * a server's startup CPU), else from NEMO_GYM_CONFIG_DICT's YAML (JSON included: it is YAML too).
 */
function parseConfigDict(yamlText: string, jsonText: string | undefined): unknown {
  if (jsonText) return JSON.parse(jsonText);
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(yamlText);
}

/** Reads NEMO_GYM_CONFIG_DICT / NEMO_GYM_CONFIG_PATH / RG_* into a ServerContext; throws ServerError when missing. */
export function readServerContext(env: NodeJS.ProcessEnv = process.env): ServerContext {
  const name = env.NEMO_GYM_CONFIG_PATH;
  const yamlText = env.NEMO_GYM_CONFIG_DICT;
  const hint = 'Start servers with `ng_run` (it sets NEMO_GYM_CONFIG_DICT and NEMO_GYM_CONFIG_PATH), not directly.';
  if (!name || !yamlText) {
    throw new ServerError('NEMO_GYM_CONFIG_PATH and NEMO_GYM_CONFIG_DICT must be set in the environment.', { hint });
  }
  let tree: unknown;
  try {
    tree = parseConfigDict(yamlText, env.RG_CONFIG_JSON);
  } catch (error) {
    throw new ServerError(`NEMO_GYM_CONFIG_DICT is not valid YAML: ${(error as Error).message}`, { server: name, hint, cause: error });
  }
  if (!isRecord(tree)) throw new ServerError('NEMO_GYM_CONFIG_DICT must be a YAML mapping.', { server: name, hint });
  const found = serverBlockOf(tree, name);
  if (!found) {
    throw new ServerError(`NEMO_GYM_CONFIG_DICT has no server block \`${name}.<type>.<implementation>\`.`, { server: name, hint });
  }
  const address = addressFromTree(tree, name);
  if (!address) {
    throw new ServerError(`Server \`${name}\` has no concrete port in NEMO_GYM_CONFIG_DICT.`, { server: name, hint });
  }
  const parentPid = env.RG_PARENT_PID ? Number(env.RG_PARENT_PID) : undefined;
  // Under rollout-gym's orchestrator (RG_HEAD_URL set) the stack prefixes each line already.
  const prefix = env.RG_HEAD_URL ? '' : `(${name}) `;
  return {
    name,
    kind: found.kind as ServerKind,
    implementation: found.implementation,
    config: found.block,
    tree,
    host: address.host,
    port: address.port,
    headUrl: env.RG_HEAD_URL || undefined,
    runToken: env.RG_RUN_TOKEN || undefined,
    parentPid: Number.isInteger(parentPid) && parentPid! > 0 ? parentPid : undefined,
    log: (line) => {
      process.stderr.write(prefix + line.replaceAll('\n', `\n${prefix}`) + '\n');
    },
  };
}
