// workplace_assistant (NeMo Gym's WorkbenchResourcesServer): 27 office tools per session, verified by state replay.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startResourcesServer } from '../../src/kit/resources-server.ts';
import { readServerContext } from '../../src/kit/server-context.ts';
import { loadBaseData } from './lib/base-data.ts';
import { answerToolRequest } from './lib/route.ts';
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

// WorkbenchVerifyRequest's own fields, validated and echoed back as there.
const verifyExtras = {
  ground_truth: z.union([z.array(z.record(z.string(), z.string())), z.string()]),
  id: z.number().int(),
  category: z.string(),
  environment_name: z.string(),
};

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
  handleRawToolRequest: (toolName, rawBody, ctx) => answerToolRequest(toolName, rawBody, sessions.get(ctx.sessionId)),
  verifyExtras,
  verify: (body, ctx) => {
    try {
      return { reward: rewardFor(base, functionCallsOf(body.response.output), groundTruthCalls(body.ground_truth)) };
    } finally {
      sessions.delete(ctx.sessionId);
    }
  },
});
