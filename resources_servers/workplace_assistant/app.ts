// workplace_assistant (NeMo Gym's WorkbenchResourcesServer): 27 office tools per session, verified by state replay.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../src/kit/http-errors.ts';
import { startResourcesServer } from '../../src/kit/resources-server.ts';
import { readServerContext } from '../../src/kit/server-context.ts';
import { parseBody } from '../../src/kit/validation.ts';
import { loadBaseData } from './lib/base-data.ts';
import { invokeTool } from './lib/invoke-tool.ts';
import { SessionStore } from './lib/sessions.ts';
import { configSchema } from './config-schema.ts';
import { functionCallsOf, groundTruthCalls, rewardFor } from './lib/verify.ts';

const serverDir = fileURLToPath(new URL('.', import.meta.url));
const context = readServerContext();
const config = configSchema.parse(context.config);
const dataDir = isAbsolute(config.data_dir) ? config.data_dir : resolve(serverDir, config.data_dir);
const base = loadBaseData(dataDir);
const sessions = new SessionStore(base, { ttlMs: config.session_ttl_seconds * 1000 });
sessions.startSweeping(Math.min(60_000, config.session_ttl_seconds * 1000));
context.log(`loaded ${dataDir}`);

const toolBodySchema = z.record(z.string(), z.unknown());

await startResourcesServer({
  className: 'WorkbenchResourcesServer',
  // verify replays the response's calls on fresh copies of the base data: no session state is read.
  reverifyMode: 'stateless',
  context,
  tools: {},
  seedSession: (_body, ctx) => {
    sessions.seed(ctx.sessionId);
    return {};
  },
  handleUnknownTool: (toolName, body, ctx) => {
    const args = parseBody(toolBodySchema, body ?? {});
    const workspace = sessions.get(ctx.sessionId);
    if (!workspace) throw new HttpError(400, { detail: 'Session not initialized. Please call seed_session first.' });
    return invokeTool(workspace, toolName, args);
  },
  verifyExtras: {},
  verify: (body, ctx) => {
    try {
      const request = body as typeof body & { ground_truth?: unknown };
      return { reward: rewardFor(base, functionCallsOf(body.response.output), groundTruthCalls(request.ground_truth)) };
    } finally {
      sessions.delete(ctx.sessionId);
    }
  },
});
