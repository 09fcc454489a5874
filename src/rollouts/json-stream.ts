// Pretty-printed (2-space) JSON written piece by piece, so a large array never exists in memory at once.

/** JSON.stringify(value, null, 2) with every line after the first indented by `indent` spaces. */
export function indentedJson(value: unknown, indent: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`);
}

/** An item too large to hold at once, that writes its own text: what `indentedJson(item, indent)` would give. */
export interface StreamedJson {
  writeJson(write: (text: string) => void, indent: number): void | Promise<void>;
}

function isStreamedJson(item: unknown): item is StreamedJson {
  return item !== null && typeof item === 'object' && typeof (item as Partial<StreamedJson>).writeJson === 'function';
}

/** Render `{...fields, [arrayKey]: [...items]}` at `indent`, streaming the items through `write`. */
export async function writeObjectWithStreamedArray(
  write: (text: string) => void,
  fields: Record<string, unknown>,
  arrayKey: string,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  indent: number,
): Promise<void> {
  const pad = ' '.repeat(indent);
  write(`${pad}{\n`);
  for (const [key, value] of Object.entries(fields)) write(`${pad}  ${JSON.stringify(key)}: ${indentedJson(value, indent + 2)},\n`);
  write(`${pad}  ${JSON.stringify(arrayKey)}: [`);
  let first = true;
  for await (const item of items) {
    if (isStreamedJson(item)) {
      write(`${first ? '\n' : ',\n'}${pad}    `);
      await item.writeJson(write, indent + 4);
    } else write(`${first ? '\n' : ',\n'}${pad}    ${indentedJson(item, indent + 4)}`);
    first = false;
  }
  write(first ? ']\n' : `\n${pad}  ]\n`);
  write(`${pad}}`);
}
