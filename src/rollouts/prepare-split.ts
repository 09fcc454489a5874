// E2E data preparation (SPEC 7): gather one split's datasets from every agent, attach agent_ref, write one file.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findInputPath, displayPath, type PathRootsOptions } from '../config/paths.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { ConfigError, InputError } from '../errors.ts';
import { readJsonl } from './jsonl-reader.ts';
import { InputRowCheck, inputRowReading } from './input-rows.ts';
import { writeAllSync } from './run-files.ts';
import type { RunInput } from './run-outputs.ts';

export const SPLITS = ['train', 'validation', 'benchmark', 'example'] as const;
export type Split = (typeof SPLITS)[number];

export interface DatasetDeclaration {
  name?: string;
  type?: string;
  jsonl_fpath?: string;
  num_repeats?: number;
  source?: Record<string, unknown>;
}

export interface PreparedSplit {
  path: string;
  reused: boolean;
  rows: number;
  datasets: string[];
}

/** Write `<output stem>/preprocessed_datasets/<split>.jsonl` (or reuse it when asked and present). */
export async function prepareSplit(resolved: ResolvedConfig, split: Split, outputPath: string, reuse: boolean, env: NodeJS.ProcessEnv): Promise<PreparedSplit> {
  const path = preparedSplitPath(outputPath, split);
  if (reuse && existsSync(path)) return { path, reused: true, rows: 0, datasets: [] };
  const inSplit = splitDatasets(resolved, split, env);
  const clash = inSplit.find(({ file }) => resolve(file) === resolve(path));
  if (clash !== undefined) {
    throw new ConfigError(`the prepared ${split} data would overwrite its own dataset ${displayPath(clash.file, resolved.cwd)}`, {
      key: 'output_jsonl_fpath',
      hint: 'choose another +output_jsonl_fpath (the prepared data goes to <output stem>/preprocessed_datasets/)',
    });
  }
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  let rows = 0;
  try {
    for (const { agent, dataset, file } of inSplit) {
      const repeats = Number.isInteger(dataset.num_repeats) && dataset.num_repeats! >= 1 ? dataset.num_repeats! : 1;
      const rowCheck = new InputRowCheck(displayPath(file, resolved.cwd));
      for await (const { value, lineNumber } of readJsonl(file, inputRowReading(displayPath(file, resolved.cwd)))) {
        if (!rowCheck.check(value, lineNumber)) continue;
        // Identical lines on purpose: task identity is the line, so repeats share one _ng_task_index.
        const line = `${JSON.stringify({ ...value, agent_ref: { type: 'responses_api_agents', name: agent } })}\n`;
        writeAllSync(fd, line.repeat(repeats), path);
        rows += repeats;
      }
      rowCheck.throwIfAny();
    }
  } finally {
    closeSync(fd);
  }
  return { path, reused: false, rows, datasets: inSplit.map(({ agent, dataset }) => `${agent}/${dataset.name ?? dataset.jsonl_fpath}`) };
}

/** Where the split's rows are gathered for an output path. */
export function preparedSplitPath(outputPath: string, split: Split): string {
  return join(outputPath.replace(/\.jsonl$/, ''), 'preprocessed_datasets', `${split}.jsonl`);
}

/** The files an e2e run reads: the prepared split when it is reused, else every dataset of the split. */
export function splitInputs(resolved: ResolvedConfig, split: Split, outputPath: string, reuse: boolean, env: NodeJS.ProcessEnv): RunInput[] {
  const prepared = preparedSplitPath(outputPath, split);
  if (reuse && existsSync(prepared)) return [{ path: prepared, what: `prepared ${split} data` }];
  return splitDatasets(resolved, split, env).map(({ agent, dataset, file }) => ({ path: file, what: `dataset ${dataset.name ?? ''} of ${agent}`.replace('  ', ' ') }));
}

/** The split's datasets of every agent, each located on disk (a missing file is an InputError naming where it is published). */
export function splitDatasets(resolved: ResolvedConfig, split: Split, env: NodeJS.ProcessEnv): { agent: string; dataset: DatasetDeclaration; file: string }[] {
  const wanted = resolved.servers
    .filter((server) => server.kind === 'responses_api_agents')
    .flatMap((agent) => datasetsOf(agent.config).map((dataset) => ({ agent: agent.name, dataset })));
  const inSplit = wanted.filter(({ dataset }) => dataset.type === split);
  if (inSplit.length === 0) {
    const declared = wanted.map(({ agent, dataset }) => `${agent}: ${dataset.name ?? '?'} (${dataset.type ?? '?'})`);
    throw new ConfigError(`no agent in the config declares a \`${split}\` dataset`, {
      key: 'split',
      hint: declared.length > 0 ? `declared datasets:\n${declared.join('\n')}\nchoose one of their types with +split=<type>` : 'add agents with `datasets` to config_paths',
    });
  }
  return inSplit.map(({ agent, dataset }) => ({ agent, dataset, file: locateDataset(agent, dataset, { cwd: resolved.cwd, env, extraRoots: resolved.extraRoots }) }));
}

function datasetsOf(config: Record<string, unknown>): DatasetDeclaration[] {
  return Array.isArray(config.datasets) ? (config.datasets as DatasetDeclaration[]).filter((d) => d !== null && typeof d === 'object') : [];
}

function locateDataset(agent: string, dataset: DatasetDeclaration, roots: PathRootsOptions): string {
  if (typeof dataset.jsonl_fpath !== 'string') {
    throw new ConfigError(`dataset ${dataset.name ?? '(unnamed)'} of agent ${agent} has no jsonl_fpath`, { key: `${agent}.datasets`, hint: 'give every dataset a jsonl_fpath' });
  }
  const found = findInputPath(dataset.jsonl_fpath, roots);
  if (found !== undefined) return found;
  const source = dataset.source;
  const from = source === undefined ? undefined : source.type === 'huggingface' ? `Hugging Face ${String(source.repo_id)}${source.artifact_fpath ? ` (${String(source.artifact_fpath)})` : ''}` : `${String(source.type)} ${String(source.dataset_name ?? '')} ${String(source.version ?? '')} ${String(source.artifact_fpath ?? '')}`.trim();
  throw new InputError(`dataset file ${dataset.jsonl_fpath} (${dataset.name ?? 'unnamed'} of ${agent}) is missing${from ? `; it is published at ${from}` : ''}`, {
    file: dataset.jsonl_fpath,
    hint: from
      ? `this machine cannot download it: fetch it from ${from} elsewhere and copy it to ${dataset.jsonl_fpath}, or choose another split (+split=example needs no download)`
      : `create ${dataset.jsonl_fpath}, or fix jsonl_fpath in the agent's config`,
  });
}
