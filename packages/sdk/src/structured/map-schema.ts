import type { JsonSchema } from '@hearth/spec';

/** Keywords whose value is one schema. */
export const SCHEMA_KEYWORDS = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;
/** Keywords whose value is a list of schemas. */
export const SCHEMA_LIST_KEYWORDS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'] as const;
/** Keywords whose value maps names to schemas. */
export const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

/**
 * Rebuilds a schema bottom-up, calling `visit` on every subschema (and the root) after its own
 * subschemas were rebuilt. Walks the schema's structure, so a property *named* "pattern" or
 * "anyOf" is never mistaken for the keyword. Boolean subschemas are kept as they are.
 */
export function mapSchema(schema: JsonSchema, visit: (node: JsonSchema) => JsonSchema): JsonSchema {
  const out: Record<string, unknown> = { ...schema };
  for (const keyword of SCHEMA_KEYWORDS) {
    const sub = schema[keyword];
    if (isSchemaObject(sub)) out[keyword] = mapSchema(sub, visit);
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = schema[keyword];
    if (Array.isArray(list)) out[keyword] = list.map((sub: unknown) => (isSchemaObject(sub) ? mapSchema(sub, visit) : sub));
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = schema[keyword];
    if (!isSchemaObject(map)) continue;
    const copy: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(map)) {
      Object.defineProperty(copy, name, { value: isSchemaObject(sub) ? mapSchema(sub, visit) : sub, enumerable: true, writable: true, configurable: true });
    }
    out[keyword] = copy;
  }
  return visit(out);
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema object (not a boolean schema, not an array). */
export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
