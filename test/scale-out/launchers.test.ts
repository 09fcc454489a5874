// The launchers' files, run the way a cluster would run them: the Slurm scripts by hand with bash, the Kubernetes
// containers' commands here with JOB_COMPLETION_INDEX set, and +launcher=local; each merged result equals an
// unsharded run of the same command.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { execa } from 'execa';
import { freePort } from '../helpers/free-port.ts';
import { parseAllDocuments } from 'yaml';
import { mainPath, spawnCli } from '../helpers/cli.ts';
import { tempDir } from '../rollouts/collect-helpers.ts';
import { assertSameMetrics, assertSameRollouts } from './same-run.ts';

const CONFIGS = 'responses_api_models/offline_model/configs/offline_model.yaml,resources_servers/example_simple_weather/configs/simple_weather.yaml';
/** The bundled weather example: 5 tasks, 2 repeats each; 3 shards hold tasks {0,3}, {1,4} and {2}; 2 shards {0,2,4} and {1,3}. */
const COMMAND = [`+config_paths=[${CONFIGS}]`, '+split=example', '+num_repeats=2'];
const ROLLOUTS = 10;

let reference: { rollouts: string; metrics: string };
before(async () => {
  const dir = tempDir();
  const result = await spawnCli('ng_e2e_collect_rollouts', [...COMMAND, `+output_jsonl_fpath=${join(dir, 'unsharded.jsonl')}`, `+head_server.port=${await freePort()}`]);
  assert.equal(result.exitCode, 0, String(result.stderr));
  reference = { rollouts: join(dir, 'unsharded.jsonl'), metrics: join(dir, 'unsharded_aggregate_metrics.json') };
});

function assertEqualsReference(output: string): void {
  assertSameRollouts(reference.rollouts, output, ROLLOUTS);
  assertSameMetrics(reference.metrics, output.replace(/\.jsonl$/, '_aggregate_metrics.json'));
}

