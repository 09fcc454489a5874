// `ng_init_resources_server +entrypoint=resources_servers/NAME` (`gym env init --resources-server NAME`).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { displayPath } from '../config/paths.ts';
import { parseCliOverrides } from '../config/parse-cli-overrides.ts';
import { RolloutGymError } from '../errors.ts';
import type { Command } from '../cli/run-cli.ts';
import { SERVER_NAME, writeResourcesServer } from './scaffold-resources-server.ts';

const USAGE = 'gym env init --resources-server NAME (or ng_init_resources_server +entrypoint=resources_servers/NAME)';

function usage(message: string, hint: string): RolloutGymError {
  return new RolloutGymError(message, { code: 'RG_USAGE', hint, exitCode: 2 });
}

function entrypointOf(argv: readonly string[]): string {
  let entrypoint: string | undefined;
  for (const override of parseCliOverrides(argv)) {
    const key = override.path.join('.');
    if (key === 'entrypoint' && override.operation !== 'delete') entrypoint = String(override.value);
    else if (key !== 'verbose') throw usage(`unknown option '${key}' for ng_init_resources_server`, `call it as ${USAGE}`);
  }
  if (entrypoint === undefined) throw usage('the name of the resources server to create is missing', `call it as ${USAGE}`);
  return entrypoint.replace(/\/+$/, '');
}

/** Whether the nearest package.json above `dir` makes its .ts files ES modules (`"type": "module"`). */
function isModuleScope(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(current) === current) return false;
  }
}

/** Whether `rollout-gym/kit` (what the scaffold imports) resolves from `dir`. */
function kitResolvesFrom(dir: string): boolean {
  try {
    createRequire(join(dir, 'app.ts')).resolve('rollout-gym/kit');
    return true;
  } catch {
    return false;
  }
}

export const initCommand: Command = async (io) => {
  const entrypoint = entrypointOf(io.argv);
  const match = /^resources_servers\/([^/]+)$/.exec(entrypoint);
  if (!match) throw usage(`'${entrypoint}' is not resources_servers/NAME`, `call it as ${USAGE}`);
  const name = match[1]!;
  if (!SERVER_NAME.test(name)) {
    throw usage(`'${name}' cannot name a resources server`, 'use lower-case letters, digits and _ , starting with a letter (e.g. my_env)');
  }
  const dir = resolve(io.cwd, entrypoint);
  const shown = displayPath(dir, io.cwd);
  if (existsSync(dir)) {
    throw new RolloutGymError(`${shown} already exists; nothing was written`, {
      code: 'RG_USAGE',
      hint: 'choose another name, or move that folder away first',
    });
  }
  // The scaffold is ES modules: in a project whose package.json says otherwise (npm init's "commonjs"), the
  // server's folder gets its own package.json saying so.
  const files = writeResourcesServer(dir, name, { ownModuleScope: !isModuleScope(dirname(dir)) });
  const print = (line: string): void => void io.stdout.write(`${line}\n`);
  print(`Created the resources server ${name} in ${shown}/:`);
  for (const file of files) print(`  ${file}`);
  print('');
  print('Next:');
  print(`  gym env test --resources-server ${name}`);
  print(`  gym eval run --resources-server ${name} --model-type offline_model --split example --output results/${name}.jsonl`);
  if (!kitResolvesFrom(dir)) {
    print('');
    print(`note: the server imports rollout-gym/kit, which does not resolve from ${shown}: add rollout-gym to this project's`);
    print('      dependencies (npm install --save-dev rollout-gym, or npm install <path of a rollout-gym checkout>).');
  }
};
