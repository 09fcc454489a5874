// `gym list environments|agents|models|resources-servers [NAME] [--json] [--search-dir DIR]`.
import { didYouMean } from '../../config/did-you-mean.ts';
import { parseCliOverrides } from '../../config/parse-cli-overrides.ts';
import { searchRoots } from '../../config/paths.ts';
import { RolloutGymError } from '../../errors.ts';
import { formatTable } from '../../servers/server-table.ts';
import type { Command, CommandIo } from '../run-cli.ts';
import { catalog, type CatalogEntry, type DatasetInfo, type ListKind } from './catalog.ts';

const NOUNS: Record<ListKind, { plural: string; singular: string }> = {
  environments: { plural: 'environments', singular: 'environment' },
  agents: { plural: 'agents', singular: 'agent' },
  models: { plural: 'models', singular: 'model' },
  'resources-servers': { plural: 'resources servers', singular: 'resources server' },
};

function readListOptions(argv: readonly string[], kind: ListKind): { name: string | undefined; json: boolean } {
  let name: string | undefined;
  let json = false;
  for (const override of parseCliOverrides(argv)) {
    const key = override.path.join('.');
    if (key === 'component_name') name = String(override.value);
    else if (key === 'json') json = override.value === true || override.value === 'true';
    else if (key !== 'verbose') {
      throw new RolloutGymError(`unknown option '${key}' for gym list ${kind}`, { code: 'RG_USAGE', exitCode: 2, hint: `gym list ${kind} takes [NAME], --json and --search-dir` });
    }
  }
  return { name, json };
}

function datasetsText(datasets: readonly DatasetInfo[]): string {
  return datasets.map((dataset) => (dataset.name === dataset.type ? dataset.name : `${dataset.name} (${dataset.type})`)).join(', ');
}

/** Table columns per kind: NeMo Gym's, plus datasets and where each component was found. */
function tableOf(kind: ListKind, entries: readonly CatalogEntry[]): string {
  const cell = (value: string | null | undefined): string => value ?? '';
  switch (kind) {
    case 'environments':
      return formatTable(['NAME', 'KIND', 'DOMAIN', 'AGENTS', 'DATASETS', 'SOURCE', 'DESCRIPTION'], entries.map((e) => [e.name, e.kind, cell(e.domain), e.agents.join(', '), datasetsText(e.datasets), e.source, cell(e.description)]));
    case 'resources-servers':
      return formatTable(['NAME', 'DOMAIN', 'DATASETS', 'SOURCE', 'DESCRIPTION'], entries.map((e) => [e.name, cell(e.domain), datasetsText(e.datasets), e.source, cell(e.description)]));
    case 'agents':
      return formatTable(['NAME', 'COMPOSITION', 'VARIANTS', 'SOURCE', 'DESCRIPTION'], entries.map((e) => [e.name, e.extra.self_contained ? 'self-contained (B)' : 'composable (A)', (e.extra.variants as string[]).join(', ') || '-', e.source, cell(e.description)]));
    case 'models':
      return formatTable(['MODEL', 'MODEL GROUP', 'SOURCE', 'DESCRIPTION'], entries.map((e) => [e.name, String(e.extra.model_group), e.source, cell(e.description)]));
  }
}

function jsonOf(entry: CatalogEntry): Record<string, unknown> {
  const { extra, path, ...rest } = entry;
  return { ...rest, ...extra, [entry.kind === 'agent' ? 'path' : 'config']: path };
}

function usageExample(kind: ListKind, entry: CatalogEntry): string | null {
  if (kind === 'environments' || kind === 'resources-servers') {
    return entry.kind === 'resources_server' || entry.kind === 'environment'
      ? `gym eval run --resources-server ${entry.name} --model-type offline_model --split ${entry.datasets.some((d) => d.type === 'example') || entry.datasets.length === 0 ? 'example' : entry.datasets[0]!.type} --output results/${entry.name.replace(/\//g, '_')}.jsonl`
      : null;
  }
  if (kind === 'models') return `gym env start --resources-server example_simple_weather --model-type ${entry.name}`;
  return null;
}

/** NeMo Gym's inspect view of one component (`render_component_inspection`), as text or JSON. */
function inspect(io: CommandIo, kind: ListKind, entry: CatalogEntry, json: boolean): void {
  const details: Record<string, string> = { [entry.kind === 'agent' ? 'path' : 'config']: entry.path, source: `${entry.source} (${entry.root})` };
  if (entry.agents.length > 0) details.agents = entry.agents.join(', ');
  if (entry.datasets.length > 0) details.datasets = entry.datasets.map((d) => `${d.name} (${d.type})${d.jsonl_fpath ? ` ${d.jsonl_fpath}` : ''}`).join(', ');
  if (Array.isArray(entry.extra.variants) && entry.extra.variants.length > 0) details.variants = entry.extra.variants.join(', ');
  if (entry.extra.self_contained !== undefined) details.composition = entry.extra.self_contained ? 'self-contained (B)' : 'composable (A)';
  const description = [entry.description, entry.extra.value ? `Value: ${String(entry.extra.value)}` : null].filter(Boolean).join('\n') || null;
  const usage = usageExample(kind, entry);
  if (json) {
    io.stdout.write(`${JSON.stringify({ name: entry.name, type: NOUNS[kind].singular, domain: entry.domain, description, details, usage_example: usage })}\n`);
    return;
  }
  const sections = [`The ${entry.name} ${NOUNS[kind].singular}${entry.domain ? ` (domain: ${entry.domain})` : ''}`];
  if (description) sections.push(description);
  sections.push(`Details:\n${Object.entries(details).map(([label, value]) => `${label}: ${value}`).join('\n')}`);
  if (usage) sections.push(`Usage example:\n${usage}`);
  io.stdout.write(`${sections.join('\n\n')}\n`);
}

export function listCommand(kind: ListKind): Command {
  return async (io) => {
    const { name, json } = readListOptions(io.argv, kind);
    const roots = { cwd: io.cwd, env: io.env };
    const entries = catalog(kind, roots);
    if (name !== undefined) {
      const entry = entries.find((candidate) => candidate.name === name);
      if (entry === undefined) {
        const suggestion = didYouMean(name, entries.map((candidate) => candidate.name));
        throw new RolloutGymError(`Unknown ${NOUNS[kind].singular} '${name}'.`, {
          code: 'RG_USAGE',
          hint: suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : `\`gym list ${kind}\` shows them all`,
        });
      }
      inspect(io, kind, entry, json);
      return;
    }
    if (json) {
      io.stdout.write(`${JSON.stringify(entries.map(jsonOf))}\n`);
      return;
    }
    const where = searchRoots(roots).join(', ');
    if (entries.length === 0) {
      io.stdout.write(`No ${NOUNS[kind].plural} found under ${where}.\n`);
      return;
    }
    io.stdout.write(`Available ${NOUNS[kind].plural} (${entries.length}), from ${where}:\n\n${tableOf(kind, entries)}\n`);
  };
}
