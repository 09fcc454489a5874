// Base of an agent server: validated /run, /v1/responses and /aggregate_metrics routes around the agent's handlers.
import { answerAggregateMetrics, parseAggregateRequest, type AggregateMetricsRequest } from './aggregate-metrics-route.ts';
import { HttpApp, type KitReply, type KitRequest } from './http-app.ts';
import { HttpError, upstreamError, type UpstreamErrorType } from './http-errors.ts';
import { serveApp, type RunningServer } from './serve.ts';
import { ServerCallError, ServerClient, type ServerCallOptions, type ServerCallResult } from './server-client.ts';
import { readServerContext, type ServerContext } from './server-context.ts';
import { parseBody } from './validation.ts';
import { responseCreateParamsSchema, runRequestSchema, type ResponseCreateParams } from './wire-schemas.ts';
import { z } from 'zod';

export interface AgentHandlers {
  /** One episode for the given create params. */
  responses(params: ResponseCreateParams, request: KitRequest): Promise<KitReply>;
  /** A whole rollout: seed, episode, verify. The body has `responses_create_params` plus task fields. */
  run(body: z.output<typeof runRequestSchema>, request: KitRequest): Promise<KitReply>;
  /**
   * POST /aggregate_metrics with `{verify_responses: [...]}`. NeMo's agents forward it to their resources
   * server (whose `compute_metrics` / `get_key_metrics` shape the answer); without a handler the agent
   * computes NeMo's default metrics itself, as NeMo's base agent does.
   */
  aggregateMetrics?(body: AggregateMetricsRequest, request: KitRequest): Promise<KitReply>;
}

/** Builds the HttpApp of an agent. */
export function createAgentApp(context: ServerContext, handlers: AgentHandlers): HttpApp {
  const app = new HttpApp({ serverName: context.name, log: context.log });
  app.post('/v1/responses', (request) => handlers.responses(parseBody(responseCreateParamsSchema, request.body), request));
  app.post('/run', (request) => handlers.run(parseBody(runRequestSchema, request.body), request));
  app.post('/aggregate_metrics', async (request) => {
    const body = parseAggregateRequest(request.body);
    return handlers.aggregateMetrics ? handlers.aggregateMetrics(body, request) : answerAggregateMetrics(body);
  });
  return app;
}

/** Starts an agent server from the orchestrator's environment; `build` gets the context and a client. */
export async function startAgentServer(build: (context: ServerContext, client: ServerClient) => AgentHandlers): Promise<RunningServer> {
  const context = readServerContext();
  return serveApp(createAgentApp(context, build(context, new ServerClient(context))), context);
}

/** Calls another server and turns "no answer" into an HttpError the collector can classify. */
export async function callServer(
  client: ServerClient,
  type: UpstreamErrorType,
  server: string,
  path: string,
  body: unknown,
  options: ServerCallOptions,
): Promise<ServerCallResult> {
  try {
    return await client.post(server, path, body, options);
  } catch (error) {
    if (error instanceof ServerCallError) throw upstreamError(error.failure === 'timeout' ? 'timeout' : type, server, null, error.message);
    throw error;
  }
}

/** Parses a 2xx JSON answer or throws an upstream error naming the server, its status and (truncated) body. */
export function expectJson(result: ServerCallResult, type: UpstreamErrorType, server: string, path: string): Record<string, unknown> {
  if (result.status < 200 || result.status >= 300) {
    throw upstreamError(type, server, result.status, `${path} answered ${result.status}: ${truncate(result.text)}`);
  }
  try {
    const parsed: unknown = JSON.parse(result.text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw upstreamError(type, server, result.status, `${path} answered with something that is not a JSON object: ${truncate(result.text)}`);
}

function truncate(text: string): string {
  return text.length > 2_000 ? `${text.slice(0, 2_000)}... (${text.length} chars)` : text;
}

export { HttpError };
