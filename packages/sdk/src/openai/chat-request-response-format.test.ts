import { describe, expect, it } from 'vitest';
import { parseChatCompletionRequest } from './chat-request.ts';
import { parseCompletionRequest } from './completion-request.ts';

const chat = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
const schema = { type: 'object', properties: { a: { type: 'string' } } };

describe('response_format', () => {
  it('maps json_schema, json_object and text to the engine request', () => {
    expect(
      parseChatCompletionRequest({ ...chat, response_format: { type: 'json_schema', json_schema: { name: 'thing', schema, strict: true } } }).request
        .responseFormat,
    ).toEqual({ type: 'json_schema', name: 'thing', schema });
    expect(parseChatCompletionRequest({ ...chat, response_format: { type: 'json_object' } }).request.responseFormat).toEqual({ type: 'json_object' });
    expect(parseChatCompletionRequest({ ...chat, response_format: { type: 'text' } }).request).not.toHaveProperty('responseFormat');
    expect(
      parseCompletionRequest({ model: 'm', prompt: 'x', response_format: { type: 'json_schema', json_schema: { name: 'n', schema } } }).request.responseFormat,
    ).toEqual({ type: 'json_schema', name: 'n', schema });
  });

  it.each([
    [{ type: 'json_schema' }, 'response_format.json_schema'],
    [{ type: 'json_schema', json_schema: { name: 'n' } }, 'response_format.json_schema.schema'],
    [{ type: 'json_schema', json_schema: { name: 'has space', schema } }, 'response_format.json_schema.name'],
    [{ type: 'json_schema', json_schema: { name: 'n', schema: [] } }, 'response_format.json_schema.schema'],
    [{ type: 'xml' }, 'response_format.type'],
  ])('rejects %j naming %s', (format, param) => {
    expect(() => parseChatCompletionRequest({ ...chat, response_format: format })).toThrow(
      expect.objectContaining({ code: 'invalid_request', data: { param } }),
    );
  });
});
