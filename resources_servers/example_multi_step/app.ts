// example_multi_step (NeMo Gym's ExampleMultiStepResourcesServer): look up each synonym's value, then extract them in order.
import { z } from 'zod';
import { defineTool, startResourcesServer } from '../../src/kit/resources-server.ts';
import { parseBody } from '../../src/kit/validation.ts';
import { scoreMultiStep, synonymValue } from './lib/multi-step.ts';

// Required task fields of a verify request; validated (422 when missing) but not echoed, as there.
const taskSchema = z.looseObject({
  id: z.int(),
  expected_synonym_values: z.array(z.int()),
  expected_synonyms: z.array(z.string()),
  minefield_label: z.string(),
  minefield_label_value: z.int(),
});

await startResourcesServer({
  className: 'ExampleMultiStepResourcesServer',
  reverifyMode: 'stateless',
  tools: {
    get_synonym_value: defineTool(z.object({ synonym: z.string() }), ({ synonym }) => ({ synonym_value: synonymValue(synonym) })),
    extract_synonym_values: defineTool(z.object({ synonym_values: z.array(z.int()) }), () => ({ success: true })),
  },
  verify: (body) => ({ ...scoreMultiStep(parseBody(taskSchema, body), body.response.output) }),
});
