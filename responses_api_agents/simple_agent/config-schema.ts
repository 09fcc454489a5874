// simple_agent's config block (SPEC 4.1), checked by the orchestrator before start and parsed by agent-config.ts.
import { z } from 'zod';
import { agentServerConfigSchema, serverRefSchema } from '../../src/config/server-config-schema.ts';

export const configSchema = agentServerConfigSchema({
  resources_server: serverRefSchema('resources_servers'),
  model_server: serverRefSchema('responses_api_models'),
  /** NeMo's default is "no limit"; a model that never answers would then loop forever, so we default to 10. */
  max_steps: z.int().positive().nullable().optional(),
  model_timeout_s: z.number().positive().optional(),
  resources_timeout_s: z.number().positive().optional(),
});
