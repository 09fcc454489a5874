// Which servers `ng_aggregate_rollouts +config_paths=[...]` starts: the agents that the rollouts name and,
// transitively, the resources servers (and other agents) they reference. Model servers are never started:
// /aggregate_metrics calls no model, and a model server may need a GPU, a vLLM or a reachable endpoint.
import { ConfigError } from '../errors.ts';
import { isServerKind } from '../config/server-kinds.ts';
import type { ResolvedConfig, ServerInstance } from '../config/types.ts';

/** The config's server instances needed to answer `/aggregate_metrics` for `agents`, in config order. */
export function serversForAgents(resolved: Pick<ResolvedConfig, 'servers'>, agents: readonly string[]): ServerInstance[] {
  const byName = new Map(resolved.servers.map((server) => [server.name, server]));
  const missing = agents.filter((name) => byName.get(name)?.kind !== 'responses_api_agents');
  if (missing.length > 0) {
    const configured = resolved.servers.filter((server) => server.kind === 'responses_api_agents').map((server) => server.name);
    throw new ConfigError(`the rollouts name agent${missing.length > 1 ? 's' : ''} ${missing.map((name) => `\`${name}\``).join(', ')}, which the config does not define`, {
      key: 'config_paths',
      hint: `agents in the config: ${configured.join(', ') || '(none)'}; add the config that defines ${missing.length > 1 ? 'them' : 'it'} to +config_paths, or leave +config_paths out to compute every agent's metrics here`,
    });
  }
  const needed = new Set<string>();
  const visit = (name: string): void => {
    const server = byName.get(name);
    if (server === undefined || server.kind === 'responses_api_models' || needed.has(name)) return;
    needed.add(name);
    for (const reference of referencedNames(server.config)) visit(reference);
  };
  for (const agent of agents) visit(agent);
  return resolved.servers.filter((server) => needed.has(server.name));
}

/** Names in `{type: <server kind>, name: ...}` blocks anywhere inside a server's config. */
function referencedNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedNames);
  if (value === null || typeof value !== 'object') return [];
  const block = value as Record<string, unknown>;
  if (isServerKind(block.type) && typeof block.name === 'string') return [block.name];
  return Object.values(block).flatMap(referencedNames);
}
