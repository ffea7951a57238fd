import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy that can cut a connection after N more bytes toward the client: a real
 * network failure (the client sees a reset mid-body), not a mocked one.
 */
export async function startCuttingProxy(targetPort: number) {
  const live = new Set<{ client: Socket; upstream: Socket }>();
  const state = { bytesToClients: 0, cuts: 0, armedAt: undefined as number | undefined, down: false };
  const server = createServer((client) => {
    // The network is down: every connection is reset at once, as a dropped link looks to a browser.
    if (state.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    live.add(pair);
    const close = (): void => {
      live.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (data) => {
      if (!upstream.write(data)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    client.on('drain', () => upstream.resume());
    upstream.on('data', (data: Buffer) => {
      const armed = state.armedAt;
      if (armed !== undefined && state.bytesToClients + data.length >= armed) {
        const keep = Math.max(0, armed - state.bytesToClients);
        state.bytesToClients += keep;
        state.armedAt = undefined;
        state.cuts++;
        client.write(data.subarray(0, keep), () => client.resetAndDestroy());
        upstream.destroy();
        live.delete(pair);
        return;
      }
      state.bytesToClients += data.length;
      if (!client.write(data)) upstream.pause();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    state,
    /** The connection that carries the next `bytes` bytes toward a client is cut there. */
    cutAfter(bytes: number): void {
      state.armedAt = state.bytesToClients + bytes;
    },
    /** Cuts every open connection and refuses new ones until `up()`: the network lost, not one request. */
    down(): void {
      state.down = true;
      for (const { client, upstream } of live) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      live.clear();
    },
    up(): void {
      state.down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of live) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
