// Builds resolved configs whose servers are the fixture servers of test/fixtures/servers/, for stack tests.
import { freePort } from '../helpers/free-port.ts';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ServerKind } from '../../src/config/server-kinds.ts';
import type { ResolvedConfig, ServerInstance } from '../../src/config/types.ts';
import { descendantsOf } from '../helpers/processes.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

export const fixturesDir = fileURLToPath(new URL('../fixtures/servers/', import.meta.url));

export interface FixtureServer {
  name: string;
  /** Folder under test/fixtures/servers/, e.g. "healthy". */
  behaviour: string;
  kind?: ServerKind;
  config?: Record<string, unknown>;
}

/** A ResolvedConfig as resolveConfig would build it, with the head server on a free port and logs in a temp dir. */
export async function fixtureConfig(servers: FixtureServer[], top: Record<string, unknown> = {}): Promise<ResolvedConfig> {
  const cwd = testTempDir('rg-stack-');
  const tree: Record<string, unknown> = { head_server: { host: '127.0.0.1', port: await freePort() }, log_dir: join(cwd, 'logs'), ...top };
  const origins = new Map<string, string>([['head_server.port', 'command line `+head_server.port=...`']]);
  const instances: ServerInstance[] = servers.map(({ name, behaviour, kind = 'resources_servers', config = {} }) => {
    const block = { entrypoint: 'app.mjs', ...config };
    tree[name] = { [kind]: { [behaviour]: block } };
    return { name, kind, implementation: behaviour, config: block, dir: join(fixturesDir, behaviour), entrypoint: 'app.mjs' };
  });
  return { tree, origins, servers: instances, cwd, packageRoot: fileURLToPath(new URL('../..', import.meta.url)) };
}

/** A writable that keeps everything written to it, for asserting on what a user would see. */
export class MemoryStream extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Stack options that capture output and keep the test out of the real run registry. */
export function capturedOptions(config: ResolvedConfig): { stdout: MemoryStream; stderr: MemoryStream; env: NodeJS.ProcessEnv } {
  return { stdout: new MemoryStream(), stderr: new MemoryStream(), env: { ...process.env, CI: 'true', RG_RUNS_DIR: join(config.cwd, 'runs') } };
}

/** Every pid this test process started so far (children and grandchildren). */
export function ourDescendants(): number[] {
  return descendantsOf(process.pid);
}

export const fixtureConfigsDir = fileURLToPath(new URL('../fixtures/servers/configs/', import.meta.url));

/** A temp working dir where `<kind>/<behaviour>` links to each fixture server, as NeMo Gym's layout wants. */
export function fixtureCwd(): string {
  const cwd = testTempDir('rg-cli-');
  for (const kind of ['resources_servers', 'responses_api_agents', 'responses_api_models']) {
    mkdirSync(join(cwd, kind));
    for (const entry of readdirSync(fixturesDir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'configs') symlinkSync(join(fixturesDir, entry.name), join(cwd, kind, entry.name));
    }
  }
  return cwd;
}

/** Resolve once `stream` has printed text matching `pattern`; rejects after `timeoutMs`. */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${text}`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}
