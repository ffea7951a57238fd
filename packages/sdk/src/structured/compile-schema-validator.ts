import { deepCompareStrict, dereference, format as VALIDATOR_FORMATS, validate, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { HearthError, type JsonSchema } from '@hearth/spec';
import { JSON_FORMATS } from './json-formats.ts';
import { isRecord, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './map-schema.ts';
import { findSchemaShapeProblem } from './schema-shape.ts';

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

type Node = Record<string, unknown>;

/**
 * A validator for a JSON Schema (draft 2020-12), built on @cfworker/json-schema: an interpreter
 * that walks the schema for each value and never compiles code, so it runs under a
 * Content-Security-Policy without 'unsafe-eval' (Hearth pages and Workers; ajv's `new Function`
 * is refused there). Formats are Hearth's own (`JSON_FORMATS`); others are ignored. Violation
 * messages are written here from the keyword and its value in the schema, never from the
 * library's text, which can quote the value. Validators are cached by the schema's JSON text.
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
  installFormats();
  // Always read as draft 2020-12 (the keywords Hearth accepts mean the same in drafts 7 and
  // 2020-12), on a copy: the library annotates the schema objects it is given.
  const root = JSON.parse(key) as Node;
  const { lookup, problem } = prepare(root);
  if (problem !== undefined || lookup === undefined) {
    throw new HearthError({
      code: 'invalid_request',
      message: `The JSON schema is not valid: ${problem ?? 'it could not be read'}.`,
      hint: 'Check the schema against JSON Schema draft 2020-12.',
      data: { param: 'response_format.json_schema.schema' },
    });
  }
  const validator: SchemaValidator = {
    validate(value) {
      let errors: OutputUnit[];
      try {
        const result = validate(value, root as Schema, '2020-12', lookup, false);
        if (result.valid) return [];
        errors = result.errors;
      } catch (cause) {
        // The library throws for a value that is not JSON (undefined, a function, a bigint), and
        // overflows the stack on a schema that refers to itself without reading into the value
        // (or on a value nested thousands deep).
        if (cause instanceof RangeError) return [{ path: '', keyword: '$ref', message: 'could not be checked: the schema or the value nests without end' }];
        return [{ path: '', keyword: 'type', message: 'must be a JSON value' }];
      }
      return toViolations(errors, root, lookup, value);
    },
  };
  cache.set(key, validator);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return validator;
}

// --- Formats ---------------------------------------------------------------------------------

/**
 * The library looks formats up in its module-wide table. Hearth's are added under a prefix of
 * their own (the library's entries stay as they are), and each schema's `format` is renamed to
 * it, so only Hearth's formats are checked and any other format is ignored, as an annotation.
 */
const FORMAT_PREFIX = 'hearth:';
let formatsInstalled = false;

function installFormats(): void {
  if (formatsInstalled) return;
  for (const [name, check] of Object.entries(JSON_FORMATS)) VALIDATOR_FORMATS[FORMAT_PREFIX + name] = check;
  formatsInstalled = true;
}

// --- Preparing a schema ----------------------------------------------------------------------

/**
 * `false` subschemas, replaced by `{ not: {} }` (which no value matches either): the library
 * reports a failed boolean schema without the location of the keyword that holds it, and a
 * violation must name that keyword (`additionalProperties: false` fails on the object).
 */
const FALSE_SCHEMAS = new WeakSet<object>();

function prepare(root: Node): { lookup?: Record<string, Schema | boolean>; problem?: string } {
  const problem = findSchemaShapeProblem(root);
  if (problem !== undefined) return { problem };
  replaceFalseSchemas(root);
  let lookup: Record<string, Schema | boolean>;
  try {
    lookup = dereference(root as Schema);
  } catch (cause) {
    return { problem: cause instanceof Error ? cause.message : String(cause) };
  }
  const nodes = new Set(Object.values(lookup).filter(isRecord));
  for (const node of nodes) {
    const ref = node['$ref'];
    if (typeof ref === 'string' && lookup[String(node['__absolute_ref__'] ?? ref)] === undefined) {
      return { problem: `${fragmentOf(node)}/$ref: "${ref}" is not a schema in this document` };
    }
  }
  for (const node of nodes) {
    if (typeof node['format'] === 'string') node['format'] = FORMAT_PREFIX + node['format'];
  }
  return { lookup };
}

function replaceFalseSchemas(node: Node): void {
  const sub = (value: unknown): unknown => {
    if (value === false) {
      const never = { not: {} };
      FALSE_SCHEMAS.add(never);
      return never;
    }
    if (isRecord(value)) replaceFalseSchemas(value);
    return value;
  };
  for (const keyword of SCHEMA_KEYWORDS) if (keyword in node) node[keyword] = sub(node[keyword]);
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = node[keyword];
    if (Array.isArray(list)) node[keyword] = list.map(sub);
  }
  for (const keyword of [...SCHEMA_MAP_KEYWORDS, 'dependencies']) {
    const map = node[keyword];
    if (!isRecord(map)) continue;
    for (const name of Object.keys(map)) if (!Array.isArray(map[name])) map[name] = sub(map[name]);
  }
}

function fragmentOf(node: Node): string {
  const uri = node['__absolute_uri__'];
  return typeof uri === 'string' && uri.includes('#') ? `#${uri.slice(uri.indexOf('#') + 1)}` : '#';
}

// --- Violations ------------------------------------------------------------------------------

/** Keywords the library reports for a subschema that failed; that subschema's own errors follow. */
const WRAPPERS = new Set([
  '$ref',
  '$recursiveRef',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'prefixItems',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'dependentSchemas',
  'allOf',
]);
/** Keywords followed, in a keyword location, by a name or an index. */
const NAMED = new Set<string>([...SCHEMA_MAP_KEYWORDS, ...SCHEMA_LIST_KEYWORDS, 'dependencies']);
const BOUNDS: Readonly<Record<string, string>> = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' };
const COUNTS: Readonly<Record<string, [string, string]>> = {
  minLength: ['fewer', 'characters'],
  maxLength: ['more', 'characters'],
  minItems: ['fewer', 'items'],
  maxItems: ['more', 'items'],
  minProperties: ['fewer', 'properties'],
  maxProperties: ['more', 'properties'],
};

interface Step {
  keyword: string;
  name?: string;
}

function toViolations(errors: readonly OutputUnit[], root: Node, lookup: Record<string, Schema | boolean>, value: unknown): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < errors.length && out.length < MAX_VIOLATIONS; i++) {
    const error = errors[i] as OutputUnit;
    if (WRAPPERS.has(error.keyword)) continue;
    const steps = toSteps(error.keywordLocation);
    // An item that fails `contains` is no violation: only the count of matching items is.
    if (steps.slice(0, -1).some((step) => step.keyword === 'contains')) continue;
    // A property name that fails `propertyNames` is reported on its object, as ajv does: the
    // name is the value that failed, and may be any text.
    const inNames = steps.slice(0, -1).some((step) => step.keyword === 'propertyNames');
    const path = inNames ? parentOf(toPath(error.instanceLocation)) : toPath(error.instanceLocation);
    const context: Context = { error, path, steps, parent: resolve(root, lookup, steps.slice(0, -1)), root, lookup, value, next: errors[i + 1] };
    for (const violation of describe(context)) {
      const id = `${violation.path}\u0000${violation.keyword}\u0000${violation.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(violation);
    }
  }
  return out.slice(0, MAX_VIOLATIONS);
}

interface Context {
  error: OutputUnit;
  path: string;
  steps: Step[];
  /** The schema object that holds the failed keyword, when it resolves. */
  parent: Node | undefined;
  root: Node;
  lookup: Record<string, Schema | boolean>;
  value: unknown;
  next: OutputUnit | undefined;
}

/** The violations one library error stands for, written from schema facts only. */
function describe({ error, path, steps, parent, root, lookup, value, next }: Context): SchemaViolation[] {
  const keyword = error.keyword;
  const fact = parent?.[keyword];
  const one = (message: string, at = path, name = keyword): SchemaViolation[] => [{ path: at, keyword: name, message }];
  const generic = (): SchemaViolation[] => one(`must satisfy "${keyword}"`);
  const bound = BOUNDS[keyword];
  if (bound !== undefined) return typeof fact === 'number' ? one(`must be ${bound} ${fact}`) : generic();
  const count = COUNTS[keyword];
  if (count !== undefined) return typeof fact === 'number' ? one(`must NOT have ${count[0]} than ${fact} ${count[1]}`) : generic();
  switch (keyword) {
    case 'type':
      return fact === undefined ? generic() : one(`must be ${[fact].flat().map(String).join(',')}`);
    case 'const':
      return one('must be equal to constant');
    case 'enum':
      return one('must be equal to one of the allowed values');
    case 'multipleOf':
      return typeof fact === 'number' ? one(`must be multiple of ${fact}`) : generic();
    case 'pattern':
      return typeof fact === 'string' ? one(`must match pattern "${fact}"`) : generic();
    case 'format':
      return typeof fact === 'string' ? one(`must match format "${fact.startsWith(FORMAT_PREFIX) ? fact.slice(FORMAT_PREFIX.length) : fact}"`) : generic();
    case 'anyOf':
      return one('must match a schema in anyOf');
    case 'oneOf':
      return one('must match exactly one schema in oneOf');
    case 'if': {
      const base = error.keywordLocation.slice(0, -'/if'.length);
      return one(`must match "${next?.keywordLocation.startsWith(`${base}/else`) ? 'else' : 'then'}" schema`);
    }
    case 'propertyNames':
      return one('property name must be valid');
    case 'uniqueItems': {
      const pair = duplicatePair(instanceAt(value, path));
      return one(pair ? `must NOT have duplicate items (items ## ${pair[0]} and ${pair[1]} are identical)` : 'must NOT have duplicate items');
    }
    case 'contains':
    case 'minContains':
    case 'maxContains': {
      const min = typeof parent?.['minContains'] === 'number' ? parent['minContains'] : 1;
      const max = parent?.['maxContains'];
      return one(
        typeof max === 'number' ? `must contain at least ${min} and no more than ${max} valid item(s)` : `must contain at least ${min} valid item(s)`,
        path,
        'contains',
      );
    }
    case 'required': {
      const object = instanceAt(value, path);
      const names = Array.isArray(fact) ? fact.map(String) : [];
      const missing = isRecord(object) ? names.filter((name) => !Object.hasOwn(object, name)) : [];
      return missing.length === 0 ? generic() : missing.map((name) => ({ path, keyword, message: `must have required property '${name}'` }));
    }
    case 'dependentRequired':
    case 'dependencies': {
      const object = instanceAt(value, path);
      if (!isRecord(object) || !isRecord(fact)) return keyword === 'dependencies' ? [] : generic();
      const out: SchemaViolation[] = [];
      for (const [present, needs] of Object.entries(fact)) {
        if (!Array.isArray(needs) || !Object.hasOwn(object, present)) continue;
        for (const name of needs.map(String))
          if (!Object.hasOwn(object, name)) out.push({ path, keyword, message: `must have property '${name}' when property '${present}' is present` });
      }
      return out;
    }
    case 'not': {
      if (!(parent && FALSE_SCHEMAS.has(parent))) return one('must NOT be valid');
      return describeFalse(steps, path, root, lookup);
    }
    case 'false':
      return one('boolean schema is false', path, 'false schema');
    default:
      return generic();
  }
}

