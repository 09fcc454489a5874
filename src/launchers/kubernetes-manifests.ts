// The Kubernetes objects of a launch: an Indexed Job of shards, and a merge Job that waits for it to complete.
import { Document } from 'yaml';
import type { LaunchPlan } from './launch-plan.ts';

export interface KubernetesSettings {
  image: string;
  namespace?: string | undefined;
  /** A ReadWriteMany PersistentVolumeClaim: every shard pod and the merge pod read and write the same files. */
  volume_claim: string;
  mount_path: string;
  /** The commands' working directory (relative paths in the command are relative to it); default: mount_path. */
  working_dir?: string | undefined;
  cpu: string;
  memory: string;
  parallelism?: number | undefined;
  backoff_limit: number;
  /** A Secret whose keys become environment variables (for `${oc.env:...}` in the command or config). */
  env_from_secret?: string | undefined;
  /** The image the merge Job waits with (`kubectl wait` for the shard Job). */
  kubectl_image: string;
}

export const SHARDS_MANIFEST = 'shards.yaml';
export const MERGE_MANIFEST = 'merge.yaml';

type Json = Record<string, unknown>;

/** Seconds between SIGTERM and SIGKILL: the collector stops its servers (shutdown_grace_s) and writes its metrics. */
const TERMINATION_GRACE_S = 60;

function labels(plan: LaunchPlan, component: string): Json {
  return { 'app.kubernetes.io/name': 'rollout-gym', 'app.kubernetes.io/component': component, 'rollout-gym/launch': plan.jobName };
}

function metadata(plan: LaunchPlan, settings: KubernetesSettings, name: string, component: string): Json {
  return { name, ...(settings.namespace && { namespace: settings.namespace }), labels: labels(plan, component) };
}

function container(settings: KubernetesSettings, name: string, command: string, args: string[], resources: { cpu: string; memory: string }): Json {
  return {
    name,
    image: settings.image,
    workingDir: settings.working_dir ?? settings.mount_path,
    command: [command],
    args,
    ...(settings.env_from_secret && { envFrom: [{ secretRef: { name: settings.env_from_secret } }] }),
    resources: { requests: resources, limits: resources },
    volumeMounts: [{ name: 'work', mountPath: settings.mount_path }],
  };
}

function volumes(settings: KubernetesSettings): Json[] {
  return [{ name: 'work', persistentVolumeClaim: { claimName: settings.volume_claim } }];
}

/** The Indexed Job: pod i collects shard i, its index from JOB_COMPLETION_INDEX. */
export function shardsJob(plan: LaunchPlan, settings: KubernetesSettings): Json {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(plan, settings, `${plan.jobName}-shards`, 'shards'),
    spec: {
      completionMode: 'Indexed',
      completions: plan.numShards,
      parallelism: settings.parallelism ?? plan.numShards,
      // A failed or evicted pod is started again for its index and resumes from the shard's files.
      backoffLimit: settings.backoff_limit,
      template: {
        metadata: { labels: labels(plan, 'shards') },
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: TERMINATION_GRACE_S,
          containers: [container(settings, 'shard', plan.command, plan.shardArgs('${oc.env:JOB_COMPLETION_INDEX}'), { cpu: settings.cpu, memory: settings.memory })],
          volumes: volumes(settings),
        },
      },
    },
  };
}

/**
 * The merge: a Job whose init container waits (`kubectl wait`) until the shard Job is complete, then runs
 * ng_aggregate_rollouts over the shards' files. The ServiceAccount, Role and RoleBinding let it read Jobs.
 */
export function mergeObjects(plan: LaunchPlan, settings: KubernetesSettings): Json[] {
  const name = `${plan.jobName}-merge`;
  const meta = (): Json => metadata(plan, settings, name, 'merge');
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(), rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(),
      subjects: [{ kind: 'ServiceAccount', name, ...(settings.namespace && { namespace: settings.namespace }) }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(),
      spec: {
        backoffLimit: settings.backoff_limit,
        template: {
          metadata: { labels: labels(plan, 'merge') },
          spec: {
            serviceAccountName: name,
            restartPolicy: 'Never',
            initContainers: [
              {
                name: 'wait-for-shards',
                image: settings.kubectl_image,
                command: ['kubectl', 'wait', '--for=condition=complete', '--timeout=-1s', `job/${plan.jobName}-shards`],
              },
            ],
            containers: [container(settings, 'merge', 'ng_aggregate_rollouts', plan.mergeArgs, { cpu: '1', memory: settings.memory })],
            volumes: volumes(settings),
          },
        },
      },
    },
  ];
}

/** YAML documents, the first with a comment saying what the file is and how to use it. */
export function yamlDocuments(objects: readonly Json[], comment: string): string {
  return objects
    .map((object, i) => {
      const document = new Document(object, { aliasDuplicateObjects: false });
      if (i === 0) document.commentBefore = comment;
      return document.toString({ lineWidth: 0 });
    })
    .join('---\n');
}
