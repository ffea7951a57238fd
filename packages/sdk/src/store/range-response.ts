import { HearthError, parseHashEtag } from '@hearth/spec';
import { httpStatusError } from '../http/http-retry.ts';

/** One Range request of a download: bytes `[start, end)` of a file of `size` bytes. */
export interface RangeAsk {
  url: string;
  start: number;
  /** Exclusive. */
  end: number;
  size: number;
  /** The strong ETag the bytes on storage came under (sent as If-Range), or null before any. */
  validator: string | null;
  /** The SHA-256 the file must have (lowercase hex); undefined when nobody published one. */
  sha256: string | undefined;
}

/** What a response's status line and headers say, before its body is read. */
export interface RangeAnswer {
  status: number;
  etag: string | null;
  contentRange: string | null;
}

/**
 * What to do with a response:
 * - `body`: read it; its bytes start at `ask.start`. `validator` is the one to keep (a strong
 *   ETag adopted by the first response, or the one sent).
 * - `changed`: the server has another version of the file (If-Range failed, 416, another ETag or
 *   size): drop every saved byte and start over under `etag`.
 * - `refused`: fail (or retry, as `error.isRetryable` says) without reading the body.
 */
export type RangeVerdict = { kind: 'body'; validator: string | null } | { kind: 'changed'; etag: string | null } | { kind: 'refused'; error: HearthError };

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/**
 * Classifies the answer to a Range request, from its status and headers alone: pure, so every
 * server behaviour (no Range support, If-Range failed, a wrong range, another file) is a test
 * case rather than a live server.
 *
 * @example classifyRangeResponse(ask, { status: 206, etag, contentRange: 'bytes 0-99/1000' }) // { kind: 'body', validator: etag }
 */
export function classifyRangeResponse(ask: RangeAsk, answer: RangeAnswer): RangeVerdict {
  const { status, etag } = answer;
  const wholeFileAsked = ask.start === 0 && ask.end === ask.size;
  if (status === 200 && !wholeFileAsked) {
    // If-Range failed: the server now has another version. Without a validator the server ignores ranges.
    if (ask.validator !== null) return { kind: 'changed', etag };
    return refused(
      new HearthError({
        code: 'unsupported',
        message: `${ask.url} does not answer HTTP Range requests.`,
        hint: 'Serve model files from a server with Range support (the Hearth gateway has it).',
      }),
    );
  }
  if (status === 416) return { kind: 'changed', etag };
  if (status !== 206 && status !== 200) return refused(httpStatusError(status, { url: ask.url, resource: 'file' }));
  if (status === 206) {
    const range = CONTENT_RANGE.exec(answer.contentRange ?? '');
    if (!range || Number(range[1]) !== ask.start || Number(range[2]) !== ask.end - 1) {
      return refused(new HearthError({ code: 'network', message: `${ask.url} answered a different range than asked.` }));
    }
    if (range[3] !== '*' && Number(range[3]) !== ask.size) {
      const other = otherFile(ask, etag);
      if (other) return refused(other);
      if (ask.validator !== null) return { kind: 'changed', etag };
      return refused(sizeMismatch(ask, Number(range[3])));
    }
  }
  const other = otherFile(ask, etag);
  if (other) return refused(other);
  if (ask.validator === null) {
    // Weak validators cannot guard byte ranges (RFC 9110 §13.1.5); without one, Content-Range's size is the only check.
    return { kind: 'body', validator: etag !== null && !etag.startsWith('W/') ? etag : null };
  }
  if (etag !== null && etag !== ask.validator) return { kind: 'changed', etag };
  return { kind: 'body', validator: ask.validator };
}

function refused(error: HearthError): RangeVerdict {
  return { kind: 'refused', error };
}

/** Hearth's gateway names the file's hash in its ETag: a different file is known before its first byte. */
function otherFile(ask: RangeAsk, etag: string | null): HearthError | undefined {
  if (ask.sha256 === undefined) return undefined;
  const served = parseHashEtag(etag);
  if (served === undefined || served === ask.sha256) return undefined;
  return new HearthError({
    code: 'integrity_mismatch',
    message: `${ask.url} now serves SHA-256 ${served}; the manifest says ${ask.sha256}.`,
    hint: 'The server has another version of the file: read its manifest again. Nothing was loaded.',
    data: { url: ask.url, expected: ask.sha256, actual: served, reason: 'changed_on_server' },
  });
}

function sizeMismatch(ask: RangeAsk, served: number): HearthError {
  return new HearthError({
    code: 'integrity_mismatch',
    message: `${ask.url} is ${served} bytes; its manifest says ${ask.size}.`,
    hint: 'The file on the server differs from its manifest; nothing was loaded.',
    data: { url: ask.url, expectedSize: ask.size, actualSize: served },
  });
}
