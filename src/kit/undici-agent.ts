// undici's connection-pooling Agent, loaded alone.
//
// `import { Agent } from 'undici'` evaluates the whole package (fetch, WebSocket, caches, mocks, proxies):
// ~160 ms of CPU in every process that calls another server, where the Agent and what it needs take ~60.
// With seven processes starting on two cores, that difference is a tenth of a second of startup.
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent } from 'undici';

const require = createRequire(import.meta.url);

export const Agent: typeof UndiciAgent = require('undici/lib/dispatcher/agent.js');
export type Agent = UndiciAgent;
