// Resolve `${a.b}`, `${oc.env:VAR}` and `${oc.env:VAR,default}` everywhere in the tree (nested, inside strings).
import { ConfigError } from '../errors.ts';
import { formatPath, getAt, hasAt, isPlainObject, MISSING, parseDottedPath, type PathSegment } from './tree.ts';

/** A reference to something that is not set: a config key or an environment variable. */
export interface UnsetReference {
  kind: 'key' | 'env';
  /** The dotted key (kind "key") or the variable name (kind "env"). */
  name: string;
  /** The dotted key whose value holds the `${...}`. */
  usedBy: string;
  /** Where that value came from. */
  usedAt: string | undefined;
}

export interface InterpolationResult {
  tree: Record<string, unknown>;
  unset: UnsetReference[];
  /** Top-level keys some interpolation read. */
  referencedTopLevelKeys: Set<string>;
  /** Holder dotted key -> the dotted keys its `${...}` read (for showing where a value really came from). */
  references: Map<string, string[]>;
}

/** A piece of a string: literal text or the inner expression of one `${...}`. */
type Piece = { literal: string } | { expression: string };

/** Split text into literals and `${...}` expressions (balanced braces; `\${` is a literal `${`). */
export function splitInterpolations(text: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    const j = interpolationEnd(text, i);
    if (j < 0) {
      literal += text.slice(i);
      break;
    }
    if (literal) pieces.push({ literal });
    literal = '';
    pieces.push({ expression: text.slice(i + 2, j) });
    i = j + 1;
  }
  if (literal || pieces.length === 0) pieces.push({ literal });
  return pieces;
}

