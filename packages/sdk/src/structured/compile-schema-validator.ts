import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { HearthError, type JsonSchema } from '@hearth/spec';
import { JSON_FORMATS } from './json-formats.ts';

/** One way a value breaks its schema. Messages name schema facts only, never the value itself. */
export interface SchemaViolation {
  /** JSON pointer into the value, `''` for the value itself. */
  path: string;
  keyword: string;
  message: string;
}

export interface SchemaValidator {
  /** Every violation (up to ten), or an empty list when the value is valid. */
  validate(value: unknown): SchemaViolation[];
}

/** Distinct schemas kept compiled; a gateway sees unbounded schemas, so the cache is bounded. */
const CACHE_SIZE = 64;
const MAX_VIOLATIONS = 10;
const cache = new Map<string, SchemaValidator>();
let ajv: Ajv2020 | undefined;

/**
 * A validator for a JSON Schema (draft 2020-12), built with ajv, the validator most JSON Schema
 * tooling uses: complete, and tested against the official JSON Schema test suite. Formats are
 * Hearth's own (`JSON_FORMATS`). Compiled validators are cached by the schema's JSON text.
 * Throws HearthError `invalid_request` when the schema itself is malformed.
 *
 * @example
 * const violations = compileSchemaValidator({ type: 'integer', maximum: 3 }).validate(4);
 * // [{ path: '', keyword: 'maximum', message: 'must be <= 3' }]
 */
export function compileSchemaValidator(schema: JsonSchema): SchemaValidator {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    // Least recently used goes first: re-insert to move this one to the end.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  // Ajv keeps every schema it compiles, keyed by `$id` and by object: compile a copy without the
  // root `$id` (two requests may reuse one) or `$schema` (an older draft's URI is unknown to the
  // 2020 instance; the keywords Hearth accepts mean the same in drafts 7 and 2020-12), then drop it.
  const { $schema: _draft, $id: _id, ...copy } = schema;
  const instance = (ajv ??= new Ajv2020({ allErrors: true, strict: false, logger: false, formats: JSON_FORMATS }));
  let check: ValidateFunction;
  try {
    check = instance.compile(copy);
  } catch (cause) {
    throw new HearthError({
      code: 'invalid_request',
      message: `The JSON schema is not valid: ${cause instanceof Error ? cause.message : String(cause)}`,
      hint: 'Check the schema against JSON Schema draft 2020-12.',
      cause,
      data: { param: 'response_format.json_schema.schema' },
    });
  } finally {
    instance.removeSchema(copy);
  }
  const validator: SchemaValidator = {
    validate(value) {
      if (check(value)) return [];
      return (check.errors ?? []).slice(0, MAX_VIOLATIONS).map(toViolation);
    },
  };
  cache.set(key, validator);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return validator;
}

function toViolation(error: ErrorObject): SchemaViolation {
  return { path: error.instancePath, keyword: error.keyword, message: error.message ?? 'is not valid' };
}
