// Row materialisation (SPEC 8.2): task/rollout indices, agent_ref, overrides, repeats, seeds; streamed to disk.
import { closeSync, openSync } from 'node:fs';
import { ConfigError, InputError } from '../errors.ts';
import { InputRowCheck, inputRowReading } from './input-rows.ts';
import { readJsonl } from './jsonl-reader.ts';
import { agentNameOf } from './rollout-key.ts';
import { writeAllSync } from './run-files.ts';
import { shardOfTask, type ShardSpec } from './shard-partition.ts';
import { numberTasks } from './task-numbering.ts';

export interface MaterializeOptions {
  inputPath: string;
  inputDisplayPath: string;
  outputPath: string;
  agentName: string | undefined;
  limit: number;
  numRepeats: number | Record<string, number>;
  addSeed: boolean;
  overrides: Record<string, unknown>;
  /** Write only the rows of this shard's tasks (task indices stay global). */
  shard?: ShardSpec | undefined;
  warn: (message: string) => void;
}

export interface MaterializeSummary {
  rows: number;
  inputRows: number;
  /** Sharded runs: how many distinct tasks the input has (after limit), and how many of them are this shard's. */
  shardTasks?: { inShard: number; total: number };
  agents: Map<string, number>;
}

/** Write `<stem>_materialized_inputs.jsonl` from the input, one compact line per rollout, repeats adjacent. */
export async function materializeInputs(options: MaterializeOptions): Promise<MaterializeSummary> {
  // Task identity is the raw line text (as NeMo Gym): numbered in a first read, on disk past a memory limit.
  const numbering = await numberTasks({
    ...options,
    repeatsOf: (row) => repeatsFor(agentNameOf(row) ?? options.agentName ?? '', options.numRepeats) ?? 0,
    spillPrefix: `${options.outputPath}.spill-`,
  });
  const agents = new Map<string, number>();
  const rowsWithoutAgent: number[] = [];
  const agentsWithoutRepeats = new Set<string>();
  const agentsInInput = new Set<string>();
  let inputRows = 0;
  let rows = 0;
  const rowCheck = new InputRowCheck(options.inputDisplayPath);
  const fd = openSync(options.outputPath, 'w');
  try {
    for await (const { lineNumber, raw, value } of readJsonl(options.inputPath, inputRowReading(options.inputDisplayPath))) {
      if (options.limit > 0 && inputRows >= options.limit) break;
      inputRows++;
      if (!rowCheck.check(value, lineNumber)) continue;
      const agent = agentNameOf(value) ?? options.agentName;
      if (agent === undefined) {
        rowsWithoutAgent.push(lineNumber);
        continue;
      }
      const repeats = repeatsFor(agent, options.numRepeats);
      if (repeats === undefined) {
        agentsWithoutRepeats.add(agent);
        continue;
      }
      agentsInInput.add(agent);
      const { task, firstRollout } = numbering.at(lineNumber);
      // Every shard reads the whole input, so task indices (and errors about rows) are the same on every shard.
      if (options.shard && shardOfTask(task, options.shard.count) !== options.shard.index) continue;
      const base = materializedBase(value, agent, options.overrides);
      let buffered = '';
      for (let i = 0; i < repeats; i++) {
        const rollout = firstRollout + i;
        // Only a seed changes the row's nested objects; without one the repeats share them.
        const row = { ...(options.addSeed ? structuredClone(base) : base), _ng_task_index: task, _ng_rollout_index: rollout };
        if (options.addSeed) addSeed(row, rollout);
        buffered += `${JSON.stringify(row)}\n`;
        // A row repeated 200,000 times is 100+ MB of text: written 64 KB at a time, never whole.
        if (buffered.length >= 64 * 1024) {
          writeAllSync(fd, buffered, options.outputPath);
          buffered = '';
        }
      }
      writeAllSync(fd, buffered, options.outputPath);
      rows += repeats;
      agents.set(agent, (agents.get(agent) ?? 0) + repeats);
    }
  } finally {
    closeSync(fd);
    numbering.dispose();
  }
  rowCheck.throwIfAny();
  reportProblems(options, rowsWithoutAgent, agentsWithoutRepeats, agentsInInput);
  return { rows, inputRows, agents, ...(options.shard && { shardTasks: { inShard: numbering.tasksInShard, total: numbering.tasks } }) };
}

function repeatsFor(agent: string, numRepeats: number | Record<string, number>): number | undefined {
  if (typeof numRepeats === 'number') return numRepeats;
  return numRepeats[agent] ?? numRepeats._default;
}

function materializedBase(row: Record<string, unknown>, agent: string, overrides: Record<string, unknown>): Record<string, unknown> {
  const params = row.responses_create_params;
  const merged = { ...(params !== null && typeof params === 'object' ? (params as Record<string, unknown>) : {}), ...overrides };
  const agentRef = row.agent_ref !== undefined && agentNameOf(row) !== undefined ? row.agent_ref : { name: agent };
  return { ...row, responses_create_params: merged, agent_ref: agentRef };
}

/** `metadata.extra_body` is a JSON string (Responses metadata is string-valued); the seed is merged into it. */
function addSeed(row: Record<string, unknown>, seed: number): void {
  const params = row.responses_create_params as Record<string, unknown>;
  const metadata = { ...((params.metadata as Record<string, unknown> | null | undefined) ?? {}) };
  let extraBody: Record<string, unknown> = {};
  if (typeof metadata.extra_body === 'string' && metadata.extra_body !== '') {
    try {
      extraBody = JSON.parse(metadata.extra_body) as Record<string, unknown>;
    } catch {
      throw new InputError(`responses_create_params.metadata.extra_body is not a JSON string: ${metadata.extra_body}`, {
        hint: 'extra_body must be a JSON object encoded as a string, e.g. "{\\"top_k\\": 20}"',
      });
    }
  }
  metadata.extra_body = JSON.stringify({ ...extraBody, seed });
  params.metadata = metadata;
}

function reportProblems(
  options: MaterializeOptions,
  rowsWithoutAgent: number[],
  agentsWithoutRepeats: Set<string>,
  agentsInInput: Set<string>,
): void {
  if (rowsWithoutAgent.length > 0) {
    const shown = rowsWithoutAgent.slice(0, 20).join(', ') + (rowsWithoutAgent.length > 20 ? `, ... (${rowsWithoutAgent.length} rows)` : '');
    throw new InputError(`No agent specified for rows at lines [${shown}] of '${options.inputDisplayPath}'.`, {
      file: options.inputDisplayPath,
      hint: 'Either provide +agent_name=<agent> or include agent_ref: {"name": <agent>} in the data.',
    });
  }
  if (agentsWithoutRepeats.size > 0 && typeof options.numRepeats === 'object') {
    throw new ConfigError(
      `num_repeats map has no entry for agents [${[...agentsWithoutRepeats].join(', ')}] and no '_default' fallback. Listed agents: [${Object.keys(options.numRepeats).join(', ')}]`,
      { key: 'num_repeats', hint: 'add those agents or a `_default` entry to num_repeats' },
    );
  }
  if (typeof options.numRepeats === 'object') {
    const unseen = Object.keys(options.numRepeats).filter((name) => name !== '_default' && !agentsInInput.has(name));
    if (unseen.length > 0) options.warn(`num_repeats names agents that no input row uses: ${unseen.join(', ')}`);
  }
}
