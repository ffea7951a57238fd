import { HearthError, type JsonSchema, type ResponseFormat } from '@hearth/spec';
import { checkSchemaSupport } from './check-schema-support.ts';
import { compileSchemaValidator, type SchemaValidator } from './compile-schema-validator.ts';
import { isRecord, isSchemaObject } from './map-schema.ts';
import type { SchemaCapabilities } from './schema-capabilities.ts';

export interface PreparedResponseFormat {
  /** The schema the output must satisfy; `{type: 'object'}` for `json_object`. */
  schema: JsonSchema;
  validator: SchemaValidator;
}

/** What `json_object` means everywhere Hearth runs: a JSON object, any keys (as OpenAI defines it). */
export const JSON_OBJECT_SCHEMA: JsonSchema = { type: 'object' };

/**
 * Checks a response format before any generation: its shape, that the schema compiles, and that
 * `capabilities` can enforce every keyword. Throws HearthError `invalid_request` (malformed) or
 * `unsupported` (not enforceable here).
 */
export function prepareResponseFormat(format: ResponseFormat, capabilities: SchemaCapabilities): PreparedResponseFormat {
  const bad = (message: string): HearthError => new HearthError({ code: 'invalid_request', message, data: { param: 'response_format' } });
  // Requests cross Workers and HTTP as plain data: check the shape the types promise.
  const raw: unknown = format;
  if (!isRecord(raw)) throw bad("'response_format' must be an object.");
  if (capabilities.enforces === 'none') {
    throw new HearthError({
      code: 'unsupported',
      message: `${capabilities.engine} cannot constrain its output to JSON. Hearth refuses the request rather than generate unconstrained output.`,
      hint: 'Run structured requests on an engine that enforces them (wllama, node-llama-cpp, a Hearth gateway).',
      data: { param: 'response_format', keyword: 'response_format', path: '#', engine: capabilities.engine },
    });
  }
  if (raw['type'] === 'json_object') return { schema: JSON_OBJECT_SCHEMA, validator: compileSchemaValidator(JSON_OBJECT_SCHEMA) };
  if (raw['type'] !== 'json_schema') throw bad("'response_format.type' must be 'json_object' or 'json_schema'.");
  const schema = raw['schema'];
  if (!isSchemaObject(schema)) throw bad("'response_format' of type 'json_schema' needs a schema object.");
  const validator = compileSchemaValidator(schema);
  const unsupported = checkSchemaSupport(schema, capabilities);
  if (unsupported) throw unsupported;
  return { schema, validator };
}
