// The run-level settings the server stack reads from the resolved config, validated once, with defaults.
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { ResolvedConfig } from '../config/types.ts';

export interface StackSettings {
  /** Per-server deadline for becoming healthy (`server_startup_timeout_s`). @default 60 s */
  startupTimeoutMs: number;
  /** SIGTERM -> SIGKILL delay when stopping a server (`shutdown_grace_s`). @default 5 s */
  shutdownGraceMs: number;
  /** Deadline for upstream model endpoints (`model_endpoint_readiness_timeout_seconds`). @default 60 s */
  modelEndpointTimeoutMs: number;
  /** Folder that receives `<run id>/<server>.log` (`log_dir`, else NeMo's `nemo_gym_log_dir`). @default <cwd>/logs */
  logRoot: string;
  head: HeadServerSettings;
}

export interface HeadServerSettings {
  host: string;
  port: number;
  /** True when the user chose the port; then a taken port is an error instead of a reason to pick another. */
  portIsExplicit: boolean;
}

/** Top-level keys the stack reads, for commands' unknown-key checks. */
export const STACK_OPTION_KEYS = ['server_startup_timeout_s', 'shutdown_grace_s', 'log_dir', 'python_executable'] as const;

export const DEFAULT_HEAD_HOST = '127.0.0.1';
export const DEFAULT_HEAD_PORT = 11000;

/** Read and validate the stack's settings from the resolved config. */
export function readStackSettings(resolved: Pick<ResolvedConfig, 'tree' | 'origins' | 'cwd'>): StackSettings {
  const { tree, origins, cwd } = resolved;
  const logDir = tree.log_dir ?? tree.nemo_gym_log_dir;
  return {
    startupTimeoutMs: seconds(tree, origins, 'server_startup_timeout_s', 60) * 1000,
    shutdownGraceMs: seconds(tree, origins, 'shutdown_grace_s', 5) * 1000,
    modelEndpointTimeoutMs: seconds(tree, origins, 'model_endpoint_readiness_timeout_seconds', 60) * 1000,
    logRoot: typeof logDir === 'string' && logDir !== '' ? (isAbsolute(logDir) ? logDir : resolve(cwd, logDir)) : resolve(cwd, 'logs'),
    head: readHeadSettings(tree, origins),
  };
}

/** Where the head server listens, and whether its port was chosen by the user. */
export function readHeadSettings(tree: Record<string, unknown>, origins: ReadonlyMap<string, string>): HeadServerSettings {
  const block = (tree.head_server ?? {}) as Record<string, unknown>;
  const host = typeof block.host === 'string' && block.host !== '' ? block.host : DEFAULT_HEAD_HOST;
  const rawPort = block.port ?? DEFAULT_HEAD_PORT;
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`head_server.port must be a port number, got ${JSON.stringify(rawPort)}`, {
      key: 'head_server.port',
      source: origins.get('head_server.port'),
      hint: 'use e.g. +head_server.port=11000, or leave it out to let rollout-gym choose',
    });
  }
  const origin = origins.get('head_server.port');
  return { host, port, portIsExplicit: block.port !== undefined && origin !== 'default' };
}

function seconds(tree: Record<string, unknown>, origins: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const raw = tree[key];
  if (raw === undefined || raw === null) return fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${key} must be a positive number of seconds, got ${JSON.stringify(raw)}`, {
      key,
      source: origins.get(key),
      hint: `use e.g. +${key}=${fallback}`,
    });
  }
  return value;
}
