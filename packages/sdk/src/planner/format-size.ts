/**
 * Bytes in binary units with up to three significant digits: "1 GiB", "1.04 GiB", "128 MiB".
 * Binary because the limits it is compared with are powers of two (WebGPU's 1 GiB binding, wasm32's
 * 4 GiB): "needs 1.04 GiB; this GPU allows 1 GiB" reads right where decimal units would print
 * "1.1 GB" twice. `roundUp` is for needs, compared against limits.
 */
export function formatSize(bytes: number, roundUp = false): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : value >= 10 ? 1 : 2;
  // A need rounds up, so "needs 4.01 GiB" never reads as fitting a 4 GiB limit it exceeds.
  const scale = 10 ** digits;
  const shown = roundUp ? Math.ceil(value * scale - 1e-9) / scale : Number(value.toFixed(digits));
  return `${shown} ${units[unit]}`;
}
