// `ng_collect_rollouts`: collect rollouts from agents already running under `ng_run` (SPEC 8).
import { resolve } from 'node:path';
import { checkUnknownTopLevelKeys } from '../config/options.ts';
import { displayPath, resolveInputPath } from '../config/paths.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import { ConfigError } from '../errors.ts';
import { agentUrlsFromHead, headUrlOf } from '../rollouts/agent-directory.ts';
import { COLLECT_OPTION_SHAPE, readCollectOptions } from '../rollouts/collect-options.ts';
import { collectRollouts } from '../rollouts/collect-rollouts.ts';
import { configSha256 } from '../rollouts/config-digest.ts';
import { failureJudge, keySourceFromHead, watchHeadServer } from '../rollouts/failure-judge.ts';
import { prepareRunOutputs } from '../rollouts/run-outputs.ts';
import { servedConfig } from '../rollouts/served-config.ts';
import { stoppedError } from '../rollouts/stopped-error.ts';
import { reportCollection } from '../rollouts/summary.ts';
import { processStop } from '../servers/on-signal.ts';
import type { Command } from './run-cli.ts';

export const ngCollectRollouts: Command = async ({ argv, cwd, env, stdout, stderr }) => {
  const resolved = await resolveConfig({ argv, cwd, env });
  checkUnknownTopLevelKeys(resolved, Object.keys(COLLECT_OPTION_SHAPE), { command: 'ng_collect_rollouts' });
  const options = readCollectOptions(resolved, env, 'ng_collect_rollouts');
  using _hold = processStop.hold({ stderr });
  if (options.inputPath === undefined) {
    throw new ConfigError('input_jsonl_fpath is required: the rows to collect rollouts for', {
      key: 'input_jsonl_fpath',
      hint: 'pass +input_jsonl_fpath=<file.jsonl>, e.g. resources_servers/example_simple_weather/data/example.jsonl',
    });
  }
  const inputPath = resolveInputPath(options.inputPath, { cwd, env, extraRoots: resolved.extraRoots, key: 'input_jsonl_fpath', source: resolved.origins.get('input_jsonl_fpath'), what: 'Input file' });
  const headUrl = headUrlOf(resolved, env);
  const print = (line: string): void => void stdout.write(`${line}\n`);
  const show = (path: string): string => displayPath(path, cwd);
  const files = prepareRunOutputs({ outputPath: resolve(cwd, options.outputPath), resume: options.resume, inputs: [{ path: inputPath, what: 'input rows (+input_jsonl_fpath)' }], log: print, show });
  const result = await collectRollouts({
    options,
    inputPath,
    inputDisplayPath: show(inputPath),
    // This command's options and the servers' config (from ng_run's head server): what decides every rollout.
    configSha256: configSha256(resolved.tree, (await servedConfig(headUrl)) ?? {}),
    outputPath: files.rollouts,
    agentUrls: (names) => agentUrlsFromHead(headUrl, names),
    judge: failureJudge({ headUrl, keySourceOf: (server) => keySourceFromHead(headUrl, server) }),
    watchServers: (stopWith) => watchHeadServer(headUrl, stopWith),
    log: print,
    progressStream: stderr,
    alsoOnScreen: [stdout],
    interactive: Boolean((stderr as { isTTY?: boolean }).isTTY) && !env.CI,
  });
  const code = reportCollection(result, options, print, show, { servers: resolved.servers });
  if (result.stoppedBy) throw stoppedError(result.stoppedBy, result.files.rollouts);
  return code;
};
