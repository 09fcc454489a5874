// Which servers a re-verification needs: the resources server of each agent in the rollouts, and whatever those
// servers reference themselves (a judge model), never the policy model or the agents.
import { didYouMean } from '../config/did-you-mean.ts';
import { isServerKind } from '../config/server-kinds.ts';
import { isPlainObject } from '../config/tree.ts';
import type { ResolvedConfig, ServerInstance } from '../config/types.ts';
import { ConfigError } from '../errors.ts';

/** The resources server of each agent in the config (`responses_api_agents.<impl>.resources_server.name`). */
function resourcesServerOfEachAgent(servers: readonly ServerInstance[]): Map<string, string> {
  const routes = new Map<string, string>();
  for (const server of servers) {
    const reference = server.config.resources_server;
    if (server.kind === 'responses_api_agents' && isPlainObject(reference) && typeof reference.name === 'string') routes.set(server.name, reference.name);
  }
  return routes;
}

/**
 * Agent name -> resources server name for every agent the rollouts name. An agent the config does not pair goes to
 * the config's only resources server when there is exactly one (NeMo Gym's resources-only configs).
 */
export function routeAgents(resolved: Pick<ResolvedConfig, 'servers'>, agents: Iterable<string>): Map<string, string> {
  const configured = resourcesServerOfEachAgent(resolved.servers);
  const resourcesServers = resolved.servers.filter((server) => server.kind === 'resources_servers').map((server) => server.name);
  const routes = new Map<string, string>();
  const unknown: string[] = [];
  for (const agent of agents) {
    const server = configured.get(agent) ?? (resourcesServers.length === 1 ? resourcesServers[0] : undefined);
    if (server === undefined) unknown.push(agent);
    else routes.set(agent, server);
  }
  if (unknown.length > 0) {
    const suggestion = didYouMean(unknown[0]!, configured.keys());
    throw new ConfigError(`the rollouts name agents the config does not pair with a resources server: ${unknown.join(', ')}`, {
      key: 'config_paths',
      hint: `${suggestion ? `${suggestion} ` : ''}pass the config of the run that collected them (--config, --resources-server); agents in the config: ${[...configured.keys()].join(', ') || '(none)'}${resourcesServers.length > 1 ? `; resources servers: ${resourcesServers.join(', ')}` : ''}`,
    });
  }
  return routes;
}

/** Every `{type: <server kind>, name}` reference inside a config block. */
function referencesOf(value: unknown, found: string[] = []): string[] {
  if (isPlainObject(value)) {
    if (isServerKind(value.type) && typeof value.name === 'string') found.push(value.name);
    else for (const child of Object.values(value)) referencesOf(child, found);
  } else if (Array.isArray(value)) for (const child of value) referencesOf(child, found);
  return found;
}

/** The named servers and every server they reference, transitively, in config order. */
export function serversToStart(resolved: Pick<ResolvedConfig, 'servers'>, names: Iterable<string>): ServerInstance[] {
  const byName = new Map(resolved.servers.map((server) => [server.name, server]));
  const wanted = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const server = byName.get(name);
    if (server === undefined || wanted.has(name)) continue;
    wanted.add(name);
    queue.push(...referencesOf(server.config));
  }
  return resolved.servers.filter((server) => wanted.has(server.name));
}
