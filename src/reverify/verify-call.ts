// One POST /verify to a resources server; a failure is classified as the collector classifies a failed rollout.
import { classifyErrorResponse, type RolloutFailure } from '../rollouts/failure-class.ts';
import { ServerCallError, type ServerClient } from '../kit/server-client.ts';

export type VerifyOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; failure: RolloutFailure };

const FAILURE_OF_CALL: Record<ServerCallError['failure'], string> = {
  timeout: 'timeout',
  unreachable: 'server_unreachable',
  connection_lost: 'server_unreachable',
  unknown_server: 'server_unreachable',
  aborted: 'cancelled',
};

export async function verifyOnce(client: ServerClient, server: string, payload: Record<string, unknown>, options: { timeoutMs: number; signal: AbortSignal }): Promise<VerifyOutcome> {
  try {
    const reply = await client.post(server, '/verify', payload, options);
    if (reply.status < 200 || reply.status >= 300) return { ok: false, failure: classifyErrorResponse(reply.status, reply.text) };
    const result: unknown = JSON.parse(reply.text);
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      return { ok: false, failure: { failureClass: 'invalid_response', message: `/verify of ${server} answered ${reply.text.slice(0, 200)}` } };
    }
    return { ok: true, result: result as Record<string, unknown> };
  } catch (error) {
    if (error instanceof ServerCallError) return { ok: false, failure: { failureClass: FAILURE_OF_CALL[error.failure], message: error.message } };
    if (error instanceof SyntaxError) return { ok: false, failure: { failureClass: 'invalid_response', message: `/verify of ${server} answered non-JSON` } };
    throw error;
  }
}
