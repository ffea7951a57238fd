import type { MiddlewareHandler } from 'hono';

/** What is read and dropped after a refusal, so the client can finish sending and read it. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 5_000;

/** What a body that stops arriving gets: the deadline, and the answer (a 408). */
export interface BodySilence {
  ms: number;
  answer: () => Response;
}

/**
 * Refuses a body over `maxBytes` with `refuse()` and leaves the connection able to deliver it,
 * and ends a body that goes silent for `silence.ms` with `silence.answer()` and a closed connection.
 *
 * Hono's `bodyLimit` answers an oversized Content-Length after opening the body as a web stream;
 * nothing reads that stream, Node stops reading the socket, and after 500 ms the connection is
 * closed under a client still sending, which sees EPIPE or a reset instead of the 413. Here a
 * declared length is refused without touching the body (Node then reads and drops it, and the
 * connection carries the next request); a body within the limit is read here, chunk by chunk,
 * each read given `silence.ms`; a chunked body is counted as it arrives, and after a refusal the
 * rest is read and dropped, up to 64 MB or 5 s, before the connection is cut.
 */
export function limitBody(maxBytes: number, refuse: () => Response, silence?: BodySilence): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    // Node has already refused a Content-Length that is not a number.
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined && Number(declared) > maxBytes) return refuse();
    const body = c.req.raw.body;
    if (body === null) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const read = await readWithin(reader, silence?.ms);
      if (read === 'silent') {
        // Answer first, then close: a socket destroyed now could not carry the 408.
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
        setTimeout(() => socket?.destroy(), 1_000).unref();
        const answer = silence?.answer() ?? new Response(null, { status: 408 });
        answer.headers.set('Connection', 'close');
        return answer;
      }
      const { done, value } = read;
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void drain(reader);
        return refuse();
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}

/** One read, or `silent` when nothing came within `ms` (no deadline when `ms` is undefined). */
function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number | undefined): Promise<ReadableStreamReadResult<Uint8Array> | 'silent'> {
  const read = reader.read();
  if (ms === undefined) return read;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silent = new Promise<'silent'>((resolve) => {
    timer = setTimeout(() => resolve('silent'), ms);
  });
  return Promise.race([read, silent]).finally(() => clearTimeout(timer));
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const cut = (): void => void reader.cancel().catch(() => undefined);
  // A client that stops sending would otherwise hold the connection until Node's request timeout.
  const timer = setTimeout(cut, DRAIN_MS);
  timer.unref();
  let dropped = 0;
  try {
    while (dropped < DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
    }
    cut();
  } catch {
    // Cancelled, or the client went away: nothing is left to drain.
  } finally {
    clearTimeout(timer);
  }
}
