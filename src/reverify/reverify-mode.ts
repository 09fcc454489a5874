// GET /reverify_mode of each resources server: `stateless` is safe to replay; `unsupported` and `unknown` are not.
import { request } from 'undici';

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
