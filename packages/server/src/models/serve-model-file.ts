import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { formatHashEtag } from '@hearth/spec';
import type { RegisteredFile } from './model-registry.ts';

/**
 * Serves one model file with single-range HTTP Range requests, a strong ETag (its SHA-256) and
 * If-Range, so a resumed download never splices two versions of a file together.
 */
export function serveModelFile(request: Request, file: RegisteredFile): Response {
  const etag = formatHashEtag(file.sha256);
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': new Date(file.mtimeMs).toUTCString(),
    'Content-Type': 'application/octet-stream',
    // Content-addressed by ETag; revalidation is cheap and a changed file gets a new ETag.
    'Cache-Control': 'no-cache',
    // Apps on other origins embed these files; the bytes are public model weights.
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (ifNoneMatch !== null && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return new Response(null, { status: 304, headers });
  }
  let range = parseRange(request.headers.get('Range'), file.size);
  const ifRange = request.headers.get('If-Range');
  // If-Range with a different validator: the client's partial copy is stale, send it all.
  if (range !== 'none' && ifRange !== null && ifRange !== etag) range = 'none';
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range === 'none' ? { start: 0, end: file.size - 1 } : range;
  const length = Math.max(0, end - start + 1);
  headers.set('Content-Length', String(length));
  if (range !== 'none') headers.set('Content-Range', `bytes ${start}-${end}/${file.size}`);
  const status = range === 'none' ? 200 : 206;
  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(createReadStream(file.path, { start, end, highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}

type Range = { start: number; end: number } | 'none' | 'unsatisfiable';

/** RFC 9110 byte ranges; several ranges are answered with the whole file (allowed, and simpler). */
export function parseRange(header: string | null, size: number): Range {
  if (header === null) return 'none';
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'none';
  const [, a = '', b = ''] = match;
  if (a === '' && b === '') return 'none';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
