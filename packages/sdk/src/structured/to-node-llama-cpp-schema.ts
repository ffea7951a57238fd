import type { JsonSchema } from '@hearth/spec';
import { mapSchema } from './map-schema.ts';

/**
 * The schema handed to node-llama-cpp's grammar builder, which knows `oneOf` but not `anyOf`.
 * Both generate as a union of their alternatives; the final validation still applies the
 * original keyword (`anyOf`: at least one matches; `oneOf`: exactly one).
 */
export function toNodeLlamaCppSchema(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    if (!('anyOf' in node) || 'oneOf' in node) return node;
    const { anyOf, ...rest } = node;
    return { ...rest, oneOf: anyOf };
  });
}
