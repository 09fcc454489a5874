// Node and V8 flags each of our own Node servers (the shipped ones, built on src/kit) is started with (they cannot be set once the process runs).
//
// --min-semi-space-size: a server's garbage is almost all short-lived (one request's bodies and parsed
// JSON), so V8 starts its young generation at a megabyte and grows it only slowly, scavenging every few
// milliseconds meanwhile, each scavenge paying a fixed cost for every live socket and handle. Starting it at 16 MB
// per semi-space cuts the scavenges about seven-fold (measured: a collector's GC time from ~1.8 s to ~0.7 s for
// 3,000 weather rollouts), for ~32 MB more address space per server, mostly untouched until used. Under sustained
// load V8 does grow it that far: in alternated throughput runs (2026-12-02) its default cost the same CPU per
// rollout as 16 MB, 32 and 64 MB no measurably less, and one held at 1 MB a fifth more.
//
// --import of bin/lazy-zod-locales.js: zod's ~60 error-message locales load when one is used, not at every start
// (~28 ms of CPU per server; seven servers start together on two cores).
export const NODE_SERVER_FLAGS: readonly string[] = ['--min-semi-space-size=16', `--import=${new URL('../../bin/lazy-zod-locales.js', import.meta.url).href}`];
