import { HearthError, type JsonSchema } from '@hearth/spec';
import { isSchemaObject, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './map-schema.ts';
import type { SchemaCapabilities, SchemaNodeType } from './schema-capabilities.ts';

/** Keywords that constrain nothing: accepted anywhere, by every engine. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
]);
/** Keywords that change how references resolve: accepted only at the root. */
const ROOT_ONLY = new Set(['$schema', '$id']);
const DEFINITIONS = new Set(['$defs', 'definitions']);
/** What each type-specific keyword constrains (JSON Schema 2020-12 validation vocabulary). */
const APPLIES_TO: Readonly<Record<string, readonly SchemaNodeType[]>> = {
  minLength: ['string'],
  maxLength: ['string'],
  pattern: ['string'],
  format: ['string'],
  minimum: ['integer', 'number'],
  maximum: ['integer', 'number'],
  exclusiveMinimum: ['integer', 'number'],
  exclusiveMaximum: ['integer', 'number'],
  multipleOf: ['integer', 'number'],
  properties: ['object'],
  required: ['object'],
  additionalProperties: ['object'],
  minProperties: ['object'],
  maxProperties: ['object'],
  patternProperties: ['object'],
  propertyNames: ['object'],
  dependentRequired: ['object'],
  dependentSchemas: ['object'],
  unevaluatedProperties: ['object'],
  items: ['array'],
  prefixItems: ['array'],
  minItems: ['array'],
  maxItems: ['array'],
  uniqueItems: ['array'],
  contains: ['array'],
  minContains: ['array'],
  maxContains: ['array'],
  unevaluatedItems: ['array'],
};
/** Keywords that constrain values of every type. */
const UNIVERSAL = new Set(['type', 'enum', 'const', '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);
const TYPES = new Set<string>(['string', 'integer', 'number', 'object', 'array', 'boolean', 'null']);
const SCALAR_TYPES = new Set<string>(['string', 'integer', 'number', 'boolean', 'null']);

interface Problem {
  keyword: string;
  /** JSON pointer (as a URI fragment) to the schema node that holds the keyword. */
  path: string;
  reason: string;
}

/**
 * Walks a JSON schema and finds the first keyword `capabilities` cannot enforce while generating,
 * as HearthError `unsupported` naming the keyword and its JSON pointer (`data.keyword`,
 * `data.path`); undefined when every keyword is enforced. Engines call it before generating, so
 * a constraint that was asked for is never silently dropped (llama-server's grammar fallback is
 * exactly that failure). It assumes the schema already compiled (`compileSchemaValidator`).
 *
 * @example
 * checkSchemaSupport({ type: 'string', pattern: '^[a-z]+$' }, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES);
 * // HearthError unsupported: node-llama-cpp cannot enforce "pattern" at #: ...
 */
export function checkSchemaSupport(schema: JsonSchema, capabilities: SchemaCapabilities): HearthError | undefined {
  const walker = new SupportWalker(schema, capabilities);
  const problem =
    capabilities.enforces === 'none'
      ? { keyword: 'response_format', path: '#', reason: 'it has no way to constrain its output' }
      : capabilities.enforces === 'all'
        ? walker.visitAll(schema, '#')
        : walker.visit(schema, '#');
  if (!problem) return undefined;
  return new HearthError({
    code: 'unsupported',
    message: `${capabilities.engine} cannot enforce "${problem.keyword}" at ${problem.path}: ${problem.reason}. Hearth refuses the request rather than generate unconstrained output.`,
    hint: 'Remove or rewrite that keyword, or run the request on an engine that enforces it.',
    data: { param: 'response_format', keyword: problem.keyword, path: problem.path, engine: capabilities.engine },
  });
}

class SupportWalker {
  private readonly visitedRefs = new Set<string>();

  constructor(
    private readonly root: JsonSchema,
    private readonly caps: SchemaCapabilities,
  ) {}

  visit(node: unknown, path: string): Problem | undefined {
    if (!isSchemaObject(node)) return { keyword: '(schema)', path, reason: 'a schema here must be an object' };
    const keys = Object.keys(node);
    for (const key of keys) {
      const problem = this.placement(key, path);
      if (problem) return problem;
    }
    const rest = keys.filter((k) => !isNeutral(k));
    const others = (...allowed: string[]): string | undefined => rest.find((k) => !allowed.includes(k));

    if ('$ref' in node) {
      const sibling = others('$ref');
      if (sibling) return { keyword: sibling, path, reason: 'it is ignored beside "$ref"' };
      return this.visitRef(node['$ref'], path);
    }
    if ('oneOf' in node || 'anyOf' in node) {
      const key = 'oneOf' in node ? 'oneOf' : 'anyOf';
      if (!this.caps.unions) return { keyword: key, path, reason: 'it has no union grammar' };
      const sibling = others(key);
      if (sibling) return { keyword: sibling, path, reason: `it is ignored beside "${key}"` };
      const alternatives = node[key];
      if (!Array.isArray(alternatives) || alternatives.length === 0) return { keyword: key, path, reason: 'it must be a non-empty list of schemas' };
      return firstProblem(alternatives, (alt, i) => this.visit(alt, `${path}/${key}/${i}`));
    }
    if ('const' in node || 'enum' in node) {
      const key = 'const' in node ? 'const' : 'enum';
      // The value is one of the listed ones; `type` beside them is the usual redundant hint.
      const sibling = others(key, 'type');
      if (sibling) return { keyword: sibling, path, reason: `it is ignored beside "${key}"` };
      const values: unknown[] = key === 'const' ? [node['const']] : Array.isArray(node['enum']) ? node['enum'] : [];
      if (this.caps.literals === 'scalars' && values.some((v) => typeof v === 'object' && v !== null)) {
        return { keyword: key, path, reason: 'only strings, numbers, booleans and null can be listed values' };
      }
      return undefined;
    }
    const type = node['type'];
    if (Array.isArray(type)) {
      if (this.caps.typeLists === 'scalars') {
        if (type.some((t) => !SCALAR_TYPES.has(String(t))))
          return { keyword: 'type', path, reason: 'a list of types may only name string, number, integer, boolean and null' };
        const sibling = others('type');
        if (sibling) return { keyword: sibling, path, reason: 'it is ignored when "type" is a list' };
        return undefined;
      }
      return firstProblem(type, (t) => this.visitTyped(node, String(t), path, rest));
    }
    if (typeof type === 'string') return this.visitTyped(node, type, path, rest);
    if ('allOf' in node) return this.visitAllOf(node, path, rest);
    const first = rest[0];
    if (first === undefined) return undefined;
    if (this.caps.untyped === 'refuse') return { keyword: first, path, reason: 'it is ignored in a schema without "type" (add one)' };
    // llama.cpp infers the type from the keywords present, in this order (json-schema.cpp build_node).
    const additional = node['additionalProperties'];
    if ('properties' in node || (additional !== undefined && additional !== true)) return this.visitTyped(node, 'object', path, rest);
    if ('items' in node || 'prefixItems' in node) return this.visitTyped(node, 'array', path, rest);
    if ('pattern' in node || 'minLength' in node || 'maxLength' in node || 'format' in node) return this.visitTyped(node, 'string', path, rest);
    return { keyword: first, path, reason: 'a schema without "type" generates any value, ignoring it (add a "type")' };
  }

  /** Where a keyword may stand at all, for every engine. */
  private placement(key: string, path: string): Problem | undefined {
    if (ROOT_ONLY.has(key) && path !== '#') return { keyword: key, path, reason: 'it is only accepted at the root of the schema' };
    if (DEFINITIONS.has(key)) {
      if (this.caps.refs === 'defs' && key === 'definitions') return { keyword: key, path, reason: 'definitions must be under "$defs"' };
      if (this.caps.refs === 'defs' && path !== '#') return { keyword: key, path, reason: '"$defs" is only read at the root of the schema' };
      return undefined;
    }
    if (!isKnown(key)) return { keyword: key, path, reason: 'it is not a JSON Schema keyword Hearth knows, so nothing would enforce it' };
    return undefined;
  }

  private visitTyped(node: JsonSchema, type: string, path: string, rest: readonly string[]): Problem | undefined {
    if (!TYPES.has(type)) return { keyword: 'type', path, reason: `"${type}" is not a JSON type` };
    const t = type as SchemaNodeType;
    const enforced = this.caps.keywords[t];
    for (const key of rest) {
      if (key === 'type' || enforced.includes(key)) continue;
      if (key === 'allOf' && t === 'object' && this.caps.allOf === 'objects') continue;
      if (UNIVERSAL.has(key)) return { keyword: key, path, reason: `it is not enforced with "type": "${t}"` };
      // A keyword of another type's vocabulary constrains nothing here, in JSON Schema as in the grammar.
      if (APPLIES_TO[key]?.includes(t)) return { keyword: key, path, reason: `it is not enforced on ${t} values` };
    }
    switch (t) {
      case 'string':
        return this.visitString(node, path);
      case 'integer':
        for (const [inclusive, exclusive] of [
          ['minimum', 'exclusiveMinimum'],
          ['maximum', 'exclusiveMaximum'],
        ] as const) {
          if (inclusive in node && exclusive in node) return { keyword: exclusive, path, reason: `it is ignored beside "${inclusive}"` };
        }
        // llama.cpp's integer-range grammar has no empty form: an impossible range fails to build.
        if (typeof node['minimum'] === 'number' && typeof node['maximum'] === 'number' && node['minimum'] > node['maximum'])
          return { keyword: 'minimum', path, reason: 'it is above "maximum", so no integer satisfies both' };
        return undefined;
      case 'object':
        return this.visitObject(node, path, rest);
      case 'array':
        return this.visitArray(node, path);
      default:
        return undefined;
    }
  }

  private visitString(node: JsonSchema, path: string): Problem | undefined {
    const format = node['format'];
    if (format !== undefined && !this.caps.formats.includes(String(format)))
      return { keyword: 'format', path, reason: `"${String(format)}" is not a format it generates (it does: ${this.caps.formats.join(', ')})` };
    const pattern = node['pattern'];
    if (typeof pattern === 'string') {
      const reason = this.caps.patternProblem?.(pattern);
      if (reason) return { keyword: 'pattern', path, reason };
    }
    if (this.caps.oneStringConstraint) {
      // llama.cpp builds a string from the first of these it finds, ignoring the rest.
      const present = ['pattern', 'format', 'minLength', 'maxLength'].filter((k) => k in node);
      const winner = present[0];
      const loser = present.find((k) => k !== winner && !(winner?.endsWith('Length') && k.endsWith('Length')));
      if (winner && loser) return { keyword: loser, path, reason: `it is ignored beside "${winner}"` };
    }
    return undefined;
  }

  private visitObject(node: JsonSchema, path: string, rest: readonly string[]): Problem | undefined {
    const properties = isSchemaObject(node['properties']) ? node['properties'] : {};
    if ('allOf' in node) {
      if ('properties' in node || 'additionalProperties' in node) return { keyword: 'allOf', path, reason: 'it is ignored beside "properties"' };
      return this.visitAllOf(node, path, rest);
    }
    const names = Object.keys(properties);
    if (this.caps.enforces === 'listed') {
      const required = Array.isArray(node['required']) ? node['required'] : [];
      const missing = required.find((name) => !names.includes(String(name)));
      if (missing !== undefined)
        return { keyword: 'required', path, reason: `"${String(missing)}" is required but has no schema under "properties", so it is never generated` };
    }
    const max = node['maxProperties'];
    if (this.caps.writesEveryProperty && typeof max === 'number' && max < names.length)
      return { keyword: 'maxProperties', path, reason: `every one of the ${names.length} properties is written` };
    for (const name of names) {
      const problem = this.visit(properties[name], `${path}/properties/${pointerToken(name)}`);
      if (problem) return problem;
    }
    const additional = node['additionalProperties'];
    if (additional !== undefined && typeof additional !== 'boolean') return this.visit(additional, `${path}/additionalProperties`);
    return undefined;
  }

  private visitArray(node: JsonSchema, path: string): Problem | undefined {
    const items = node['items'];
    const prefix = node['prefixItems'];
    if (items !== undefined && !isSchemaObject(items)) return { keyword: 'items', path, reason: 'it must be a schema object' };
    if (prefix !== undefined && !Array.isArray(prefix)) return { keyword: 'prefixItems', path, reason: 'it must be a list of schemas' };
    if (Array.isArray(prefix)) {
      const lost = ['items', 'minItems', 'maxItems'].find((k) => k in node);
      if (this.caps.exactTuples && lost) return { keyword: lost, path, reason: 'llama.cpp generates exactly the "prefixItems" tuple, ignoring it' };
      const max = node['maxItems'];
      if (typeof max === 'number' && max < prefix.length) return { keyword: 'maxItems', path, reason: 'it is below the number of "prefixItems"' };
      const problem = firstProblem(prefix, (sub, i) => this.visit(sub, `${path}/prefixItems/${i}`));
      if (problem) return problem;
    }
    return items === undefined ? undefined : this.visit(items, `${path}/items`);
  }

  /** llama.cpp merges `allOf` of object schemas into one object whose properties are all written. */
  private visitAllOf(node: JsonSchema, path: string, rest: readonly string[]): Problem | undefined {
    if (this.caps.allOf === 'none') return { keyword: 'allOf', path, reason: 'it has no grammar for intersections' };
    const sibling = rest.find((k) => k !== 'allOf' && k !== 'type');
    if (sibling) return { keyword: sibling, path, reason: 'it is ignored beside "allOf"' };
    if (node['type'] !== undefined && node['type'] !== 'object') return { keyword: 'allOf', path, reason: 'only an "allOf" of object schemas is enforced' };
    const members = node['allOf'];
    if (!Array.isArray(members) || members.length === 0) return { keyword: 'allOf', path, reason: 'it must be a non-empty list of schemas' };
    return firstProblem(members, (member, i) => {
      let memberPath = `${path}/allOf/${i}`;
      let target: unknown = member;
      if (isSchemaObject(member) && typeof member['$ref'] === 'string') {
        memberPath = member['$ref'];
        target = this.resolvePointer(member['$ref']);
      }
      if (!isSchemaObject(target) || !isSchemaObject(target['properties']))
        return { keyword: 'allOf', path: memberPath, reason: 'each member must be an object schema with "properties"' };
      const extra = Object.keys(target).find((k) => !isNeutral(k) && !['type', 'properties', 'required'].includes(k));
      if (extra) return { keyword: extra, path: memberPath, reason: 'it is ignored inside an "allOf" member' };
      const properties = target['properties'];
      return firstProblem(Object.keys(properties), (name) => this.visit(properties[name], `${memberPath}/properties/${pointerToken(name)}`));
    });
  }

  private visitRef(ref: unknown, path: string): Problem | undefined {
    if (typeof ref !== 'string') return { keyword: '$ref', path, reason: 'it must be a string' };
    if (this.caps.refs === 'defs' && !/^#\/\$defs\/[^/~%]+$/.test(ref))
      return { keyword: '$ref', path, reason: `it only resolves "#/$defs/<name>", not "${ref}"` };
    const target = this.resolvePointer(ref);
    if (target === undefined) return { keyword: '$ref', path, reason: `"${ref}" does not resolve to a schema in this document` };
    if (this.visitedRefs.has(ref)) return undefined;
    this.visitedRefs.add(ref);
    return this.visit(target, ref);
  }

  /**
   * Resolves `#/a/b` from the root. Escaped tokens (`~0`, `~1`, `%xx`) are refused: llama.cpp
   * reads tokens verbatim while the validator unescapes them, so the two would disagree.
   */
  private resolvePointer(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = this.root;
    for (const token of ref.slice(2).split('/')) {
      if (/[~%]/.test(token)) return undefined;
      if (Array.isArray(target)) target = /^\d+$/.test(token) ? target[Number(token)] : undefined;
      else if (isSchemaObject(target) && Object.hasOwn(target, token)) target = target[token];
      else return undefined;
    }
    return target;
  }

  /** For a server that enforces everything: refuse only what nothing could enforce or Hearth cannot validate. */
  visitAll(node: unknown, path: string): Problem | undefined {
    if (!isSchemaObject(node)) return undefined;
    for (const key of Object.keys(node)) {
      const problem = this.placement(key, path);
      if (problem) return problem;
    }
    const format = node['format'];
    if (format !== undefined && !this.caps.formats.includes(String(format)))
      return { keyword: 'format', path, reason: `"${String(format)}" is not a format Hearth can validate (it can: ${this.caps.formats.join(', ')})` };
    const ref = node['$ref'];
    if (ref !== undefined && (typeof ref !== 'string' || this.resolvePointer(ref) === undefined))
      return { keyword: '$ref', path, reason: 'only references into this document ("#/...") are accepted' };
    for (const key of SCHEMA_KEYWORDS) {
      const problem = this.visitAll(node[key], `${path}/${key}`);
      if (problem) return problem;
    }
    for (const key of SCHEMA_LIST_KEYWORDS) {
      const list = node[key];
      const problem = Array.isArray(list) ? firstProblem(list, (sub, i) => this.visitAll(sub, `${path}/${key}/${i}`)) : undefined;
      if (problem) return problem;
    }
    for (const key of SCHEMA_MAP_KEYWORDS) {
      const map = node[key];
      if (!isSchemaObject(map)) continue;
      const problem = firstProblem(Object.keys(map), (name) => this.visitAll(map[name], `${path}/${key}/${pointerToken(name)}`));
      if (problem) return problem;
    }
    return undefined;
  }
}

function isNeutral(key: string): boolean {
  return ANNOTATIONS.has(key) || ROOT_ONLY.has(key) || DEFINITIONS.has(key) || key.startsWith('x-');
}

function isKnown(key: string): boolean {
  return isNeutral(key) || UNIVERSAL.has(key) || key in APPLIES_TO;
}

function firstProblem<T>(items: readonly T[], visit: (item: T, index: number) => Problem | undefined): Problem | undefined {
  for (let i = 0; i < items.length; i++) {
    const problem = visit(items[i] as T, i);
    if (problem) return problem;
  }
  return undefined;
}

/** RFC 6901: `~` and `/` inside a name are escaped. */
function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}
