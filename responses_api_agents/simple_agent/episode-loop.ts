// The episode loop of SPEC 4.2: model -> function calls against the resources server -> tool outputs -> model ...
import { callServer, expectJson } from '../../src/kit/agent-server.ts';
import { upstreamError } from '../../src/kit/http-errors.ts';
import { absorbSetCookies, cookieHeaderOf, type CookieSet } from '../../src/kit/cookies.ts';
import type { ServerClient } from '../../src/kit/server-client.ts';
import { inputItemsOf, type ResponseCreateParams, type Usage } from '../../src/kit/wire-schemas.ts';
import type { SimpleAgentConfig } from './agent-config.ts';
import { addUsage } from './usage.ts';

export interface EpisodeResult {
  /** The last model response with `output` = every step's items and `usage` = the sum. */
  response: Record<string, unknown>;
  /** Every cookie collected from the model and resources servers (to return to the caller). */
  cookies: CookieSet;
}

type Item = Record<string, unknown>;

/** Runs one episode; `initialCookies` go to both servers, as NeMo's agent forwards its request cookies. */
export async function runEpisode(client: ServerClient, config: SimpleAgentConfig, params: ResponseCreateParams, initialCookies: CookieSet): Promise<EpisodeResult> {
  const input = inputItemsOf(params.input);
  const modelCookies: CookieSet = new Map(initialCookies);
  const resourcesCookies: CookieSet = new Map(initialCookies);
  const newOutputs: Item[] = [];
  let usage: Usage | null = null;
  let last: Record<string, unknown> = {};
  let idleTurns = 0;
  for (let step = 1; step <= config.maxSteps; step++) {
    // Validated params, input items validated with them, output items checked below and tool outputs built here:
    // the model server need not validate the request again.
    const modelCall = await callServer(client, 'model_server_error', config.modelServer, '/v1/responses', { ...params, input: [...input, ...newOutputs] }, {
      cookieHeader: cookieHeaderOf(modelCookies),
      timeoutMs: config.modelTimeoutMs,
      validated: 'response-create-params',
    });
    last = expectJson(modelCall, 'model_server_error', config.modelServer, '/v1/responses');
    absorbSetCookies(modelCookies, modelCall.setCookies);
    const output = Array.isArray(last.output) ? (last.output as Item[]) : [];
    const untyped = output.find((item) => item === null || typeof item !== 'object' || typeof item.type !== 'string');
    if (untyped !== undefined) {
      throw upstreamError('model_server_error', config.modelServer, modelCall.status, `/v1/responses answered an output item without a string \`type\`: ${JSON.stringify(untyped).slice(0, 500)}`);
    }
    newOutputs.push(...output);
    usage = addUsage(usage, last.usage);
    if (last.incomplete_details) break;
    const calls = output.filter((item) => item.type === 'function_call');
    const hasMessage = output.some((item) => item.type === 'message' && item.role === 'assistant');
    if (calls.length === 0) {
      if (hasMessage) break;
      // A turn with only reasoning may be followed by an answer; two in a row means the model is stuck.
      if (++idleTurns >= 2) break;
      continue;
    }
    idleTurns = 0;
    for (const call of calls) newOutputs.push(await runToolCall(client, config, call, resourcesCookies));
  }
  const cookies: CookieSet = new Map([...modelCookies, ...resourcesCookies]);
  return { response: { ...last, output: newOutputs, usage }, cookies };
}

async function runToolCall(client: ServerClient, config: SimpleAgentConfig, call: Item, cookies: CookieSet): Promise<Item> {
  const callId = call.call_id;
  let args: unknown;
  try {
    args = JSON.parse(typeof call.arguments === 'string' ? call.arguments : String(call.arguments));
  } catch (error) {
    return { type: 'function_call_output', call_id: callId, output: JSON.stringify({ error: `Invalid tool call arguments: ${(error as Error).message}` }) };
  }
  const result = await callServer(client, 'resources_server_error', config.resourcesServer, `/${encodeURIComponent(String(call.name))}`, args, {
    cookieHeader: cookieHeaderOf(cookies),
    timeoutMs: config.resourcesTimeoutMs,
  });
  absorbSetCookies(cookies, result.setCookies);
  // The raw body is the tool output whatever the status: the model reads 404s, 422s and errors as text.
  return { type: 'function_call_output', call_id: callId, output: result.text };
}
