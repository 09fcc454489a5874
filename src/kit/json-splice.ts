// JSON text built from JSON text without parsing it again: one field added to an object already serialised.

/**
 * `{...object, [key]: value}` as text, from `objectText` (the JSON text `object` was parsed from) when
 * `object` has no `key` yet; undefined when it cannot be done safely (the caller then stringifies).
 * Forwarding the received text keeps its own number and string spelling, which is what was sent to us.
 */
export function withFieldAppended(objectText: string, object: Record<string, unknown>, key: string, value: unknown): string | undefined {
  return withFieldsAppended(objectText, object, { [key]: value });
}

/** `{...object, ...fields}` as text, as `withFieldAppended` does for one field; undefined when `object`
 * already has one of `fields`' keys (a spread would overwrite it in place). */
export function withFieldsAppended(objectText: string, object: Record<string, unknown>, fields: Record<string, unknown>): string | undefined {
  let added = '';
  for (const key in fields) {
    if (Object.hasOwn(object, key)) return undefined;
    const value = fields[key];
    // What JSON.stringify would leave out of the spread's text.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    added += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  const end = objectText.lastIndexOf('}');
  if (end < 0) return undefined;
  const head = objectText.slice(0, end).trimEnd();
  if (added === '') return `${head}}`;
  return head.endsWith('{') ? `${head}${added.slice(1)}}` : `${head}${added}}`;
}

/** The JSON text as one JSONL line: undefined when it spans lines (pretty-printed), so the caller stringifies. */
export function asJsonlLine(jsonText: string): string | undefined {
  const line = jsonText.trim();
  return line.includes('\n') || line.includes('\r') ? undefined : line;
}
