/**
 * The first `limit` bytes of a response body (fewer if it is shorter), cancelling the rest: how a
 * GGUF header or magic is read from a server that may ignore Range and send the whole file.
 *
 * @example const magic = await readBodyPrefix(await fetch(url, { headers: { Range: 'bytes=0-15' } }), 16)
 */
export async function readBodyPrefix(response: Response, limit: number): Promise<Uint8Array> {
  const out = new Uint8Array(limit);
  let filled = 0;
  if (response.body === null) return out.subarray(0, 0);
  const reader = response.body.getReader();
  try {
    while (filled < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, limit - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, filled);
}
