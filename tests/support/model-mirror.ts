import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One path the mirror answers. */
export type MirrorRoute =
  | { type: 'file'; bytes: Uint8Array; etag?: string; contentType?: string }
  /** Hugging Face's `resolve/` hop: 302 to `location`, with the file's SHA-256 and size in `X-Linked-*`. */
  | { type: 'redirect'; location: string; linkedSha256?: string; linkedSize?: number }
  | { type: 'html'; body: string };

/**
 * A model mirror on loopback, the way an organization (or Hugging Face's CDN) serves model files:
 * HTTP Range with strong ETags and If-Range, redirects, and 404 for anything unknown. It counts
 * the file bytes it writes, and can throttle them so a test can kill a download mid-way.
 */
export async function startModelMirror(routes: Record<string, MirrorRoute>) {
  const state = { bytesServed: 0, bytesPerSecond: 0, requests: [] as string[] };
  const server = createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`);
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    if (route.type === 'html') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(route.body);
    if (route.type === 'redirect') {
      const headers: Record<string, string> = { Location: route.location };
      if (route.linkedSha256) headers['X-Linked-ETag'] = `"${route.linkedSha256}"`;
      if (route.linkedSize !== undefined) headers['X-Linked-Size'] = String(route.linkedSize);
      return void res.writeHead(302, headers).end();
    }
    void serveFile(req, res, route, state);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<MirrorRoute, { type: 'file' }>,
  state: { bytesServed: number; bytesPerSecond: number },
): Promise<void> {
  const size = route.bytes.length;
  const etag = route.etag ?? `"mirror-${size}"`;
  const base = { 'Content-Type': route.contentType ?? 'application/octet-stream', ETag: etag, 'Accept-Ranges': 'bytes' };
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range && (ifRange === undefined || ifRange === etag)) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size) return void res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    status = 206;
  }
  res.writeHead(status, {
    ...base,
    'Content-Length': String(end - start + 1),
    ...(status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  const piece = 64 * 1024;
  for (let at = start; at <= end && !res.destroyed; at += piece) {
    const slice = route.bytes.subarray(at, Math.min(at + piece, end + 1));
    state.bytesServed += slice.length;
    res.write(slice);
    if (state.bytesPerSecond > 0) await new Promise((r) => setTimeout(r, (slice.length / state.bytesPerSecond) * 1000));
    // Checked after the pause: a drain that fired during it would never fire again.
    if (res.writableNeedDrain && !res.destroyed) {
      await new Promise<void>((r) => {
        const done = (): void => {
          res.off('drain', done).off('close', done);
          r();
        };
        res.on('drain', done).on('close', done);
      });
    }
  }
  res.end();
}
