import { isRecord, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './map-schema.ts';

const TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
const COUNTS = ['maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties', 'maxContains', 'minContains'];
const NUMBERS = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'];
const STRINGS = ['$ref', '$id', '$anchor', '$schema', 'format'];
/**
 * Keywords the validator does not evaluate in draft 2020-12: refused rather than ignored, so a
 * constraint that was asked for is never dropped. (`$recursive*` are draft 2019-09's.)
 */
const UNSUPPORTED = ['$dynamicRef', '$dynamicAnchor', '$recursiveRef', '$recursiveAnchor'];

/**
 * The first way `schema` breaks the JSON Schema 2020-12 meta-schema, as `<pointer>: <what is
 * wrong>`, or undefined. Checks what the validator relies on (the JSON value of each keyword it
 * evaluates; patterns compile as Unicode regular expressions, as the validator runs them);
 * unknown keywords are ignored, as the specification says.
 */
export function findSchemaShapeProblem(schema: unknown): string | undefined {
  return visit(schema, '#');
}

function visit(node: unknown, at: string): string | undefined {
  if (typeof node === 'boolean') return undefined;
  if (!isRecord(node)) return `${at}: a schema must be an object or a boolean`;
  const bad = (keyword: string, what: string): string => `${at}/${token(keyword)}: ${what}`;
  for (const keyword of UNSUPPORTED) if (keyword in node) return bad(keyword, 'is not supported; use "$ref" and "$defs"');

  const type = node['type'];
  if (type !== undefined) {
    const list = Array.isArray(type) ? type : [type];
    if (list.length === 0 || list.some((t) => typeof t !== 'string' || !TYPES.has(t)) || new Set(list).size !== list.length) {
      return bad('type', `must be one of ${[...TYPES].join(', ')}, or a non-empty list of different ones`);
    }
  }
  if ('enum' in node && !Array.isArray(node['enum'])) return bad('enum', 'must be an array');
  for (const keyword of COUNTS) {
    const value = node[keyword];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) return bad(keyword, 'must be a non-negative integer');
  }
  for (const keyword of NUMBERS) if (keyword in node && typeof node[keyword] !== 'number') return bad(keyword, 'must be a number');
  const multipleOf = node['multipleOf'];
  if (multipleOf !== undefined && !(typeof multipleOf === 'number' && multipleOf > 0)) return bad('multipleOf', 'must be a number above 0');
  for (const keyword of STRINGS) if (keyword in node && typeof node[keyword] !== 'string') return bad(keyword, 'must be a string');
  if ('uniqueItems' in node && typeof node['uniqueItems'] !== 'boolean') return bad('uniqueItems', 'must be a boolean');
  if ('pattern' in node) {
    const problem = regexProblem(node['pattern']);
    if (problem) return bad('pattern', problem);
  }
  if ('required' in node && !isNameList(node['required'])) return bad('required', 'must be an array of different strings');
  const dependentRequired = node['dependentRequired'];
  if (dependentRequired !== undefined) {
    if (!isRecord(dependentRequired)) return bad('dependentRequired', 'must be an object');
    for (const [name, list] of Object.entries(dependentRequired)) {
      if (!isNameList(list)) return `${at}/dependentRequired/${token(name)}: must be an array of different strings`;
    }
  }
  // Draft 7's `dependencies` (a list of names or a schema per property), still evaluated.
  const dependencies = node['dependencies'];
  if (dependencies !== undefined) {
    if (!isRecord(dependencies)) return bad('dependencies', 'must be an object');
    for (const [name, value] of Object.entries(dependencies)) {
      const problem = Array.isArray(value)
        ? isNameList(value)
          ? undefined
          : `${at}/dependencies/${token(name)}: must be an array of different strings or a schema`
        : visit(value, `${at}/dependencies/${token(name)}`);
      if (problem) return problem;
    }
  }

  for (const keyword of SCHEMA_KEYWORDS) {
    if (!(keyword in node)) continue;
    // 2020-12 `items` is one schema; a list of schemas (a tuple) is `prefixItems` now.
    if (keyword === 'items' && Array.isArray(node['items'])) return bad('items', 'must be a schema (a tuple is "prefixItems" in JSON Schema 2020-12)');
    const problem = visit(node[keyword], `${at}/${keyword}`);
    if (problem) return problem;
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    if (!(keyword in node)) continue;
    const list = node[keyword];
    if (!Array.isArray(list) || list.length === 0) return bad(keyword, 'must be a non-empty array of schemas');
    for (let i = 0; i < list.length; i++) {
      const problem = visit(list[i], `${at}/${keyword}/${i}`);
      if (problem) return problem;
    }
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    if (!(keyword in node)) continue;
    const map = node[keyword];
    if (!isRecord(map)) return bad(keyword, 'must be an object of schemas');
    for (const [name, sub] of Object.entries(map)) {
      if (keyword === 'patternProperties') {
        const problem = regexProblem(name);
        if (problem) return `${at}/patternProperties/${token(name)}: the property pattern ${problem}`;
      }
      const problem = visit(sub, `${at}/${keyword}/${token(name)}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function regexProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return 'must be a string';
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (cause) {
    return `is not a valid regular expression (${cause instanceof Error ? cause.message : String(cause)})`;
  }
}

function isNameList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') && new Set(value).size === value.length;
}

/** One JSON pointer token (RFC 6901). */
function token(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
