// openai_model's config block, for the orchestrator's check before start (declared beside the code that reads it).
export { configSchema } from './model-config.ts';
