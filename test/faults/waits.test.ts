// Every wait has a deadline and says what it waits for: a taken head port is an error that ends the command (it used
// to hang after printing it), and an unreachable model endpoint is reported at once with what was tried.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { fixtureCwd } from '../servers/stack-fixtures.ts';
import { assertNoProcessLeft, cli, e2eArgs, startUpstream, trackProcesses, waitForOutput, WEATHER_CONFIGS, workspace } from './fault-kit.ts';

/** A port another program listens on. */
async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

for (const command of ['ng_run', 'ng_e2e_collect_rollouts'] as const) {
  test(`${command} with an explicit +head_server.port that is taken: the error, then exit 1 (no hang), nothing left`, { timeout: 60_000 }, async () => {
    const upstream = await startUpstream();
    const { port, server } = await takenPort();
    try {
      const ws = workspace(upstream);
      const args = command === 'ng_run' ? [`+config_paths=[${WEATHER_CONFIGS}]`] : await e2eArgs(ws, 3);
      const run = cli(ws, command, [...args.filter((arg) => !arg.startsWith('+head_server.port=')), `+head_server.port=${port}`], { timeout: 30_000 });
      const tracked = trackProcesses(run.pid!);
      const result = await run;
      tracked.stop();
      assert.equal(result.timedOut, false, `${command} hung after its error:\n${String(result.all)}`);
      assert.equal(result.exitCode, 1, String(result.all));
      assert.match(String(result.stderr), new RegExp(`^error \\[RG_HEAD_SERVER\\] the head server cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)\\n  fix: another ng_run \\(or another program\\) uses that port`, 'm'));
      await assertNoProcessLeft(tracked.pids(), command);
    } finally {
      server.close();
      await upstream.stop();
    }
  });
}

test('an unreachable policy_base_url is reported at once with what was tried, and fails at its deadline with every try counted', { timeout: 60_000 }, async () => {
  const ws = workspace();
  const dead = `http://127.0.0.1:${await freePort()}/v1`;
  writeFileSync(join(ws.dir, 'env.yaml'), `policy_base_url: ${dead}\npolicy_api_key: some-key\npolicy_model_name: m\n`);
  const run = cli(ws, 'ng_e2e_collect_rollouts', await e2eArgs(ws, 3, ['+model_endpoint_readiness_timeout_seconds=3']));
  const tracked = trackProcesses(run.pid!);
  const result = await run;
  tracked.stop();
  assert.equal(result.exitCode, 1, String(result.all));
  const key = 'policy_model\\.responses_api_models\\.openai_model\\.openai_base_url';
  assert.match(String(result.stderr), new RegExp(`^waiting for model endpoint ${dead} \\(from \`${key}\`, .*openai_model\\.yaml:\\d+:\\d+\\): connection refused \\(ECONNREFUSED\\) after 1 try; retrying for \\d+ s more \\(\\+model_endpoint_readiness_timeout_seconds=<s> changes the wait\\)`, 'm'));
  assert.match(String(result.stderr), new RegExp(`^error \\[RG_UPSTREAM\\] 1 model endpoint\\(s\\) did not accept connections within 3 s:\\n- ${dead} \\(from \`${key}\`.*\\): connection refused \\(ECONNREFUSED\\) \\(\\d+ tr(?:y|ies) of GET ${dead}/models\\)`, 'm'));
  await assertNoProcessLeft(tracked.pids(), 'ng_e2e_collect_rollouts');
});

test('stopping a server that ignores SIGTERM says what it waits for; a second Ctrl-C kills it now and the stop is still confirmed', { timeout: 90_000 }, async () => {
  const cwd = fixtureCwd();
  const config = join(cwd, 'stubborn.yaml');
  writeFileSync(config, 'stubborn_server:\n  resources_servers:\n    ignores-sigterm:\n      entrypoint: app.mjs\n      domain: other\n');
  const run = spawnCli('ng_run', [`+config_paths=[${config}]`, `+head_server.port=${await freePort()}`, '+shutdown_grace_s=60'], { cwd, env: { RG_RUNS_DIR: join(cwd, 'runs') }, all: true });
  const tracked = trackProcesses(run.pid!);
  await waitForOutput(run, /press Ctrl-C to stop/);
  run.kill('SIGINT');
  await waitForOutput(run, /waiting for stubborn_server \(pid \d+\) to exit; SIGKILL in \d+ s \(shutdown_grace_s\), Ctrl-C again kills now/);
  const secondAt = Date.now();
  run.kill('SIGINT');
  const result = await run;
  tracked.stop();
  assert.ok(Date.now() - secondAt < 30_000, 'the second Ctrl-C did not wait out the 60 s grace');
  assert.equal(result.exitCode, 130, String(result.all));
  assert.match(String(result.stderr), /Ctrl-C again: stopping now, without waiting for grace periods/);
  assert.match(String(result.stdout), /all servers stopped in \d+\.\d s/);
  await assertNoProcessLeft(tracked.pids(), 'ng_run');
});
