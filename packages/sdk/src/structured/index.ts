// Structured output: one JSON-schema shape on every engine, failing closed.
export { checkSchemaSupport } from './check-schema-support.ts';
export {
  NODE_LLAMA_CPP_SCHEMA_CAPABILITIES,
  LLAMA_CPP_SCHEMA_CAPABILITIES,
  SERVER_SCHEMA_CAPABILITIES,
  noSchemaCapabilities,
  type SchemaCapabilities,
  type SchemaNodeType,
} from './schema-capabilities.ts';
export { compileSchemaValidator, type SchemaValidator, type SchemaViolation } from './compile-schema-validator.ts';
export { JSON_FORMATS } from './json-formats.ts';
export { PartialJsonParser, parsePartialJson, type PartialJsonState } from './partial-json-parser.ts';
export { prepareResponseFormat, JSON_OBJECT_SCHEMA, type PreparedResponseFormat } from './prepare-response-format.ts';
export { withStructuredOutput } from './with-structured-output.ts';
export { streamObject, generateObject, type ObjectRequest, type ObjectStreamPart } from './stream-object.ts';
export { toLlamaCppPattern, type LlamaCppPattern } from './llama-cpp-pattern.ts';
export { mapSchema } from './map-schema.ts';
export { toNodeLlamaCppSchema } from './to-node-llama-cpp-schema.ts';
export { toLlamaCppSchema } from './to-llama-cpp-schema.ts';
