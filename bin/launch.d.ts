// Types of bin/launch.js (plain JavaScript, so that it runs on an old Node) for the TypeScript that imports it.

/** The V8 flags `command` (with its arguments) starts with. */
export declare function v8FlagsFor(command: string, args: readonly string[]): readonly string[];

/** The environment variables `command` starts with that `env` does not set already. */
export declare function startEnvFor(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Record<string, string>;

/** Starts `command` under a Node that can run our TypeScript, with its V8 flags. */
export declare function launch(command: string): Promise<void>;
