// The benchmark's workload: the weather environment's agent with openai_model pointed at an upstream.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli-process.ts';

export const WEATHER_CONFIG = 'resources_servers/example_simple_weather/configs/simple_weather.yaml';
export const OPENAI_MODEL_CONFIG = 'responses_api_models/openai_model/configs/openai_model.yaml';
/** The deterministic offline model (no upstream process): the cheapest full rollout, for long runs. */
export const OFFLINE_MODEL_CONFIG = 'responses_api_models/offline_model/configs/offline_model.yaml';
export const WEATHER_AGENT = 'simple_weather_simple_agent';
/** HTTP exchanges of one weather rollout with openai_model (run, two model calls each forwarded upstream,
 * the tool call, verify, ...): for sizing runs only; the benchmark reports the count it measures. */
export const WEATHER_EXCHANGES_PER_ROLLOUT = 8;
const EXAMPLE_ROWS = 'resources_servers/example_simple_weather/data/example.jsonl';

/** Throws with what is missing when the pieces the workload needs have not landed (or were moved). */
export function assertWorkloadExists(): void {
  const missing = [WEATHER_CONFIG, OPENAI_MODEL_CONFIG, EXAMPLE_ROWS].filter((path) => !existsSync(join(repoRoot, path)));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
}

/** The weather example rows, parsed (each is a valid `/run` body). */
export function weatherExampleRows(): Record<string, unknown>[] {
  return readFileSync(join(repoRoot, EXAMPLE_ROWS), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Overrides that point `policy_model` (openai_model) at the upstream at `baseUrl`. */
export function policyOverrides(baseUrl: string): string[] {
  return [`+policy_base_url=${baseUrl}`, '+policy_api_key=bench-not-a-secret', '+policy_model_name=bench-upstream-double'];
}
