// simple_agent (SPEC 4): /v1/responses runs the episode loop, /run seeds, runs and verifies one rollout.
import { callServer, expectJson, startAgentServer, type AgentHandlers } from '../../src/kit/agent-server.ts';
import { absorbSetCookies, cookieHeaderOf, parseCookieHeader, setCookieLinesOf } from '../../src/kit/cookies.ts';
import { upstreamError } from '../../src/kit/http-errors.ts';
import { withFieldAppended } from '../../src/kit/json-splice.ts';
import type { ServerClient } from '../../src/kit/server-client.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';
import type { ValidatedShape } from '../../src/kit/validated-hop.ts';
import { readAgentConfig } from './agent-config.ts';
import { runEpisode } from './episode-loop.ts';

const emptyMetrics = { group_level_metrics: [], agent_metrics: {}, key_metrics: {} };

function buildSimpleAgent(context: ServerContext, client: ServerClient): AgentHandlers {
  const config = readAgentConfig(context);
  const resources = config.resourcesServer;
  const resourcesCall = (path: string, body: unknown, cookieHeader: string | undefined, validated?: ValidatedShape) =>
    callServer(client, 'resources_server_error', resources, path, body, { cookieHeader, timeoutMs: config.resourcesTimeoutMs, validated });
  return {
    async responses(params, request) {
      const episode = await runEpisode(client, config, params, parseCookieHeader(request.cookieHeader));
      return { body: episode.response, setCookies: setCookieLinesOf(episode.cookies) };
    },
    async run(body, request) {
      // The /run body goes on to /seed_session and /verify as the text it came in (it was validated above).
      const seeded = await resourcesCall('/seed_session', request.rawBody, request.cookieHeader);
      expectJson(seeded, 'resources_server_error', resources, '/seed_session');
      const cookies = parseCookieHeader(request.cookieHeader);
      absorbSetCookies(cookies, seeded.setCookies);
      // In-process instead of NeMo's HTTP self-call: same cookies in, same cookies out, one hop less.
      const episode = await runEpisode(client, config, body.responses_create_params, cookies);
      if (config.skipVerification) {
        return { body: { ...body, response: episode.response, reward: config.skipVerificationReward, verification_skipped: true } };
      }
      const verifyBody = withFieldAppended(request.rawBody, body, 'response', episode.response) ?? { ...body, response: episode.response };
      // The /run body was validated above and every output item has a type (runEpisode): with a string id (or none),
      // the verify body is one the resources server need not validate again.
      const id = episode.response.id;
      const verified = await resourcesCall('/verify', verifyBody, cookieHeaderOf(episode.cookies), id === undefined || typeof id === 'string' ? 'verify-request' : undefined);
      const result = expectJson(verified, 'resources_server_error', resources, '/verify');
      if (typeof result.reward !== 'number' && typeof result.reward !== 'boolean') {
        throw upstreamError('resources_server_error', resources, verified.status, '/verify answered without a numeric `reward`');
      }
      // The verify answer is passed on as received: it was checked to be an object with a numeric reward.
      return { rawBody: verified.text, setCookies: setCookieLinesOf(episode.cookies) };
    },
    async aggregateMetrics(body) {
      if (config.skipVerification) {
        context.log('skip_verification is set: /aggregate_metrics returns empty metrics');
        return { body: emptyMetrics };
      }
      const reply = await resourcesCall('/aggregate_metrics', body, undefined);
      return { body: expectJson(reply, 'resources_server_error', resources, '/aggregate_metrics') };
    },
  };
}

await startAgentServer(buildSimpleAgent);