test('+launcher=slurm +dry_run=true writes the two scripts, submits nothing; run by hand with bash they give the unsharded result', async () => {
  const dir = tempDir();
  const out = join(dir, 'sharded.jsonl');
  const launch = [...COMMAND, `+output_jsonl_fpath=${out}`, '+launcher=slurm', '+num_shards=2', '+dry_run=true',
    '+slurm.partition=debug', '+slurm.time=30', '+slurm.cpus_per_task=2', '+slurm.sbatch_lines=[--mem=1G]', '+slurm.setup_lines=[export RG_SETUP_RAN=1]'];
  const written = await spawnCli('ng_e2e_collect_rollouts', launch);
  assert.equal(written.exitCode, 0, String(written.stderr));
  const scripts = join(dir, 'sharded_slurm');
  assert.match(String(written.stdout), /Dry run: nothing submitted\. Submit by hand with\n {2}array=\$\(sbatch --parsable --array=0-1 \S+shards\.sbatch\)\n {2}sbatch --dependency=afterok:\$array --kill-on-invalid-dep=yes \S+merge\.sbatch/);
  assert.ok(!existsSync(join(dir, 'sharded_shards')), 'nothing ran');

  const shards = readFileSync(join(scripts, 'shards.sbatch'), 'utf8');
  for (const line of ['#SBATCH --partition=debug', '#SBATCH --time=30', '#SBATCH --cpus-per-task=2', '#SBATCH --mem=1G', '#SBATCH --signal=B:TERM@60', '#SBATCH --open-mode=append', `#SBATCH --output=${join(scripts, 'logs', 'shard_%a.out')}`, 'export RG_SETUP_RAN=1']) {
    assert.ok(shards.split('\n').includes(line), `shards.sbatch has the line ${line}`);
  }
  assert.match(shards, /^#SBATCH --job-name=rg-sharded-[0-9a-f]{6}-shards$/m);
  // The collector is exec'd (scancel's SIGTERM reaches it), with the V8 flags bin/launch.js starts a collector with.
  assert.match(shards, new RegExp(`^exec ${process.execPath} --max-semi-space-size=8 --heap-growing-percent=50 \\\\\n +${mainPath} \\\\\n +ng_e2e_collect_rollouts \\\\$`, 'm'));
  const exec = shards.slice(shards.indexOf('\nexec '));
  for (const argument of ["'++shard_index=${oc.env:SLURM_ARRAY_TASK_ID}'", '++num_shards=2', '++resume_from_cache=true', '++head_server.port=0', `'++output_jsonl_fpath=${join(dir, 'sharded_shards')}/shard_\${shard_index}.jsonl'`]) {
    assert.ok(exec.includes(argument), `the shard command has ${argument}`);
  }
  assert.doesNotMatch(exec, /launcher|dry_run|slurm\./, 'the shard command does not launch again');
  const merge = readFileSync(join(scripts, 'merge.sbatch'), 'utf8');
  assert.match(merge, new RegExp(`ng_aggregate_rollouts \\\\\\n  '\\+input_glob=${join(dir, 'sharded_shards')}/shard_\\*\\.jsonl' \\\\\\n  \\+output_jsonl_fpath=${out}\\n`));

  // What each array task would do, run here at once (shards share this node), then the merge job.
  const runs = await Promise.all([0, 1].map((index) => execa('bash', [join(scripts, 'shards.sbatch')], { env: { SLURM_ARRAY_TASK_ID: String(index) }, reject: false, all: true })));
  for (const run of runs) assert.equal(run.exitCode, 0, String(run.all));
  const merged = await execa('bash', [join(scripts, 'merge.sbatch')], { reject: false, all: true });
  assert.equal(merged.exitCode, 0, String(merged.all));
  assertEqualsReference(out);

  // A script edited by hand survives the same command again.
  appendFileSync(join(scripts, 'shards.sbatch'), '# my edit\n');
  const again = await spawnCli('ng_e2e_collect_rollouts', launch);
  assert.equal(again.exitCode, 0, String(again.stderr));
  assert.match(String(again.stdout), /shards\.sbatch was edited since it was written: keeping your version \(delete it to get a fresh one\)/);
  assert.match(readFileSync(join(scripts, 'shards.sbatch'), 'utf8'), /# my edit\n$/);
});

test('+launcher=slurm refuses a literal secret on the command line (it would be written into the scripts), and says when sbatch is missing', async () => {
  const dir = tempDir();
  const base = [...COMMAND, `+output_jsonl_fpath=${join(dir, 'run.jsonl')}`, '+launcher=slurm', '+num_shards=2'];
  const secret = await spawnCli('ng_e2e_collect_rollouts', [...base, '+dry_run=true', '+policy_api_key=sk-do-not-write']);
  assert.equal(secret.exitCode, 1);
  assert.match(String(secret.stderr), /`\+policy_api_key=\*\*\*\*` holds a secret, and \+launcher=slurm writes the command into job files/);
  assert.match(String(secret.stderr), /'\+policy_api_key=\$\{oc\.env:MY_KEY\}'/);
  assert.doesNotMatch(String(secret.stderr) + String(secret.stdout), /sk-do-not-write/);
  assert.ok(!existsSync(join(dir, 'run_slurm')), 'nothing was written');

  const fromEnv = await spawnCli('ng_e2e_collect_rollouts', [...base, '+dry_run=true', '+policy_api_key=${oc.env:MY_KEY}'], { env: { MY_KEY: 'sk-from-env' } });
  assert.equal(fromEnv.exitCode, 0, String(fromEnv.stderr));
  const script = readFileSync(join(dir, 'run_slurm', 'shards.sbatch'), 'utf8');
  assert.match(script, /'\+policy_api_key=\$\{oc\.env:MY_KEY\}'/, 'the job reads the key from its environment');
  assert.doesNotMatch(script, /sk-from-env/);

  const noSlurm = await spawnCli('ng_e2e_collect_rollouts', base, { env: { PATH: join(dir, 'no-such-bin') } });
  assert.equal(noSlurm.exitCode, 1);
  assert.match(String(noSlurm.stderr), /error \[RG_LAUNCH\] `squeue` is not installed here \(or not on PATH\)\n {2}fix: run this on a machine where Slurm's client commands work \(a login node\), or add \+dry_run=true to only write the scripts/);
});

test('+launcher=kubernetes writes an Indexed Job and a merge Job; their commands, run here with JOB_COMPLETION_INDEX, give the unsharded result', async () => {
  const volume = tempDir();
  const settings = ['+kubernetes.image=registry.example/rollout-gym:1', '+kubernetes.volume_claim=rollouts', '+kubernetes.namespace=evals', '+kubernetes.cpu=4', '+kubernetes.memory=16Gi', '+kubernetes.env_from_secret=api-keys'];
  const launch = [...COMMAND, '+output_jsonl_fpath=results/sharded.jsonl', '+launcher=kubernetes', '+num_shards=2', '+dry_run=true', ...settings];
  const written = await spawnCli('ng_e2e_collect_rollouts', launch, { cwd: volume });
  assert.equal(written.exitCode, 0, String(written.stderr));
  assert.match(String(written.stdout), /Dry run: nothing applied\. Apply them with: kubectl apply -f results\/sharded_kubernetes\/shards\.yaml -f results\/sharded_kubernetes\/merge\.yaml/);

  const [shardsJob, ...rest] = parseAllDocuments(readFileSync(join(volume, 'results/sharded_kubernetes/shards.yaml'), 'utf8')).map((doc) => doc.toJS() as Record<string, any>);
  assert.equal(rest.length, 0);
  const name = shardsJob!.metadata.name as string;
  assert.match(name, /^rg-sharded-[0-9a-f]{6}-shards$/);
  assert.equal(shardsJob!.apiVersion, 'batch/v1');
  assert.equal(shardsJob!.kind, 'Job');
  assert.equal(shardsJob!.metadata.namespace, 'evals');
  assert.deepEqual([shardsJob!.spec.completionMode, shardsJob!.spec.completions, shardsJob!.spec.parallelism], ['Indexed', 2, 2]);
  const pod = shardsJob!.spec.template.spec;
  assert.equal(pod.restartPolicy, 'Never');
  assert.deepEqual(pod.volumes, [{ name: 'work', persistentVolumeClaim: { claimName: 'rollouts' } }]);
  const [shard] = pod.containers;
  assert.equal(shard.image, 'registry.example/rollout-gym:1');
  assert.equal(shard.workingDir, '/workspace');
  assert.deepEqual(shard.volumeMounts, [{ name: 'work', mountPath: '/workspace' }]);
  assert.deepEqual(shard.resources, { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi' } });
  assert.deepEqual(shard.envFrom, [{ secretRef: { name: 'api-keys' } }]);
  assert.deepEqual(shard.command, ['ng_e2e_collect_rollouts']);
  assert.ok(shard.args.includes('++shard_index=${oc.env:JOB_COMPLETION_INDEX}'), 'the index comes from the Indexed Job');

  const merge = parseAllDocuments(readFileSync(join(volume, 'results/sharded_kubernetes/merge.yaml'), 'utf8')).map((doc) => doc.toJS() as Record<string, any>);
  assert.deepEqual(merge.map((object) => object.kind), ['ServiceAccount', 'Role', 'RoleBinding', 'Job']);
  const mergeName = name.replace(/-shards$/, '-merge');
  assert.ok(merge.every((object) => object.metadata.name === mergeName && object.metadata.namespace === 'evals'));
  assert.deepEqual(merge[1]!.rules, [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }]);
  const mergePod = merge[3]!.spec.template.spec;
  assert.equal(mergePod.serviceAccountName, mergeName);
  assert.deepEqual(mergePod.initContainers[0].command, ['kubectl', 'wait', '--for=condition=complete', '--timeout=-1s', `job/${name}`]);
  assert.deepEqual(mergePod.containers[0].command, ['ng_aggregate_rollouts']);

  // Each pod's command, here: the volume is this directory, JOB_COMPLETION_INDEX the pod's index (all at once).
  const runs = await Promise.all([0, 1].map((index) => spawnCli(shard.command[0], shard.args, { cwd: volume, env: { JOB_COMPLETION_INDEX: String(index) }, all: true })));
  for (const run of runs) assert.equal(run.exitCode, 0, String(run.all));
  const merged = await spawnCli(mergePod.containers[0].command[0], mergePod.containers[0].args, { cwd: volume });
  assert.equal(merged.exitCode, 0, String(merged.stderr));
  assertEqualsReference(join(volume, 'results/sharded.jsonl'));

  const noImage = await spawnCli('ng_e2e_collect_rollouts', [...COMMAND, '+output_jsonl_fpath=results/x.jsonl', '+launcher=kubernetes', '+num_shards=2', '+dry_run=true'], { cwd: volume });
  assert.equal(noImage.exitCode, 1);
  assert.match(String(noImage.stderr), /\+launcher=kubernetes needs kubernetes\.image and kubernetes\.volume_claim/);
});

test('+launcher=kubernetes without dry_run applies with kubectl, and when kubectl cannot reach a cluster says how to apply the written manifests', async () => {
  const volume = tempDir();
  // A kubeconfig whose cluster is a closed local port: this test can never reach a real cluster.
  const kubeconfig = join(volume, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: none, cluster: {server: "https://127.0.0.1:${await freePort()}"}}]\ncontexts: [{name: none, context: {cluster: none, user: none}}]\ncurrent-context: none\nusers: [{name: none, user: {}}]\n`);
  mkdirSync(join(volume, 'bin'));
  const args = [...COMMAND, '+output_jsonl_fpath=results/run.jsonl', '+launcher=kubernetes', '+num_shards=2', '+kubernetes.image=img', '+kubernetes.volume_claim=pvc'];
  const hasKubectl = (await execa('sh', ['-c', 'command -v kubectl'], { reject: false })).exitCode === 0;
  const result = await spawnCli('ng_e2e_collect_rollouts', args, { cwd: volume, env: { KUBECONFIG: kubeconfig, ...(!hasKubectl && { PATH: join(volume, 'bin') }) } });
  assert.equal(result.exitCode, 1);
  assert.ok(existsSync(join(volume, 'results/run_kubernetes/shards.yaml')) && existsSync(join(volume, 'results/run_kubernetes/merge.yaml')), 'the manifests are written first');
  if (hasKubectl) {
    assert.match(String(result.stderr), /error \[RG_LAUNCH\] `kubectl apply -f \S+shards\.yaml -f \S+merge\.yaml` failed/);
    assert.match(String(result.stderr), /fix: the manifests are written; once kubectl reaches your cluster, run: kubectl apply -f results\/run_kubernetes\/shards\.yaml -f results\/run_kubernetes\/merge\.yaml/);
  } else {
    assert.match(String(result.stderr), /`kubectl` is not installed here \(or not on PATH\)\n {2}fix: install kubectl where it reaches your cluster and run: kubectl apply -f results\/run_kubernetes\/shards\.yaml/);
  }
});

test('+launcher=local runs the shards side by side here and merges them; run again, finished shards are kept and only merged', async () => {
  const dir = tempDir();
  const out = join(dir, 'sharded.jsonl');
  const launch = [...COMMAND, `+output_jsonl_fpath=${out}`, '+launcher=local', '+num_shards=2'];
  const first = await spawnCli('ng_e2e_collect_rollouts', launch);
  assert.equal(first.exitCode, 0, String(first.stderr) + String(first.stdout));
  for (const index of [0, 1]) assert.match(String(first.stdout), new RegExp(`shard ${index}: ended \\(exit 0\\)`));
  assert.match(String(first.stdout), /Merging 2 shards into /);
  assertEqualsReference(out);

  const again = await spawnCli('ng_e2e_collect_rollouts', launch);
  assert.equal(again.exitCode, 0, String(again.stderr));
  assert.match(String(again.stdout), /shard 0: finished earlier \(6\/6 rollouts\), kept\nshard 1: finished earlier \(4\/4 rollouts\), kept\n/);
  assert.doesNotMatch(String(again.stdout), /started \(pid/);
  assertEqualsReference(out);
});
