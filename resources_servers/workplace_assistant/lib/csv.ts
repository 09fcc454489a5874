// RFC 4180 CSV: what pandas `read_csv(dtype=str)` reads (empty unquoted cells are missing values) and writes.

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Parse CSV text into records of fields; an empty unquoted field is null (pandas NaN). A field is runs of plain text
 * and quoted text (`""` a quote inside) up to a comma or a line end outside quotes, each run taken with one slice:
 * the tables are parsed once, as a server starts, in code not yet compiled, where building each field one character
 * at a time cost ~25 ms of workplace_assistant's startup.
 */
export function parseCsv(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  const length = text.length;
  let record: (string | null)[] = [];
  let index = 0;
  while (index < length) {
    let field = '';
    let wasQuoted = false;
    for (;;) {
      let end = index;
      while (end < length) {
        const code = text.charCodeAt(end);
        if (code === QUOTE || code === COMMA || code === LF || code === CR) break;
        end += 1;
      }
      if (end > index) field += text.slice(index, end);
      index = end;
      if (index >= length || text.charCodeAt(index) !== QUOTE) break;
      // A quoted run, to its closing quote (or the end of an unterminated one).
      wasQuoted = true;
      index += 1;
      for (;;) {
        const close = text.indexOf('"', index);
        if (close === -1) {
          field += text.slice(index);
          index = length;
          break;
        }
        field += text.slice(index, close);
        index = close + 1;
        if (text.charCodeAt(index) !== QUOTE) break;
        field += '"';
        index += 1;
      }
    }
    record.push(field === '' && !wasQuoted ? null : field);
    if (index >= length) break;
    const separator = text.charCodeAt(index);
    index += 1;
    if (separator === COMMA) {
      // A comma ending the text leaves one more (empty) field.
      if (index >= length) record.push(null);
      continue;
    }
    if (separator === CR && text.charCodeAt(index) === LF) index += 1;
    records.push(record);
    record = [];
  }
  if (record.length > 0) records.push(record);
  return records;
}

/** Quote a field when it needs it (comma, quote, newline), as pandas' to_csv does. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Serialise records, one line each, with a trailing newline. */
export function toCsv(records: readonly (readonly (string | null)[])[]): string {
  return records.map((record) => record.map(csvField).join(',')).join('\n') + '\n';
}
