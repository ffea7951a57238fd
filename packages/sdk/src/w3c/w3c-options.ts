// WebIDL's conversions for the drafts' option dictionaries, done by hand because these classes are
// plain JavaScript: an unknown enum value or a missing required member is a TypeError, a
// malformed language tag a RangeError (writing-assistance-apis index.bs @ e411ad76, 2026-08-03,
// "validate and canonicalize language tags"), thrown before anything is planned or downloaded.

/** The drafts' four states (`Availability` in writing-assistance-apis index.bs). */
export type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

const ORDER: readonly Availability[] = ['unavailable', 'downloading', 'downloadable', 'available'];

/** The drafts' "minimum availability": unavailable before downloading before downloadable before available. */
export function minimumAvailability(values: readonly Availability[]): Availability {
  let min: Availability = 'available';
  for (const value of values) if (ORDER.indexOf(value) < ORDER.indexOf(min)) min = value;
  return min;
}

/** A dictionary argument: undefined and null are `{}`, anything else but an object is a TypeError. */
export function dictionary(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') throw new TypeError(`${name} must be an object.`);
  return value as Record<string, unknown>;
}

/** An enum member (WebIDL converts the value to a string first); `fallback` when undefined. */
export function enumValue<const V extends string>(field: string, value: unknown, allowed: readonly V[], fallback: V): V {
  if (value === undefined) return fallback;
  const text = String(value);
  const found = allowed.find((v) => v === text);
  if (found === undefined)
    throw new TypeError(`The provided value '${text}' is not a valid enum value of ${field} (${allowed.map((v) => `'${v}'`).join(', ')}).`);
  return found;
}

/** A DOMString argument; a required one that is missing is a TypeError, as WebIDL's argument count check. */
export function domString(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new TypeError(`${field} is required.`);
    return undefined;
  }
  return String(value);
}

export function optionalSignal(field: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) throw new TypeError(`${field} must be an AbortSignal.`);
  return value;
}

export function optionalBoolean(value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : Boolean(value);
}

/** One language tag, canonicalized (`en-us` → `en-US`); RangeError if it is not a structurally valid tag. */
export function languageTag(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const [tag] = Intl.getCanonicalLocales(String(value));
  if (tag === undefined) throw new RangeError(`${field} is not a language tag.`);
  return tag;
}

/** A `sequence<DOMString>` of language tags, canonicalized and deduplicated. */
export function languageTags(field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || !(Symbol.iterator in value)) throw new TypeError(`${field} must be a sequence of language tags.`);
  // getCanonicalLocales throws the RangeError the drafts ask for, and removes duplicates.
  return Intl.getCanonicalLocales([...(value as Iterable<unknown>)].map(String));
}

/**
 * Whether the model documents every requested language: its catalog entry lists primary
 * subtags (`en`), so `en-GB` matches `en`, as the drafts' best-fit lookup would. Unknown support
 * (an app's own engine, a server's model Hearth has no entry for) answers `available`: the
 * drafts leave unknown languages to fail later with NotSupportedError, and Hearth cannot tell.
 */
export function languageAvailability(requested: readonly string[] | undefined, supported: ReadonlySet<string> | undefined): Availability {
  if (!requested || requested.length === 0 || !supported) return 'available';
  return requested.every((tag) => supported.has(primarySubtag(tag))) ? 'available' : 'unavailable';
}

function primarySubtag(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

/** A language's English name for an instruction to the model (`zh` → "Chinese"), or the tag itself. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Copies into a frozen array, as the drafts' `FrozenArray<DOMString>?` attributes (null when empty). */
export function frozenOrNull(values: readonly string[] | undefined): readonly string[] | null {
  return values && values.length > 0 ? Object.freeze([...values]) : null;
}
