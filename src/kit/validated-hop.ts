// Validation once, at the edge. A body that one of our servers built only from parts it had validated itself (its own
// request, checked against NeMo Gym's wire schemas) is marked so, and the next hop does not validate it again. Every
// other caller (NeMo Gym's Python agents, curl, a test) is validated as before; a caller that sets the mark on a body
// it did not build that way gets what it asked for: no 422, the body as it is.

/** The request header that carries the mark. */
export const VALIDATED_HEADER = 'x-rollout-gym-validated';

/**
 * What the body was built to be: `response-create-params`, a Responses create request (validated params with input
 * items that each have a type or a role); `verify-request`, a /verify body (a validated /run body plus a response
 * with a string id, or none, whose output items each have a string type).
 */
export type ValidatedShape = 'response-create-params' | 'verify-request';

/** True when the request carries the mark for `shape`. */
export function isValidated(headers: Record<string, string | string[] | undefined>, shape: ValidatedShape): boolean {
  return headers[VALIDATED_HEADER] === shape;
}
