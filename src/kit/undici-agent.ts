// undici's connection-pooling Agent, loaded alone, with a pool per origin that finds a free connection in constant time.
//
// `import { Agent } from 'undici'` evaluates the whole package (fetch, WebSocket, caches, mocks, proxies):
// ~160 ms of CPU in every process that calls another server, where the Agent and what it needs take ~60.
// With seven processes starting on two cores, that difference is a tenth of a second of startup.
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Client as UndiciClient, Pool as UndiciPool } from 'undici';
import { FreeListPool } from './free-list-pool.ts';

const require = createRequire(import.meta.url);

const UndiciAgentClass: typeof UndiciAgent = require('undici/lib/dispatcher/agent.js');
const Client: typeof UndiciClient = require('undici/lib/dispatcher/client.js');

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
