// The table of every command we ship: its one-line summary, its usage text and where its implementation lives.
import type { Command } from './run-cli.ts';

export interface CommandSpec {
  summary: string;
  /** What `<command> --help` prints above the shared override notes: how to call it and its main options. */
  usage: string;
  /** Loaded lazily so that `ng_help` and `ng_version` start fast. */
  load: () => Promise<Command>;
  /**
   * Run V8 with --optimize-for-size: for the commands that read whole rollout files (aggregation, profiles),
   * whose peak RSS then stays flat with the files' length. Not the collectors: it costs them a third of their CPU
   * per rollout; they start with a bounded young generation and old-generation growth instead (bin/launch.js).
   */
  optimizeForSize?: boolean;
  /** The command prints its own help for --help / -h (gym has help on every level). */
  ownHelp?: boolean;
}

const STACK_OPTIONS = `  +head_server.port=11000         head server port (+head_server.host=127.0.0.1); use a free one per run
  +server_startup_timeout_s=60    per-server deadline for becoming healthy
  +shutdown_grace_s=5             SIGTERM -> SIGKILL delay when stopping servers
  +log_dir=logs                   where each server's log file goes
  +python_executable=PATH         Python for .py servers without their own .venv (default python3)
  +ray_head_node_address=HOST:PORT  Ray cluster for Python servers (default: one Ray head per run, if ray is installed)`;

const COLLECT_OPTIONS = `  +agent_name=NAME                agent to run each row with (else each row's agent_ref)
  +output_jsonl_fpath=PATH        rollouts file; beside it <stem>_failures.jsonl, <stem>_aggregate_metrics.json
  +limit=N                        first N rows only (null or 0 = all)
  +num_repeats=N                  rollouts per row (or a per-agent map {_default: 1, my_agent: 4})
  +num_samples_in_parallel=N      rollouts in flight at once
  +responses_create_params={temperature: 0.7}   sampling overrides (or +responses_create_params.temperature=0.7)
  +num_repeats_add_seed=true      give each repeat its own seed
  +resume_from_cache=true         continue a stopped run: nothing done twice, nothing lost
  +disable_aggregation=true       skip the aggregate metrics (for shards; see ng_aggregate_rollouts)
  +rollout_timeout_s=600          deadline of one rollout
  +max_failure_fraction=0         exit non-zero when more rollouts than this fraction fail
  +num_shards=N +shard_index=I    collect only shard I of N (tasks t with t mod N = I; _ng_task_index stays global);
                                  '+shard_index=\${oc.env:SLURM_ARRAY_TASK_ID}' takes it from the environment`;

const LAUNCH_OPTIONS = `  +launcher=slurm +num_shards=N   write a job array of N shards and a merge job beside the outputs and submit them
                                  (+slurm.partition, +slurm.time, +slurm.cpus_per_task, +slurm.max_parallel,
                                  '+slurm.sbatch_lines=[--mem=16G]', '+slurm.setup_lines=[module load nodejs]');
                                  run it again after a cancel: only unfinished shards are resubmitted
  +launcher=kubernetes            an Indexed Job and a merge Job (+kubernetes.image, +kubernetes.volume_claim, ...)
  +launcher=local                 the N shards as processes on this machine, then the merge
  +dry_run=true                   write the scripts or manifests, submit nothing`;

