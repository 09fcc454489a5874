// Types of bin/compile-cache.js (plain JavaScript, so that the launcher can use it on an old Node).

/** Turn Node's compile cache on for this process and, through NODE_COMPILE_CACHE, every process it starts; our default directory is pruned 10 s later. */
export declare function enableCompileCache(): void;

/** The cache directory a command started with `env` uses: NODE_COMPILE_CACHE when set, else one in the temp dir. */
export declare function compileCacheDirectory(env: NodeJS.ProcessEnv): string;

/** Remove the entries of `directory` unused for a month, at most once a day; never throws. */
export declare function pruneCompileCache(directory: string, now?: number): void;
