// example_simple_weather's config block: only the keys every resources server has.
import { resourcesServerConfigSchema } from '../../src/config/server-config-schema.ts';

export const configSchema = resourcesServerConfigSchema({});
