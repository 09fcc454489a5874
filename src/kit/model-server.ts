// Base of a model server: validated /v1/responses and /v1/chat/completions around the model's handlers.
import { HttpApp, type KitReply, type KitRequest } from './http-app.ts';
import { serveApp, type RunningServer } from './serve.ts';
import { readServerContext, type ServerContext } from './server-context.ts';
import { parseBody } from './validation.ts';
import { isValidated } from './validated-hop.ts';
import { chatCompletionRequestSchema, responseCreateParamsSchema, type ResponseCreateParams } from './wire-schemas.ts';
import type { z } from 'zod';

export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

export interface ModelHandlers {
  responses(params: ResponseCreateParams, request: KitRequest): Promise<KitReply>;
  chatCompletions(body: ChatCompletionRequest, request: KitRequest): Promise<KitReply>;
}

/** Builds the HttpApp of a model server; with `className` it keeps a `<className>___<name>` session cookie. */
export function createModelApp(context: ServerContext, handlers: ModelHandlers, className?: string): HttpApp {
  const app = new HttpApp({ serverName: context.name, log: context.log, ...(className ? { sessionCookieName: `${className}___${context.name}` } : {}) });
  app.post('/v1/responses', (request) => {
    const params = isValidated(request.headers, 'response-create-params') ? (request.body as ResponseCreateParams) : parseBody(responseCreateParamsSchema, request.body);
    return handlers.responses(params, request);
  });
  app.post('/v1/chat/completions', (request) => handlers.chatCompletions(parseBody(chatCompletionRequestSchema, request.body), request));
  return app;
}

/** Starts a model server from the orchestrator's environment. */
export async function startModelServer(build: (context: ServerContext) => ModelHandlers, className?: string): Promise<RunningServer> {
  const context = readServerContext();
  return serveApp(createModelApp(context, build(context), className), context);
}
