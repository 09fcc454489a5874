// openai_model (SPEC 5.1): Responses and Chat Completions passthrough to an OpenAI-compatible endpoint.
import { startModelServer, type ModelHandlers } from '../../src/kit/model-server.ts';
import { displayUrl, OpenAiUpstream } from '../../src/kit/openai-upstream.ts';
import { Semaphore } from '../../src/kit/semaphore.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';
import { upstreamJsonOrThrow } from '../../src/kit/upstream-reply.ts';
import { upstreamError } from '../../src/kit/http-errors.ts';
import { withFieldAppended } from '../../src/kit/json-splice.ts';
import { readOpenAiModelConfig } from './model-config.ts';

function buildOpenAiModel(context: ServerContext): ModelHandlers {
  const config = readOpenAiModelConfig(context);
  const upstream = new OpenAiUpstream({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    defaultHeaders: config.defaultHeaders,
    requestTimeoutMs: config.requestTimeoutMs,
    retry: { maxRetries: config.maxRetries, maxRetryTimeMs: config.maxRetryTimeMs, baseDelayMs: config.retryBaseDelayMs },
    log: context.log,
  });
  const limiter = new Semaphore(config.maxConcurrentRequests);
  const base = displayUrl(config.baseUrl);
  // The upstream's answer is checked as JSON, then passed on as the text it came in (no re-serialising).
  const forward = async (path: string, body: Record<string, unknown> | string): Promise<{ parsed: Record<string, unknown>; text: string }> => {
    const answer = await limiter.run(() => upstream.post(path, body));
    return { parsed: upstreamJsonOrThrow(answer, context.name, `${base}${path}`), text: answer.text };
  };
  return {
    async responses(params, request) {
      // Nothing to change but the model name: the validated request text goes on with `model` added.
      const plain = Object.keys(config.extraBody).length === 0 && !config.dropInputReasoningItems;
      const spliced = plain ? withFieldAppended(request.rawBody, params, 'model', config.model) : undefined;
      const body: Record<string, unknown> | string = spliced ?? { ...config.extraBody, ...params, model: config.model };
      if (typeof body !== 'string' && config.dropInputReasoningItems && Array.isArray(body.input)) {
        body.input = (body.input as Record<string, unknown>[]).filter((item) => item.type !== 'reasoning');
      }
      const response = await forward('/responses', body);
      if (!Array.isArray(response.parsed.output)) {
        throw upstreamError('upstream_error', context.name, 200, `${base}/responses answered a JSON object without an \`output\` list`);
      }
      return { rawBody: response.text };
    },
    async chatCompletions(request) {
      return { rawBody: (await forward('/chat/completions', { ...config.extraBody, ...request, model: config.model })).text };
    },
  };
}

await startModelServer(buildOpenAiModel);
