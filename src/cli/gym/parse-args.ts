// Reads one `gym <group> <command>` argument list: its flags, a positional NAME, and the Hydra overrides mixed in.
import { closestNames } from '../../config/did-you-mean.ts';
import { RolloutGymError } from '../../errors.ts';
import type { Flag } from './flags.ts';
import type { Leaf } from './leaves.ts';

export interface LeafArguments {
  /** The values of each flag given, in command-line order (a switch has one empty value per occurrence). */
  values: Map<Flag, string[]>;
  positional: string | undefined;
  /** `+k=v`, `++k=v`, `k=v`, `~k`: passed on unchanged. */
  overrides: string[];
  help: boolean;
  verbose: boolean;
}

export const HELP_FLAG = { long: '--help', short: '-h', help: 'show this help' } as const;
export const VERBOSE_FLAG = { long: '--verbose', short: '-v', help: 'print stack traces with errors (the config gets +verbose=true)' } as const;

/** --help, -h, or the +help=true every command takes. */
export function isHelpToken(token: string): boolean {
  return token === '--help' || token === '-h' || /^\+{0,2}(h|help)=(true|True)$/.test(token);
}

export function usageError(message: string, hint: string): RolloutGymError {
  return new RolloutGymError(message, { code: 'RG_USAGE', hint, exitCode: 2 });
}

/** Every option spelling a leaf knows, for did-you-mean. */
function spellings(leaf: Leaf): string[] {
  return [...leaf.flags.flatMap((flag) => [flag.long, ...(flag.short ? [flag.short] : [])]), '--help', '-h', '--verbose', '-v'];
}

function isOverride(token: string): boolean {
  return token.startsWith('+') || token.startsWith('~') || token.includes('=');
}

/** Parse the arguments after `gym <group> <command>`; unknown flags and stray words are usage errors. */
export function parseLeafArguments(leaf: Leaf, program: string, tokens: readonly string[]): LeafArguments {
  const parsed: LeafArguments = { values: new Map(), positional: undefined, overrides: [], help: false, verbose: false };
  const command = `${program} ${leaf.group} ${leaf.name}`;
  const byName = new Map<string, Flag>();
  for (const flag of leaf.flags) {
    byName.set(flag.long, flag);
    if (flag.short) byName.set(flag.short, flag);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isHelpToken(token)) {
      parsed.help = true;
      continue;
    }
    if (token === '--verbose' || token === '-v') {
      parsed.verbose = true;
      continue;
    }
    if (token.startsWith('-') && !/^-\d/.test(token)) {
      const equals = token.startsWith('--') ? token.indexOf('=') : -1;
      const name = equals >= 0 ? token.slice(0, equals) : token;
      const flag = byName.get(name);
      if (flag === undefined) {
        const close = closestNames(name, spellings(leaf).filter((spelling) => spelling !== name));
        throw usageError(`${command}: unknown option ${name}`, `${close.length > 0 ? `did you mean ${close.join(' or ')}? ` : ''}\`${command} --help\` lists its options`);
      }
      let value = '';
      if (flag.metavar !== undefined) {
        if (equals >= 0) value = token.slice(equals + 1);
        else if (i + 1 < tokens.length && (!tokens[i + 1]!.startsWith('-') || /^-\d/.test(tokens[i + 1]!))) value = tokens[++i]!;
        else throw usageError(`${command}: ${name} needs a value (${flag.long} ${flag.metavar})`, `\`${command} --help\` shows what it takes`);
      } else if (equals >= 0) {
        throw usageError(`${command}: ${name} is a switch and takes no value`, `write ${name} alone`);
      }
      const values = parsed.values.get(flag) ?? [];
      values.push(value);
      parsed.values.set(flag, values);
      continue;
    }
    if (isOverride(token) || token.trim() === '') {
      parsed.overrides.push(token);
      continue;
    }
    if (leaf.positional && parsed.positional === undefined) {
      parsed.positional = token;
      continue;
    }
    throw usageError(
      `${command}: unexpected argument '${token}'`,
      leaf.positional ? `${command} takes one ${leaf.positional.metavar}` : 'flags start with --, and config overrides are written +key=value',
    );
  }
  return parsed;
}
