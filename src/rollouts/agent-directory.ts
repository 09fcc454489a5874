// Where the agents are: the head server's `GET /server_instances`, found from the config or the run registry.
import { request } from '../kit/http-request.ts';
import { ConfigError, ServerError } from '../errors.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { listLiveRuns, type RunRecord } from '../servers/run-registry.ts';

/**
 * One row of a head server's `GET /server_instances`. On ours `name` is the config name; on NeMo Gym's it is the
 * implementation (`simple_agent`) and the config name is in `process_name` and `config_path`; both fill those two.
 */
interface InstanceRecord {
  name: string;
  process_name?: string | null;
  config_path?: string | null;
  server_type?: string | null;
  url?: string | null;
  host?: string | null;
  port?: number | null;
}

/** The top-level config name a record stands for, whichever head server wrote it. */
function configNameOf(record: InstanceRecord): string {
  return record.process_name || record.config_path || record.name;
}

/** The head URL: `head_server` when set explicitly, else the newest live `ng_run` of this machine, else the default. */
export function headUrlOf(resolved: Pick<ResolvedConfig, 'tree' | 'origins' | 'cwd'>, env: NodeJS.ProcessEnv): string {
  const head = (resolved.tree.head_server ?? {}) as { host?: string; port?: number };
  const configured = `http://${head.host ?? '127.0.0.1'}:${head.port ?? 11000}`;
  const explicit = [...resolved.origins].some(([key, origin]) => key.startsWith('head_server') && origin !== 'default');
  if (explicit) return configured;
  // NeMo Gym needs the same head port repeated on every command; the run registry remembers it for us.
  const runs = listLiveRuns(env);
  const here = runs.filter((run) => run.cwd === resolved.cwd);
  const candidates = here.length > 0 ? here : runs;
  if (candidates.length > 1) {
    // Picking one silently (say, the newest) could send rollouts to the wrong servers.
    const started = (run: RunRecord): string => new Date(run.startedAt).toISOString().replace('T', ' ').slice(0, 19);
    throw new ConfigError(`${candidates.length} ng_runs are running${here.length > 1 ? ' in this folder' : ''}: which one should collect?`, {
      key: 'head_server.port',
      details: candidates.map((run) => `- head server ${run.headUrl} (pid ${run.pid}, started ${started(run)} UTC in ${run.cwd})`).join('\n'),
      hint: `add +head_server.port=<port> of the one to use, e.g. +head_server.port=${new URL(candidates.at(-1)!.headUrl).port}`,
    });
  }
  return candidates[0]?.headUrl ?? configured;
}

/** Agent URL by top-level name, from the running head server; an unknown name lists the known agents. */
export async function agentUrlsFromHead(headUrl: string, names: readonly string[]): Promise<Map<string, string>> {
  let records: InstanceRecord[];
  try {
    const response = await request(new URL('/server_instances', headUrl), { headersTimeout: 10_000, bodyTimeout: 10_000 });
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`);
    records = (await response.body.json()) as InstanceRecord[];
  } catch (error) {
    throw new ServerError(`Could not connect to the head server at ${headUrl} (${(error as Error).message}).`, {
      code: 'RG_HEAD_SERVER',
      hint: 'start the servers first with ng_run (in another terminal), or point at its head server with +head_server.port=<port>',
      cause: error,
    });
  }
  const urls = new Map<string, string>();
  for (const record of records) urls.set(configNameOf(record), record.url ?? `http://${record.host}:${record.port}`);
  const unknown = names.filter((name) => !urls.has(name));
  if (unknown.length > 0) {
    const agents = records.filter((r) => !r.server_type || r.server_type === 'responses_api_agents').map(configNameOf);
    throw new ConfigError(`unknown agent${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `\`${n}\``).join(', ')}: the servers at ${headUrl} do not include ${unknown.length > 1 ? 'them' : 'it'}`, {
      key: 'agent_name',
      hint: `agents running there: ${agents.join(', ') || '(none)'}; fix agent_ref.name in the data or +agent_name`,
    });
  }
  return new Map(names.map((name) => [name, urls.get(name)!]));
}
