// One-line previews for the list: the last user message and the final answer of each row on the page.
// Only the rows shown are read (one file handle per file and page), each parsed once; huge rows are skipped.
import { open } from 'node:fs/promises';
import type { RowRef } from './run.ts';

export interface RowPreview {
  /** The last user message, whitespace collapsed; null when the row has none. */
  prompt: string | null;
  /** The final assistant message (or, for a failure, its error); null when there is none. */
  answer: string | null;
}

/** Characters kept per preview: a line of the list plus room for the hover text. */
export const PREVIEW_CHARS = 400;
/** Rows longer than this are not parsed for a preview (opening the row still shows everything). */
export const PREVIEW_MAX_ROW_BYTES = 8 * 1024 * 1024;
/** Bytes parsed for previews per page at most, so a page of huge rows stays quick. */
const PREVIEW_PAGE_BYTES = 48 * 1024 * 1024;

/** Previews of `refs`, in their order; a row too large (or not valid JSON) gets nulls. */
export async function previewsOf(refs: readonly RowRef[]): Promise<RowPreview[]> {
  const previews: RowPreview[] = refs.map(() => ({ prompt: null, answer: null }));
  let budget = PREVIEW_PAGE_BYTES;
  const bySource = new Map<RowRef['source'], number[]>();
  refs.forEach((ref, i) => bySource.set(ref.source, [...(bySource.get(ref.source) ?? []), i]));
  for (const [source, positions] of bySource) {
    const handle = await open(source.path, 'r').catch(() => undefined);
    if (!handle) continue;
    try {
      for (const i of positions) {
        const index = refs[i]!.index;
        const start = source.table.starts[index]!;
        const length = source.table.ends[index]! - start;
        if (length > PREVIEW_MAX_ROW_BYTES || length > budget) continue;
        budget -= length;
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, start);
        try {
          previews[i] = previewOfRow(JSON.parse(buffer.toString('utf8', 0, bytesRead)));
        } catch {
          // Not valid JSON: the row view says so when it is opened.
        }
      }
    } finally {
      await handle.close();
    }
  }
  return previews;
}

type Item = Record<string, unknown>;

/** The preview of one parsed row (a rollout or a failure line). */
export function previewOfRow(row: unknown): RowPreview {
  if (row === null || typeof row !== 'object') return { prompt: null, answer: null };
  const record = row as Item;
  const params = (record.responses_create_params ?? {}) as Item;
  const response = (record.response ?? {}) as Item;
  const output = Array.isArray(response.output) ? (response.output as Item[]) : Array.isArray(record.output) ? (record.output as Item[]) : [];
  const input = typeof params.input === 'string' ? [{ role: 'user', content: params.input }] : Array.isArray(params.input) ? (params.input as Item[]) : [];
  const items = [...input, ...output].filter((item): item is Item => item !== null && typeof item === 'object');
  const lastUser = items.findLast((item) => item.role === 'user');
  const finalAnswer = output.findLast((item) => item !== null && typeof item === 'object' && (item.type ?? 'message') === 'message' && item.role === 'assistant' && !Array.isArray(item.tool_calls));
  const error = typeof record.error === 'string' ? `error: ${record.error}` : null;
  return { prompt: oneLine(lastUser ? textOf(lastUser.content) : ''), answer: oneLine(finalAnswer ? textOf(finalAnswer.content) : '') ?? error };
}

/** The text of a message's content: a string, or the text of its parts (output_text, input_text, refusal). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (typeof part === 'string') return part;
      const item = (part ?? {}) as Item;
      return typeof item.text === 'string' ? item.text : typeof item.refusal === 'string' ? `[refusal] ${item.refusal}` : '';
    })
    .filter((text) => text !== '')
    .join(' ');
}

function oneLine(text: string): string | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}
