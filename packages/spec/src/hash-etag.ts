/**
 * Hearth's strong ETag for a file is its SHA-256: `"sha256-<64 hex>"`. A client that knows the
 * hash it wants can tell a different file from the response's headers, before its first byte.
 * This is the one writer and the one parser of that format.
 */

const HASH_ETAG = /^"sha256-([0-9a-f]{64})"$/;
/** What hosts publish as a file's hash in an entity tag: bare hex, quoted, weak, or Hearth's form. */
const LENIENT_HASH_ETAG = /^(?:W\/)?"?(?:sha256-)?([0-9a-f]{64})"?$/;

/**
 * The ETag header value for a file with this SHA-256.
 *
 * @example response.headers.set('ETag', formatHashEtag(file.sha256)) // "sha256-9f86…"
 */
export function formatHashEtag(sha256: string): string {
  return `"sha256-${sha256.toLowerCase()}"`;
}

/**
 * The SHA-256 that a Hearth ETag names, or undefined for any other ETag (weak ones included: a
 * weak validator never promises the bytes).
 *
 * @example parseHashEtag(response.headers.get('ETag')) // '9f86…' or undefined
 */
export function parseHashEtag(etag: string | null | undefined): string | undefined {
  return etag == null ? undefined : HASH_ETAG.exec(etag)?.[1];
}

/**
 * A SHA-256 read from a header where hosts publish one less strictly, such as Hugging Face's
 * `X-Linked-ETag` (a Git LFS object's ETag is its SHA-256, quoted, sometimes weak).
 */
export function parsePublishedSha256(value: string | null | undefined): string | undefined {
  return value == null ? undefined : LENIENT_HASH_ETAG.exec(value)?.[1];
}