export const COMMANDS = {
  ng_run: {
    summary: 'Start the head server and every server in the config; stay up until Ctrl-C.',
    usage: `Usage: ng_run "+config_paths=[a.yaml,b.yaml]" [+key=value ...]

Starts the head server and one process per server instance in the merged config, waits until all are
healthy, prints the server table, and stays up until Ctrl-C (then stops every server).

Options:
  +config_paths=[...]             config files to merge (server instances, datasets, options)
  +policy_base_url=URL +policy_api_key=KEY +policy_model_name=NAME   the policy model endpoint
${STACK_OPTIONS}`,
    load: async () => (await import('./ng-run.ts')).ngRun,
  },
  ng_status: {
    summary: 'List the servers of a running ng_run with their health and uptime.',
    usage: `Usage: ng_status [+head_server.port=11000] [+head_server.host=127.0.0.1]

Asks the head server of a running ng_run for its servers and prints each one's name, kind, URL, pid,
health and uptime. Says so plainly when no run is going.`,
    load: async () => (await import('./ng-status.ts')).ngStatus,
  },
  ng_collect_rollouts: {
    summary: 'Collect rollouts from agents already running under ng_run.',
    usage: `Usage: ng_collect_rollouts +agent_name=NAME +input_jsonl_fpath=PATH +output_jsonl_fpath=PATH [+key=value ...]

Sends each input row (num_repeats times) to the agent's /run endpoint of a running ng_run and writes
one verified result per line. A failed rollout goes to <stem>_failures.jsonl; the run goes on.

Options:
  +input_jsonl_fpath=PATH         tasks, one JSON object per line
${COLLECT_OPTIONS}
  +head_server.port=11000         the head server of the ng_run to use`,
    load: async () => (await import('./ng-collect-rollouts.ts')).ngCollectRollouts,
  },
  ng_e2e_collect_rollouts: {
    summary: 'Prepare a split, start every server, collect rollouts and tear everything down.',
    usage: `Usage: ng_e2e_collect_rollouts "+config_paths=[...]" +split=example|train|validation|benchmark +output_jsonl_fpath=PATH

Gathers the split's datasets from every agent in the config into <output stem>/preprocessed_datasets/,
starts the whole stack, collects rollouts, and tears everything down on every path.

Options:
  +config_paths=[...]             config files (environments, agents with their datasets, the policy model)
  +split=example                  which datasets to use: example, train, validation or benchmark
  +reuse_existing_data_preparation=true   reuse the prepared split file
${COLLECT_OPTIONS}
${LAUNCH_OPTIONS}
${STACK_OPTIONS}`,
    load: async () => (await import('./ng-e2e-collect-rollouts.ts')).ngE2eCollectRollouts,
  },
  ng_aggregate_rollouts: {
    optimizeForSize: true,
    summary: 'Merge rollout shards or seed replicas exactly and write their aggregate metrics (pass@k included).',
    usage: `Usage: ng_aggregate_rollouts +input_glob="results/shard_*.jsonl" +output_jsonl_fpath=PATH [options]

Reads every rollouts file matching input_glob (a glob, or comma-separated globs) with the sidecars beside
each (<stem>_failures.jsonl, <stem>_materialized_inputs.jsonl, <stem>_run_manifest.json) and writes the
aggregate metrics over all of them (<stem>_aggregate_metrics.json): byte-identical to an unsharded run of the
same input. Shards of different inputs or configs, overlapping or missing shards are refused, naming the
files and tasks, and nothing is written. With +config_paths, the agents named in the rollouts and the
servers they reference are started and each agent's environment computes its metrics (POST
/aggregate_metrics, as NeMo Gym does); without, they are computed here (NeMo Gym's default statistics).

Options:
  +input_glob=GLOB                shard files to read
  +output_jsonl_fpath=PATH        where the merged rollouts, sidecars and the metrics go
  +merge_shards=true              also write the merged rollouts and sidecars (false: only the metrics)
  +shard_mode=shard|replica       replica: each file is a whole run with another seed; replica r's rollout j
                                  becomes rollout r*k+j (k = rollouts per task of one replica; replicas
                                  numbered in natural path order: rs2 before rs10)
  +config_paths=[...]             the run's configs: ask each agent's environment for its metrics
  +aggregate_metrics_timeout_s=600   deadline of each POST /aggregate_metrics`,
    load: async () => (await import('./ng-aggregate-rollouts.ts')).ngAggregateRollouts,
  },
  ng_viewer: {
    summary: 'Browse a rollouts JSONL file in a local web viewer (http://127.0.0.1:7860).',
    usage: `Usage: ng_viewer +jsonl_fpath=results/rollouts.jsonl [+port=7860] [+host=127.0.0.1]

Serves a local web page to browse, filter and read rollouts; new rollouts appear while a run writes.

Options:
  +jsonl_fpath=PATH               the rollouts file to show
  +compare_jsonl_fpath=PATH       a second run to compare task by task
  +port=7860 +host=127.0.0.1      where to listen (the next free port if 7860 is taken)`,
    load: async () => (await import('./ng-viewer.ts')).ngViewer,
  },
  ng_dump_config: {
    summary: 'Print the resolved config (secrets redacted); +show_origin=true shows where each value came from.',
    usage: `Usage: ng_dump_config "+config_paths=[...]" [+key=value ...] [+show_origin=true | +flat=false]

Prints the merged, interpolated config, one "dotted.key: value" line per value, with every secret
shown as "****".

Options:
  +show_origin=true               add where each value came from: "dotted.key: value  # origin"
                                  (file:line:col, env.yaml:line:col, the command-line argument, or default)
  +flat=false                     print nested YAML instead of dotted lines`,
    load: async () => (await import('./ng-dump-config.ts')).ngDumpConfig,
  },
  ng_test: {
    summary: "Run one server's own tests: ng_test +entrypoint=<server type>/<implementation>.",
    usage: `Usage: ng_test +entrypoint=<server type>/<implementation>

Runs the tests in that server directory's tests/ folder and exits with their exit code.
Example: ng_test +entrypoint=resources_servers/example_simple_weather`,
    load: async () => (await import('./ng-test.ts')).ngTest,
  },
  ng_reward_profile: {
    optimizeForSize: true,
    summary: 'Per-task reward statistics (mean, std, min, max, pass rate) of rollouts with repeats.',
    usage: `Usage: ng_reward_profile +materialized_inputs_jsonl_fpath=PATH +rollouts_jsonl_fpath=PATH [+allow_partial_rollouts=true]

Pairs every rollout with its materialized input and writes, beside the rollouts file,
<stem>_reward_profiling.jsonl (one line per task: mean/std/min/max/median of every numeric field, pass rate,
the task's input and each rollout's numbers) and <stem>_agent_metrics.json (the same per agent).
Streams both files (memory stays flat on millions of rollouts). \`gym eval profile\` is the same command.

Options:
  +materialized_inputs_jsonl_fpath=PATH   <output stem>_materialized_inputs.jsonl of the run
  +rollouts_jsonl_fpath=PATH              the run's rollouts
  +allow_partial_rollouts=true            profile a partial run (input rows without rollouts are left out)
  +pass_threshold=1.0                     a rollout passes when its reward is at least this`,
    load: async () => (await import('../profile/profile-command.ts')).profileCommand,
  },
  ng_init_resources_server: {
    summary: 'Scaffold a TypeScript resources server that runs and collects straight away.',
    usage: `Usage: ng_init_resources_server +entrypoint=resources_servers/NAME

Creates resources_servers/NAME/ in the working directory: app.ts and server.ts (on rollout-gym/kit), a config
pairing it with simple_agent and an example dataset, data/example.jsonl, tests/app.test.ts and a README.
Refuses to write into an existing folder. \`gym env init --resources-server NAME\` is the same command.`,
    load: async () => (await import('../scaffold/init-command.ts')).initCommand,
  },
  gym: {
    ownHelp: true,
    summary: "NeMo Gym's unified CLI: gym env|eval|list <command> [flags] (gym --help).",
    usage: 'Usage: gym <group> <command> [flags] [+key=value ...]',
    load: async () => (await import('./gym/gym.ts')).gymCommand('gym'),
  },
  ng: {
    ownHelp: true,
    summary: 'The same as gym.',
    usage: 'Usage: ng <group> <command> [flags] [+key=value ...]',
    load: async () => (await import('./gym/gym.ts')).gymCommand('ng'),
  },
  ng_help: {
    summary: 'List the commands with one line each.',
    usage: `Usage: ng_help [+command=NAME]

Lists every command with one line each; with +command=NAME prints that command's help.`,
    load: async () => (await import('./ng-help.ts')).ngHelp,
  },
  ng_version: {
    summary: 'Print the rollout-gym version and environment.',
    usage: `Usage: ng_version [+json=true]

Prints the rollout-gym version, the Node.js version and path, the install folder and the platform.

Options:
  +json=true                      print one JSON object instead`,
    load: async () => (await import('./ng-version.ts')).ngVersion,
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Notes on the override syntax every command shares, printed after each command's usage. */
export const OVERRIDE_NOTES = `Overrides (every command):
  +key=value      add a key            ++key=value   add or replace
  key=value       change a key a config file or env.yaml sets
  ~key            delete a key         a.b.c=1       dotted keys reach into maps
  Values are YAML: 5, 0.7, true, null, [a,b], {temperature: 0.7}; quote the whole argument for the shell
  when it holds spaces, brackets or braces: "+config_paths=[a.yaml,b.yaml]".
  Precedence: config_paths files < env.yaml (working directory) < command line.
  +verbose=true prints stack traces; --help, -h or +help=true prints this text.`;

/** The full help text of one command. */
export function helpText(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  return `${name}: ${spec.summary}\n\n${spec.usage}\n\n${OVERRIDE_NOTES}\n`;
}
