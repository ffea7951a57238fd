import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy on loopback whose model-file bodies (`/models/<id>/<file>`, not manifests) flow at
 * a set rate: a slow link for the download only, so a small model takes seconds while the page's
 * own files come at full speed. `down()` resets every connection and refuses new ones (the network
 * lost), `up()` brings it back.
 */
export async function startSlowModelProxy(targetPort: number, bytesPerSecond: number) {
  const state = { rate: bytesPerSecond, down: false };
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const upstream = request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const slow = /^\/models\/[^/]+\/[^/]+$/.test(req.url?.split('?')[0] ?? '') && !req.url?.includes('manifest.json');
      if (!slow) {
        answer.pipe(res);
        return;
      }
      // A slice every 100 ms at the current rate.
      answer.on('data', (chunk: Buffer) => {
        answer.pause();
        let offset = 0;
        const step = (): void => {
          if (res.destroyed) return;
          if (offset >= chunk.length) {
            answer.resume();
            return;
          }
          const size = Math.max(1, Math.floor(state.rate / 10));
          res.write(chunk.subarray(offset, offset + size));
          offset += size;
          setTimeout(step, 100);
        };
        step();
      });
      answer.on('end', () => {
        const finish = (): void => (answer.isPaused() ? void setTimeout(finish, 50) : void res.end());
        finish();
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    if (state.down) {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    setRate(rate: number): void {
      state.rate = rate;
    },
    down(): void {
      state.down = true;
      for (const s of sockets) s.resetAndDestroy();
      sockets.clear();
    },
    up(): void {
      state.down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
