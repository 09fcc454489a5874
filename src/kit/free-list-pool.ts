// undici's Pool, with its free connection found in constant time.
//
// undici's Pool finds a connection for a request by scanning all of its connections for one that is not busy, and
// with one request per connection (pipelining 1, every hop of a rollout) it then scans again to learn whether any
// other is still free. At 5,000 rollouts in flight every dispatch walked ~10,000 connections, at each of a
// rollout's eight hops. This Pool keeps the free connections in a set, maintained through the hooks PoolBase
// calls whenever a connection turns busy or drains; everything else (queueing, connecting, retiring, closing) is
// undici's own. The hooks and symbols are undici's internals (lib/dispatcher/pool-base.js): the version is pinned
// in package-lock.json, and test/kit/free-list-pool.test.ts fails if they change.
import { createRequire } from 'node:module';
import type { Dispatcher, Pool as UndiciPool } from 'undici';

const require = createRequire(import.meta.url);
const Pool: typeof UndiciPool = require('undici/lib/dispatcher/pool.js');
const poolBase = require('undici/lib/dispatcher/pool-base.js') as Record<string, symbol>;

const symbolOf = (name: string): symbol => {
  const symbol = poolBase[name];
  if (typeof symbol !== 'symbol') throw new Error(`undici's pool-base no longer exports ${name}: src/kit/free-list-pool.ts needs updating`);
  return symbol;
};
const kNeedDrain = symbolOf('kNeedDrain');
const kGetDispatcher = symbolOf('kGetDispatcher');
const kHasDispatcher = symbolOf('kHasDispatcher');
const kOnClientBusy = symbolOf('kOnClientBusy');
const kOnClientDrain = symbolOf('kOnClientDrain');
const kAddClient = symbolOf('kAddClient');
const kRetireClient = symbolOf('kRetireClient');

type PooledClient = Dispatcher & { closed?: boolean; destroyed?: boolean; [key: symbol]: unknown };
type PoolInternals = Record<symbol, (...args: unknown[]) => unknown>;

const isGone = (client: PooledClient): boolean => client.closed === true || client.destroyed === true;

export class FreeListPool extends Pool {
  constructor(origin: string | URL, options?: UndiciPool.Options) {
    super(origin, options);
    const self = this as unknown as PoolInternals;
    const base = Object.getPrototypeOf(FreeListPool.prototype) as PoolInternals;
    /** Connections that can take a request now, oldest first. */
    const free = new Set<PooledClient>();
    self[kAddClient] = function (this: PoolInternals, client: unknown) {
      const result = base[kAddClient]!.call(this, client);
      if (!(client as PooledClient)[kNeedDrain]) free.add(client as PooledClient);
      return result;
    };
    self[kRetireClient] = function (this: PoolInternals, client: unknown) {
      free.delete(client as PooledClient);
      return base[kRetireClient]!.call(this, client);
    };
    self[kOnClientBusy] = function (this: PoolInternals, client: unknown) {
      free.delete(client as PooledClient);
      return base[kOnClientBusy]!.call(this, client);
    };
    self[kOnClientDrain] = function (this: PoolInternals, client: unknown) {
      free.add(client as PooledClient);
      return base[kOnClientDrain]!.call(this, client);
    };
    // A client in the set may be mid-drain (its flag is cleared just after the hook): skipped, not dropped.
    const firstFree = (): PooledClient | undefined => {
      for (const client of free) {
        if (isGone(client)) free.delete(client);
        else if (!client[kNeedDrain]) return client;
      }
      return undefined;
    };
    // None free: undici's own search, which finds none and opens a new connection if the limit allows.
    self[kGetDispatcher] = function (this: PoolInternals) {
      return firstFree() ?? base[kGetDispatcher]!.call(this);
    };
    self[kHasDispatcher] = () => firstFree() !== undefined;
  }
}
