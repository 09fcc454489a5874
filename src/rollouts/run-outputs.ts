// Before a collection writes anything: its outputs must not be its inputs, must be writable, and a previous run at
// the same path is kept aside (renamed, all its files together), never silently replaced.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { explainFileError, fileProblem } from '../file-errors.ts';
import { runFilesFor, type RunFiles } from './run-files.ts';

export interface RunInput {
  /** Absolute path of a file the run reads. */
  path: string;
  /** What it is, for messages: "input rows (+input_jsonl_fpath)", "dataset example of agent x". */
  what: string;
}

export interface PrepareOutputsOptions {
  /** Absolute path of the rollouts file (`output_jsonl_fpath`). */
  outputPath: string;
  /** `+resume_from_cache=true`: a resumable previous run is continued, not kept aside. */
  resume: boolean;
  inputs: readonly RunInput[];
  log: (line: string) => void;
  show?: (path: string) => string;
  now?: Date;
}

/** Check and prepare the run's files; returns them. Throws before anything is written when the outputs would be inputs. */
export function prepareRunOutputs(options: PrepareOutputsOptions): RunFiles {
  const show = options.show ?? ((path: string) => path);
  const files = runFilesFor(resolve(options.outputPath));
  refuseOutputsThatAreInputs(files, options.inputs, show);
  const folder = dirname(files.rollouts);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw explainFileError(error, { path: folder, action: 'create the output folder', then: 'or choose another +output_jsonl_fpath' });
  }
  checkWritable(files, folder);
  const resumable = existsSync(files.manifest) && existsSync(files.materialized);
  if (!options.resume || !resumable) {
    const kept = keepPreviousRunAside(files, options.now ?? new Date());
    if (kept !== undefined) {
      const others = kept.moved - 1;
      options.log(
        `A previous run was at ${show(files.rollouts)}: kept aside as ${show(kept.first)}${others > 0 ? ` (with its ${others} other file${others > 1 ? 's' : ''})` : ''}; ` +
          (options.resume ? 'it had no run manifest, so it cannot be resumed; this run starts fresh.' : 'this run starts fresh (to continue a stopped run instead, add +resume_from_cache=true).'),
      );
    }
  }
  return files;
}

/** Every file of the run, the rollouts file first. */
function filesOf(files: RunFiles): string[] {
  return [files.rollouts, files.materialized, files.failures, files.metrics, files.manifest];
}

function refuseOutputsThatAreInputs(files: RunFiles, inputs: readonly RunInput[], show: (path: string) => string): void {
  for (const input of inputs) {
    const clash = filesOf(files).find((path) => samePath(path, input.path));
    if (clash === undefined) continue;
    const role = clash === files.rollouts ? 'the rollouts file itself' : `its sidecar ${show(clash)}`;
    throw new ConfigError(`output_jsonl_fpath=${show(files.rollouts)} would overwrite the ${input.what}: ${role} is ${show(input.path)}`, {
      key: 'output_jsonl_fpath',
      hint: `write the results elsewhere, e.g. +output_jsonl_fpath=results/${basename(files.stem)}_rollouts.jsonl (nothing was written; ${show(input.path)} is untouched)`,
    });
  }
}

/** Same file: the same absolute path, or (both existing) the same device and inode, which sees through links. */
function samePath(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Fail now, before servers start, if the run's files cannot be written: a folder in their place, or a folder we cannot write. */
function checkWritable(files: RunFiles, folder: string): void {
  for (const path of filesOf(files)) {
    if (existsSync(path) && statSync(path).isDirectory()) {
      throw fileProblem('EISDIR', path, { action: path === files.rollouts ? 'write rollouts to' : 'write' });
    }
  }
  // One byte, written and removed: permission, a read-only disk and a full disk all show here.
  const probe = join(folder, `.${basename(files.stem)}.write-check-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'wx');
    writeSync(fd, '\n');
  } catch (error) {
    throw explainFileError(error, { path: files.rollouts, action: 'write rollouts to', then: 'or choose another +output_jsonl_fpath' });
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // It was never created.
    }
  }
}

/**
 * Rename every existing file of the run to `<stem>.<timestamp>...`; undefined when there was nothing to keep. A run
 * without a single result or failure line holds only what the input regenerates (materialized rows, manifest): it is
 * removed instead, so repeated failed starts leave no clutter.
 */
function keepPreviousRunAside(files: RunFiles, now: Date): { first: string; moved: number } | undefined {
  const existing = filesOf(files).filter((path) => existsSync(path));
  if (existing.length === 0) return undefined;
  if (![files.rollouts, files.failures].some((path) => existsSync(path) && statSync(path).size > 0)) {
    for (const path of existing) rmSync(path, { force: true });
    return undefined;
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = files.rollouts.endsWith('.jsonl') ? '.jsonl' : '';
  let aside: RunFiles;
  for (let attempt = 1; ; attempt++) {
    aside = runFilesFor(`${files.stem}.${stamp}${attempt > 1 ? `-${attempt}` : ''}${suffix}`);
    if (!filesOf(aside).some((path) => existsSync(path))) break;
  }
  const target = new Map(filesOf(files).map((path, index) => [path, filesOf(aside)[index]!]));
  for (const path of existing) {
    try {
      renameSync(path, target.get(path)!);
    } catch (error) {
      throw explainFileError(error, { path, action: 'keep the previous run aside by renaming', then: 'or choose another +output_jsonl_fpath' });
    }
  }
  return { first: target.get(existing[0]!)!, moved: existing.length };
}
