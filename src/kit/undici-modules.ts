// undici's modules, loaded one by one instead of through its index, and its HTTP/2 client only if it is ever used.
//
// `import ... from 'undici'` evaluates the whole package (fetch, WebSocket, caches, mocks, proxies: 109 modules,
// ~140 ms of CPU here); the dispatchers and request() we use are 26 of them (~55 ms). Of those, the HTTP/1.1 client
// requires its HTTP/2 sibling at load, which requires `node:http2` and `node:tls`: ~22 ms of CPU in every process
// that calls another server (each agent, the collector), though no hop of ours speaks HTTP/2. That sibling is used
// in one place, when a TLS connection negotiates h2 (a dispatcher created with `allowH2`), so it is registered here
// as a function that loads the real module on its first call: `require.cache` is Node's documented way to provide a
// module's exports. A connection that negotiates h2 gets the real client then (test/kit/undici-modules.test.ts).
import { createRequire, Module } from 'node:module';

const require = createRequire(import.meta.url);

/** One of undici's files, by its path in the package (`lib/dispatcher/pool.js`). */
export function requireUndici(file: string): unknown {
  return require(`undici/${file}`);
}

/** Only a saving: should a later undici move the file, the client loads as undici ships it (the test then fails). */
function deferHttp2Client(): void {
  let path: string;
  try {
    path = require.resolve('undici/lib/dispatcher/client-h2.js');
  } catch {
    return;
  }
  if (require.cache[path] !== undefined) return;
  let connectH2: ((...args: unknown[]) => unknown) | undefined;
  const deferred = new Module(path);
  deferred.filename = path;
  deferred.loaded = true;
  deferred.exports = function connectH2Deferred(this: unknown, ...args: unknown[]): unknown {
    if (connectH2 === undefined) {
      delete require.cache[path];
      connectH2 = require(path) as (...args: unknown[]) => unknown;
    }
    return connectH2.apply(this, args);
  };
  require.cache[path] = deferred;
}

deferHttp2Client();
