// undici's Pool, with its free connection found in constant time.
//
// undici's Pool finds a connection for a request by scanning all of its connections for one that is not busy, and
// with one request per connection (pipelining 1, every hop of a rollout) it then scans again to learn whether any
// other is still free. At 5,000 rollouts in flight every dispatch walked ~10,000 connections, at each of a
// rollout's eight hops. This Pool keeps the free connections in a set, maintained through the hooks PoolBase
// calls whenever a connection turns busy or drains; everything else (queueing, connecting, retiring, closing) is
// undici's own. When none is free, undici's search walks every connection again before it opens one more (or finds
// none to open): while 5,000 connections opened at the start of a collection, that walk was 14% of the collector's
// CPU (O(n^2) over the ramp-up). For plain-HTTP pools, which never probe for HTTP/2, this Pool opens the next
// connection itself, as undici's createClient does. Connections older than `clientTtl` are retired when met in the
// free set, as undici's search retires them. The hooks and symbols are undici's internals (lib/dispatcher/
// pool-base.js, pool.js): the version is pinned in package-lock.json, and test/kit/free-list-pool.test.ts fails if
// they change.
import type { Dispatcher, Pool as UndiciPool } from 'undici';
import { requireUndici } from './undici-modules.ts';

const Pool = requireUndici('lib/dispatcher/pool.js') as typeof UndiciPool;
const poolBase = requireUndici('lib/dispatcher/pool-base.js') as Record<string, symbol>;

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
const kClients = symbolOf('kClients');
const kRemoveClient = symbolOf('kRemoveClient');

type PooledClient = Dispatcher & { closed?: boolean; destroyed?: boolean; ttl?: number; [key: symbol]: unknown };
type PoolInternals = Record<symbol, (...args: unknown[]) => unknown>;
/** The options pool.js keeps (and hands its factory), as far as this Pool reads them. */
type PoolOptions = { clientTtl?: number | null; useH2c?: boolean };

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
    // A client in the set may be mid-drain (its flag is cleared just after the hook): skipped, not dropped. One older
    // than the pool's clientTtl is retired, as undici's own search does.
    const keptOptions = self[ownSymbol(this, 'options')] as unknown as PoolOptions;
    const ttl = keptOptions.clientTtl;
    const expired = ttl != null && ttl > 0 ? (client: PooledClient) => typeof client.ttl === 'number' && Date.now() - client.ttl > ttl : () => false;
    const firstFree = (): PooledClient | undefined => {
      for (const client of free) {
        if (isGone(client)) free.delete(client);
        else if (expired(client)) self[kRemoveClient]!.call(this, client);
        else if (!client[kNeedDrain]) return client;
      }
      return undefined;
    };
    // None free: a new connection if the limit allows, as undici's own search concludes after walking them all.
    const openNext = plainHttpOpener(this, self, keptOptions);
    self[kGetDispatcher] = function (this: PoolInternals) {
      return firstFree() ?? (openNext ? openNext() : base[kGetDispatcher]!.call(this));
    };
    self[kHasDispatcher] = () => firstFree() !== undefined;
  }
}

/** Symbols pool.js keeps to itself, found on the instance by their descriptions. */
function ownSymbol(pool: object, description: string): symbol {
  const symbol = Object.getOwnPropertySymbols(pool).find((candidate) => candidate.description === description);
  if (symbol === undefined) throw new Error(`undici's Pool no longer holds '${description}': src/kit/free-list-pool.ts needs updating`);
  return symbol;
}

/**
 * What undici's search does when no connection is free, without the walk: opens one more through the pool's factory
 * while under the limit (`undefined` at it). Null for HTTPS and h2c pools, where undici's search does more than that
 * (a protocol probe may hold new connections back).
 */
function plainHttpOpener(pool: object, internals: PoolInternals, options: PoolOptions): (() => unknown) | null {
  const url = internals[ownSymbol(pool, 'url')] as unknown as URL;
  const factory = internals[ownSymbol(pool, 'factory')] as unknown as (origin: URL, options: object) => unknown;
  const connections = internals[ownSymbol(pool, 'connections')] as unknown as number | null;
  if (url.protocol !== 'http:' || options.useH2c === true) return null;
  return () => {
    if (connections !== null && (internals[kClients] as unknown as unknown[]).length >= connections) return undefined;
    const client = factory(url, options);
    internals[kAddClient]!.call(pool, client);
    return client;
  };
}
