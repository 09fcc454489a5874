// Some rollout failures are not the rollout's: a model endpoint refusing the API key, or the servers being gone. Those
// stop the whole run at once with one clear error, and the rollouts are not counted as failed attempts.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from '../kit/http-request.ts';
import { RolloutGymError, ServerError } from '../errors.ts';
import type { RolloutFailure } from './failure-class.ts';

/** The error that should stop the run because of `failure`, or undefined when the failure is the rollout's own. */
export type FailureJudge = (failure: RolloutFailure, agentUrl: string) => Promise<RolloutGymError | undefined>;

export interface JudgeContext {
  /** Where the API key of a model server comes from (never the key), for the refused-key message. */
  keySourceOf?: (server: string) => Promise<string | undefined>;
  /** The running ng_run's head server, asked when an agent stops answering (ng_collect_rollouts). */
  headUrl?: string;
  /** How long a liveness probe waits. @default 2000 */
  probeTimeoutMs?: number;
}

const AUTH_STATUSES = new Set([401, 403]);

export function failureJudge(context: JudgeContext): FailureJudge {
  return async (failure, agentUrl) => {
    if (isRefusedKey(failure)) return refusedKeyError(failure, await context.keySourceOf?.(failure.upstream?.server ?? '').catch(() => undefined));
    if (failure.failureClass === 'server_unreachable') return serversGoneError(agentUrl, context);
    // The agent could not reach a server behind it (no status): under ng_run, is that server being stopped?
    if (context.headUrl && failure.upstream !== undefined && failure.upstream.status === null) {
      await sleep(300);
      const problems = await headProblems(context.headUrl, context.probeTimeoutMs ?? 2000);
      return problems.length > 0 ? serversGone(problems, true) : undefined;
    }
    return undefined;
  };
}

/** A model server (behind the agent) answered 401/403: the endpoint refused the key. */
function isRefusedKey(failure: RolloutFailure): boolean {
  const { upstream } = failure;
  return upstream !== undefined && AUTH_STATUSES.has(upstream.status ?? 0) && (upstream.type === 'model_server_error' || upstream.type === 'upstream_error');
}

function refusedKeyError(failure: RolloutFailure, source: string | undefined): RolloutGymError {
  const server = failure.upstream?.server ?? 'the model server';
  return new RolloutGymError(`the model endpoint refused the API key: ${server} got HTTP ${failure.upstream?.status} (${innermostMessage(failure.message)})`, {
    code: 'RG_UPSTREAM',
    details: `the key ${source ? `comes from ${source}` : `is ${server}'s *api_key setting`}`,
    hint: 'check that the key is valid for this endpoint (and not expired or for another service), fix it there, then continue with the same command plus +resume_from_cache=true',
  });
}

/** The agent does not answer: if it (or the servers of its ng_run) are gone, the run cannot go on. */
async function serversGoneError(agentUrl: string, context: JudgeContext): Promise<RolloutGymError | undefined> {
  const timeoutMs = context.probeTimeoutMs ?? 2000;
  const [agent, head] = await Promise.all([probe(agentUrl, timeoutMs), context.headUrl ? headProblems(context.headUrl, timeoutMs) : Promise.resolve([])]);
  const problems = [...(agent === undefined ? [] : [`agent at ${agentUrl}: ${agent}`]), ...head];
  return problems.length > 0 ? serversGone(problems, Boolean(context.headUrl)) : undefined;
}

/**
 * What is wrong with the servers of the ng_run behind `headUrl`: the head server not answering, or servers it
 * lists as stopping, stopped, exited or failed. Empty when all is well.
 */
export async function headProblems(headUrl: string, timeoutMs: number): Promise<string[]> {
  let records: { name?: string; health?: string }[];
  try {
    const response = await request(new URL('/server_instances', headUrl), { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return [`head server at ${headUrl}: HTTP ${response.statusCode}`];
    }
    records = (await response.body.json()) as typeof records;
  } catch (error) {
    return [`head server at ${headUrl}: ${describeNoAnswer(error)}`];
  }
  return records.filter((record) => record.health !== undefined && !['healthy', 'starting'].includes(record.health)).map((record) => `${record.name} is ${record.health}`);
}

/**
 * ng_collect_rollouts: ask the head server every `everyMs` whether its servers are still there, and stop the run
 * (stopWith) once it does not answer twice in a row or lists a server that is no longer healthy. Returns the stop.
 */
export function watchHeadServer(headUrl: string, stopWith: (error: unknown) => void, everyMs = 2000): () => void {
  let misses = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void headProblems(headUrl, everyMs)
      .then((problems) => {
        const headGone = problems.length === 1 && problems[0]!.startsWith('head server');
        misses = headGone ? misses + 1 : 0;
        if (problems.length > 0 && (!headGone || misses >= 2)) stopWith(serversGone(problems, true));
      })
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The error for servers that went away under a collection. */
export function serversGone(what: readonly string[], underNgRun: boolean): ServerError {
  return new ServerError(`the servers this collection uses are gone (${what.join('; ')})`, {
    code: 'RG_SERVER_DIED',
    hint: `${underNgRun ? 'start them again with ng_run (its terminal says why it stopped)' : 'fix the cause'}, then continue with the same command plus +resume_from_cache=true; rollouts in flight were not counted as failed attempts`,
  });
}

/** undefined when `url` answers GET / (any status); else why not. */
export async function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await request(new URL('/', url), { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    await response.body.dump();
    return undefined;
  } catch (error) {
    return describeNoAnswer(error);
  }
}

function describeNoAnswer(error: unknown): string {
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  return code === 'ECONNREFUSED' ? 'connection refused' : `no answer (${code ?? (error as Error).name})`;
}

/** The deepest `error.message` of an error body quoted inside messages ("...answered 401: {"error":{...}}"). */
export function innermostMessage(message: string): string {
  const start = message.indexOf('{');
  if (start === -1) return message;
  try {
    const inner = (JSON.parse(message.slice(start)) as { error?: { message?: unknown } }).error?.message;
    return typeof inner === 'string' ? innermostMessage(inner) : message;
  } catch {
    return message;
  }
}

/** Where a model server's key comes from, asked from the head server of the running ng_run. */
export async function keySourceFromHead(headUrl: string, server: string): Promise<string | undefined> {
  const response = await request(new URL('/key_sources', headUrl), { headersTimeout: 2000, bodyTimeout: 2000 });
  if (response.statusCode !== 200) {
    await response.body.dump();
    return undefined;
  }
  return ((await response.body.json()) as Record<string, string>)[server];
}
