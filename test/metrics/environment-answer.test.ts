// An environment's answer is kept as bytes and its groups re-laid out token by token: the metrics file gets the
// bytes it got when each group was parsed into an object (JSON.parse semantics, JSON.stringify layout).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AnswerSpool } from '../../src/metrics/environment-answer.ts';
import { requestEnvironmentMetrics, type EnvironmentAnswer } from '../../src/metrics/environment-metrics.ts';
import { SpillDir } from '../../src/metrics/spill-dir.ts';
import { writeObjectWithStreamedArray } from '../../src/rollouts/json-stream.ts';

/** A server answering POST /aggregate_metrics with `body`, in pieces of 1 to `piece` bytes (splitting characters). */
async function answering(body: string, piece: number): Promise<{ url: string; server: Server }> {
  const bytes = Buffer.from(body);
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      let at = 0;
      const pump = (): void => {
        if (at >= bytes.length) return void response.end();
        const size = 1 + (at % piece);
        response.write(bytes.subarray(at, at + size));
        at += size;
        if (at % 997 < 7) setImmediate(pump);
        else pump();
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

async function ask(body: string, spill: SpillDir, piece = 7): Promise<{ answer: EnvironmentAnswer; text: string }> {
  const { url, server } = await answering(body, piece);
  const spool = new AnswerSpool(spill);
  try {
    const answer = await requestEnvironmentMetrics(url, ['{"verify_responses":[]}'], { timeoutMs: 10_000, spool });
    let text = '';
    if (answer.kind === 'metrics') await writeObjectWithStreamedArray((piece) => void (text += piece), { agent_metrics: answer.agent_metrics }, 'group_level_metrics', spool.groups(), 2);
    return { answer, text };
  } finally {
    spool.dispose();
    server.close();
  }
}

/** What the file held when each group was parsed into an object. */
async function parsedText(body: string): Promise<string> {
  const parsed = JSON.parse(body) as { agent_metrics: unknown; group_level_metrics: unknown[] };
  let text = '';
  await writeObjectWithStreamedArray((piece) => void (text += piece), { agent_metrics: parsed.agent_metrics }, 'group_level_metrics', parsed.group_level_metrics, 2);
  return text;
}

const GROUPS = `[
  {"_ng_task_index": 0, "mean/reward": 1.0, "median/x": 1e2, "min/x": -0, "big": 12345678901234567890, "tiny": 5e-324,
   "sample": {"agent_ref": {"name": "agent"}, "empty": {}, "list": [], "deep": [[[{"a": [1, [2, {}]]}]]]},
   "text": "é€😀 \\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0001 \\u00e9 \\ud83d\\ude00 \\ud800", "flags": [true, false, null],
   "rollout_infos": [{"rollout_id": "0:0", "reward": 1}, {"rollout_id": "0:1", "reward": 0.5}]},
  {},
  {"rollout_infos": []},
  {"10": "integer-like key, first in JSON.parse's order", "b": 1, "0": 2},
  {"a": 1, "b": 2, "a": 3},
  {"__proto__": {"x": 1}, "y": [{"__proto__": 1}]},
  {"nested": {"5": 1, "k": 2}}
]`;

test('groups of an environment answer come out as JSON.parse + JSON.stringify lay them out, whatever the chunking', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'rg-answer-'));
  try {
    const body = `{"agent_metrics": {"mean/reward": 0.5, "10": 1}, "key_metrics": {}, "group_level_metrics": ${GROUPS}}`;
    for (const bufferBytes of [1 << 20, 16]) {
      const { answer, text } = await ask(body, new SpillDir(join(parent, 'spill-'), { bufferBytes }));
      assert.equal(answer.kind, 'metrics');
      assert.equal(answer.kind === 'metrics' && answer.groups, 7);
      assert.equal(text, await parsedText(body), `buffer of ${bufferBytes} bytes`);
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a large group passes through without being built: 30,000 rollout_infos (2 MB) in one group', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'rg-answer-'));
  try {
    const infos = Array.from({ length: 30_000 }, (_, i) => `{"rollout_id":"0:${i}","_ng_task_index":0,"_ng_rollout_index":${i},"reward":${i % 3 === 0 ? 1 : 0},"input_tokens":${i % 97}}`);
    const body = `{"agent_metrics":{},"key_metrics":{},"group_level_metrics":[{"_ng_task_index":0,"mean/reward":0.3,"rollout_infos":[${infos.join(',')}]}]}`;
    const { text } = await ask(body, new SpillDir(join(parent, 'spill-')), 70_001);
    assert.equal(text, await parsedText(body));
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('what is wrong with group_level_metrics is said as before; a primitive or an empty object is no group', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'rg-answer-'));
  const spill = new SpillDir(join(parent, 'spill-'));
  try {
    const failed = async (groups: string): Promise<string> => {
      const { answer } = await ask(`{"agent_metrics": {}, "group_level_metrics": ${groups}}`, spill);
      return answer.kind === 'failed' ? answer.reason : `not failed: ${answer.kind}`;
    };
    assert.equal(await failed('{"a": {}}'), '`group_level_metrics` is not a list');
    assert.equal(await failed('[1]'), 'group_level_metrics[0] is not an object');
    assert.equal(await failed('[{}, [], {}]'), 'group_level_metrics[1] is not an object');
    for (const none of ['5', '{}', '[]', 'null']) {
      const { answer, text } = await ask(`{"agent_metrics": {}, "group_level_metrics": ${none}}`, spill);
      assert.equal(answer.kind === 'metrics' && answer.groups, 0, none);
      assert.match(text, /"group_level_metrics": \[\]\n {2}\}$/);
    }
    assert.equal((await ask('[1, 2]', spill)).answer.kind === 'failed' && 'failed', 'failed');
  } finally {
    spill.dispose();
    rmSync(parent, { recursive: true, force: true });
  }
});