/** Index of the `}` that closes the `${` at `start` (nested `${...}` balanced), or -1 when it is never closed. */
export function interpolationEnd(text: string, start: number): number {
  let depth = 0;
  for (let j = start; j < text.length; j += 1) {
    if (text.startsWith('${', j)) {
      depth += 1;
      j += 1;
    } else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/** True when a string holds at least one `${...}` to resolve. */
export function hasInterpolation(value: unknown): value is string {
  return typeof value === 'string' && splitInterpolations(value).some((piece) => 'expression' in piece);
}

const UNRESOLVED = Symbol('unresolved');

/** Resolve every interpolation; unset references are collected, cycles and bad syntax throw. */
export function interpolateTree(
  tree: Record<string, unknown>,
  origins: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
): InterpolationResult {
  const unset: UnsetReference[] = [];
  const referencedTopLevelKeys = new Set<string>();
  const references = new Map<string, string[]>();
  const resolved = new Map<string, unknown>();
  const inProgress: string[] = [];

  const resolveNode = (path: PathSegment[]): unknown => {
    const dotted = formatPath(path);
    if (resolved.has(dotted)) return resolved.get(dotted);
    if (inProgress.includes(dotted)) {
      const cycle = [...inProgress.slice(inProgress.indexOf(dotted)), dotted];
      const holder = inProgress[inProgress.indexOf(dotted)]!;
      throw new ConfigError(`interpolation cycle: ${cycle.map((key) => `'${key}'`).join(' -> ')}`, {
        code: 'RG_CONFIG_INTERPOLATION',
        key: holder,
        source: origins.get(holder),
        hint: `'${holder}'${origins.has(holder) ? ` (${origins.get(holder)})` : ''} refers back to itself: set one of these keys to a plain value`,
      });
    }
    inProgress.push(dotted);
    const raw = getAt(tree, path);
    let value: unknown;
    if (isPlainObject(raw)) {
      value = Object.fromEntries(Object.keys(raw).map((key) => [key, resolveNode([...path, key])]));
    } else if (Array.isArray(raw)) {
      value = raw.map((_, index) => resolveNode([...path, index]));
    } else if (typeof raw === 'string') {
      value = resolveString(raw, path);
    } else {
      value = raw;
    }
    inProgress.pop();
    resolved.set(dotted, value);
    return value;
  };

  const resolveString = (text: string, holder: PathSegment[]): unknown => {
    const pieces = splitInterpolations(text);
    if (pieces.length === 1 && 'literal' in pieces[0]!) return pieces[0].literal;
    const values = pieces.map((piece) => ('literal' in piece ? piece.literal : evaluate(piece.expression, holder)));
    if (values.includes(UNRESOLVED)) return text;
    if (pieces.length === 1) return values[0];
    return values.map((value) => (typeof value === 'string' ? value : value === null ? 'None' : JSON.stringify(value))).join('');
  };

  const evaluate = (rawExpression: string, holder: PathSegment[]): unknown => {
    // Nested interpolations inside the expression are resolved first: `${oc.env:VAR,${a.b}}`.
    const inner = resolveString(rawExpression, holder);
    if (typeof inner !== 'string') return UNRESOLVED;
    const expression = inner.trim();
    const holderKey = formatPath(holder);
    const resolverMatch = /^([A-Za-z_][\w.]*):([\s\S]*)$/.exec(expression);
    if (resolverMatch) {
      const [, resolver, args] = resolverMatch as unknown as [string, string, string];
      if (resolver === 'oc.env' || resolver === 'env') return readEnv(args, holderKey);
      if (resolver === 'inherit_from' || resolver === 'copy') {
        throw new ConfigError(`'${holderKey}' uses \${${expression}} inside text or a list${origins.has(holderKey) ? ` (${origins.get(holderKey)})` : ''}`, {
          code: 'RG_CONFIG_INTERPOLATION',
          key: holderKey,
          source: origins.get(holderKey),
          hint: `\${${resolver}:...} must be the whole value of a key, e.g. \`my_server: \${${resolver}:${args.trim()}}\`; for a value inside text use \${${args.trim()}}`,
        });
      }
      throw new ConfigError(`'${holderKey}' uses an unknown resolver '${resolver}' in \${${expression}}`, {
        code: 'RG_CONFIG_INTERPOLATION',
        key: holderKey,
        source: origins.get(holderKey),
        hint: 'supported: ${dotted.key}, ${oc.env:VAR} and ${oc.env:VAR,default}',
      });
    }
    const target = referencePath(expression, holder);
    if (target.length > 0 && typeof target[0] === 'string') referencedTopLevelKeys.add(target[0]);
    references.set(holderKey, [...(references.get(holderKey) ?? []), formatPath(target)]);
    if (!hasAt(tree, target) || target.length === 0) {
      unset.push({ kind: 'key', name: formatPath(target) || expression, usedBy: holderKey, usedAt: origins.get(holderKey) });
      return UNRESOLVED;
    }
    const value = resolveNode(target);
    return value === MISSING ? UNRESOLVED : value;
  };

  const readEnv = (args: string, holderKey: string): unknown => {
    const comma = args.indexOf(',');
    const name = (comma === -1 ? args : args.slice(0, comma)).trim();
    const value = env[name];
    if (value !== undefined) return value;
    if (comma === -1) {
      unset.push({ kind: 'env', name, usedBy: holderKey, usedAt: origins.get(holderKey) });
      return UNRESOLVED;
    }
    const fallback = args.slice(comma + 1).trim().replace(/^(['"])([\s\S]*)\1$/, '$2');
    return fallback === 'null' ? null : fallback;
  };

  const result = resolveNode([]) as Record<string, unknown>;
  return { tree: result, unset, referencedTopLevelKeys, references };
}

/** `a.b` is absolute; `.x` is a sibling of the holder, `..x` one level up (OmegaConf relative keys). */
function referencePath(expression: string, holder: readonly PathSegment[]): PathSegment[] {
  const dots = /^\.*/.exec(expression)![0].length;
  if (dots === 0) return parseDottedPath(expression);
  const base = holder.slice(0, Math.max(0, holder.length - dots));
  return [...base, ...parseDottedPath(expression.slice(dots))];
}
