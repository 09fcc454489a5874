// The config a running ng_run serves (`GET /global_config_dict_yaml`, secrets redacted): what its servers run with.
import { request } from '../kit/http-request.ts';
import { parse } from 'yaml';

/** The head server's config tree, or undefined when it cannot be read (the agent lookup then reports why). */
export async function servedConfig(headUrl: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await request(new URL('/global_config_dict_yaml', headUrl), { headersTimeout: 10_000, bodyTimeout: 10_000 });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const tree: unknown = parse(String(await response.body.json()));
    return tree !== null && typeof tree === 'object' ? (tree as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
