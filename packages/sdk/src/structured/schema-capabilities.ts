import { JSON_FORMATS } from './json-formats.ts';
import { toLlamaCppPattern } from './llama-cpp-pattern.ts';

/** The kinds of value a schema node can constrain. */
export type SchemaNodeType = 'string' | 'integer' | 'number' | 'object' | 'array' | 'boolean' | 'null';

/**
 * What an engine can *enforce* while it generates, read by `checkSchemaSupport`. Anything not
 * listed is refused before generation: a constraint that was asked for is never dropped.
 */
export interface SchemaCapabilities {
  /** The engine named in error messages. */
  readonly engine: string;
  /**
   * `all`: the schema is forwarded to a server that enforces it or refuses it (a Hearth gateway
   * does); only what Hearth itself cannot validate afterwards is refused here. `none`: the engine
   * cannot constrain its output at all, so every response format is refused.
   */
  readonly enforces: 'listed' | 'all' | 'none';
  /** Keywords enforced on a node of each type (beside `type`, which every engine enforces). */
  readonly keywords: { readonly [T in SchemaNodeType]: readonly string[] };
  readonly formats: readonly string[];
  /** `oneOf` and `anyOf` are generated as a union either way; the final validation checks `oneOf`'s "exactly one". */
  readonly unions: boolean;
  /** `allOf` of object schemas, merged into one object (llama.cpp's converter); `none`: refused. */
  readonly allOf: 'objects' | 'none';
  /** `enum`/`const` values: only strings, numbers, booleans and null, or any JSON. */
  readonly literals: 'scalars' | 'any';
  /** `type: [..]`: only scalar types with no other keyword (node-llama-cpp), or any, each with its keywords. */
  readonly typeLists: 'scalars' | 'any';
  /** A node without `type` but with, say, `properties`: its type is inferred (llama.cpp), or refused. */
  readonly untyped: 'infer' | 'refuse';
  /** `$ref` forms resolved: `#/$defs/<name>` only, or any local JSON pointer (`#/...`). */
  readonly refs: 'defs' | 'pointer';
  /** llama.cpp builds a string from one of pattern, format or min/maxLength, ignoring the others. */
  readonly oneStringConstraint: boolean;
  /** llama.cpp makes `prefixItems` an exact tuple: with `items`, `minItems` or `maxItems` beside it, those are lost. */
  readonly exactTuples: boolean;
  /** node-llama-cpp writes every property it knows, so `maxProperties` below that count is lost. */
  readonly writesEveryProperty: boolean;
  /** Why a `pattern` cannot be enforced, or undefined when it can. */
  readonly patternProblem?: (pattern: string) => string | undefined;
}

/**
 * node-llama-cpp 3.22's JSON-schema grammar (`llama.createGrammarForJsonSchema`; its terminals in
 * dist/utils/gbnfJson). `anyOf` is handed to it as `oneOf`; `required` is accepted because every
 * property is written.
 */
export const NODE_LLAMA_CPP_SCHEMA_CAPABILITIES: SchemaCapabilities = {
  engine: 'node-llama-cpp',
  enforces: 'listed',
  keywords: {
    string: ['minLength', 'maxLength', 'format'],
    integer: [],
    number: [],
    object: ['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
    array: ['items', 'prefixItems', 'minItems', 'maxItems'],
    boolean: [],
    null: [],
  },
  formats: ['date', 'time', 'date-time'],
  unions: true,
  allOf: 'none',
  literals: 'scalars',
  typeLists: 'scalars',
  untyped: 'refuse',
  refs: 'defs',
  oneStringConstraint: true,
  exactTuples: false,
  writesEveryProperty: true,
};

/**
 * llama.cpp's json-schema-to-grammar (common/json-schema.cpp and json-schema-to-grammar.cpp), as
 * compiled into wllama 3.8 and run by llama-server.
 */
export const LLAMA_CPP_SCHEMA_CAPABILITIES: SchemaCapabilities = {
  engine: 'llama.cpp',
  enforces: 'listed',
  keywords: {
    string: ['minLength', 'maxLength', 'format', 'pattern'],
    integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
    number: [],
    object: ['properties', 'required', 'additionalProperties'],
    array: ['items', 'prefixItems', 'minItems', 'maxItems'],
    boolean: [],
    null: [],
  },
  formats: ['date', 'time', 'date-time', 'uuid'],
  unions: true,
  allOf: 'objects',
  literals: 'any',
  typeLists: 'any',
  untyped: 'infer',
  refs: 'pointer',
  oneStringConstraint: true,
  exactTuples: true,
  writesEveryProperty: false,
  patternProblem: (pattern) => {
    const result = toLlamaCppPattern(pattern);
    return result.ok ? undefined : result.reason;
  },
};

/** Every assertion JSON Schema 2020-12 defines, per type: what a server that enforces "all" may receive. */
const ALL_KEYWORDS: SchemaCapabilities['keywords'] = {
  string: ['minLength', 'maxLength', 'format', 'pattern'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  object: [
    'properties',
    'required',
    'additionalProperties',
    'minProperties',
    'maxProperties',
    'patternProperties',
    'propertyNames',
    'dependentRequired',
    'dependentSchemas',
    'unevaluatedProperties',
  ],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'unevaluatedItems'],
  boolean: [],
  null: [],
};

/**
 * A remote OpenAI-compatible server that enforces the schema itself (a Hearth gateway refuses
 * what its engine cannot enforce, with a 400). Output is still validated here, so formats Hearth
 * cannot validate are refused.
 */
export const SERVER_SCHEMA_CAPABILITIES: SchemaCapabilities = {
  engine: 'remote server',
  enforces: 'all',
  keywords: ALL_KEYWORDS,
  formats: Object.keys(JSON_FORMATS),
  unions: true,
  allOf: 'objects',
  literals: 'any',
  typeLists: 'any',
  untyped: 'infer',
  refs: 'pointer',
  oneStringConstraint: false,
  exactTuples: false,
  writesEveryProperty: false,
};

/**
 * For an engine with no way to constrain its output yet: wrapping its stream with
 * `withStructuredOutput(request, noSchemaCapabilities(engineId), ...)` refuses every
 * `responseFormat` with `unsupported` instead of generating unconstrained text.
 */
export function noSchemaCapabilities(engine: string): SchemaCapabilities {
  return { ...SERVER_SCHEMA_CAPABILITIES, engine, enforces: 'none', formats: [] };
}
