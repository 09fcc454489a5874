// `gym` / `ng`: NeMo Gym's unified CLI. Routes `<group> <command>`, translates its flags into the overrides of
// the ng_* command that does the work, and runs that command: one implementation, two spellings.
import { existsSync, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { closestNames } from '../../config/did-you-mean.ts';
import { COMMANDS, type CommandSpec } from '../commands.ts';
import type { Command, CommandIo } from '../run-cli.ts';
import { configPathsOfOverride, configPathsOverride, SEARCH_DIR, type TranslateContext } from './flags.ts';
import { groupHelp, leafHelp, rootHelp } from './help.ts';
import { GROUPS, LEAVES, leavesOf, type GroupName, type Leaf } from './leaves.ts';
import { isHelpToken, parseLeafArguments, usageError, type LeafArguments } from './parse-args.ts';

const ROOT_OPTIONS = ['--help', '-h', '--version', '--json', '--verbose', '-v'];

function isGroup(name: string): name is GroupName {
  return Object.hasOwn(GROUPS, name);
}

/** The error for an unknown group or command: did-you-mean, and the gym spelling of an ng_* name. */
function unknownChoice(program: string, what: string, name: string, choices: readonly string[]): Error {
  const legacy = LEAVES.find((leaf) => leaf.legacy?.split(' ')[0] === name);
  if (legacy) return usageError(`${program}: ${name} is an ng_* command`, `run it as \`${name} ...\`, or as \`${program} ${legacy.group} ${legacy.name} ...\``);
  const close = closestNames(name, choices);
  return usageError(`${program}: unknown ${what} '${name}'`, `${close.length > 0 ? `did you mean ${close.join(' or ')}? ` : ''}the ${what}s are ${choices.join(', ')}`);
}

/** The `++config_paths=[...]` of every --config and selector (with any `+config_paths=[...]` written among the overrides), then the flags' overrides. */
export function translateArguments(leaf: Leaf, parsed: LeafArguments, context: TranslateContext): string[] {
  const configPaths: string[] = [];
  const overrides: string[] = [];
  for (const flag of leaf.flags) {
    const values = parsed.values.get(flag);
    if (values === undefined || flag.translate === undefined) continue;
    const translation = flag.translate(values, context);
    configPaths.push(...(translation.configPaths ?? []));
    overrides.push(...(translation.overrides ?? []));
  }
  if (parsed.positional !== undefined) overrides.push(`++component_name=${JSON.stringify(parsed.positional)}`);
  let rest = parsed.overrides;
  if (configPaths.length > 0) {
    rest = [];
    for (const token of parsed.overrides) {
      const paths = configPathsOfOverride(token);
      if (paths) configPaths.push(...paths);
      else rest.push(token);
    }
  }
  return [...(parsed.verbose ? ['++verbose=true'] : []), ...(configPaths.length > 0 ? [configPathsOverride(configPaths)] : []), ...overrides, ...rest];
}

/** The environment with --search-dir roots put first on NEMO_GYM_EXTRA_ROOTS (which spawned servers inherit). */
function withSearchDirs(io: CommandIo, dirs: readonly string[]): NodeJS.ProcessEnv {
  if (dirs.length === 0) return io.env;
  const roots = dirs.map((dir) => resolve(io.cwd, dir));
  for (const [i, root] of roots.entries()) {
    if (!existsSync(root) || !statSync(root).isDirectory()) throw usageError(`--search-dir ${dirs[i]}: no such directory (${root})`, 'give a folder that holds resources_servers/, responses_api_models/ or responses_api_agents/');
  }
  const value = [...roots, ...(io.env.NEMO_GYM_EXTRA_ROOTS ? [io.env.NEMO_GYM_EXTRA_ROOTS] : [])].join(delimiter);
  if (io.env === process.env) process.env.NEMO_GYM_EXTRA_ROOTS = value;
  return { ...io.env, NEMO_GYM_EXTRA_ROOTS: value };
}

async function runLeaf(program: string, leaf: Leaf, tokens: readonly string[], io: CommandIo): Promise<number | void> {
  const parsed = parseLeafArguments(leaf, program, tokens);
  if (parsed.help) {
    io.stdout.write(leafHelp(program, leaf));
    return 0;
  }
  for (const flag of leaf.required ?? []) {
    const setByOverride = parsed.overrides.some((token) => token.replace(/^\+{1,2}/, '').startsWith(`${flag.key}=`));
    if (!parsed.values.has(flag) && !setByOverride) {
      const command = `${program} ${leaf.group} ${leaf.name}`;
      throw usageError(`${command} needs ${flag.long} ${flag.metavar}`, `${flag.long}: ${flag.help}; \`${command} --help\` shows every flag`);
    }
  }
  const env = withSearchDirs(io, parsed.values.get(SEARCH_DIR) ?? []);
  const argv = translateArguments(leaf, parsed, { cwd: io.cwd, env });
  const target = leaf.target(new Set([...parsed.values.keys()].map((flag) => flag.long)));
  let command: Command;
  if ('command' in target) {
    const spec: CommandSpec = COMMANDS[target.command];
    if (spec.optimizeForSize) setFlagsFromString('--optimize-for-size');
    command = await spec.load();
  } else command = await target.load();
  return command({ ...io, argv, env });
}

/** The `gym` command (and `ng`, its alias): `program` is the name shown in help and errors. */
export function gymCommand(program: string): Command {
  return async (io) => {
    const argv = io.argv.filter((token) => token.trim() !== '');
    let i = 0;
    const root = new Set<string>();
    for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
      const option = argv[i]!;
      if (!ROOT_OPTIONS.includes(option)) {
        const close = closestNames(option, ROOT_OPTIONS);
        throw usageError(`${program}: unknown option ${option}`, `${close.length > 0 ? `did you mean ${close.join(' or ')}? ` : ''}options of a command go after it: \`${program} <group> <command> ${option} ...\``);
      }
      root.add(option === '-h' ? '--help' : option === '-v' ? '--verbose' : option);
    }
    if (root.has('--version')) {
      const version = await COMMANDS.ng_version.load();
      return version({ ...io, argv: root.has('--json') ? ['+json=true'] : [] });
    }
    const groupName = argv[i];
    // `gym +help=true`, or help asked for after anything that is not a group: the help of gym itself.
    if (groupName !== undefined && !isGroup(groupName) && argv.some(isHelpToken)) root.add('--help');
    if (groupName === undefined || (!isGroup(groupName) && root.has('--help'))) {
      (root.has('--help') ? io.stdout : io.stderr).write(rootHelp(program));
      return root.has('--help') ? 0 : 2;
    }
    if (!isGroup(groupName)) throw unknownChoice(program, 'group', groupName, Object.keys(GROUPS));
    const leafName = argv[i + 1];
    if (leafName === undefined || isHelpToken(leafName) || root.has('--help')) {
      const asked = leafName !== undefined || root.has('--help');
      (asked ? io.stdout : io.stderr).write(groupHelp(program, groupName));
      return asked ? 0 : 2;
    }
    const leaves = leavesOf(groupName);
    const leaf = leaves.find((candidate) => candidate.name === leafName);
    if (leaf === undefined) throw unknownChoice(`${program} ${groupName}`, 'command', leafName, leaves.map((candidate) => candidate.name));
    return runLeaf(program, leaf, [...(root.has('--verbose') ? ['-v'] : []), ...argv.slice(i + 2)], io);
  };
}
