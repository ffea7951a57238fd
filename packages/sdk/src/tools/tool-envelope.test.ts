import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '@hearth/spec';
import { prepareResponseFormat } from '../structured/prepare-response-format.ts';
import { LLAMA_CPP_SCHEMA_CAPABILITIES, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES } from '../structured/schema-capabilities.ts';
import { renderToolPrompt, toolEnvelopeSchema, validateTools } from './tool-envelope.ts';
import { ToolEnvelopeReader, type ToolEnvelopeEvent } from './tool-envelope-reader.ts';

const weather: ToolDefinition = {
  name: 'get_weather',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', enum: ['Paris', 'Oslo'] }, days: { type: 'integer', enum: [1, 2, 3] } },
    required: ['city', 'days'],
    additionalProperties: false,
  },
};
const note: ToolDefinition = {
  name: 'add_note',
  parameters: { type: 'object', properties: { tag: { $ref: '#/$defs/tag' } }, required: ['tag'], $defs: { tag: { type: 'string', enum: ['a', 'b'] } } },
};

/** Feeds text one character at a time and joins what comes out per kind. */
function read(text: string, step = 1): { content: string; calls: Array<{ name: string; args: string }> } {
  const reader = new ToolEnvelopeReader();
  const events: ToolEnvelopeEvent[] = [];
  for (let i = 0; i < text.length; i += step) events.push(...reader.push(text.slice(i, i + step)));
  const calls: Array<{ name: string; args: string }> = [];
  let content = '';
  for (const e of events) {
    if (e.kind === 'content') content += e.text;
    else if (e.kind === 'call') calls[e.index] = { name: e.name, args: '' };
    else {
      const call = calls[e.index];
      if (!call) throw new Error(`arguments before the name of call ${e.index}`);
      call.args += e.text;
    }
  }
  return { content, calls };
}

describe('the tool envelope', () => {
  it('reads parallel calls with the exact argument JSON, whatever the chunking', () => {
    const text = '{ "tool_calls" : [ {"name":"get_weather", "arguments": {"city": "Paris", "days": 3} } , {"name":"add_note","arguments":{"tag":"b\\"}"}}]}';
    for (const step of [1, 3, 7, 1000]) {
      expect(read(text, step).calls).toEqual([
        { name: 'get_weather', args: '{"city": "Paris", "days": 3}' },
        { name: 'add_note', args: '{"tag":"b\\"}"}' },
      ]);
    }
  });

  it('reads a text answer with its escapes decoded, a surrogate pair kept whole', () => {
    expect(read('{"content": "a\\"b\\n\\u00e9 \\ud83d\\ude00!"}').content).toBe('a"b\né 😀!');
  });

  it('compiles on both llama.cpp capability sets, for each tool choice', () => {
    for (const caps of [NODE_LLAMA_CPP_SCHEMA_CAPABILITIES, LLAMA_CPP_SCHEMA_CAPABILITIES]) {
      for (const choice of ['auto', 'required', { type: 'function' as const, name: 'get_weather' }] as const) {
        const schema = toolEnvelopeSchema({ tools: [weather], choice, parallel: false });
        const prepared = prepareResponseFormat({ type: 'json_schema', schema }, caps);
        expect(prepared.validator.validate({ tool_calls: [{ name: 'get_weather', arguments: { city: 'Oslo', days: 2 } }] })).toEqual([]);
        expect(prepared.validator.validate({ tool_calls: [{ name: 'get_weather', arguments: { city: 'Rome', days: 2 } }] }).length).toBeGreaterThan(0);
        // parallel: false allows one call only.
        const two = {
          tool_calls: [
            { name: 'get_weather', arguments: { city: 'Oslo', days: 2 } },
            { name: 'get_weather', arguments: { city: 'Oslo', days: 2 } },
          ],
        };
        expect(prepared.validator.validate(two).length).toBeGreaterThan(0);
      }
    }
  });

  it("hoists a function's $defs so its $refs still resolve, and refuses a keyword an engine cannot enforce", () => {
    const schema = toolEnvelopeSchema({ tools: [weather, note], choice: 'required', parallel: true });
    const prepared = prepareResponseFormat({ type: 'json_schema', schema }, LLAMA_CPP_SCHEMA_CAPABILITIES);
    expect(prepared.validator.validate({ tool_calls: [{ name: 'add_note', arguments: { tag: 'a' } }] })).toEqual([]);
    expect(prepared.validator.validate({ tool_calls: [{ name: 'add_note', arguments: { tag: 'c' } }] }).length).toBeGreaterThan(0);
    const strange: ToolDefinition = { name: 'f', parameters: { type: 'object', properties: { n: { type: 'number', multipleOf: 3 } } } };
    expect(() =>
      prepareResponseFormat(
        { type: 'json_schema', schema: toolEnvelopeSchema({ tools: [strange], choice: 'required', parallel: true }) },
        NODE_LLAMA_CPP_SCHEMA_CAPABILITIES,
      ),
    ).toThrow(/multipleOf/);
  });

  it('renders calls and results as plain turns', () => {
    const messages = renderToolPrompt(
      [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo","days":1}' },
            { id: 'call_2', name: 'get_weather', arguments: '{"city":"Paris","days":1}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'cold' },
        { role: 'tool', toolCallId: 'call_2', content: 'mild' },
      ],
      { tools: [weather], choice: 'auto', parallel: true },
    );
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]?.content).toContain('"name":"get_weather"');
    expect(messages[2]?.content).toBe(
      '{"tool_calls":[{"name":"get_weather","arguments":{"city":"Oslo","days":1}},{"name":"get_weather","arguments":{"city":"Paris","days":1}}]}',
    );
    expect(messages[3]?.content).toBe(
      '<tool_response>\n{"tool_call_id":"call_1","name":"get_weather","content":"cold"}\n</tool_response>\n<tool_response>\n{"tool_call_id":"call_2","name":"get_weather","content":"mild"}\n</tool_response>',
    );
  });

  it('names what is wrong with tools and tool_choice', () => {
    expect(validateTools({ tools: [{ name: 'bad name' }] })?.data?.['param']).toBe('tools[0].function.name');
    expect(validateTools({ tools: [weather], toolChoice: { type: 'function', name: 'nope' } })?.data?.['param']).toBe('tool_choice');
    expect(validateTools({ tools: [{ name: 'f', parameters: { type: 'string' } }] })?.data?.['param']).toBe('tools[0].function.parameters');
    expect(validateTools({ tools: [weather], toolChoice: 'required' })).toBeUndefined();
  });
});
