// example_simple_weather (NeMo Gym's SimpleWeatherResourcesServer): one tool, and every rollout scores 1.0.
import { z } from 'zod';
import { defineTool, startResourcesServer } from '../../src/kit/resources-server.ts';
import { weatherOf } from './lib/weather.ts';

await startResourcesServer({
  className: 'SimpleWeatherResourcesServer',
  reverifyMode: 'stateless',
  tools: {
    get_weather: defineTool(z.object({ city: z.string() }), ({ city }) => weatherOf(city)),
  },
  verify: () => ({ reward: 1.0 }),
});
