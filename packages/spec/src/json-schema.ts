/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The JSON types a schema's `type` keyword names. */
export type JsonSchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/**
 * A JSON Schema (draft 2020-12), as plain JSON. The common keywords are typed for editors; any
 * other keyword passes the type, because which keywords an engine can *enforce* is decided at run
 * time by the SDK's capability check (`checkSchemaSupport`), which rejects what it cannot enforce.
 *
 * @example
 * const schema: JsonSchema = { type: 'object', properties: { title: { type: 'string', maxLength: 80 } }, required: ['title'] };
 */
export interface JsonSchema {
  type?: JsonSchemaType | readonly JsonSchemaType[];
  properties?: { readonly [name: string]: JsonSchema };
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: readonly JsonSchema[];
  enum?: readonly JsonValue[];
  const?: JsonValue;
  $ref?: string;
  $defs?: { readonly [name: string]: JsonSchema };
  description?: string;
  [keyword: string]: unknown;
}

/**
 * What shape the output must take (OpenAI's `response_format`). `json_object`: any JSON object;
 * `json_schema`: a value valid against `schema`. Engines enforce it or refuse before generating.
 */
export type ResponseFormat = { type: 'json_object' } | { type: 'json_schema'; name?: string; schema: JsonSchema };
