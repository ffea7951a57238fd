/**
 * One SSE event, padded with a comment line (which every SSE parser ignores) so its size is a
 * multiple of `block` bytes. Without it, the byte size of each streamed event gives away the
 * length of each token, enough to guess the text (the 2024 token-length side channel).
 */
export function sseEvent(data: string, block: number): string {
  const event = `data: ${data}\n\n`;
  if (block <= 0) return event;
  const bytes = new TextEncoder().encode(event).length;
  // ": " + padding + "\n" is at least 3 bytes.
  let padded = bytes + 3;
  padded = Math.ceil(padded / block) * block;
  return `:${' '.repeat(padded - bytes - 2)}\n${event}`;
}
