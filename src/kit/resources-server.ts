// Base of every resources server: tools as POST routes, /seed_session, /verify, /aggregate_metrics, session cookie.
//
// Usage (resources_servers/<impl>/app.ts):
//
//   import { z } from 'zod';
//   import { startResourcesServer } from '../../src/kit/resources-server.ts';
//
//   await startResourcesServer({
//     className: 'SimpleWeatherResourcesServer',
//     tools: {
//       get_weather: {
//         args: z.object({ city: z.string() }),
//         run: ({ city }) => ({ city, weather_description: `The weather in ${city} is cold.` }),
//       },
//     },
//     verify: async (body) => ({ reward: 1.0 }),   // fields merged over {responses_create_params, response, ...extras}
//   });
//
// The session cookie is `<className>___<server name>`; `ctx.sessionId` identifies the rollout in tools,
// seedSession and verify. A tool may throw HttpError(400, {...}) to answer a client error.
import { z } from 'zod';
import { answerAggregateMetrics, parseAggregateRequest } from './aggregate-metrics-route.ts';
import { HttpApp, type KitReply, type KitRequest } from './http-app.ts';
import { HttpError } from './http-errors.ts';
import { serveApp, type RunningServer } from './serve.ts';
import { readServerContext, type ServerContext } from './server-context.ts';
import { parseBody } from './validation.ts';
import { isValidated } from './validated-hop.ts';
import { verifyRequestSchema, type ResponseCreateParams, type ResponseObject } from './wire-schemas.ts';

export interface ResourcesContext {
  /** This rollout's session id (from the session cookie; fresh when the caller sent none). */
  sessionId: string;
  server: ServerContext;
  request: KitRequest;
}

export interface ToolDefinition<Args extends z.ZodType = z.ZodType> {
  args: Args;
  run(args: z.output<Args>, ctx: ResourcesContext): unknown;
}

/** Declares a tool with its argument types inferred from the schema. */
export function defineTool<Args extends z.ZodType>(args: Args, run: (args: z.output<Args>, ctx: ResourcesContext) => unknown): ToolDefinition<Args> {
  return { args, run };
}

export type VerifyRequest<Extras = Record<string, unknown>> = {
  responses_create_params: ResponseCreateParams;
  response: ResponseObject;
} & Extras;

export interface ResourcesServerDefinition<Extras extends z.ZodRawShape = z.ZodRawShape> {
  /** Python-style class name; the session cookie is `<className>___<server name>`. */
  className: string;
  tools: Record<string, ToolDefinition<any>>;
  /** Initialises per-rollout state; receives the whole /run body. Its return value is the reply (default {}). */
  seedSession?(body: Record<string, unknown>, ctx: ResourcesContext): unknown;
  /** Scores a rollout; the returned fields (at least `reward`) are merged over the request's declared fields. */
  verify(body: VerifyRequest<z.output<z.ZodObject<Extras>>>, ctx: ResourcesContext): Promise<Record<string, unknown> & { reward: number }> | (Record<string, unknown> & { reward: number });
  /** Extra verify-request fields (task data such as `expected_answer`); they are validated and echoed back. */
  verifyExtras?: Extras;
  /** Handles POST /<anything else> (a catch-all tool router); without it unknown paths are 404. */
  handleUnknownTool?(toolName: string, body: unknown, ctx: ResourcesContext): unknown;
  /**
   * Instead of handleUnknownTool: a catch-all tool router that reads the body as text (malformed JSON included)
   * and answers with its own status and bytes (for servers that must match another server's output exactly).
   */
  handleRawToolRequest?(toolName: string, rawBody: string, ctx: ResourcesContext): KitReply | Promise<KitReply>;
  /**
   * Extra agent-level metrics from the verify responses grouped by task (NeMo's `compute_metrics` hook); a
   * `per_task_metrics` list (entries with `_ng_task_index`) is merged into the matching group-level entries.
   */
  computeMetrics?(tasks: Record<string, unknown>[][]): Record<string, unknown>;
  /** The headline metrics from the agent metrics (NeMo's `get_key_metrics`); default every `mean/*` entry. */
  getKeyMetrics?(agentMetrics: Record<string, unknown>): Record<string, unknown>;
  /** For tests: a context instead of reading the environment. */
  context?: ServerContext;
  /**
   * What `gym eval reverify` may do with this server (GET /reverify_mode): `stateless` when verify is a pure
   * function of the request and the server's config (safe to replay), `unsupported` when it reads per-rollout
   * state; `unknown` (the default) counts as unsafe.
   */
  reverifyMode?: ReverifyMode;
}

export type ReverifyMode = 'stateless' | 'unsupported' | 'unknown';

// Built once: a zod schema built per request (as /seed_session did) took 4% of a resources server's CPU in the
// weather benchmark.
const seedSessionSchema = z.record(z.string(), z.unknown());

/** Builds the HttpApp of a resources server (exported for in-process use and tests). */
export function createResourcesApp(definition: ResourcesServerDefinition<any>, context: ServerContext): HttpApp {
  const app = new HttpApp({ serverName: context.name, sessionCookieName: `${definition.className}___${context.name}`, log: context.log });
  const ctxOf = (request: KitRequest): ResourcesContext => ({ sessionId: request.sessionId!, server: context, request });
  for (const [toolName, tool] of Object.entries(definition.tools)) {
    app.post(`/${toolName}`, async (request) => ({ body: await tool.run(parseBody(tool.args, request.body ?? {}), ctxOf(request)) }));
  }
  app.post('/seed_session', async (request) => {
    const body = parseBody(seedSessionSchema, request.body ?? {});
    return { body: (await definition.seedSession?.(body, ctxOf(request))) ?? {} };
  });
  const verifySchema = definition.verifyExtras ? verifyRequestSchema.extend(definition.verifyExtras) : verifyRequestSchema;
  const declaredExtras = Object.keys(definition.verifyExtras ?? {});
  // Declared extras are the task's fields, which the agent does not know: validated (and defaulted) here, always.
  const verifyTrusts = (request: KitRequest) => declaredExtras.length === 0 && isValidated(request.headers, 'verify-request');
  app.post('/verify', async (request) => {
    const body = (verifyTrusts(request) ? request.body : parseBody(verifySchema, request.body)) as VerifyRequest;
    const result = await definition.verify(body, ctxOf(request));
    const echoed: Record<string, unknown> = { responses_create_params: body.responses_create_params, response: body.response };
    for (const key of declaredExtras) if (key in body) echoed[key] = (body as Record<string, unknown>)[key];
    return { body: { ...echoed, ...result } };
  });
  app.post('/aggregate_metrics', (request) => answerAggregateMetrics(parseAggregateRequest(request.body), definition));
  app.get('/reverify_mode', () => ({ body: definition.reverifyMode ?? 'unknown' }));
  if (definition.handleUnknownTool) {
    const handleUnknownTool = definition.handleUnknownTool;
    app.fallbackPost(async (request) => ({ body: await handleUnknownTool(request.path.slice(1), request.body, ctxOf(request)) }));
  } else if (definition.handleRawToolRequest) {
    const handleRawToolRequest = definition.handleRawToolRequest;
    app.fallbackPost((request) => handleRawToolRequest(request.path.slice(1), request.rawBody, ctxOf(request)), { parseJson: false });
  }
  return app;
}

/** Starts a resources server on the address the orchestrator gave it. */
export async function startResourcesServer<Extras extends z.ZodRawShape>(definition: ResourcesServerDefinition<Extras>): Promise<RunningServer> {
  const context = definition.context ?? readServerContext();
  return serveApp(createResourcesApp(definition, context), context);
}
