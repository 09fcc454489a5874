// Before any collection: every upstream model endpoint in the config must accept connections (bounded wait).
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerError } from '../errors.ts';
import { createRedactor, secretValuesOf } from '../config/secrets.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { upstreamMessage } from '../kit/upstream-reply.ts';
import { describeKeySource, modelKeysOf } from './model-keys.ts';

export interface ModelEndpoint {
  url: string;
  /** Dotted key it came from, e.g. `policy_model.responses_api_models.openai_model.openai_base_url`. */
  key: string;
  source: string | undefined;
  /** The API key of the same block (dotted key and value), sent with the probe so a refused key shows now. */
  apiKey?: { key: string; value: string };
}

const PROBE_TIMEOUT_MS = 5000;
const RETRY_EVERY_MS = 500;
/** How often a wait that goes on says so. */
const NOTICE_EVERY_MS = 10_000;

/** Every `*base_url` value (string or list) in the responses_api_models blocks, deduplicated. */
export function modelEndpointsOf(resolved: Pick<ResolvedConfig, 'servers' | 'origins'>): ModelEndpoint[] {
  const found = new Map<string, ModelEndpoint>();
  for (const server of resolved.servers) {
    if (server.kind !== 'responses_api_models') continue;
    const apiKey = modelKeysOf({ servers: [server] }).find(({ value }) => typeof value === 'string' && value.trim() !== '');
    for (const [name, value] of Object.entries(server.config)) {
      if (!name.endsWith('base_url')) continue;
      const key = `${server.name}.${server.kind}.${server.implementation}.${name}`;
      const urls = (Array.isArray(value) ? value : [value]).filter((url): url is string => typeof url === 'string' && url.trim() !== '');
      for (const url of urls) {
        const normal = url.trim().replace(/\/+$/, '');
        if (!found.has(normal)) {
          found.set(normal, { url: normal, key, source: resolved.origins.get(key), ...(apiKey ? { apiKey: { key: apiKey.key, value: apiKey.value as string } } : {}) });
        }
      }
    }
  }
  return [...found.values()];
}

/**
 * Wait until each endpoint answers HTTP (any status), saying at once what it waits for when the first try fails;
 * throws one error listing those that never did. An endpoint that refuses the API key (401/403 on `<base>/models`
 * with the key) fails at once with the key's source, never the key.
 */
export async function checkModelEndpoints(
  resolved: Pick<ResolvedConfig, 'servers' | 'origins' | 'tree'> & Partial<Pick<ResolvedConfig, 'references' | 'cwd'>>,
  options: { timeoutMs: number; signal?: AbortSignal; log?: (line: string) => void },
): Promise<void> {
  const endpoints = modelEndpointsOf(resolved);
  const redact = createRedactor(secretValuesOf(resolved.tree));
  const deadline = Date.now() + options.timeoutMs;
  const notify = (endpoint: ModelEndpoint, tries: number, problem: string): void => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    options.log?.(`waiting for model endpoint ${redact(endpoint.url)} (from \`${endpoint.key}\`${endpoint.source ? `, ${endpoint.source}` : ''}): ${problem} after ${tries} ${tries === 1 ? 'try' : 'tries'}; retrying for ${left} s more (+model_endpoint_readiness_timeout_seconds=<s> changes the wait)`);
  };
  const outcomes = await Promise.all(endpoints.map((endpoint) => waitForEndpoint(endpoint, deadline, options.signal, notify)));
  const refused = endpoints.map((endpoint, index) => ({ endpoint, outcome: outcomes[index]! })).find(({ outcome }) => outcome.refusedKey !== undefined);
  if (refused !== undefined) {
    const { endpoint, outcome } = refused;
    const source = describeKeySource({ servers: resolved.servers, origins: resolved.origins, references: resolved.references, cwd: resolved.cwd ?? process.cwd() }, endpoint.apiKey!.key);
    throw new ServerError(`the model endpoint refused the API key: ${redact(outcome.refusedKey!)}`, {
      code: 'RG_UPSTREAM',
      details: `the key \`${endpoint.apiKey!.key}\` comes from ${source}`,
      hint: 'check that the key is valid for this endpoint (and not expired or for another service), then run again',
    });
  }
  const failed = endpoints.map((endpoint, index) => ({ endpoint, problem: outcomes[index]!.problem })).filter((entry) => entry.problem !== undefined);
  if (failed.length === 0) return;
  const lines = failed.map(({ endpoint, problem }) => `- ${redact(endpoint.url)} (from \`${endpoint.key}\`${endpoint.source ? `, ${endpoint.source}` : ''}): ${problem}`);
  throw new ServerError(`${failed.length} model endpoint(s) did not accept connections within ${Math.round(options.timeoutMs / 1000)} s:\n${lines.join('\n')}`, {
    code: 'RG_UPSTREAM',
    hint: 'start the model server (or fix the URL), check it with `curl <url>/models`, or wait longer with +model_endpoint_readiness_timeout_seconds=<s>',
  });
}

