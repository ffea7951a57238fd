import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { HearthError } from '@hearth/spec';

export interface ConnectionLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

/**
 * Caps open connections per client address and in total: a connection over either cap is closed
 * as it arrives, before Node reads a byte of it, so a client holding many sockets open costs the
 * gateway nothing more and served clients are not slowed. Returns the live counts (for tests and
 * /metrics).
 */
export function guardConnections(server: Server, limits: ConnectionLimits): { open(): number; refused(): number } {
  const perAddress = new Map<string, number>();
  let open = 0;
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const mine = perAddress.get(address) ?? 0;
    if (open >= limits.maxConnections || mine >= limits.maxConnectionsPerAddress) {
      refused++;
      socket.destroy();
      return;
    }
    open++;
    perAddress.set(address, mine + 1);
    socket.once('close', () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  return { open: () => open, refused: () => refused };
}

/**
 * Requests Node rejects before routing get a JSON error in OpenAI's shape, then the connection
 * closes: oversized headers (431), broken HTTP (400), and headers or a whole request that took
 * longer than the deadline (408).
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT'
          ? [408, 'Request Timeout', 'The request did not arrive in time; the connection is closed.']
          : [400, 'Bad Request', 'The request is not valid HTTP.'];
    const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: status === 408 ? 'timeout' : 'invalid_request' } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // A client that reads nothing must not hold the socket open past the answer.
    setTimeout(() => socket.destroy(), 1_000).unref();
  });
}

/** Whether a host to listen on is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Refuses to listen on a network address with no authentication configured, unless the owner
 * said so with `allowOpenNetwork`. Returns the warning the start line carries when they did.
 */
export function checkOpenNetwork(config: {
  host: string;
  allowOpenNetwork: boolean;
  auth: { apiKeys: readonly unknown[]; tokenSecret?: string | undefined };
}): string | undefined {
  if (isLoopbackHost(config.host) || config.auth.apiKeys.length > 0 || config.auth.tokenSecret !== undefined) return undefined;
  if (!config.allowOpenNetwork) {
    throw new HearthError({
      code: 'invalid_request',
      message: `Refusing to listen on ${config.host} with no API key or token secret: anyone who can reach this address could use the gateway.`,
      hint: 'Configure auth.apiKeys (`hearth key` makes one), or listen on 127.0.0.1, or, for a private network on purpose, set allowOpenNetwork: true in the config (HEARTH_ALLOW_OPEN_NETWORK=1).',
      data: { param: 'allowOpenNetwork' },
    });
  }
  return `listening on ${config.host} with no authentication (allowOpenNetwork is on): anyone who can reach it can use it`;
}
