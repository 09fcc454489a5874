// The schedulers' own command-line tools (sbatch, squeue, scancel, kubectl), run with errors a user can act on.
import { execa } from 'execa';
import { RolloutGymError } from '../errors.ts';

export interface ToolRun {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** What to do when the tool is not installed here. */
  missingHint: string;
  /** What to do when it fails (default: fix what its message names). */
  failureHint?: string;
}

/** Run `tool args`; returns its stdout, trimmed. A missing tool or a non-zero exit is an RG_LAUNCH error with its stderr. */
export async function runTool(tool: string, args: readonly string[], run: ToolRun): Promise<string> {
  const result = await execa(tool, args, { cwd: run.cwd, env: run.env, extendEnv: false, reject: false, stdin: 'ignore' });
  const shown = `${tool} ${args.join(' ')}`;
  if (result.code === 'ENOENT') {
    throw new RolloutGymError(`\`${tool}\` is not installed here (or not on PATH)`, { code: 'RG_LAUNCH', hint: run.missingHint });
  }
  if (result.failed) {
    const why = String(result.stderr || result.stdout || result.shortMessage).trim();
    throw new RolloutGymError(`\`${shown}\` failed (exit ${result.exitCode ?? result.code ?? '?'})`, {
      code: 'RG_LAUNCH',
      details: why,
      hint: run.failureHint ?? `the message above is ${tool}'s own; fix what it names and run this command again`,
    });
  }
  return String(result.stdout).trim();
}
