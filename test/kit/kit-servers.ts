// Test helper: start kit servers the way the orchestrator will (environment, own cwd, own process group).
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.ts';
import { stringify as toYaml } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface KitServerSpec {
  name: string;
  kind: 'responses_api_models' | 'resources_servers' | 'responses_api_agents';
  implementation: string;
  /** Directory holding the entrypoint, relative to the repo root. */
  dir: string;
  entrypoint?: string;
  config?: Record<string, unknown>;
}

export interface StartedServer {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
}

export interface KitServerGroup {
  servers: Map<string, StartedServer>;
  tree: Record<string, unknown>;
  url(name: string): string;
  pids(): number[];
  /** SIGTERM every server and wait for exit (SIGKILL after 2 s). */
  stop(): Promise<void>;
}

/** Builds a resolved config tree with a free port per server. */
export async function buildTree(specs: readonly KitServerSpec[], extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const tree: Record<string, unknown> = { ...extra };
  for (const spec of specs) {
    const port = await freePort();
    tree[spec.name] = { [spec.kind]: { [spec.implementation]: { entrypoint: spec.entrypoint ?? 'app.ts', ...spec.config, host: '127.0.0.1', port } } };
  }
  return tree;
}

/**
 * Spawns each server of `specs` with the orchestrator's environment and waits until it says it listens and GET /
 * answers. Ports come from freePort(), which no other test process is handed too, but any other process can still
 * bind one in the moment before the server does: then the server exits with EADDRINUSE, and the group starts again
 * on fresh ports (with a tree of its own making). Without the "listening" check, GET / could be answered by that
 * other process.
 */
export async function startKitServers(specs: readonly KitServerSpec[], options: { env?: NodeJS.ProcessEnv; tree?: Record<string, unknown> } = {}): Promise<KitServerGroup> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKitServersOnce(specs, options.tree ?? (await buildTree(specs)), options.env ?? {});
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.tree !== undefined || attempt >= 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startKitServersOnce(specs: readonly KitServerSpec[], tree: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<KitServerGroup> {
  const servers = new Map<string, StartedServer>();
  const group: KitServerGroup = {
    servers,
    tree,
    url: (name) => servers.get(name)!.url,
    pids: () => [...servers.values()].map((server) => server.pid),
    stop: async () => {
      await Promise.all([...servers.values()].map((server) => stopChild(server.child)));
    },
  };
  try {
    for (const spec of specs) servers.set(spec.name, spawnServer(spec, tree, env));
    await Promise.all([...servers.values()].map((server) => waitHealthy(server)));
  } catch (error) {
    await group.stop();
    throw error;
  }
  return group;
}

function spawnServer(spec: KitServerSpec, tree: Record<string, unknown>, env: NodeJS.ProcessEnv): StartedServer {
  const block = (tree[spec.name] as Record<string, Record<string, Record<string, unknown>>>)[spec.kind]![spec.implementation]!;
  const child = spawn(process.execPath, [spec.entrypoint ?? 'app.ts'], {
    cwd: `${repoRoot}/${spec.dir}`,
    detached: true,
    stdio: ['ignore', 'inherit', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NEMO_GYM_CONFIG_DICT: toYaml(tree),
      NEMO_GYM_CONFIG_PATH: spec.name,
      RG_PARENT_PID: String(process.pid),
      ...env,
    },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { name: spec.name, url: `http://127.0.0.1:${block.port}`, pid: child.pid!, child, stderr: () => stderr };
}

async function waitHealthy(server: StartedServer): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      const message = `${server.name} exited with ${server.child.exitCode}:\n${server.stderr()}`;
      throw server.stderr().includes('EADDRINUSE') ? new PortTakenError(message) : new Error(message);
    }
    // The kit says so once it has bound its port: until then, whatever answers there is not this server.
    if (!server.stderr().includes('listening on http://')) {
      await sleep(20);
      continue;
    }
    try {
      const response = await fetch(`${server.url}/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(40);
  }
  throw new Error(`${server.name} did not answer GET / within 15 s:\n${server.stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/** POSTs JSON and returns status, parsed body and Set-Cookie lines. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string; setCookies: string[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed, text, setCookies: response.headers.getSetCookie() };
}
