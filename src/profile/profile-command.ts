// `ng_reward_profile` / `gym eval profile --inputs M --rollouts R`: per-task reward statistics, streamed.
import { z } from 'zod';
import { checkUnknownTopLevelKeys, readOptions } from '../config/options.ts';
import { displayPath, resolveInputPath } from '../config/paths.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import type { Command } from '../cli/run-cli.ts';
import { flag } from '../rollouts/collect-options.ts';
import { profileRewards, type AgentProfile } from './reward-profile.ts';

const SHAPE = {
  materialized_inputs_jsonl_fpath: z.string().min(1),
  rollouts_jsonl_fpath: z.string().min(1),
  allow_partial_rollouts: flag.default(false),
  pass_threshold: z.coerce.number().default(1),
};

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

function describeAgent(agent: AgentProfile, threshold: number): string[] {
  const mean = agent.metrics['mean/reward'];
  const passRate = agent.metrics.pass_rate;
  const head = `${agent.agent}: ${agent.tasks} tasks, ${agent.rollouts} rollouts`;
  if (mean === undefined || passRate === undefined) return [`${head} (no reward field)`];
  return [
    `${head}; mean reward ${Number(mean.toFixed(4))}, pass rate ${percent(passRate)} (reward >= ${threshold})`,
    `  tasks always passing: ${agent.alwaysPassing}, never passing: ${agent.neverPassing}, sometimes: ${agent.mixed}`,
  ];
}

export const profileCommand: Command = async ({ argv, cwd, env, stdout }) => {
  const command = 'gym eval profile';
  const resolved = await resolveConfig({ argv, cwd, env });
  checkUnknownTopLevelKeys(resolved, Object.keys(SHAPE), { command });
  const options = readOptions(resolved, SHAPE, { command });
  const locate = (key: 'materialized_inputs_jsonl_fpath' | 'rollouts_jsonl_fpath', flagName: string): string =>
    resolveInputPath(options[key], { cwd, env, key: `${key} (${flagName})`, source: resolved.origins.get(key), what: 'Input file' });
  const inputsPath = locate('materialized_inputs_jsonl_fpath', '--inputs');
  const rolloutsPath = locate('rollouts_jsonl_fpath', '--rollouts');
  const show = (path: string): string => displayPath(path, cwd);
  const result = await profileRewards({
    inputsPath,
    rolloutsPath,
    displayInputs: show(inputsPath),
    displayRollouts: show(rolloutsPath),
    allowPartial: options.allow_partial_rollouts,
    passThreshold: options.pass_threshold,
  });
  const c = result.completion;
  const print = (line: string): void => void stdout.write(`${line}\n`);
  print('Profiling outputs:');
  print(`Reward profile completion: ${c.completed_rollout_rows}/${c.expected_rollout_rows} rollout rows (${c.reward_profile_completion_pct.toFixed(2)}%)`);
  print(`Input rows: ${c.total_input_rows} total; ${c.complete_input_rows} complete; ${c.partial_input_rows} partial; ${c.missing_input_rows} without rollouts dropped from output.`);
  print(`Reward profiling outputs: ${show(result.profilePath)}`);
  print(`Agent-level metrics: ${show(result.agentMetricsPath)}`);
  for (const agent of result.agents) for (const line of describeAgent(agent, options.pass_threshold)) print(line);
};
