// The e2e lifecycle, top to bottom: resolve config, prepare the split, start every server, collect, tear down.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CommandIo } from './cli/run-cli.ts';
import { checkUnknownTopLevelKeys, readOptions } from './config/options.ts';
import { displayPath } from './config/paths.ts';
import { resolveConfig } from './config/resolve-config.ts';
import { ConfigError, type ServerError } from './errors.ts';
import { chosenLauncher, launch, LAUNCH_OPTION_KEYS } from './launchers/launcher.ts';
import { COLLECT_OPTION_SHAPE, readCollectOptions } from './rollouts/collect-options.ts';
import { configSha256 } from './rollouts/config-digest.ts';
import { collectRollouts } from './rollouts/collect-rollouts.ts';
import { failureJudge } from './rollouts/failure-judge.ts';
import { prepareSplit, splitInputs, SPLITS } from './rollouts/prepare-split.ts';
import { prepareRunOutputs } from './rollouts/run-outputs.ts';
import { stoppedError } from './rollouts/stopped-error.ts';
import { reportCollection } from './rollouts/summary.ts';
import { processStop, throwIfStopped } from './servers/on-signal.ts';
import { checkModelKeys, modelKeySources } from './servers/model-keys.ts';
import { serverDiedError, startServerStack } from './servers/server-stack.ts';
import { STACK_OPTION_KEYS } from './servers/stack-settings.ts';

const E2E_SHAPE = { split: z.enum(SPLITS), reuse_existing_data_preparation: z.boolean().default(false) };

/** `ng_e2e_collect_rollouts`: returns the exit code; every server is stopped on every path. */
export async function runE2eCollection({ argv, cwd, env, stdout, stderr }: CommandIo): Promise<number> {
  const command = 'ng_e2e_collect_rollouts';
  const print = (line: string): void => void stdout.write(`${line}\n`);
  const show = (path: string): string => displayPath(path, cwd);

  // 1. Config and options: every mistake is reported before anything starts.
  const resolved = await resolveConfig({ argv, cwd, env });
  checkUnknownTopLevelKeys(resolved, [...Object.keys(COLLECT_OPTION_SHAPE), ...Object.keys(E2E_SHAPE), ...STACK_OPTION_KEYS, ...LAUNCH_OPTION_KEYS], { command });
  const launcher = chosenLauncher(resolved, command);
  const options = readCollectOptions(resolved, env, command, { launching: launcher !== undefined });
  const { split, reuse_existing_data_preparation: reuse } = readOptions(resolved, E2E_SHAPE, { command });
  // +launcher=local|slurm|kubernetes: every shard runs this command elsewhere (src/launchers/); then they are merged.
  if (launcher) return launch(launcher, { argv, resolved, options, command, cwd, env, stdout, stderr });
  const outputPath = resolve(cwd, options.outputPath);
  checkModelKeys(resolved);
  using _hold = processStop.hold({ stderr });

  // 2. The outputs (never over an input; a previous run kept aside), then the split's rows from every agent's datasets.
  prepareRunOutputs({ outputPath, resume: options.resume, inputs: splitInputs(resolved, split, outputPath, reuse, env), log: print, show });
  const prepared = await prepareSplit(resolved, split, outputPath, reuse, env);
  // Its path is listed once, with the other outputs, in the summary.
  print(prepared.reused ? `Reusing the prepared ${split} data (+reuse_existing_data_preparation=true)` : `Prepared ${prepared.rows} ${split} rows from ${prepared.datasets.join(', ')}`);

  // 3. Start the stack; Ctrl-C (or SIGTERM, SIGHUP) during startup stops what has started.
  throwIfStopped('before any server was started; nothing was collected, run the same command again');
  const stack = await startServerStack(resolved, { stdout, stderr, env, signal: processStop.requested }).catch((error: unknown) => {
    throwIfStopped('while servers were starting; every server started so far was stopped');
    throw error;
  });
  if (processStop.requested.aborted) {
    // The signal came as the last server became healthy: startServerStack returned, so stop it here.
    await stack.stop();
    throwIfStopped('while servers were starting; every server started so far was stopped');
  }
  print(`Server output: ${show(stack.logDir)}/<server>.log (only errors and warnings are shown here)`);

  // 4. Collect, then 5. tear down, whatever happened.
  let died: ServerError | undefined;
  try {
    const agentUrls = new Map(stack.servers.map((server) => [server.name, server.url]));
    const result = await collectRollouts({
      options,
      inputPath: prepared.path,
      inputDisplayPath: show(prepared.path),
      configSha256: configSha256(resolved.tree),
      outputPath,
      agentUrls: async (names) => {
        const unknown = names.filter((name) => !agentUrls.has(name));
        if (unknown.length > 0) throw new ConfigError(`rows name agents that are not in the config: ${unknown.join(', ')}`, { key: 'agent_ref', hint: `running servers: ${[...agentUrls.keys()].join(', ')}` });
        return new Map(names.map((name) => [name, agentUrls.get(name)!]));
      },
      onServerExit: (listener) =>
        stack.onServerExit((server, exit) => {
          died ??= serverDiedError(server, exit, `every other server has been stopped; fix the cause (its stderr is above), then continue with the same command plus +resume_from_cache=true`);
          listener({ name: server.name, code: exit.exitCode, signal: exit.signal });
        }),
      judge: failureJudge({ keySourceOf: async (server) => modelKeySources(resolved)[server] }),
      log: print,
      progressStream: stderr,
      alsoOnScreen: [stdout],
      interactive: Boolean((stderr as { isTTY?: boolean }).isTTY) && !env.CI,
    });
    await stack.stop();
    const code = reportCollection(result, options, print, show, { preprocessedDataset: prepared.path, servers: resolved.servers });
    if (result.stoppedBy) throw died ?? stoppedError(result.stoppedBy, show(result.files.rollouts));
    return code;
  } finally {
    await stack.stop();
  }
}
