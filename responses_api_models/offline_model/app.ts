// offline_model: a deterministic stand-in for an LLM, no network, no key. It is not a language model.
//   mode: schema (default) - calls every offered tool with arguments built from its JSON schema (values from the
//         user's message where it names them), then answers with the tool outputs. Checks that an environment's
//         tools accept schema-valid input and that verification runs.
//   mode: replay - `replay_rollouts_jsonl`: returns the recorded model turns of the matching conversation; a
//         conversation that was not recorded is an explicit 404 error, never a guess.
import { resolveInputPath } from '../../src/config/paths.ts';
import { ServerError } from '../../src/errors.ts';
import { HttpError } from '../../src/kit/http-errors.ts';
import { startModelServer, type ModelHandlers } from '../../src/kit/model-server.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';
import { inputItemsOf } from '../../src/kit/wire-schemas.ts';
import { conversationKey } from './conversation.ts';
import { offlineResponse } from './offline-response.ts';
import { loadReplayIndex } from './replay-index.ts';
import { configSchema } from './config-schema.ts';
import { chatCompletionFor } from './schema-chat.ts';
import { schemaTurn, type OfferedTool } from './schema-mode.ts';


function buildOfflineModel(context: ServerContext): ModelHandlers {
  const parsed = configSchema.safeParse(context.config);
  if (!parsed.success) {
    throw new ServerError(`Invalid config for \`${context.name}\`: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`, { server: context.name, hint: 'mode is `schema` or `replay`.' });
  }
  const mode = parsed.data.mode ?? 'schema';
  if (mode === 'replay' && !parsed.data.replay_rollouts_jsonl) {
    throw new ServerError(`\`${context.name}\` is in replay mode but replay_rollouts_jsonl is not set.`, { server: context.name, hint: 'Set replay_rollouts_jsonl=<rollouts.jsonl>.' });
  }
  const replay = mode === 'replay' ? loadReplayIndex(resolveInputPath(parsed.data.replay_rollouts_jsonl!, { cwd: process.cwd(), env: process.env, key: 'replay_rollouts_jsonl' })) : undefined;
  return {
    async responses(params) {
      const items = inputItemsOf(params.input);
      const seed = conversationKey(items);
      if (replay) {
        const recorded = replay.get(seed);
        if (!recorded) {
          throw new HttpError(404, { error: { type: 'replay_miss', message: `No recorded rollout continues this conversation (${items.length} input items). Replay only answers conversations recorded in the rollouts file.` } });
        }
        return { body: offlineResponse(params, recorded.output, 'offline-replay', seed) };
      }
      const tools: OfferedTool[] = (params.tools ?? []).filter((tool) => tool.type === 'function').map((tool) => ({ name: String(tool.name), parameters: tool.parameters as Record<string, unknown> | undefined }));
      return { body: offlineResponse(params, schemaTurn(items, tools, seed), 'offline-schema', seed) };
    },
    async chatCompletions(body) {
      if (replay) throw new HttpError(400, { error: { type: 'unsupported', message: 'Replay mode answers /v1/responses only.' } });
      return { body: chatCompletionFor(body) };
    },
  };
}

await startModelServer(buildOfflineModel);
