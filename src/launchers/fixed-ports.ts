// Shards may share a node: a server whose port the config fixes would collide with itself there.
import type { ResolvedConfig } from '../config/types.ts';

/** A note naming every server with a fixed port, or undefined when every port is chosen free. */
export function fixedPortNote(resolved: Pick<ResolvedConfig, 'servers'>): string | undefined {
  const fixed = resolved.servers.filter((server) => Number.isInteger(Number(server.config.port)) && Number(server.config.port) > 0);
  if (fixed.length === 0) return undefined;
  const list = fixed.map((server) => `${server.name} (port ${String(server.config.port)})`).join(', ');
  return `the config fixes the port of ${list}: two shards on one node would both want it. Remove those ports to let each shard choose free ones (the head server's port is chosen free for every shard).`;
}
