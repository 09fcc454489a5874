import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessageToItems, toResponse } from '../chat-to-response.ts';
import { toChatMessages, toChatRequest } from '../responses-to-chat.ts';
import { preprocessChatRequest } from '../preprocess.ts';
import type { VllmConfig } from '../vllm-config.ts';

type Item = Record<string, any>;

const user = { type: 'message', role: 'user', content: 'Weather in Paris and Rome?' };
const reasoning1 = { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Two cities, two calls.' }] };
const call1 = { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', id: 'fc_a', status: 'completed' };
const call2 = { type: 'function_call', call_id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}', id: 'fc_b', status: 'completed' };
const out1 = { type: 'function_call_output', call_id: 'call_a', output: '{"weather":"rain"}' };
const out2 = { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '{"weather":"sun"}' }] };
const reasoning2 = { id: 'rs_2', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Summarise.' }] };
const answer = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Paris: rain. Rome: sun.', annotations: [] }] };

const toChatCases: { name: string; params: Item; options?: Item; messages: Item[] }[] = [
  { name: 'a string input is one user message', params: { input: 'hi' }, messages: [{ role: 'user', content: 'hi' }] },
  {
    name: 'instructions fold with leading system/developer messages',
    params: { instructions: 'Be brief.', input: [{ role: 'system', content: 'You are a bot.' }, { role: 'developer', content: 'Use tools.' }, { role: 'user', content: 'go' }] },
    messages: [{ role: 'system', content: 'Be brief.\n\nYou are a bot.\n\nUse tools.' }, { role: 'user', content: 'go' }],
  },
  {
    name: 'developer becomes system when configured',
    params: { input: [{ role: 'developer', content: 'rules' }] },
    options: { replaceDeveloperRoleWithSystem: true },
    messages: [{ role: 'system', content: 'rules' }],
  },
  {
    name: 'image and text parts map to chat parts',
    params: { input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'what is this' }, { type: 'input_image', image_url: 'data:image/png;base64,AA' }] }] },
    messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }] }],
  },
  {
    name: 'reasoning, two tool calls and their outputs, then the answer',
    params: { input: [user, reasoning1, call1, call2, out1, out2, reasoning2, answer] },
    messages: [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: '<think>Two cities, two calls.</think>',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"weather":"rain"}' },
      { role: 'tool', tool_call_id: 'call_b', content: '{"weather":"sun"}' },
      { role: 'assistant', content: '<think>Summarise.</think>Paris: rain. Rome: sun.' },
    ],
  },
];

for (const { name, params, options, messages } of toChatCases) {
  test(`responses -> chat: ${name}`, () => {
    assert.deepEqual(toChatMessages(params as never, options), messages);
  });
}

test('responses -> chat: an unknown item type is a 400, not a guess', () => {
  assert.throws(() => toChatMessages({ input: [{ type: 'web_search_call' }] } as never), (error: Item) => error.status === 400 && /web_search_call/.test(error.body.detail));
});

/** Items without the ids/status the engine re-generates. */
function semantic(items: Item[]): Item[] {
  return items.map(({ id: _id, status: _status, ...rest }) => {
    if (rest.type === 'message') return { ...rest, content: rest.content.map((part: Item) => ({ type: part.type, text: part.text })) };
    return rest;
  });
}

test('round trip: each assistant chat message converts back to the same Responses items', () => {
  const messages = toChatMessages({ input: [user, reasoning1, call1, call2, out1, out2, reasoning2, answer] } as never);
  const assistantTurns = messages.filter((message) => message.role === 'assistant');
  assert.deepEqual(semantic(assistantMessageToItems(assistantTurns[0]!)), semantic([reasoning1, call1, call2]));
  assert.deepEqual(semantic(assistantMessageToItems(assistantTurns[1]!)), semantic([reasoning2, answer]));
});

