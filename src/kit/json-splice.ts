// JSON text built from JSON text without parsing it again: one field added to an object already serialised.

/**
 * `{...object, [key]: value}` as text, from `objectText` (the JSON text `object` was parsed from) when
 * `object` has no `key` yet; undefined when it cannot be done safely (the caller then stringifies).
 * Forwarding the received text keeps its own number and string spelling, which is what was sent to us.
 */
export function withFieldAppended(objectText: string, object: Record<string, unknown>, key: string, value: unknown): string | undefined {
  if (Object.hasOwn(object, key)) return undefined;
  const end = objectText.lastIndexOf('}');
  if (end < 0) return undefined;
  const head = objectText.slice(0, end).trimEnd();
  const separator = head.endsWith('{') ? '' : ',';
  return `${head}${separator}${JSON.stringify(key)}:${JSON.stringify(value)}}`;
}
