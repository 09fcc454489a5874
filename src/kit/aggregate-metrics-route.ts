// POST /aggregate_metrics as NeMo Gym's servers answer it: `{verify_responses: [...]}` in, `AggregateMetrics` out.
import { z } from 'zod';
import { RolloutGymError } from '../errors.ts';
import { aggregateMetricsWithHooks, type MetricsHooks } from '../metrics/metrics-hooks.ts';
import type { KitReply } from './http-app.ts';
import { HttpError } from './http-errors.ts';
import { parseBody } from './validation.ts';

const aggregateRequestSchema = z.looseObject({ verify_responses: z.array(z.record(z.string(), z.unknown())) });

export type AggregateMetricsRequest = z.output<typeof aggregateRequestSchema>;

/** Validates the body (422 in FastAPI's shape when it is not `{verify_responses: [objects]}`). */
export function parseAggregateRequest(body: unknown): AggregateMetricsRequest {
  return parseBody(aggregateRequestSchema, body);
}

/** NeMo's metrics over the body's verify responses with the given hooks; a duplicate rollout key is a 400. */
export function answerAggregateMetrics(request: AggregateMetricsRequest, hooks: MetricsHooks = {}): KitReply {
  try {
    return { body: aggregateMetricsWithHooks(request.verify_responses, hooks) };
  } catch (error) {
    if (error instanceof RolloutGymError) throw new HttpError(400, { detail: error.message });
    throw error;
  }
}