const fromChatCases: { name: string; message: Item; types: string[]; check?: (items: Item[]) => void }[] = [
  {
    name: 'engine reasoning_content and two tool calls',
    message: { role: 'assistant', content: null, reasoning_content: 'plan', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'c2', type: 'function', function: { name: 'g', arguments: '{"x":1}' } }] },
    types: ['reasoning', 'function_call', 'function_call'],
    check: (items) => {
      assert.equal(items[0]!.summary[0].text, 'plan');
      assert.match(items[0]!.id, /^rs_[0-9a-f]{32}$/);
      assert.deepEqual([items[1]!.call_id, items[1]!.id, items[2]!.arguments], ['c1', 'c1', '{"x":1}']);
    },
  },
  {
    name: 'think tags inside content (no reasoning parser)',
    message: { role: 'assistant', content: '<think>hidden</think>\n\nvisible' },
    types: ['reasoning', 'message'],
    check: (items) => assert.deepEqual([items[0]!.summary[0].text, items[1]!.content[0].text], ['hidden', 'visible']),
  },
  { name: 'an empty answer is still one (empty) message', message: { role: 'assistant', content: '' }, types: ['message'] },
  { name: 'engine `reasoning` field only', message: { role: 'assistant', content: '', reasoning: 'just thinking' }, types: ['reasoning'] },
];

for (const { name, message, types, check } of fromChatCases) {
  test(`chat -> responses: ${name}`, () => {
    const items = assistantMessageToItems(message);
    assert.deepEqual(items.map((item) => item.type), types);
    check?.(items);
  });
}

test('chat -> responses: finish reasons, usage and echoed params', () => {
  const params = { input: 'x', tools: [{ type: 'function', name: 'f' }], temperature: 0.3 } as never;
  const completion = { created: 1700000000, choices: [{ message: { role: 'assistant', content: 'cut' }, finish_reason: 'length' }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, completion_tokens_details: { reasoning_tokens: 2 } } };
  const response = toResponse(completion, params, 'served-model');
  assert.equal(response.status, 'incomplete');
  assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
  assert.deepEqual(response.usage, { input_tokens: 10, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 15 });
  assert.deepEqual([response.model, response.created_at, response.temperature, response.tools.length], ['served-model', 1700000000, 0.3, 1]);
  assert.match(response.id, /^resp_/);
  const filtered = toResponse({ choices: [{ message: { content: '' }, finish_reason: 'content_filter' }] }, params, 'm');
  assert.deepEqual(filtered.incomplete_details, { reason: 'content_filter' });
});

test('request params map to chat: max_tokens, reasoning_effort, tools, tool_choice', () => {
  const request = toChatRequest({
    input: 'hi',
    max_output_tokens: 64,
    reasoning: { effort: 'low' },
    tools: [{ type: 'function', name: 'f', description: 'd', parameters: { type: 'object' }, strict: true }],
    tool_choice: 'auto',
    parallel_tool_calls: false,
  } as never);
  assert.deepEqual(request, {
    messages: [{ role: 'user', content: 'hi' }],
    max_tokens: 64,
    reasoning_effort: 'low',
    tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } }],
    tool_choice: 'auto',
    parallel_tool_calls: false,
  });
  assert.deepEqual(toChatRequest({ input: 'hi', tool_choice: 'auto', parallel_tool_calls: true } as never), { messages: [{ role: 'user', content: 'hi' }] });
  assert.throws(() => toChatRequest({ input: 'hi', tool_choice: 'required' } as never), /required/);
});

test('pre-processing: model forced, metadata extra_body/chat_template_kwargs merged under the request, think moved', () => {
  const config = { model: 'served', uses_reasoning_parser: true, return_token_id_information: false, extra_body: { seed: 1, top_k: 5 }, chat_template_kwargs: { enable_thinking: true }, sampling_overrides: { temperature: 0 } } as unknown as VllmConfig;
  const params = { input: 'x', metadata: { extra_body: '{"seed": 7}', chat_template_kwargs: '{"thinking_budget": 9}' } } as never;
  const chat = { messages: [{ role: 'assistant', content: '<think>r</think>a' }], temperature: 0.5, top_k: 50 };
  assert.deepEqual(preprocessChatRequest(chat, params, config), {
    seed: 7,
    top_k: 50,
    messages: [{ role: 'assistant', content: 'a', reasoning_content: 'r' }],
    temperature: 0,
    model: 'served',
    chat_template_kwargs: { enable_thinking: true, thinking_budget: 9 },
  });
});