interface EndpointOutcome {
  /** Why it never answered before the deadline (with how many tries), if it did not. */
  problem?: string;
  /** What it answered when it refused the key. */
  refusedKey?: string;
}

type Notify = (endpoint: ModelEndpoint, tries: number, problem: string) => void;

async function waitForEndpoint(endpoint: ModelEndpoint, deadline: number, signal: AbortSignal | undefined, notify: Notify): Promise<EndpointOutcome> {
  if (!URL.canParse(endpoint.url)) return { problem: 'not a valid URL' };
  const listsModels = /\/v1$/.test(endpoint.url);
  const parsed = new URL(listsModels ? `${endpoint.url}/models` : endpoint.url);
  // fetch refuses URLs with credentials; connecting is all we check.
  parsed.username = '';
  parsed.password = '';
  const probeUrl = parsed.href;
  const headers: Record<string, string> = endpoint.apiKey && listsModels ? { authorization: `Bearer ${endpoint.apiKey.value}` } : {};
  let problem = 'not tried';
  let tries = 0;
  let lastNotice = 0;
  while (!signal?.aborted) {
    const remaining = deadline - Date.now();
    const outcome = await probe(probeUrl, headers, Math.max(1, Math.min(PROBE_TIMEOUT_MS, remaining)));
    tries++;
    if (outcome.answered) {
      return (outcome.status === 401 || outcome.status === 403) && headers.authorization ? { refusedKey: `GET ${probeUrl} answered ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}` } : {};
    }
    problem = outcome.problem;
    if (!outcome.final && Date.now() - lastNotice >= NOTICE_EVERY_MS) {
      lastNotice = Date.now();
      notify(endpoint, tries, problem);
    }
    // A name that does not resolve will not start resolving by waiting.
    if (outcome.final || Date.now() + RETRY_EVERY_MS >= deadline) return { problem: `${problem} (${tries} ${tries === 1 ? 'try' : 'tries'} of GET ${probeUrl})` };
    await sleep(RETRY_EVERY_MS);
  }
  return { problem };
}

async function probe(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ answered: true; status: number; message?: string } | { answered: false; problem: string; final: boolean }> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const message = response.status === 401 || response.status === 403 ? upstreamMessage(await response.text()).slice(0, 300) : undefined;
    if (message === undefined) await response.body?.cancel();
    return { answered: true, status: response.status, message };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (error as Error).name;
    // A TLS complaint means something is listening and talking.
    if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) return { answered: true, status: 0 };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { answered: false, problem: `host name does not resolve (${code})`, final: true };
    if (code === 'TimeoutError') return { answered: false, problem: `no answer within ${Math.round(timeoutMs / 1000)} s`, final: false };
    return { answered: false, problem: code === 'ECONNREFUSED' ? 'connection refused (ECONNREFUSED)' : `connection failed (${code})`, final: false };
  }
}
