// `--help` of `gym`, of each group and of each command: flags with the config key each sets.
import { OVERRIDE_NOTES } from '../commands.ts';
import type { Flag } from './flags.ts';
import { GROUPS, LEAVES, leavesOf, type GroupName, type Leaf } from './leaves.ts';
import { HELP_FLAG, VERBOSE_FLAG } from './parse-args.ts';

const WIDTH = 100;

/** Word-wrap `text` to fit after a column of `indent` spaces. */
function wrap(text: string, indent: number): string {
  const room = Math.max(40, WIDTH - indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${wrap(right, width + 4)}`).join('\n');
}

function flagLabel(flag: Pick<Flag, 'long' | 'short' | 'metavar'>): string {
  return `${flag.short ? `${flag.short}, ` : ''}${flag.long}${flag.metavar ? ` ${flag.metavar}` : ''}`;
}

const OVERRIDES_NOTE =
  'Any +key=value or ++key=value among the flags is a Hydra override, exactly as with the ng_* commands (e.g. ++responses_create_params.reasoning.effort=low).';

export function rootHelp(program: string): string {
  return [
    `Usage: ${program} [-h] [--version [--json]] [-v] <group> <command> [flags] [+key=value ...]`,
    '',
    `rollout-gym's commands in NeMo Gym's \`gym\` spelling (\`gym\` and \`ng\` are the same command).`,
    '',
    'groups:',
    table(Object.entries(GROUPS)),
    '',
    'commands:',
    table(LEAVES.map((leaf) => [`${leaf.group} ${leaf.name}`, leaf.summary])),
    '',
    'options:',
    table([
      [flagLabel(HELP_FLAG), 'show this help; every group and command has its own'],
      ['--version', 'print the version and environment; with --json as JSON'],
      [flagLabel(VERBOSE_FLAG), VERBOSE_FLAG.help],
    ]),
    '',
    'Flags become overrides of the keys NeMo Gym\'s flags set; overrides may be mixed in, as with every command.',
    'The ng_* commands (ng_run, ng_e2e_collect_rollouts, ...) work too, unchanged: `ng_help` lists them.',
    '',
    OVERRIDE_NOTES,
    '',
  ].join('\n');
}

export function groupHelp(program: string, group: GroupName): string {
  return [
    `Usage: ${program} ${group} <command> [flags]`,
    '',
    GROUPS[group],
    '',
    'commands:',
    table(leavesOf(group).map((leaf) => [leaf.name, leaf.summary])),
    '',
    `Run \`${program} ${group} <command> --help\` for its flags.`,
    '',
  ].join('\n');
}

export function leafHelp(program: string, leaf: Leaf): string {
  const positional = leaf.positional ? ` [${leaf.positional.metavar}]` : '';
  const rows: [string, string][] = [];
  if (leaf.positional) rows.push([leaf.positional.metavar, leaf.positional.help]);
  for (const flag of leaf.flags) rows.push([flagLabel(flag), `${flag.help}${flag.key ? ` (${flag.key})` : ''}`]);
  rows.push([flagLabel(HELP_FLAG), HELP_FLAG.help], [flagLabel(VERBOSE_FLAG), VERBOSE_FLAG.help]);
  return [
    `Usage: ${program} ${leaf.group} ${leaf.name}${positional} [flags] [+key=value ...]`,
    '',
    wrap(leaf.summary, 0),
    '',
    'flags (in parentheses, the config key each one sets):',
    table(rows),
    '',
    ...(leaf.notes ? [leaf.notes, ''] : []),
    wrap(OVERRIDES_NOTE, 0),
    ...(leaf.legacy ? [`The same command as ${leaf.legacy}.`] : []),
    '',
  ].join('\n');
}
