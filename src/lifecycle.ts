// The e2e lifecycle, top to bottom: resolve config, prepare the split, start every server, collect, tear down.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CommandIo } from './cli/run-cli.ts';
import { checkUnknownTopLevelKeys, readOptions } from './config/options.ts';
import { displayPath } from './config/paths.ts';
import { resolveConfig } from './config/resolve-config.ts';
import { ConfigError, RolloutGymError, type ServerError } from './errors.ts';
import { chosenLauncher, launch, LAUNCH_OPTION_KEYS } from './launchers/launcher.ts';
import { COLLECT_OPTION_SHAPE, readCollectOptions } from './rollouts/collect-options.ts';
import { configSha256 } from './rollouts/config-digest.ts';
import { collectRollouts } from './rollouts/collect-rollouts.ts';
import { prepareSplit, SPLITS } from './rollouts/prepare-split.ts';
import { stoppedError } from './rollouts/stopped-error.ts';
import { reportCollection } from './rollouts/summary.ts';
import { exitCodeForSignal, STOP_SIGNALS } from './servers/on-signal.ts';
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

  // 2. The split's rows from every agent's datasets, with agent_ref attached.
  const prepared = await prepareSplit(resolved, split, outputPath, reuse, env);
  // Its path is listed once, with the other outputs, in the summary.
  print(prepared.reused ? `Reusing the prepared ${split} data (+reuse_existing_data_preparation=true)` : `Prepared ${prepared.rows} ${split} rows from ${prepared.datasets.join(', ')}`);

  // 3. Start the stack; Ctrl-C (or SIGTERM, SIGHUP) during startup stops what has started.
  const startup = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    const message = `stopped by ${signal === 'SIGINT' ? 'Ctrl-C' : signal} while servers were starting; every server started so far was stopped`;
    startup.abort(new RolloutGymError(message, { code: 'RG_COLLECTION', exitCode: exitCodeForSignal(signal) }));
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  const stack = await startServerStack(resolved, { stdout, stderr, env, signal: startup.signal }).finally(() => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  });
  if (startup.signal.aborted) {
    // The signal came as the last server became healthy: startServerStack returned, so stop it here.
    await stack.stop();
    throw startup.signal.reason;
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
