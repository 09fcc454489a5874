// The override grammar: `+k=v` adds, `++k=v` adds or overrides, `k=v` sets an existing key, `~k` deletes.
import { ConfigError } from '../errors.ts';
import { parseOverrideValue } from './parse-override-value.ts';
import { createRedactor, isSecretKey, REDACTED, secretValuesOf } from './secrets.ts';

export type OverrideOperation = 'add' | 'force' | 'set' | 'delete';

export interface Override {
  operation: OverrideOperation;
  /** Map keys from the dotted key, e.g. ["responses_create_params", "temperature"]. */
  path: string[];
  /** The parsed value; for `~k` only when written as `~k=v` (delete only if equal). */
  value?: unknown;
  hasValue: boolean;
  /** The argument as shown in origins and errors: on one line, secret values replaced by "****". */
  argument: string;
}

/** How an argument is shown: `+policy_api_key=****`, `+x={api_key: ****}`, URL passwords hidden. */
export function displayArgument(argument: string, path: readonly string[], value?: unknown): string {
  const oneLine = argument.replace(/\s*\n\s*/g, ' ');
  const equals = oneLine.indexOf('=');
  if (equals !== -1 && path.some(isSecretKey)) return `${oneLine.slice(0, equals)}=${REDACTED}`;
  const nested = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  return createRedactor(secretValuesOf(nested))(oneLine);
}

// Hydra's key grammar: a name (letters, digits, _, -, $) or a dotted path whose parts may be list indices (a.0.b).
const NAME = '[A-Za-z_$][\\w$-]*';
const SEGMENT = `(?:${NAME}|0|[1-9](?:_?\\d)*)`;
const KEY_PATTERN = new RegExp(`^(?:${NAME}|${SEGMENT}(?:\\.${SEGMENT})+)$`);

function overrideError(argument: string, message: string, hint: string): ConfigError {
  return new ConfigError(message, { code: 'RG_CONFIG_OVERRIDE', source: `command line \`${argument}\``, hint });
}

/** Parse one argument; throws ConfigError for anything that is not an override. */
export function parseOverride(rawArgument: string): Override {
  const match = /^(\+\+|\+|~)?([^=]*)(=([\s\S]*))?$/.exec(rawArgument)!;
  const prefix = match[1] ?? '';
  const key = match[2]!.trim();
  const hasValue = match[3] !== undefined;
  const argument = displayArgument(rawArgument, key.replace(/^-+/, '').split('.'));
  if (rawArgument.startsWith('-')) {
    throw overrideError(
      argument,
      `unknown option \`${argument}\``,
      'options are overrides: write +key=value (for example +limit=5); --help shows what this command takes',
    );
  }
  if (/[@/]/.test(key) && KEY_PATTERN.test(key.split(/[@/]/)[0]!)) {
    throw overrideError(
      argument,
      `\`${argument}\` looks like a Hydra config group override (group/option or key@package); NeMo Gym configs have no config groups`,
      'write a dotted key instead, e.g. a.b=value; list config files in +config_paths=[...]',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw overrideError(
      argument,
      `\`${argument}\` is not an override: expected +key=value, ++key=value, key=value or ~key`,
      'keys are letters, digits and _ joined by dots (a.b.c); quote the whole argument if the value has spaces',
    );
  }
  const operation: OverrideOperation = prefix === '++' ? 'force' : prefix === '+' ? 'add' : prefix === '~' ? 'delete' : 'set';
  if (operation !== 'delete' && !hasValue) {
    throw overrideError(argument, `\`${argument}\` has no value`, `write ${prefix}${key}=<value> (use ${prefix}${key}=null for null)`);
  }
  const path = key.split('.');
  const value = hasValue ? parseOverrideValue(match[4]!, argument) : undefined;
  return { operation, path, value, hasValue, argument: displayArgument(rawArgument, path, value) };
}

/** Parse every argument in order; blank arguments (left by shell line continuations) are skipped. */
export function parseCliOverrides(argv: readonly string[]): Override[] {
  return argv.filter((argument) => argument.trim() !== '').map(parseOverride);
}
