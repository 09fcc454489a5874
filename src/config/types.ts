// The resolved configuration every command receives (contract in docs/ARCHITECTURE.md).
import type { ServerKind } from './server-kinds.ts';

export interface ServerInstance {
  /** Top-level name, e.g. "policy_model". */
  name: string;
  kind: ServerKind;
  /** Directory name under the kind's folder, e.g. "openai_model". */
  implementation: string;
  /** The implementation block: entrypoint, host?, port?, free-form keys. */
  config: Record<string, unknown>;
  /** Absolute `<kind>/<implementation>` directory: the cwd's first, then the package root's. */
  dir: string;
  /** Relative to `dir`, e.g. "app.ts". */
  entrypoint: string;
}

export interface ResolvedConfig {
  /** Merged and interpolated plain data, secrets included. */
  tree: Record<string, unknown>;
  /** Dotted key -> "path/file.yaml:3:5" | "command line `+k=v`" | "env.yaml:2:1" | "default". */
  origins: ReadonlyMap<string, string>;
  /** Every valid server instance, in config order. */
  servers: ServerInstance[];
  cwd: string;
  packageRoot: string;
  /** Directories searched before the cwd (`+extra_roots`, then NEMO_GYM_EXTRA_ROOTS), absolute; pass to path lookups. */
  extraRoots?: readonly string[];
  /** Top-level keys read by some `${...}` interpolation (so they are not "unknown" options). */
  interpolatedKeys?: ReadonlySet<string>;
  /** Dotted key -> the dotted keys its `${...}` interpolations read. */
  references?: ReadonlyMap<string, readonly string[]>;
}

/** One source of configuration before merging: its data and where each node came from. */
export interface ConfigLayer {
  tree: Record<string, unknown>;
  origins: Map<string, string>;
}
