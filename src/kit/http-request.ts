// undici's `request()` on its global dispatcher, as `import { request } from 'undici'` gives it, without evaluating the
// whole package (src/kit/undici-modules.ts): the collector's calls to the head server, the agents' /aggregate_metrics
// and the resources servers' /reverify_mode. The hops of a rollout take the lean path instead (lean-post.ts).
import type { Dispatcher } from 'undici';
import { requireUndici } from './undici-modules.ts';

type ApiRequest = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

const apiRequest = requireUndici('lib/api/api-request.js') as ApiRequest;
const { getGlobalDispatcher } = requireUndici('lib/global.js') as { getGlobalDispatcher(): Dispatcher };

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & { method?: Dispatcher.HttpMethod };

/** `method` (GET unless given) `url`; resolves with the response whatever its status, as undici's request() does. */
export function request(url: string | URL, options: RequestOptions = {}): Promise<Dispatcher.ResponseData> {
  const target = typeof url === 'string' ? new URL(url) : url;
  return apiRequest.call(getGlobalDispatcher(), { ...options, origin: target.origin, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET' });
}
