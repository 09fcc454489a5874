// Pretty-printed (2-space) JSON written piece by piece, so a large array never exists in memory at once.

/** JSON.stringify(value, null, 2) with every line after the first indented by `indent` spaces. */
export function indentedJson(value: unknown, indent: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`);
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
    write(`${first ? '\n' : ',\n'}${pad}    ${indentedJson(item, indent + 4)}`);
    first = false;
  }
  write(first ? ']\n' : `\n${pad}  ]\n`);
  write(`${pad}}`);
}
