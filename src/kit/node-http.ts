// node:http without its ES module facade.
//
// `import { createServer } from 'node:http'` builds a facade that reads every export of node:http, and
// reading its lazy `WebSocket`/`CloseEvent`... getters loads Node's whole bundled undici: ~85 ms of CPU
// at the start of every process that imports node:http, eight of them when a quick-start stack starts on
// two cores. process.getBuiltinModule hands over the module itself, getters untouched.
import type * as NodeHttp from 'node:http';

export const http: typeof NodeHttp = process.getBuiltinModule('node:http');
