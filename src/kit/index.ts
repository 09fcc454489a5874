// rollout-gym/kit: the public, typed entry an environment builds on (`import { ... } from 'rollout-gym/kit'`),
// in this repository or in its own one that depends on rollout-gym.
export { z } from 'zod';
export {
  createResourcesApp,
  defineTool,
  startResourcesServer,
  type ResourcesContext,
  type ResourcesServerDefinition,
  type ReverifyMode,
  type ToolDefinition,
  type VerifyRequest,
} from './resources-server.ts';
export { startLocalResourcesServer, type LocalServer, type LocalServerOptions } from './local-server.ts';
export { startAgentServer, type AgentHandlers } from './agent-server.ts';
export { startModelServer, type ModelHandlers } from './model-server.ts';
export { HttpError } from './http-errors.ts';
export { parseBody, BodyValidationError } from './validation.ts';
export { readServerContext, type ServerContext } from './server-context.ts';
export { ServerClient } from './server-client.ts';
export type { KitReply, KitRequest } from './http-app.ts';
export type { RunningServer } from './serve.ts';
export type { ResponseCreateParams, ResponseObject } from './wire-schemas.ts';
