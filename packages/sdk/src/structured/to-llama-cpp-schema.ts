import type { JsonSchema } from '@hearth/spec';
import { toLlamaCppPattern } from './llama-cpp-pattern.ts';
import { mapSchema } from './map-schema.ts';

/**
 * The schema handed to llama.cpp's json-schema-to-grammar (wllama): each `pattern` rewritten so
 * the grammar never writes a raw `"`, `\` or control character into a JSON string (see
 * `toLlamaCppPattern`). Call it on a schema `checkSchemaSupport` accepted.
 */
export function toLlamaCppSchema(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    const pattern = node['pattern'];
    if (typeof pattern !== 'string') return node;
    const rewritten = toLlamaCppPattern(pattern);
    return rewritten.ok ? { ...node, pattern: rewritten.pattern } : node;
  });
}
