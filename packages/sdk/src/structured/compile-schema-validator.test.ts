import type { JsonSchema } from '@hearth/spec';
import { describe, expect, it } from 'vitest';
import { compileSchemaValidator, type SchemaViolation } from './compile-schema-validator.ts';
import { JSON_FORMATS } from './json-formats.ts';
import { SERVER_SCHEMA_CAPABILITIES } from './schema-capabilities.ts';

describe('compileSchemaValidator', () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://example.com/person',
    $defs: { name: { type: 'string', minLength: 1, maxLength: 10 } },
    type: 'object',
    properties: {
      name: { $ref: '#/$defs/name' },
      age: { type: 'integer', minimum: 0 },
      born: { type: 'string', format: 'date' },
      tags: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true },
    },
    required: ['name'],
    additionalProperties: false,
  } as const;

  it('accepts valid values and names every violation by JSON pointer and keyword', () => {
    const validator = compileSchemaValidator(schema);
    expect(validator.validate({ name: 'Ada', age: 36, born: '1815-12-10', tags: ['a'] })).toEqual([]);
    const violations = validator.validate({ name: '', age: -1, born: '1815-02-30', tags: ['a', 'a'], extra: 1 });
    expect(violations.map((v) => `${v.path} ${v.keyword}`).sort()).toEqual(
      ['/age minimum', '/born format', '/name minLength', '/tags uniqueItems', ' additionalProperties'].sort(),
    );
  });

  it('checks oneOf as "exactly one", not just "at least one"', () => {
    const validator = compileSchemaValidator({ oneOf: [{ type: 'integer' }, { type: 'number' }] });
    expect(validator.validate(1.5)).toEqual([]);
    expect(validator.validate(1).map((v) => v.keyword)).toContain('oneOf');
  });

  it('reuses compiled validators, and a schema with an $id compiles twice without clashing', () => {
    expect(compileSchemaValidator(schema)).toBe(compileSchemaValidator(schema));
    expect(compileSchemaValidator({ ...schema, required: ['age'] }).validate({ name: 'x' })[0]?.keyword).toBe('required');
  });

  it('throws invalid_request for a malformed schema', () => {
    expect(() => compileSchemaValidator({ type: 'strin' } as never)).toThrow(
      expect.objectContaining({ code: 'invalid_request', data: { param: 'response_format.json_schema.schema' } }),
    );
    expect(() => compileSchemaValidator({ type: 'string', pattern: '([a-z' })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});

describe('JSON_FORMATS', () => {
  it('follows RFC 3339 and RFC 4122', () => {
    const table: Array<[string, string, boolean]> = [
      ['date', '2024-02-29', true],
      ['date', '2023-02-29', false],
      ['date', '2023-04-31', false],
      ['date', '2023-13-01', false],
      ['time', '23:59:59Z', true],
      ['time', '12:00:00.123+05:30', true],
      ['time', '12:00:00', false],
      ['time', '24:00:00Z', false],
      ['time', '23:59:60Z', true],
      ['time', '12:59:60Z', false],
      ['date-time', '2024-01-01T10:00:00Z', true],
      ['date-time', '2024-01-01 10:00:00-01:00', true],
      ['date-time', '2024-01-01', false],
      ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
      ['uuid', '123e4567e89b12d3a456426614174000', false],
    ];
    for (const [format, value, valid] of table) expect(JSON_FORMATS[format]?.(value), `${format} ${value}`).toBe(valid);
  });
});

describe('compileSchemaValidator without code evaluation', () => {
  // One case per keyword a schema may hold (every type's list in SERVER_SCHEMA_CAPABILITIES, the
  // keywords of every type, every format), each with a valid value and an invalid one and the
  // keyword its violation names.
  const cases: Array<{ covers: string[]; schema: JsonSchema; valid: unknown; invalid: unknown; keyword: string }> = [
    { covers: ['type'], schema: { type: ['string', 'null'] }, valid: null, invalid: 1, keyword: 'type' },
    { covers: ['enum'], schema: { enum: ['a', 1, null] }, valid: 1, invalid: 'b', keyword: 'enum' },
    { covers: ['const'], schema: { const: { a: [1] } }, valid: { a: [1] }, invalid: { a: [2] }, keyword: 'const' },
    { covers: ['$ref', '$defs'], schema: { $defs: { s: { type: 'string' } }, $ref: '#/$defs/s' }, valid: 'x', invalid: 1, keyword: 'type' },
    { covers: ['allOf'], schema: { allOf: [{ type: 'integer' }, { minimum: 2 }] }, valid: 2, invalid: 1, keyword: 'minimum' },
    { covers: ['anyOf'], schema: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] }, valid: true, invalid: 'x', keyword: 'anyOf' },
    { covers: ['oneOf'], schema: { oneOf: [{ type: 'integer' }, { minimum: 0 }] }, valid: -1, invalid: 1, keyword: 'oneOf' },
    { covers: ['not'], schema: { not: { type: 'string' } }, valid: 1, invalid: 'x', keyword: 'not' },
    {
      covers: ['if', 'then', 'else'],
      schema: { if: { type: 'integer' }, then: { minimum: 0 }, else: { type: 'string' } },
      valid: 'x',
      invalid: -1,
      keyword: 'if',
    },
    { covers: ['minLength'], schema: { type: 'string', minLength: 2 }, valid: 'ab', invalid: 'a', keyword: 'minLength' },
    { covers: ['maxLength'], schema: { type: 'string', maxLength: 2 }, valid: 'ab', invalid: 'abc', keyword: 'maxLength' },
    { covers: ['pattern'], schema: { type: 'string', pattern: '^\\p{Lu}+$' }, valid: 'ÉA', invalid: 'a', keyword: 'pattern' },
    ...Object.keys(JSON_FORMATS).map((format) => ({
      covers: ['format', `format:${format}`],
      schema: { type: 'string', format } as JsonSchema,
      valid: VALID_FORMAT[format],
      invalid: 'not it',
      keyword: 'format',
    })),
    { covers: ['minimum'], schema: { type: 'number', minimum: 1 }, valid: 1, invalid: 0.5, keyword: 'minimum' },
    { covers: ['maximum'], schema: { type: 'integer', maximum: 3 }, valid: 3, invalid: 4, keyword: 'maximum' },
    { covers: ['exclusiveMinimum'], schema: { type: 'number', exclusiveMinimum: 1 }, valid: 1.5, invalid: 1, keyword: 'exclusiveMinimum' },
    { covers: ['exclusiveMaximum'], schema: { type: 'integer', exclusiveMaximum: 3 }, valid: 2, invalid: 3, keyword: 'exclusiveMaximum' },
    { covers: ['multipleOf'], schema: { type: 'number', multipleOf: 0.1 }, valid: 0.3, invalid: 0.35, keyword: 'multipleOf' },
    { covers: ['properties'], schema: { type: 'object', properties: { a: { type: 'string' } } }, valid: { a: 'x' }, invalid: { a: 1 }, keyword: 'type' },
    { covers: ['required'], schema: { type: 'object', required: ['a'] }, valid: { a: 1 }, invalid: {}, keyword: 'required' },
    {
      covers: ['additionalProperties'],
      schema: { type: 'object', properties: { a: {} }, additionalProperties: false },
      valid: { a: 1 },
      invalid: { a: 1, b: 2 },
      keyword: 'additionalProperties',
    },
    { covers: ['minProperties'], schema: { type: 'object', minProperties: 1 }, valid: { a: 1 }, invalid: {}, keyword: 'minProperties' },
    { covers: ['maxProperties'], schema: { type: 'object', maxProperties: 1 }, valid: { a: 1 }, invalid: { a: 1, b: 2 }, keyword: 'maxProperties' },
    {
      covers: ['patternProperties'],
      schema: { type: 'object', patternProperties: { '^n_': { type: 'number' } } },
      valid: { n_a: 1 },
      invalid: { n_a: 'x' },
      keyword: 'type',
    },
    {
      covers: ['propertyNames'],
      schema: { type: 'object', propertyNames: { maxLength: 3 } },
      valid: { abc: 1 },
      invalid: { abcd: 1 },
      keyword: 'propertyNames',
    },
    {
      covers: ['dependentRequired'],
      schema: { type: 'object', dependentRequired: { a: ['b'] } },
      valid: { a: 1, b: 2 },
      invalid: { a: 1 },
      keyword: 'dependentRequired',
    },
    {
      covers: ['dependentSchemas'],
      schema: { type: 'object', dependentSchemas: { a: { required: ['b'] } } },
      valid: { c: 1 },
      invalid: { a: 1 },
      keyword: 'required',
    },
    {
      covers: ['unevaluatedProperties'],
      schema: { type: 'object', allOf: [{ properties: { a: {} } }], unevaluatedProperties: false },
      valid: { a: 1 },
      invalid: { a: 1, b: 2 },
      keyword: 'unevaluatedProperties',
    },
    { covers: ['items'], schema: { type: 'array', items: { type: 'integer' } }, valid: [1], invalid: [1, 'x'], keyword: 'type' },
    {
      covers: ['prefixItems'],
      schema: { type: 'array', prefixItems: [{ type: 'string' }], items: false as never },
      valid: ['x'],
      invalid: ['x', 1],
      keyword: 'items',
    },
    { covers: ['minItems'], schema: { type: 'array', minItems: 1 }, valid: [1], invalid: [], keyword: 'minItems' },
    { covers: ['maxItems'], schema: { type: 'array', maxItems: 1 }, valid: [1], invalid: [1, 2], keyword: 'maxItems' },
    {
      covers: ['uniqueItems'],
      schema: { type: 'array', uniqueItems: true },
      valid: [{ a: 1 }, { a: 2 }],
      invalid: [{ a: 1 }, { a: 1 }],
      keyword: 'uniqueItems',
    },
    { covers: ['contains'], schema: { type: 'array', contains: { type: 'string' } }, valid: [1, 'x'], invalid: [1], keyword: 'contains' },
    {
      covers: ['minContains', 'maxContains'],
      schema: { type: 'array', contains: { type: 'string' }, minContains: 2, maxContains: 3 },
      valid: ['x', 'y'],
      invalid: ['x', 1],
      keyword: 'contains',
    },
    {
      covers: ['unevaluatedItems'],
      schema: { type: 'array', prefixItems: [{}], unevaluatedItems: false },
      valid: [1],
      invalid: [1, 2],
      keyword: 'unevaluatedItems',
    },
  ];
  const UNIVERSAL = ['type', 'enum', 'const', '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'];

  it('has a case for every keyword and format Hearth accepts', () => {
    const covered = new Set(cases.flatMap((c) => c.covers));
    const wanted = [
      ...UNIVERSAL,
      ...Object.values(SERVER_SCHEMA_CAPABILITIES.keywords).flat(),
      ...SERVER_SCHEMA_CAPABILITIES.formats.map((f) => `format:${f}`),
    ];
    expect(wanted.filter((keyword) => !covered.has(keyword))).toEqual([]);
  });

  it('compiles and validates with Function and eval unavailable (a CSP without unsafe-eval)', () => {
    // A function declaration, so `new Function(...)` reaches it too (an arrow is no constructor).
    function refuse(): never {
      throw new EvalError('code evaluation attempted');
    }
    const prototype = Function.prototype;
    const saved = { Function: globalThis.Function, eval: globalThis.eval, constructor: prototype.constructor };
    const results: Array<{ valid: SchemaViolation[]; invalid: SchemaViolation[] }> = [];
    const probes: unknown[] = [];
    try {
      globalThis.Function = refuse as unknown as FunctionConstructor;
      globalThis.eval = refuse;
      Object.defineProperty(prototype, 'constructor', { value: refuse, writable: true, configurable: true });
      // The trap itself works: both ways a library evaluates code throw.
      for (const attempt of [() => new globalThis.Function('return 1'), () => globalThis.eval('1'), () => function () {}.constructor('return 1')]) {
        try {
          attempt();
          probes.push('ran');
        } catch (error) {
          probes.push(error);
        }
      }
      for (const [i, c] of cases.entries()) {
        // A schema never compiled before (the cache would otherwise hand back an earlier one).
        const validator = compileSchemaValidator({ ...c.schema, $comment: `no-eval ${i} ${Math.random()}` });
        results.push({ valid: validator.validate(c.valid), invalid: validator.validate(c.invalid) });
      }
    } finally {
      globalThis.Function = saved.Function;
      globalThis.eval = saved.eval;
      Object.defineProperty(prototype, 'constructor', { value: saved.constructor, writable: true, configurable: true });
    }
    expect(probes).toEqual([expect.any(EvalError), expect.any(EvalError), expect.any(EvalError)]);
    for (const [i, c] of cases.entries()) {
      const result = results[i];
      expect(result?.valid, `${c.covers.join(', ')}: valid`).toEqual([]);
      expect(
        result?.invalid.map((v) => v.keyword),
        `${c.covers.join(', ')}: invalid`,
      ).toContain(c.keyword);
    }
  });

  it('writes messages from the schema, as ajv did', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        n: { type: 'integer', maximum: 3 },
        date: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } },
      },
      required: ['date'],
    };
    expect(compileSchemaValidator(schema).validate({ n: 4, tags: ['ok', 'Not'] })).toEqual([
      { path: '', keyword: 'required', message: "must have required property 'date'" },
      { path: '/n', keyword: 'maximum', message: 'must be <= 3' },
      { path: '/tags/1', keyword: 'pattern', message: 'must match pattern "^[a-z]+$"' },
    ]);
    expect(compileSchemaValidator(schema).validate({ date: '2024-02-30' })).toEqual([
      { path: '/date', keyword: 'format', message: 'must match format "date"' },
    ]);
    expect(compileSchemaValidator({ type: 'array', maxItems: 50, items: { type: 'integer' } }).validate(Array.from({ length: 30 }, () => 'x'))).toHaveLength(
      10,
    );
  });

  it('never puts the value in a message', () => {
    const canary = 'CANARY-9f2e secret text';
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        short: { type: 'string', maxLength: 5 },
        long: { type: 'string', minLength: 100 },
        choice: { enum: ['a', 'b'] },
        fixed: { const: 'a' },
        code: { type: 'string', pattern: '^[0-9]+$' },
        day: { type: 'string', format: 'date' },
        id: { type: 'string', format: 'uuid' },
        count: { type: 'integer', maximum: 3 },
        notString: { not: { type: 'string' } },
        either: { oneOf: [{ type: 'integer' }, { type: 'string', maxLength: 1 }] },
        list: { type: 'array', uniqueItems: true, contains: { const: 'x' }, items: { type: 'integer' } },
        names: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } },
      },
      additionalProperties: false,
    };
    const value = {
      short: canary,
      long: canary,
      choice: canary,
      fixed: canary,
      code: canary,
      day: canary,
      id: canary,
      count: 987654321,
      notString: canary,
      either: canary,
      list: [canary, canary],
      names: { [canary]: 1 },
      [canary]: canary,
    };
    const violations = compileSchemaValidator({ ...schema, maxProperties: 20 }).validate(value);
    expect(new Set(violations.map((v) => v.keyword)).size).toBeGreaterThanOrEqual(9);
    const rest = compileSchemaValidator({ ...schema, minProperties: 0 }).validate({
      list: [canary, canary],
      names: { [canary]: 1 },
      [canary]: canary,
      count: 987654321,
      notString: canary,
    });
    for (const v of [...violations, ...rest]) {
      expect(v.message).not.toContain('CANARY');
      expect(v.message).not.toContain('987654321');
    }
    // Property names are values too: the one `additionalProperties` or `propertyNames` refuses is not named.
    for (const v of rest.filter((v) => v.keyword === 'additionalProperties' || v.path.startsWith('/names'))) expect(v.path).not.toContain('CANARY');
    expect(rest.map((v) => `${v.path} ${v.keyword}`)).toEqual(expect.arrayContaining([' additionalProperties', '/names propertyNames', '/names pattern']));
  });

  it('refuses what it cannot evaluate, and refs that lead nowhere, as invalid_request', () => {
    for (const schema of [
      { $ref: '#/$defs/missing' },
      { $defs: { a: { $dynamicAnchor: 'a' } }, $dynamicRef: '#a' },
      { type: 'array', items: [{ type: 'string' }] },
      { type: 'object', required: 'a' },
      { patternProperties: { '(': {} } },
    ]) {
      expect(() => compileSchemaValidator(schema as never), JSON.stringify(schema)).toThrow(
        expect.objectContaining({ code: 'invalid_request', hint: expect.any(String) }),
      );
    }
  });
});

const VALID_FORMAT: Record<string, string> = {
  date: '2024-02-29',
  time: '23:59:59Z',
  'date-time': '2024-01-01T10:00:00+01:00',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
};
