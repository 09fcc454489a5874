// Types of bin/lazy-zod-locales.js (plain JavaScript: it registers its module hook before any of our TypeScript loads).

/** The source of zod's locale index with every locale but English loaded on first use; undefined when it is not the expected list. */
export declare function lazyLocalesSource(source: string): string | undefined;
