// JSON schemas for the structured-output tests, shared by the Node and browser suites. The tiny
// model's weights are random, so greedy output is nonsense that loops wherever a grammar lets it:
// strings carry maxLength and arrays maxItems, so every value can close within the token budget.
import type { JsonSchema } from '@hearth/spec';

export interface StructuredCase {
  name: string;
  schema: JsonSchema;
  /** Engines that cannot enforce a keyword of this schema, and the keyword they must name. */
  refusedBy?: { 'node-llama-cpp'?: string; 'llama.cpp'?: string };
}

const shortString = (maxLength = 12): JsonSchema => ({ type: 'string', maxLength });

export const STRUCTURED_CASES: StructuredCase[] = [
  {
    name: 'flat object',
    schema: {
      type: 'object',
      properties: { name: shortString(24), age: { type: 'integer' }, active: { type: 'boolean' } },
      required: ['name', 'age', 'active'],
      additionalProperties: false,
    },
  },
  {
    name: 'nested objects',
    schema: {
      type: 'object',
      properties: {
        user: {
          type: 'object',
          properties: {
            name: shortString(),
            address: { type: 'object', properties: { city: shortString(16), zip: { type: 'string', minLength: 5, maxLength: 5 } }, required: ['city', 'zip'] },
          },
          required: ['name', 'address'],
        },
      },
      required: ['user'],
    },
  },
  { name: 'array with bounds', schema: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 4 } },
  { name: 'string enum', schema: { type: 'string', enum: ['red', 'green', 'blue'] } },
  { name: 'mixed enum', schema: { enum: [1, 'two', true, null] } },
  { name: 'const beside a string', schema: { type: 'object', properties: { kind: { const: 'note' }, text: shortString(10) }, required: ['kind', 'text'] } },
  {
    name: 'optional fields',
    schema: { type: 'object', properties: { title: shortString(), subtitle: shortString(), pages: { type: 'integer' } }, required: ['title'] },
  },
  {
    name: 'oneOf of exclusive objects',
    schema: {
      oneOf: [
        { type: 'object', properties: { cat: shortString(8) }, required: ['cat'], additionalProperties: false },
        { type: 'object', properties: { dog: { type: 'integer' } }, required: ['dog'], additionalProperties: false },
      ],
    },
  },
  { name: 'anyOf of a string and an integer', schema: { anyOf: [shortString(10), { type: 'integer' }] } },
  {
    name: '$ref into $defs',
    schema: {
      $defs: { point: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x', 'y'], additionalProperties: false } },
      type: 'object',
      properties: { from: { $ref: '#/$defs/point' }, to: { $ref: '#/$defs/point' } },
      required: ['from', 'to'],
    },
  },
  {
    name: 'tuple with prefixItems',
    schema: { type: 'array', prefixItems: [shortString(8), { type: 'integer' }, { type: 'boolean' }], minItems: 3, maxItems: 3 },
    refusedBy: { 'llama.cpp': 'minItems' },
  },
  { name: 'list of scalar types', schema: { type: 'object', properties: { maybe: { type: ['boolean', 'null'] } }, required: ['maybe'] } },
  { name: 'date format', schema: { type: 'object', properties: { day: { type: 'string', format: 'date' } }, required: ['day'] } },
  {
    name: 'array of objects',
    schema: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      items: { type: 'object', properties: { id: { type: 'integer' }, label: shortString(6) }, required: ['id', 'label'], additionalProperties: false },
    },
  },
  {
    name: 'nested arrays',
    schema: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'boolean' } } },
  },
  { name: 'exact string length', schema: { type: 'string', minLength: 3, maxLength: 3 } },
  { name: 'numbers', schema: { type: 'object', properties: { price: { type: 'number' }, quantity: { type: 'integer' } }, required: ['price', 'quantity'] } },
  { name: 'any object', schema: { type: 'object' } },
  { name: 'boolean root', schema: { type: 'boolean', description: 'yes or no' } },
  { name: 'array of enum strings', schema: { type: 'array', items: { type: 'string', enum: ['low', 'mid', 'high'] }, minItems: 1, maxItems: 3 } },
  {
    name: 'nullable object (anyOf with null)',
    schema: { anyOf: [{ type: 'object', properties: { note: shortString(8) }, required: ['note'], additionalProperties: false }, { type: 'null' }] },
  },
  {
    name: 'three levels with an optional field',
    schema: {
      type: 'object',
      properties: {
        order: {
          type: 'object',
          properties: {
            lines: {
              type: 'array',
              maxItems: 2,
              items: { type: 'object', properties: { sku: shortString(6), qty: { type: 'integer' } }, required: ['sku', 'qty'], additionalProperties: false },
            },
            note: shortString(8),
          },
          required: ['lines'],
        },
      },
      required: ['order'],
    },
  },
  // Features one engine enforces and the other refuses before generating.
  {
    name: 'string pattern',
    schema: { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}-\\d{2}$' } }, required: ['code'] },
    refusedBy: { 'node-llama-cpp': 'pattern' },
  },
  {
    name: 'integer range',
    schema: { type: 'object', properties: { rating: { type: 'integer', minimum: 1, maximum: 5 } }, required: ['rating'] },
    refusedBy: { 'node-llama-cpp': 'minimum' },
  },
  {
    name: 'allOf of objects',
    schema: {
      allOf: [
        { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        { type: 'object', properties: { tag: shortString(6) } },
      ],
    },
    refusedBy: { 'node-llama-cpp': 'allOf' },
  },
  // Features neither engine enforces: refused everywhere, never generated unconstrained.
  { name: 'number range', schema: { type: 'number', minimum: 0, maximum: 1 }, refusedBy: { 'node-llama-cpp': 'minimum', 'llama.cpp': 'minimum' } },
  {
    name: 'unique items',
    schema: { type: 'array', items: { type: 'integer' }, maxItems: 3, uniqueItems: true },
    refusedBy: { 'node-llama-cpp': 'uniqueItems', 'llama.cpp': 'uniqueItems' },
  },
  { name: 'email format', schema: { type: 'string', format: 'email' }, refusedBy: { 'node-llama-cpp': 'format', 'llama.cpp': 'format' } },
  {
    name: 'not',
    schema: { type: 'object', properties: { a: { type: 'integer', not: { const: 0 } } } },
    refusedBy: { 'node-llama-cpp': 'not', 'llama.cpp': 'not' },
  },
  { name: 'a typo in a keyword', schema: { type: 'string', maxlength: 5 }, refusedBy: { 'node-llama-cpp': 'maxlength', 'llama.cpp': 'maxlength' } },
];
