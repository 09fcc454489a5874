// The `gym` command tree: NeMo Gym's groups, commands and flags for what rollout-gym does, and which command runs each.
import type { Command } from '../run-cli.ts';
import type { CommandName } from '../commands.ts';
import type { ListKind } from './catalog.ts';
import {
  CONCURRENCY,
  CONFIG,
  DISABLE_AGGREGATION,
  INPUTS,
  JSON_OUTPUT,
  LIMIT,
  MODEL_FLAGS,
  MODEL_TYPE,
  NEW_RESOURCES_SERVER,
  OUTPUT,
  RESOURCES_SERVER_CONFIG,
  RESOURCES_SERVER_DIR,
  RESUME,
  ROLLOUTS,
  SEARCH_DIR,
  switchFlag,
  valueFlag,
  type Flag,
} from './flags.ts';

export const GROUPS = {
  env: 'Develop and run environments.',
  eval: 'Run evaluations.',
  list: 'List available components (environments, agents, models, resources-servers).',
} as const;

export type GroupName = keyof typeof GROUPS;

/** What a leaf runs: one of the ng_* commands, or a command only `gym` has. */
export type Target = { command: CommandName } | { load: () => Promise<Command> };

export interface Leaf {
  group: GroupName;
  name: string;
  summary: string;
  /** More help text, after the flags. */
  notes?: string;
  flags: readonly Flag[];
  /** A positional `[NAME]` (list commands): translated to `+component_name=NAME`. */
  positional?: { metavar: string; help: string };
  /** The target, chosen from the switches given (`eval run --no-serve` runs ng_collect_rollouts). */
  target(switches: ReadonlySet<string>): Target;
  /** The ng_* spelling, for help and the README's table. */
  legacy?: string;
  /** Flags that must be given (or their key set by an override). */
  required?: readonly Flag[];
}

const NO_SERVE: Flag = { long: '--no-serve', help: 'collect from servers already running under `gym env start` (ng_collect_rollouts) instead of starting them' };
const FORCE = switchFlag('--force', 'force', 're-verify through servers whose reverify_mode is unsupported or unknown; the outputs are then prefixed with unsafe_');
const OVERWRITE = switchFlag('--overwrite', 'overwrite', 'replace an existing output file instead of stopping with an error');
const SELECT_CONFIGS = [CONFIG, RESOURCES_SERVER_CONFIG, MODEL_TYPE, SEARCH_DIR] as const;
const REVERIFIED_OUTPUT = valueFlag('--output', 'output_jsonl_fpath', 'output JSONL of the re-verified rollouts', { short: '-o', metavar: 'PATH', text: true });

const listTarget = (kind: ListKind): Leaf['target'] => () => ({ load: async () => (await import('./list-command.ts')).listCommand(kind) });
const listLeaf = (name: ListKind, what: string): Leaf => ({
  group: 'list',
  name,
  summary: `List or inspect the ${what}.`,
  flags: [JSON_OUTPUT, SEARCH_DIR],
  positional: { metavar: 'NAME', help: `inspect one of them instead of listing all` },
  target: listTarget(name),
});

