// GET /reverify_mode of each resources server: `stateless` is safe to replay; `unsupported` and `unknown` are not.
import { request } from '../kit/http-request.ts';
import { ConfigError } from '../errors.ts';

export type ReverifyMode = 'stateless' | 'unsupported' | 'unknown';

export interface ServerMode {
  server: string;
  mode: ReverifyMode;
  /** Why the mode is unknown when the server did not say (404: an older server without the route). */
  note?: string;
}

/** The declared mode of the server at `url`; anything but a valid answer counts as `unknown`, with the reason. */
export async function reverifyModeOf(server: string, url: string): Promise<ServerMode> {
  try {
    const response = await request(`${url}/reverify_mode`, { method: 'GET', headersTimeout: 10_000, bodyTimeout: 10_000 });
    const text = await response.body.text();
    if (response.statusCode !== 200) return { server, mode: 'unknown', note: `GET /reverify_mode answered HTTP ${response.statusCode}` };
    const value: unknown = JSON.parse(text);
    if (value === 'stateless' || value === 'unsupported' || value === 'unknown') return { server, mode: value };
    return { server, mode: 'unknown', note: `GET /reverify_mode answered ${text.slice(0, 100)}` };
  } catch (error) {
    return { server, mode: 'unknown', note: `GET /reverify_mode failed: ${(error as Error).message}` };
  }
}

export function describeModes(modes: readonly ServerMode[]): string {
  return modes.map((mode) => `${mode.server}: ${mode.mode}${mode.note ? ` (${mode.note})` : ''}`).join(', ');
}

/**
 * Ask every server its mode. A server that is not `stateless` stops the re-verification unless `force`; then the
 * description of the unsafe ones is returned (the caller prefixes its outputs with `unsafe_`).
 */
export async function checkReverifyModes(servers: readonly [string, string][], force: boolean): Promise<{ all: string; unsafe: string | undefined }> {
  const modes = await Promise.all(servers.map(([name, url]) => reverifyModeOf(name, url)));
  const unsafe = modes.filter((mode) => mode.mode !== 'stateless');
  if (unsafe.length > 0 && !force) {
    throw new ConfigError(`resources server${unsafe.length > 1 ? 's' : ''} ${describeModes(unsafe)} did not declare reverify_mode stateless: re-verified rewards may be wrong`, {
      key: 'force',
      hint: "pass --force (++force=true) to re-verify anyway; the outputs are then prefixed with 'unsafe_'",
    });
  }
  return { all: describeModes(modes), unsafe: unsafe.length > 0 ? describeModes(unsafe) : undefined };
}
