// workplace_assistant's config block (checked by the orchestrator before start, parsed by app.ts).
import { z } from 'zod';
import { resourcesServerConfigSchema } from '../../src/config/server-config-schema.ts';

export const configSchema = resourcesServerConfigSchema({
  data_dir: z.string().default('csv_data'),
  session_ttl_seconds: z.number().positive().default(3600),
});
