// undici's connection-pooling Agent, loaded alone (src/kit/undici-modules.ts says why), with a pool per origin that
// finds a free connection in constant time.
import type { Agent as UndiciAgent, Client as UndiciClient, Pool as UndiciPool } from 'undici';
import { FreeListPool } from './free-list-pool.ts';
import { requireUndici } from './undici-modules.ts';

const UndiciAgentClass = requireUndici('lib/dispatcher/agent.js') as typeof UndiciAgent;
const Client = requireUndici('lib/dispatcher/client.js') as typeof UndiciClient;

export type Agent = UndiciAgent;

/** An undici Agent whose per-origin pools are FreeListPools (undici's default factory otherwise). */
export function createAgent(options: UndiciAgent.Options): Agent {
  return new UndiciAgentClass({
    ...options,
    factory: (origin, factoryOptions) => {
      const poolOptions = factoryOptions as UndiciPool.Options | undefined;
      return poolOptions?.connections === 1 ? new Client(origin, poolOptions) : new FreeListPool(origin, poolOptions);
    },
  });
}
