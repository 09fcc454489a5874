// +launcher=local: every unfinished shard as a child process on this machine, at once, then the merge.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { displayPath } from '../config/paths.ts';
import { exitCodeForSignal, onStopRequested } from '../servers/on-signal.ts';
import { fixedPortNote } from './fixed-ports.ts';
import type { Launcher } from './launcher.ts';
import { shardStates } from './shard-status.ts';
import { shellCommand } from './shell-words.ts';
import { startEnvFor, v8FlagsFor } from '../../bin/launch.js';

export const localLauncher: Launcher = {
  async launch(plan, resolved, io) {
    const print = (line: string): void => void io.stdout.write(`${line}\n`);
    const show = (path: string): string => displayPath(path, io.cwd);
    const main = join(resolved.packageRoot, 'src', 'cli', 'main.ts');
    const note = fixedPortNote(resolved);
    if (note) print(`note: ${note}`);
    if (plan.dryRun) {
      print(`Dry run: the ${plan.numShards} shard commands (run at once), then the merge:`);
      for (let index = 0; index < plan.numShards; index++) print(shellCommand([plan.command, ...plan.shardArgs(index)]));
      print(shellCommand(['ng_aggregate_rollouts', ...plan.mergeArgs]));
      return 0;
    }

    const states = await shardStates(plan);
    const toRun = states.flatMap((state, index) => (state.state === 'finished' ? [] : [index]));
    for (const [index, state] of states.entries()) if (state.state === 'finished') print(`shard ${index}: finished earlier (${state.done}/${state.total} rollouts), kept`);
    mkdirSync(join(plan.dir, 'logs'), { recursive: true });
    const children = new Map<number, ResultPromise>();
    for (const index of toRun) {
      const log = join(plan.dir, 'logs', `shard_${index}.log`);
      // RG_LAUNCHER_IPC: a shard stops by itself (as on SIGTERM) when this process is gone, even after a kill -9.
      // Started as bin/launch.js starts a collector: with its V8 flags and malloc settings.
      const child = execa(process.execPath, [...v8FlagsFor(plan.command, []), main, plan.command, ...plan.shardArgs(index)], {
        cwd: plan.cwd,
        env: { ...io.env, ...startEnvFor(plan.command, [], io.env), RG_LAUNCHER_IPC: '1' },
        extendEnv: false,
        ipc: true,
        stdin: 'ignore',
        stdout: { file: log, append: true },
        stderr: { file: log, append: true },
        reject: false,
      });
      children.set(index, child);
      print(`shard ${index}: started (pid ${child.pid}), log ${show(log)}`);
    }

    let stoppedBy: NodeJS.Signals | undefined;
    const failed: number[] = [];
    {
      using _stop = onStopRequested((signal) => {
        stoppedBy = signal;
        for (const child of children.values()) child.kill('SIGTERM');
      });
      await Promise.all(
        [...children].map(async ([index, child]) => {
          const result = await child;
          const how = result.signal ? `signal ${result.signal}` : `exit ${result.exitCode}`;
          print(`shard ${index}: ended (${how})`);
          if (result.failed) failed.push(index);
        }),
      );
    }
    if (stoppedBy || failed.length > 0) {
      const what = stoppedBy ? `stopped by ${stoppedBy}` : `shard${failed.length === 1 ? '' : 's'} ${failed.sort().join(', ')} failed (see ${failed.length === 1 ? 'its log' : 'their logs'} above)`;
      print(`Not merged: ${what}. Finished rollouts are kept; run this same command again to finish the unfinished shards and merge.`);
      return stoppedBy ? exitCodeForSignal(stoppedBy) : 1;
    }
    print(`Merging ${plan.numShards} shards into ${plan.output}`);
    const merge = execa(process.execPath, [main, 'ng_aggregate_rollouts', ...plan.mergeArgs], { cwd: plan.cwd, env: io.env, extendEnv: false, reject: false, all: true });
    merge.all?.pipe(io.stdout, { end: false });
    const merged = await merge;
    return merged.exitCode ?? 1;
  },
};
