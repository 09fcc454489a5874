// POST /aggregate_metrics to an agent, as NeMo Gym's collector does after collection: the agent's verify
// responses, heavy fields stripped, streamed from the rollouts file(s) in (task, rollout) order; the answer is
// parsed as it arrives and kept as bytes (AnswerSpool), so neither side of the exchange is ever whole in this
// process's memory, not even one large group.
import { Readable } from 'node:stream';
import { JSONParser, TokenType } from '@streamparser/json';
import { request } from '../kit/http-request.ts';
import type { AnswerSpool } from './environment-answer.ts';
import type { RolloutStore } from './rollout-store.ts';

/** Dropped before sending, as NeMo Gym's `_call_aggregate_metrics` does (`response` keeps only its `usage`). */
const HEAVY_FIELDS = new Set(['response', 'responses_create_params', 'ng_agent_observations', 'ng_model_call_capture', 'ng_trajectory']);

/** A verify response as `/aggregate_metrics` receives it. */
export function strippedForAggregation(row: Record<string, unknown>): Record<string, unknown> {
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!HEAVY_FIELDS.has(key)) stripped[key] = value;
  const response = row.response;
  const usage = response !== null && typeof response === 'object' ? (response as Record<string, unknown>).usage : undefined;
  // Python's `if usage:` leaves out null and an empty dict.
  if (usage !== null && usage !== undefined && (typeof usage !== 'object' || Object.keys(usage).length > 0)) stripped.response = { usage };
  return stripped;
}

const CHUNK_CHARS = 64 * 1024;

/** `{"verify_responses": [...]}` in chunks of about 64 KB, rows read one at a time from their files. */
export function* aggregateRequestBody(store: RolloutStore, agent: string): Generator<string> {
  let chunk = '{"verify_responses":[';
  let first = true;
  const rollouts = store.rolloutsOf(agent);
  for (let record = rollouts.next(); record !== undefined; record = rollouts.next()) {
    chunk += (first ? '' : ',') + JSON.stringify(strippedForAggregation(store.readRow(record)));
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]}`;
}

export type EnvironmentAnswer =
  | { kind: 'metrics'; agent_metrics: Record<string, unknown>; key_metrics: Record<string, unknown>; groups: number }
  /** The agent has no such route (404/405): compute locally. */
  | { kind: 'no_route'; status: number }
  /** No usable answer; `status` when the agent answered with an error status. */
  | { kind: 'failed'; reason: string; status?: number };

export interface EnvironmentCall {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Where the answer's bytes and its groups go. */
  spool: AnswerSpool;
}

/** Ask the agent at `agentUrl` for its metrics; never throws for what the server answers (the outcome says). */
export async function requestEnvironmentMetrics(agentUrl: string, body: Iterable<string>, call: EnvironmentCall): Promise<EnvironmentAnswer> {
  let response;
  try {
    response = await request(new URL('/aggregate_metrics', agentUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from(body),
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
      signal: call.signal,
    });
  } catch (error) {
    call.signal?.throwIfAborted();
    return { kind: 'failed', reason: `no answer (${describeError(error)})` };
  }
  if (response.statusCode === 404 || response.statusCode === 405) {
    await response.body.dump();
    return { kind: 'no_route', status: response.statusCode };
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const text = await response.body.text().catch(() => '');
    return { kind: 'failed', reason: `HTTP ${response.statusCode}: ${text.length > 500 ? `${text.slice(0, 500)}...` : text}`, status: response.statusCode };
  }
  const answer = { agent_metrics: {} as Record<string, unknown>, key_metrics: {} as Record<string, unknown> };
  let problem: string | undefined;
  let sawObject = false;
  // Only the two small objects are built; the groups are followed token by token and kept as bytes.
  const parser = new JSONParser({ paths: ['$.agent_metrics', '$.key_metrics'], keepStack: false });
  parser.onToken = (token) => {
    if (!sawObject && token.token !== TokenType.LEFT_BRACE) problem ??= 'the answer is not a JSON object';
    sawObject = true;
    const groupsProblem = call.spool.token(token);
    if (groupsProblem !== undefined) problem ??= groupsProblem;
  };
  parser.onValue = ({ value, key }) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) problem ??= `\`${String(key)}\` is not an object`;
    else answer[key as 'agent_metrics' | 'key_metrics'] = value as Record<string, unknown>;
  };
  try {
    for await (const chunk of response.body) {
      call.spool.append(chunk as Buffer);
      parser.write(chunk as Buffer);
      if (problem !== undefined) break;
    }
    // The parser ends by itself after one complete document; end() on an incomplete one throws.
    if (problem === undefined && !parser.isEnded) parser.end();
  } catch (error) {
    call.signal?.throwIfAborted();
    problem ??= `the answer is not valid JSON (${describeError(error)})`;
  }
  if (problem !== undefined) {
    response.body.destroy();
    return { kind: 'failed', reason: problem };
  }
  return { kind: 'metrics', ...answer, groups: call.spool.groupCount };
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
