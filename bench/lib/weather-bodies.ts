// The bodies of one weather rollout, as our servers send them: the /run row, the two model requests (the second
// with the function call and its output appended), the upstream's two answers (the upstream double's own), the
// tool's output, the /verify body the agent builds and the verify response. For fixtures that replay a rollout's
// traffic without our code (bench/fixtures/kit-http-client.ts, bench/fixtures/bare-topology.ts).
import { planTurn, responsesBody } from '../../test/fixtures/upstream-double/answers.ts';
import { weatherExampleRows } from './weather-setup.ts';

type Item = Record<string, unknown>;

export interface WeatherRollout {
  row: Item;
  /** /v1/responses requests of the two model turns (what the agent sends; the model server adds `model`). */
  modelRequests: [Item, Item];
  /** The upstream's answers: a get_weather call, then a message. */
  callTurn: Item;
  answerTurn: Item;
  /** get_weather's arguments and its answer (the text the agent passes to the model as the call's output). */
  toolArguments: Item;
  toolOutputText: string;
  /** The episode's response (every output item of both turns) and the /verify body: the row with it. */
  response: Item;
  verifyBody: Item;
  /** What /verify answers: the verify body with the reward. */
  verified: Item;
}

/** The bodies of a rollout of the first weather example row. */
export function weatherRollout(): WeatherRollout {
  const row = weatherExampleRows()[0]!;
  const params = row.responses_create_params as Item;
  const toolArguments = { city: 'San Francisco' };
  const callTurn = responsesBody(planTurn({ tool_calls: [{ name: 'get_weather', arguments: toolArguments }] }, [], params.tools), params);
  const call = (callTurn.output as Item[])[0]!;
  const toolOutputText = '{"city":"San Francisco","weather_description":"The weather in San Francisco is cold."}';
  const toolOutput = { type: 'function_call_output', call_id: call.call_id, output: toolOutputText };
  const answerTurn = responsesBody(planTurn({ text: 'Done: the weather in San Francisco is cold.' }, [], params.tools), params);
  const response = { ...answerTurn, output: [call, toolOutput, ...(answerTurn.output as Item[])] };
  const input = params.input as Item[];
  const verifyBody = { ...row, response };
  return {
    row,
    modelRequests: [{ ...params, input }, { ...params, input: [...input, call, toolOutput] }],
    callTurn,
    answerTurn,
    toolArguments,
    toolOutputText,
    response,
    verifyBody,
    verified: { ...verifyBody, reward: 1 },
  };
}
