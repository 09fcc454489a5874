// Shared pieces of the collector tests: temp dirs, input files, reading JSONL outputs, no-leftover checks.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { waitUntilGone } from '../helpers/processes.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

export function tempDir(): string {
  return testTempDir('rg-collect-');
}

/** Write `count` distinct task rows (prompt "question <i>", temperature 0.5). */
export function writeInput(path: string, count: number, extra: (i: number) => Record<string, unknown> = () => ({})): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ responses_create_params: { input: `question ${i}`, temperature: 0.5 }, question_id: i, ...extra(i) }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export function readJsonlFile(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function keysOf(rows: Record<string, unknown>[]): string[] {
  return rows.map((row) => `${row._ng_task_index}:${row._ng_rollout_index}`).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Assert that none of `pids` (and none of their descendants) outlives the test. */
export async function assertAllGone(pids: readonly (number | undefined)[]): Promise<void> {
  const alive = await waitUntilGone(pids.filter((pid): pid is number => pid !== undefined), 5000);
  assert.deepEqual(alive, [], 'no process started by the test may outlive it');
}

const GET_WEATHER_TOOL = { type: 'function', name: 'get_weather', strict: true, description: '', parameters: { type: 'object', properties: { city: { type: 'string', description: '' } }, required: ['city'], additionalProperties: false } };

/** `count` distinct weather tasks in the bundled example's row shape (the get_weather tool offered). */
export function writeWeatherRows(path: string, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `${JSON.stringify({ responses_create_params: { input: [{ role: 'user', content: `what's it like in city ${i}?` }], tools: [GET_WEATHER_TOOL] } })}\n`;
  writeFileSync(path, text);
  return path;
}
