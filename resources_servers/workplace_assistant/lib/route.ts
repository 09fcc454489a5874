// NeMo Gym's catch-all tool route (`route_to_python_function`) as FastAPI serves it: body validation (422),
// the session check (400), None arguments dropped, the call, and every exception turned into tool text, answered
// with the bytes FastAPI would send.
import type { KitReply } from '../../../src/kit/http-app.ts';
import { JsonDecodeError, pythonJsonLoads } from './python-json.ts';
import { isDict, PythonError, pydanticJson, pythonJsonDumps, stringRepr, type PyValue } from './python-semantics.ts';
import { callTool } from './tools/tool.ts';
import { WORKPLACE_TOOLS } from './tools/index.ts';
import type { Workspace } from './workspace.ts';

const NO_SESSION = '{"detail":"Session not initialized. Please call seed_session first."}';

function unprocessable(detail: string): KitReply {
  return { status: 422, rawBody: `{"detail":[${detail}]}` };
}

/** `function(**args)` by tool name: the result, or the error text the route returns for an exception. */
export function runTool(workspace: Workspace, name: string, args: ReadonlyMap<string, PyValue>): PyValue {
  try {
    const tool = WORKPLACE_TOOLS.get(name);
    if (!tool) throw new PythonError(stringRepr(name), 'KeyError');
    return callTool(tool, workspace, args);
  } catch (error) {
    if (error instanceof PythonError) return `Error executing tool '${name}': ${error.message}`;
    throw error;
  }
}

/** A path segment as Starlette decodes it (`urllib.parse.unquote`: %XX bytes as UTF-8, invalid bytes replaced). */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const hex = /^%[0-9a-fA-F]{2}/.exec(text.slice(index, index + 3));
    if (hex) {
      bytes.push(Number.parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      const char = String.fromCodePoint(text.codePointAt(index)!);
      bytes.push(...new TextEncoder().encode(char));
      index += char.length - 1;
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

/** The reply to `POST /<tool>` (its path, still percent-encoded) with `rawBody`, for the session's workspace. */
export function answerToolRequest(path: string, rawBody: string, workspace: Workspace | undefined): KitReply {
  const tool = unquote(path);
  let body: PyValue | undefined;
  if (rawBody.length > 0) {
    try {
      body = pythonJsonLoads(rawBody);
    } catch (error) {
      if (!(error instanceof JsonDecodeError)) throw error;
      return unprocessable(`{"type":"json_invalid","loc":["body",${error.pos}],"msg":"JSON decode error","input":{},"ctx":{"error":${JSON.stringify(error.msg)}}}`);
    }
  }
  if (body === undefined || body === null) return unprocessable('{"type":"missing","loc":["body"],"msg":"Field required","input":null}');
  if (!isDict(body)) {
    return unprocessable(`{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":${pythonJsonDumps(body)}}`);
  }
  if (!workspace) return { status: 400, rawBody: NO_SESSION };
  const args = new Map([...body].filter(([, value]) => value !== null));
  return { status: 200, rawBody: `{"output":${pydanticJson(runTool(workspace, tool, args))}}` };
}
