// RG_CONFIG_JSON: the tree NEMO_GYM_CONFIG_DICT holds as YAML, also as JSON, for the servers of our kit.
//
// A kit server then reads its config with JSON.parse and never loads the yaml package (~50-130 ms of CPU
// per server at startup, seven servers booting at once on two cores). NEMO_GYM_CONFIG_DICT stays the
// contract every other server reads. A tree JSON cannot carry (a NaN or an infinity, from `.nan` or `.inf`
// in a config) gets no JSON twin: the kit then reads the YAML.

function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (value !== null && typeof value === 'object') return Object.values(value).every(jsonSafe);
  return true;
}

/** `{RG_CONFIG_JSON: ...}` for a child's environment, or `{}` when the tree has no faithful JSON form. */
export function configJsonEnv(tree: Record<string, unknown>): { RG_CONFIG_JSON?: string } {
  return jsonSafe(tree) ? { RG_CONFIG_JSON: JSON.stringify(tree) } : {};
}
