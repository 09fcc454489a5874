// +launcher=kubernetes: an Indexed Job of shards and a merge Job, written as YAML and applied with kubectl.
import { join } from 'node:path';
import { z } from 'zod';
import { readOptions } from '../config/options.ts';
import { displayPath } from '../config/paths.ts';
import { ConfigError } from '../errors.ts';
import { fixedPortNote } from './fixed-ports.ts';
import { readLaunchRecord, saveLaunchRecord, writeLaunchFile } from './launch-files.ts';
import type { Launcher } from './launcher.ts';
import { MERGE_MANIFEST, mergeObjects, SHARDS_MANIFEST, shardsJob, yamlDocuments, type KubernetesSettings } from './kubernetes-manifests.ts';
import { runTool } from './run-tool.ts';
import { shellCommand } from './shell-words.ts';

const quantity = z.union([z.string().min(1), z.number()]).transform(String);
const SHAPE = {
  kubernetes: z
    .strictObject({
      image: z.string().min(1).optional(),
      namespace: z.string().min(1).optional(),
      volume_claim: z.string().min(1).optional(),
      mount_path: z.string().startsWith('/').default('/workspace'),
      working_dir: z.string().startsWith('/').optional(),
      cpu: quantity.default('2'),
      memory: quantity.default('8Gi'),
      parallelism: z.coerce.number().int().min(1).optional(),
      backoff_limit: z.coerce.number().int().min(0).default(3),
      env_from_secret: z.string().min(1).optional(),
      kubectl_image: z.string().min(1).default('bitnami/kubectl:latest'),
    })
    .optional(),
};

export const kubernetesLauncher: Launcher = {
  async launch(plan, resolved, io) {
    const settings = readSettings(resolved);
    const print = (line: string): void => void io.stdout.write(`${line}\n`);
    const show = (path: string): string => displayPath(path, io.cwd);
    const note = fixedPortNote(resolved);
    if (note) print(`note: ${note}`);

    const record = readLaunchRecord(plan.dir);
    const command = shellCommand([plan.command, ...plan.userArgs]).split('\n').join('\n ');
    const shards = yamlDocuments([shardsJob(plan, settings)], ` rollout-gym: ${plan.numShards} shards of ${plan.output}, one per completion index, written by\n ${command}\n Pod i runs shard i (JOB_COMPLETION_INDEX); a pod started again resumes from the shard's files on the volume.`);
    const merge = yamlDocuments(mergeObjects(plan, settings), ` rollout-gym: merges the shards of ${plan.output} once the Job ${plan.jobName}-shards is complete.\n The ServiceAccount, Role and RoleBinding let its init container wait for that Job (kubectl wait).`);
    for (const [name, text] of [[SHARDS_MANIFEST, shards], [MERGE_MANIFEST, merge]] as const) {
      const kept = writeLaunchFile(plan.dir, name, text, record);
      if (kept) print(`note: ${kept}`);
    }
    saveLaunchRecord(plan.dir, record);
    const files = [join(plan.dir, SHARDS_MANIFEST), join(plan.dir, MERGE_MANIFEST)];
    print(`Kubernetes manifests for ${plan.numShards} shards of ${plan.output}:`);
    print(`  ${show(files[0]!)}   Indexed Job ${plan.jobName}-shards: pod i collects shard i into ${plan.shardOutput('<i>')} on volume claim ${settings.volume_claim}`);
    print(`  ${show(files[1]!)}   Job ${plan.jobName}-merge: waits for the shards, then ng_aggregate_rollouts into ${plan.output}`);
    const apply = `kubectl apply -f ${show(files[0]!)} -f ${show(files[1]!)}`;
    if (plan.dryRun) {
      print(`Dry run: nothing applied. Apply them with: ${apply}`);
      return 0;
    }
    const out = await runTool('kubectl', ['apply', '-f', files[0]!, '-f', files[1]!], {
      cwd: plan.cwd,
      env: io.env,
      missingHint: `install kubectl where it reaches your cluster and run: ${apply}`,
      failureHint: `the manifests are written; once kubectl reaches your cluster, run: ${apply}`,
    });
    print(out);
    const namespace = settings.namespace ? ` -n ${settings.namespace}` : '';
    print(`  watch:  kubectl get jobs${namespace} -l rollout-gym/launch=${plan.jobName} -w`);
    print(`  logs:   kubectl logs${namespace} -l job-name=${plan.jobName}-shards --prefix -f`);
    print(`  result: ${plan.output} and its _aggregate_metrics.json on the volume, once ${plan.jobName}-merge is complete`);
    print(`After a failed shard Job: kubectl delete${namespace} job ${plan.jobName}-shards ${plan.jobName}-merge, then run this command again; every shard resumes from its files.`);
    return 0;
  },
};

function readSettings(resolved: Parameters<Launcher['launch']>[1]): KubernetesSettings {
  const options = readOptions(resolved, SHAPE, { command: 'ng_e2e_collect_rollouts' }).kubernetes;
  const missing = (['image', 'volume_claim'] as const).filter((key) => options?.[key] === undefined);
  if (missing.length > 0 || options === undefined) {
    throw new ConfigError(`+launcher=kubernetes needs ${missing.map((key) => `kubernetes.${key}`).join(' and ')}`, {
      key: `kubernetes.${missing[0] ?? 'image'}`,
      hint: 'kubernetes.image: a container image with rollout-gym installed (its ng_* commands on PATH); kubernetes.volume_claim: a ReadWriteMany PersistentVolumeClaim that every shard and the merge mount (at kubernetes.mount_path, default /workspace), e.g. +kubernetes.image=registry/rollout-gym:1 +kubernetes.volume_claim=rollouts',
    });
  }
  return { ...options, image: options.image!, volume_claim: options.volume_claim! };
}
