// simple_agent's config block (SPEC 4.1) with our finite defaults for steps and timeouts.
import { ServerError } from '../../src/errors.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';
import { configSchema } from './config-schema.ts';

export interface SimpleAgentConfig {
  resourcesServer: string;
  modelServer: string;
  maxSteps: number;
  skipVerification: boolean;
  skipVerificationReward: number;
  modelTimeoutMs: number;
  resourcesTimeoutMs: number;
}

export const DEFAULT_MAX_STEPS = 10;

/** Reads and validates the agent's own config block; throws ServerError naming the bad key. */
export function readAgentConfig(context: ServerContext): SimpleAgentConfig {
  const parsed = configSchema.safeParse(context.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ServerError(`Invalid config for agent \`${context.name}\`: ${issue.path.join('.')}: ${issue.message}`, {
      server: context.name,
      hint: `Set ${context.name}.${context.kind}.${context.implementation}.resources_server.name and .model_server.name to server names of this run.`,
    });
  }
  const config = parsed.data;
  return {
    resourcesServer: config.resources_server.name,
    modelServer: config.model_server.name,
    maxSteps: config.max_steps ?? DEFAULT_MAX_STEPS,
    skipVerification: config.skip_verification ?? false,
    skipVerificationReward: config.skip_verification_reward ?? 0,
    modelTimeoutMs: (config.model_timeout_s ?? 600) * 1000,
    resourcesTimeoutMs: (config.resources_timeout_s ?? 300) * 1000,
  };
}
