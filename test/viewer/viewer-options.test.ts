import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { listenOnFreePort } from '../../src/viewer/listen.ts';
import { expectedBestOfK } from '../../src/viewer/pass-at-k.ts';
import { parseViewerOptions } from '../../src/viewer/viewer-options.ts';

test('ng_viewer takes +jsonl_fpath or the positional file, relative to the current directory', () => {
  assert.deepEqual(parseViewerOptions(['+jsonl_fpath=results/x.jsonl'], '/home/u'), { jsonlPath: '/home/u/results/x.jsonl', comparePath: undefined, host: '127.0.0.1', port: 7860, portExplicit: false });
  const options = parseViewerOptions(['rollouts_output.jsonl', '+port=9000', '+host=0.0.0.0', '+compare_jsonl_fpath=/abs/b.jsonl'], '/w');
  assert.deepEqual(options, { jsonlPath: '/w/rollouts_output.jsonl', comparePath: '/abs/b.jsonl', host: '0.0.0.0', port: 9000, portExplicit: true });
  assert.equal(parseViewerOptions(['++jsonl_fpath="a b.jsonl"', 'server_port=7000'], '/w').jsonlPath, '/w/a b.jsonl');
  assert.throws(() => parseViewerOptions([], '/w'), /needs the rollouts file/);
  assert.throws(() => parseViewerOptions(['x.jsonl', '+prot=1'], '/w'), /unknown key "prot"/);
  assert.throws(() => parseViewerOptions(['x.jsonl', '+port=http'], '/w'), /not a TCP port/);
});

test('the default port moves to the next free one; an explicit busy port is an error', async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  const server = createServer();
  try {
    const bound = await listenOnFreePort(server, '127.0.0.1', port, true);
    assert.ok(bound > port, `expected a port after ${port}, got ${bound}`);
    await new Promise((resolve) => server.close(resolve));
    await assert.rejects(listenOnFreePort(createServer(), '127.0.0.1', port, false), /already in use/);
  } finally {
    blocker.close();
    server.close();
  }
});

test('pass@k is the unbiased estimator for 0/1 rewards and the expected best of k otherwise', () => {
  assert.equal(expectedBestOfK([1, 0, 0], 1), 1 / 3);
  assert.ok(Math.abs(expectedBestOfK([1, 0, 0], 2) - 2 / 3) < 1e-12);
  assert.equal(expectedBestOfK([1, 0, 0], 3), 1);
  assert.ok(Math.abs(expectedBestOfK([0.2, 0.4, 0.9], 2) - (0.4 + 0.9 + 0.9) / 3) < 1e-12);
});