/** A `false` subschema failed: named by the keyword that holds it, as ajv and the spec's examples do. */
function describeFalse(steps: readonly Step[], path: string, root: Node, lookup: Record<string, Schema | boolean>): SchemaViolation[] {
  // steps: ...holder, not. The value that failed is a property or an item of `owner`'s instance.
  const holder = steps[steps.length - 2]?.keyword;
  const parentPath = parentOf(path);
  switch (holder) {
    case 'additionalProperties':
      return [{ path: parentPath, keyword: holder, message: 'must NOT have additional properties' }];
    case 'unevaluatedProperties':
      return [{ path: parentPath, keyword: holder, message: 'must NOT have unevaluated properties' }];
    case 'items': {
      const owner = resolve(root, lookup, steps.slice(0, -2));
      const prefix = owner?.['prefixItems'];
      return [{ path: parentPath, keyword: holder, message: `must NOT have more than ${Array.isArray(prefix) ? prefix.length : 0} items` }];
    }
    case 'unevaluatedItems':
      return [{ path: parentPath, keyword: holder, message: 'must NOT have unevaluated items' }];
    default:
      return [{ path, keyword: 'false schema', message: 'boolean schema is false' }];
  }
}

/** A keyword location (`#/properties/a/$ref/minLength`) as keywords, each with its name or index. */
function toSteps(location: string): Step[] {
  const tokens = location.length <= 2 ? [] : location.slice(2).split('/').map(decodeToken);
  const steps: Step[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const keyword = tokens[i] as string;
    if (NAMED.has(keyword) && i + 1 < tokens.length) steps.push({ keyword, name: tokens[++i] as string });
    else steps.push({ keyword });
  }
  return steps;
}

