// The error catalogue: every failure a user can cause or meet carries a stable code, context and a fix.

export type ErrorCode =
  | 'RG_CONFIG'
  | 'RG_CONFIG_MISSING'
  | 'RG_CONFIG_OVERRIDE'
  | 'RG_CONFIG_INTERPOLATION'
  | 'RG_CONFIG_SERVER_REF'
  | 'RG_CONFIG_FILE'
  | 'RG_INPUT'
  | 'RG_SERVER_START'
  | 'RG_SERVER_DIED'
  | 'RG_HEAD_SERVER'
  | 'RG_UPSTREAM'
  | 'RG_RESUME'
  | 'RG_COLLECTION'
  | 'RG_FILE'
  | 'RG_LAUNCH'
  | 'RG_USAGE';

export interface ErrorContext {
  code?: ErrorCode;
  /** What the user can do about it, one or two lines. */
  hint?: string;
  /** Long diagnostic text (for example a server's stderr tail), printed after the message. */
  details?: string;
  cause?: unknown;
  /** The process exit code when this error ends a command (default 1); 130 after Ctrl-C, for example. */
  exitCode?: number;
}

/** Base class of every error that is the user's to fix (or the environment's), printed without a stack. */
export class RolloutGymError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: string | undefined;
  readonly exitCode: number;

  constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = context.code ?? 'RG_CONFIG';
    this.hint = context.hint;
    this.details = context.details;
    this.exitCode = context.exitCode ?? 1;
  }
}

/** A problem in the resolved configuration: names the dotted key and where its value came from. */
export class ConfigError extends RolloutGymError {
  readonly key: string | undefined;
  readonly source: string | undefined;

  constructor(message: string, context: ErrorContext & { key?: string; source?: string } = {}) {
    super(message, { code: 'RG_CONFIG', ...context });
    this.key = context.key;
    this.source = context.source;
  }
}

/** A bad input file or line (JSONL rows, rollouts files). */
export class InputError extends RolloutGymError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, context: ErrorContext & { file?: string; line?: number } = {}) {
    super(message, { code: 'RG_INPUT', ...context });
    this.file = context.file;
    this.line = context.line;
  }
}

/** A server that could not start, or died: names the server, its kind, port and command. */
export class ServerError extends RolloutGymError {
  readonly server: string | undefined;

  constructor(message: string, context: ErrorContext & { server?: string } = {}) {
    super(message, { code: 'RG_SERVER_START', ...context });
    this.server = context.server;
  }
}

export function isRolloutGymError(error: unknown): error is RolloutGymError {
  return error instanceof RolloutGymError;
}