export const LEAVES: readonly Leaf[] = [
  {
    group: 'env',
    name: 'start',
    summary: 'Start the servers.',
    flags: [...SELECT_CONFIGS, ...MODEL_FLAGS],
    target: () => ({ command: 'ng_run' }),
    legacy: 'ng_run',
  },
  { group: 'env', name: 'status', summary: 'Show the running servers.', flags: [JSON_OUTPUT], target: () => ({ command: 'ng_status' }), legacy: 'ng_status' },
  {
    group: 'env',
    name: 'resolve',
    summary: 'Resolve and print the final config from configs, flags and overrides (secrets shown as ****).',
    notes: 'Takes the config flags of `gym env start` and `gym eval run` too, to show what they resolve to.',
    flags: [...SELECT_CONFIGS, ...MODEL_FLAGS],
    target: () => ({ command: 'ng_dump_config' }),
    legacy: 'ng_dump_config',
  },
  {
    group: 'env',
    name: 'test',
    summary: "Run a resources server's own tests.",
    flags: [RESOURCES_SERVER_DIR, SEARCH_DIR],
    required: [RESOURCES_SERVER_DIR],
    target: () => ({ command: 'ng_test' }),
    legacy: 'ng_test',
  },
  {
    group: 'env',
    name: 'init',
    summary: 'Scaffold a TypeScript resources server (app, config with its agent, example data, a test).',
    flags: [NEW_RESOURCES_SERVER],
    required: [NEW_RESOURCES_SERVER],
    target: () => ({ command: 'ng_init_resources_server' }),
    legacy: 'ng_init_resources_server',
  },
  {
    group: 'eval',
    name: 'run',
    summary: 'Collate data, start servers, and collect rollouts.',
    flags: [
      ...SELECT_CONFIGS,
      NO_SERVE,
      RESUME,
      valueFlag('--agent', 'agent_name', 'agent to collect rollouts with (else each row names its agent)', { short: '-a', metavar: 'NAME', text: true }),
      valueFlag('--input', 'input_jsonl_fpath', 'input tasks JSONL file (with --no-serve)', { short: '-i', metavar: 'PATH', text: true }),
      OUTPUT,
      LIMIT,
      valueFlag('--num-repeats', 'num_repeats', "rollouts per task, or per agent: '{simple_agent: 4, _default: 1}'", { metavar: 'N' }),
      CONCURRENCY,
      valueFlag('--split', 'split', 'dataset split to collect: example, train, validation or benchmark', { metavar: 'SPLIT', text: true }),
      ...MODEL_FLAGS,
      valueFlag('--temperature', 'responses_create_params.temperature', 'sampling temperature', { metavar: 'T' }),
      valueFlag('--top-p', 'responses_create_params.top_p', 'nucleus sampling top-p', { metavar: 'P' }),
      valueFlag('--max-output-tokens', 'responses_create_params.max_output_tokens', 'maximum output tokens', { metavar: 'N' }),
      DISABLE_AGGREGATION,
    ],
    target: (switches) => ({ command: switches.has('--no-serve') ? 'ng_collect_rollouts' : 'ng_e2e_collect_rollouts' }),
    legacy: 'ng_e2e_collect_rollouts (ng_collect_rollouts with --no-serve)',
  },
  {
    group: 'eval',
    name: 'aggregate',
    summary: 'Merge sharded rollout results and recompute their aggregate metrics.',
    flags: [
      CONFIG,
      valueFlag('--input-glob', 'input_glob', 'glob (or comma-separated globs) of the rollout shards', { short: '-i', metavar: 'GLOB', text: true }),
      valueFlag('--output', 'output_jsonl_fpath', 'merged rollouts file; the metrics go beside it', { short: '-o', metavar: 'PATH', text: true }),
    ],
    target: () => ({ command: 'ng_aggregate_rollouts' }),
    legacy: 'ng_aggregate_rollouts',
  },
  {
    group: 'eval',
    name: 'reverify',
    summary: "Recompute the rewards of existing rollouts through the resources servers' /verify, without the model.",
    notes: [
      'Starts only the resources servers the rollouts need (and servers they reference), never the model or',
      'the agents. Each must declare GET /reverify_mode `stateless`; `unsupported` or `unknown` stop the command',
      'unless --force. Prints how many rewards changed, by how much, and for which tasks.',
    ].join('\n'),
    flags: [...SELECT_CONFIGS, INPUTS, ROLLOUTS, REVERIFIED_OUTPUT, CONCURRENCY, LIMIT, FORCE, OVERWRITE, { ...RESUME, help: 'continue a stopped re-verification: rows already in the output are skipped' }, DISABLE_AGGREGATION],
    required: [INPUTS, ROLLOUTS, REVERIFIED_OUTPUT],
    target: () => ({ load: async () => (await import('../../reverify/reverify-command.ts')).reverifyCommand }),
  },
  {
    group: 'eval',
    name: 'profile',
    summary: 'Compute per-task reward statistics (mean, std, min, max, pass rate) from rollouts with repeats.',
    notes: 'Writes <rollouts stem>_reward_profiling.jsonl (one line per task) and <rollouts stem>_agent_metrics.json.',
    flags: [INPUTS, ROLLOUTS],
    required: [INPUTS, ROLLOUTS],
    target: () => ({ command: 'ng_reward_profile' }),
    legacy: 'ng_reward_profile',
  },
  listLeaf('environments', 'environments: each resources server config with its agents and datasets'),
  listLeaf('agents', 'agent servers under responses_api_agents/'),
  listLeaf('models', 'model servers (--model-type values)'),
  listLeaf('resources-servers', 'resources servers (--resources-server values)'),
];

export function leavesOf(group: GroupName): Leaf[] {
  return LEAVES.filter((leaf) => leaf.group === group);
}
