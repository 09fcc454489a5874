// NeMo Gym's `gym` flags, each a translation into the overrides our ng_* commands already take
// (`--model-url URL` is `++policy_base_url="URL"`), so both spellings resolve to the same config.
import { selectConfig, selectDir } from './selectors.ts';

export interface TranslateContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Translation {
  /** Hydra overrides, in order. */
  overrides?: string[];
  /** Entries for the one `config_paths` list every --config and selector adds to. */
  configPaths?: string[];
}

export interface Flag {
  long: string;
  short?: string;
  /** Shown after the flag in help; a flag without one is a switch. */
  metavar?: string;
  repeatable?: boolean;
  help: string;
  /** The config key the flag sets, shown in help (`policy_base_url`). */
  key?: string;
  /** Overrides and config paths from this flag's values (every occurrence, in order). */
  translate?(values: readonly string[], context: TranslateContext): Translation;
}

/** A string value as an override value that stays a string whatever it looks like (`"007"`, `"true"`). */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** `--name VALUE` -> `++key=VALUE` (the last occurrence wins, as with argparse). */
export function valueFlag(long: string, key: string, help: string, options: { short?: string; metavar?: string; text?: boolean } = {}): Flag {
  return {
    long,
    short: options.short,
    metavar: options.metavar ?? 'VALUE',
    help,
    key,
    translate: (values) => {
      const value = values.at(-1)!;
      return { overrides: [`++${key}=${options.text ? quoted(value) : value}`] };
    },
  };
}

/** `--name` -> `++key=true`. */
export function switchFlag(long: string, key: string, help: string): Flag {
  return { long, help, key, translate: () => ({ overrides: [`++${key}=true`] }) };
}

export const CONFIG: Flag = {
  long: '--config',
  metavar: 'PATH',
  repeatable: true,
  help: 'config file to load; repeatable',
  key: 'config_paths',
  translate: (values) => ({ configPaths: [...values] }),
};

export const MODEL_TYPE: Flag = {
  long: '--model-type',
  metavar: 'NAME',
  help: 'load the named model server config (responses_api_models/NAME/configs/NAME.yaml), e.g. offline_model, openai_model, vllm_model',
  key: 'config_paths',
  translate: (values, context) => ({ configPaths: [selectConfig('--model-type', 'responses_api_models', values.at(-1)!, context)] }),
};

export const RESOURCES_SERVER_CONFIG: Flag = {
  long: '--resources-server',
  metavar: 'NAME',
  help: 'load the named resources server config with its agent (resources_servers/NAME/configs/NAME.yaml; NAME/FLAVOR for another file)',
  key: 'config_paths',
  translate: (values, context) => ({ configPaths: [selectConfig('--resources-server', 'resources_servers', values.at(-1)!, context)] }),
};

/** `env test`: the server directory whose tests to run. */
export const RESOURCES_SERVER_DIR: Flag = {
  long: '--resources-server',
  metavar: 'NAME',
  help: 'the resources server whose tests to run (resources_servers/NAME)',
  key: 'entrypoint',
  translate: (values, context) => ({ overrides: [`++entrypoint=${quoted(selectDir('--resources-server', 'resources_servers', values.at(-1)!, context))}`] }),
};

/** `env init`: the server to create. */
export const NEW_RESOURCES_SERVER: Flag = {
  long: '--resources-server',
  metavar: 'NAME',
  help: 'name of the resources server to create under resources_servers/',
  key: 'entrypoint',
  translate: (values) => ({ overrides: [`++entrypoint=${quoted(`resources_servers/${values.at(-1)!}`)}`] }),
};

export const SEARCH_DIR: Flag = {
  long: '--search-dir',
  metavar: 'DIR',
  repeatable: true,
  help: 'extra root to search for components, configs and data files; repeatable (sets NEMO_GYM_EXTRA_ROOTS, which servers inherit)',
};

export const MODEL = valueFlag('--model', 'policy_model_name', 'served model identifier (an API model name, HF id or checkpoint path)', { short: '-m', metavar: 'NAME', text: true });
export const MODEL_URL = valueFlag('--model-url', 'policy_base_url', 'base URL of the model endpoint', { metavar: 'URL', text: true });
export const MODEL_API_KEY = valueFlag(
  '--model-api-key',
  'policy_api_key',
  "API key of the model endpoint; never printed, but `ps` shows a process's arguments: prefer env.yaml, or --model-api-key '${oc.env:MY_KEY}' to read it from the environment",
  { metavar: 'KEY', text: true },
);
export const MODEL_FLAGS: readonly Flag[] = [MODEL, MODEL_URL, MODEL_API_KEY];

export const JSON_OUTPUT = switchFlag('--json', 'json', 'print machine-readable JSON');
export const OUTPUT = valueFlag('--output', 'output_jsonl_fpath', 'output rollouts JSONL file', { short: '-o', metavar: 'PATH', text: true });
export const CONCURRENCY = valueFlag('--concurrency', 'num_samples_in_parallel', 'maximum number of requests in flight', { metavar: 'N' });
export const LIMIT = valueFlag('--limit', 'limit', 'first N rows only', { metavar: 'N' });
export const RESUME = switchFlag('--resume', 'resume_from_cache', 'continue a stopped run: nothing done twice, nothing lost');
export const DISABLE_AGGREGATION = switchFlag('--disable-aggregation', 'disable_aggregation', 'skip the aggregate metrics (for shards: `gym eval aggregate` computes them afterwards)');
export const INPUTS = valueFlag('--inputs', 'materialized_inputs_jsonl_fpath', 'materialized inputs of the run (<output stem>_materialized_inputs.jsonl)', { metavar: 'PATH', text: true });
export const ROLLOUTS = valueFlag('--rollouts', 'rollouts_jsonl_fpath', 'rollouts JSONL of the run', { metavar: 'PATH', text: true });

/** `+config_paths=[...]` tokens the user wrote among the overrides: NeMo Gym merges them with --config's. */
export function configPathsOfOverride(token: string): string[] | undefined {
  const match = /^\+config_paths=\[(.*)\]$/s.exec(token);
  if (!match) return undefined;
  return match[1]!.split(',').map((path) => path.trim()).filter((path) => path !== '');
}

/** One `++config_paths=[...]` override for the merged list (paths with list syntax in them are quoted). */
export function configPathsOverride(paths: readonly string[]): string {
  const items = paths.map((path) => (/[,[\]{}'"#\s]/.test(path) ? quoted(path) : path));
  return `++config_paths=[${items.join(',')}]`;
}
