import { describe, expect, it } from 'vitest';
import { compileSchemaValidator } from './compile-schema-validator.ts';
import { JSON_FORMATS } from './json-formats.ts';

describe('compileSchemaValidator', () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://example.com/person',
    $defs: { name: { type: 'string', minLength: 1, maxLength: 10 } },
    type: 'object',
    properties: { name: { $ref: '#/$defs/name' }, age: { type: 'integer', minimum: 0 }, born: { type: 'string', format: 'date' }, tags: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true } },
    required: ['name'],
    additionalProperties: false,
  } as const;

  it('accepts valid values and names every violation by JSON pointer and keyword', () => {
    const validator = compileSchemaValidator(schema);
    expect(validator.validate({ name: 'Ada', age: 36, born: '1815-12-10', tags: ['a'] })).toEqual([]);
    const violations = validator.validate({ name: '', age: -1, born: '1815-02-30', tags: ['a', 'a'], extra: 1 });
    expect(violations.map((v) => `${v.path} ${v.keyword}`).sort()).toEqual(['/age minimum', '/born format', '/name minLength', '/tags uniqueItems', ' additionalProperties'].sort());
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
    expect(() => compileSchemaValidator({ type: 'strin' } as never)).toThrow(expect.objectContaining({ code: 'invalid_request', data: { param: 'response_format.json_schema.schema' } }));
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
