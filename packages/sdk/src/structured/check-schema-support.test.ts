import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '@hearth/spec';
import { checkSchemaSupport } from './check-schema-support.ts';
import {
  LLAMA_CPP_SCHEMA_CAPABILITIES as LLAMA,
  NODE_LLAMA_CPP_SCHEMA_CAPABILITIES as NODE,
  SERVER_SCHEMA_CAPABILITIES as SERVER,
  type SchemaCapabilities,
} from './schema-capabilities.ts';

function refusal(schema: JsonSchema, caps: SchemaCapabilities): { keyword: unknown; path: unknown } | undefined {
  const error = checkSchemaSupport(schema, caps);
  if (!error) return undefined;
  expect(error.code).toBe('unsupported');
  expect(error.message).toContain(`"${String(error.data?.['keyword'])}"`);
  expect(error.message).toContain(String(error.data?.['path']));
  return { keyword: error.data?.['keyword'], path: error.data?.['path'] };
}

const point: JsonSchema = { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x', 'y'] };

describe('checkSchemaSupport', () => {
  it('accepts what every engine enforces', () => {
    const schemas: JsonSchema[] = [
      {
        type: 'object',
        title: 'T',
        description: 'd',
        properties: { a: { type: 'string', maxLength: 3, description: 'x' }, b: { type: 'boolean' } },
        required: ['a'],
        additionalProperties: false,
      },
      { type: 'array', items: { type: 'number' }, minItems: 1, maxItems: 3 },
      { enum: ['a', 1, null] },
      { type: 'string', enum: ['x', 'y'] },
      { const: 'fixed' },
      { oneOf: [{ type: 'string', maxLength: 2 }, { type: 'null' }] },
      { anyOf: [{ type: 'integer' }, { type: 'boolean' }] },
      { $defs: { point }, type: 'object', properties: { a: { $ref: '#/$defs/point' } } },
      { type: 'string', format: 'date-time' },
      { type: 'object', additionalProperties: { type: 'integer' } },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'boolean', 'x-vendor': 1 },
      {},
    ];
    for (const schema of schemas) {
      expect(refusal(schema, NODE), JSON.stringify(schema)).toBeUndefined();
      expect(refusal(schema, LLAMA), JSON.stringify(schema)).toBeUndefined();
      expect(refusal(schema, SERVER), JSON.stringify(schema)).toBeUndefined();
    }
  });

  it('names the keyword and its JSON pointer, deep in the schema', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { 'a/b': { type: 'array', items: { type: 'object', properties: { code: { type: 'string', pattern: '^x$' } } } } },
    };
    expect(refusal(schema, NODE)).toEqual({ keyword: 'pattern', path: '#/properties/a~1b/items/properties/code' });
    expect(refusal(schema, LLAMA)).toBeUndefined();
  });

  it('refuses on node-llama-cpp what its grammar ignores', () => {
    const cases: Array<[JsonSchema, string]> = [
      [{ type: 'string', pattern: '^a$' }, 'pattern'],
      [{ type: 'integer', minimum: 0 }, 'minimum'],
      [{ type: 'number', exclusiveMaximum: 1 }, 'exclusiveMaximum'],
      [{ type: 'integer', multipleOf: 2 }, 'multipleOf'],
      [{ allOf: [point] }, 'allOf'],
      [{ type: 'string', format: 'uuid' }, 'format'],
      [{ type: 'string', format: 'date', maxLength: 10 }, 'maxLength'],
      [{ type: ['string', 'null'], maxLength: 3 }, 'maxLength'],
      [{ type: ['object', 'null'] }, 'type'],
      [{ properties: { a: { type: 'string' } } }, 'properties'],
      [{ enum: [{ a: 1 }] }, 'enum'],
      [{ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, maxProperties: 1 }, 'maxProperties'],
      [{ type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }, 'required'],
      [{ definitions: { p: point }, $ref: '#/definitions/p' }, 'definitions'],
      [{ type: 'object', properties: { a: { $defs: { p: point }, $ref: '#/$defs/p' } } }, '$defs'],
      [{ $ref: '#/$defs/missing' }, '$ref'],
      [{ $ref: 'https://example.com/schema.json' }, '$ref'],
      [{ $ref: '#/$defs/point', description: 'ok', maxLength: 2, $defs: { point } }, 'maxLength'],
      [{ oneOf: [{ type: 'string' }], type: 'string' }, 'type'],
      [{ type: 'object', patternProperties: { '^x': { type: 'string' } } }, 'patternProperties'],
      [{ type: 'array', items: { type: 'integer' }, contains: { const: 1 } }, 'contains'],
      [{ type: 'string', maxlength: 3 }, 'maxlength'],
      [{ type: 'object', if: { required: ['a'] }, then: { required: ['b'] } }, 'if'],
      [{ type: 'object', properties: { nested: { type: 'object', properties: { $id: { type: 'string' } }, $id: 'x' } } }, '$id'],
    ];
    for (const [schema, keyword] of cases) expect(refusal(schema, NODE)?.keyword, JSON.stringify(schema)).toBe(keyword);
  });

  it('refuses on llama.cpp what its converter ignores, and accepts what it enforces', () => {
    const refused: Array<[JsonSchema, string]> = [
      [{ type: 'number', minimum: 0 }, 'minimum'],
      [{ type: 'string', pattern: '^[a-z]+$', maxLength: 5 }, 'maxLength'],
      [{ type: 'string', format: 'date', minLength: 1 }, 'minLength'],
      [{ type: 'string', pattern: '[a-z]+' }, 'pattern'],
      [{ type: 'string', pattern: '^(?=a)a$' }, 'pattern'],
      [{ type: 'string', pattern: '^\\bword$' }, 'pattern'],
      [{ type: 'string', pattern: '^a"b$' }, 'pattern'],
      [{ type: 'string', format: 'email' }, 'format'],
      [{ type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'integer' } }, 'items'],
      [{ type: 'array', prefixItems: [{ type: 'string' }], maxItems: 1 }, 'maxItems'],
      [{ type: 'object', minProperties: 1 }, 'minProperties'],
      [{ type: 'integer', minimum: 1, exclusiveMinimum: 0 }, 'exclusiveMinimum'],
      [{ type: 'integer', minimum: 5, maximum: 1 }, 'minimum'],
      [{ allOf: [{ type: 'string' }, { maxLength: 3 }] }, 'allOf'],
      [{ allOf: [point, { type: 'object', properties: { z: { type: 'integer' } }, additionalProperties: false }] }, 'additionalProperties'],
      [{ type: 'object', properties: { a: { type: 'integer' } }, allOf: [point] }, 'allOf'],
      [{ minimum: 3 }, 'minimum'],
      [{ type: 'array', uniqueItems: true }, 'uniqueItems'],
      [{ $ref: '#/$defs/p~1q', $defs: { 'p/q': point } }, '$ref'],
    ];
    for (const [schema, keyword] of refused) expect(refusal(schema, LLAMA)?.keyword, JSON.stringify(schema)).toBe(keyword);
    const accepted: JsonSchema[] = [
      { type: 'integer', minimum: 1, maximum: 5 },
      { type: 'integer', exclusiveMinimum: 0 },
      { type: 'string', pattern: '^[A-Z]{3}-\\d{2}$' },
      { type: 'string', pattern: '^.{1,5}$' },
      { type: 'string', format: 'uuid' },
      { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] },
      { allOf: [point, { type: 'object', properties: { z: { type: 'integer' } } }] },
      { allOf: [{ $ref: '#/$defs/point' }, { properties: { z: { type: 'integer' } } }], $defs: { point } },
      { type: ['object', 'null'], properties: { a: { type: 'integer', maximum: 3 } } },
      { properties: { a: { type: 'string' } } },
      { enum: [{ a: 1 }, [1, 2]] },
      { definitions: { p: point }, $ref: '#/definitions/p' },
      { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'] },
    ];
    for (const schema of accepted) expect(refusal(schema, LLAMA), JSON.stringify(schema)).toBeUndefined();
  });

  it('follows $ref cycles once, and checks what they point to', () => {
    const tree: JsonSchema = {
      $defs: {
        node: { type: 'object', properties: { value: { type: 'integer' }, children: { type: 'array', maxItems: 2, items: { $ref: '#/$defs/node' } } } },
      },
      $ref: '#/$defs/node',
    };
    expect(refusal(tree, NODE)).toBeUndefined();
    const bad: JsonSchema = {
      $defs: { node: { type: 'object', properties: { name: { type: 'string', pattern: '^a$' }, next: { $ref: '#/$defs/node' } } } },
      $ref: '#/$defs/node',
    };
    expect(refusal(bad, NODE)).toEqual({ keyword: 'pattern', path: '#/$defs/node/properties/name' });
  });

  it('lets a server that enforces everything have any keyword Hearth can validate afterwards', () => {
    expect(
      refusal({ type: 'array', items: { type: 'number', minimum: 0, multipleOf: 0.5 }, uniqueItems: true, contains: { const: 1 } }, SERVER),
    ).toBeUndefined();
    expect(refusal({ not: { type: 'null' }, if: { type: 'string' }, then: { minLength: 1 } }, SERVER)).toBeUndefined();
    expect(refusal({ type: 'string', format: 'email' }, SERVER)?.keyword).toBe('format');
    expect(refusal({ type: 'object', properties: { a: { type: 'string', maxlenght: 3 } } }, SERVER)).toEqual({ keyword: 'maxlenght', path: '#/properties/a' });
    expect(refusal({ $ref: 'https://example.com/s.json' }, SERVER)?.keyword).toBe('$ref');
  });
});
