// Entry point: `node src/cli/main.ts <command> [overrides...]`; the bin launchers call it too.
// It turns Node's compile cache on (bin/compile-cache.js, plain JavaScript) and registers the hook that loads zod's
// locales on first use (bin/lazy-zod-locales.js) before any of our TypeScript loads, then hands over to
// command-dispatch.ts: a static import would be compiled (its types stripped) before this line runs.
import { enableCompileCache } from '../../bin/compile-cache.js';
import '../../bin/lazy-zod-locales.js';

enableCompileCache();

await import('./command-dispatch.ts');
