import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { test } from 'node:test';
import { buildTree, startKitServers } from './kit-servers.ts';

const weather = { name: 'weather', kind: 'resources_servers' as const, implementation: 'example_simple_weather', dir: 'resources_servers/example_simple_weather' };

test('the test helper does not take another process answering on its port for the server it started', async () => {
  const tree = await buildTree([weather]);
  const port = (tree.weather as { resources_servers: { example_simple_weather: { port: number } } }).resources_servers.example_simple_weather.port;
  // Another test file's server already answering GET / on the same port.
  const impostor = createServer((_request, response) => response.end('{}')).listen(port, '127.0.0.1');
  await once(impostor, 'listening');
  try {
    await assert.rejects(startKitServers([weather], { tree }), /weather exited with 1:[\s\S]*EADDRINUSE/);
  } finally {
    impostor.closeAllConnections();
    impostor.close();
  }
});