/** The schema object a keyword location leads to, following `$ref` as the validator did. */
function resolve(root: Node, lookup: Record<string, Schema | boolean>, steps: readonly Step[]): Node | undefined {
  let node: unknown = root;
  for (const step of steps) {
    if (!isRecord(node)) return undefined;
    if (step.keyword === '$ref') node = lookup[String(node['__absolute_ref__'] ?? node['$ref'])];
    else {
      node = node[step.keyword];
      if (step.name !== undefined) node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[step.name] : undefined;
    }
  }
  return isRecord(node) ? node : undefined;
}

function parentOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

/** The library's instance location (`#/a%20b/0`) as a plain JSON pointer (`/a b/0`). */
function toPath(location: string): string {
  const pointer = location.startsWith('#') ? location.slice(1) : location;
  try {
    return decodeURIComponent(pointer);
  } catch {
    return pointer;
  }
}

function decodeToken(token: string): string {
  let text = token;
  try {
    text = decodeURIComponent(token);
  } catch {
    // Kept as written.
  }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}

function instanceAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let node = value;
  for (const token of path.slice(1).split('/')) {
    const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(name)];
    else if (isRecord(node) && Object.hasOwn(node, name)) node = node[name];
    else return undefined;
  }
  return node;
}

/** The first two indexes holding equal items, for the message (indexes, never the items). */
function duplicatePair(list: unknown): [number, number] | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let j = 1; j < list.length; j++) {
    for (let i = 0; i < j; i++) if (deepCompareStrict(list[i], list[j])) return [i, j];
  }
  return undefined;
}
