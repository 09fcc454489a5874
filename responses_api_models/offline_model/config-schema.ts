// offline_model's config block, checked by the orchestrator before start and parsed by app.ts.
import { z } from 'zod';
import { modelServerConfigSchema } from '../../src/config/server-config-schema.ts';

export const configSchema = modelServerConfigSchema({
  mode: z.enum(['schema', 'replay']).optional(),
  replay_rollouts_jsonl: z.string().nullable().optional(),
});
