/**
 * mulberry32: a 32-bit-state PRNG, fast in JavaScript (Math.imul only) and identical on every
 * platform, which is what byte-identical fixture files need. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Fills out[start, end) with uniform values in [-halfWidth, halfWidth). The generator is inlined
   * because this loop produces every weight of a 0.4 B-parameter model.
   */
  fillUniform(out: Float32Array, start: number, end: number, halfWidth: number): void {
    let state = this.state;
    const scale = (2 * halfWidth) / 4294967296;
    for (let i = start; i < end; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) * scale - halfWidth;
    }
    this.state = state;
  }
}

/** A seed for one named stream (e.g. one tensor), so streams stay independent of write order. */
export function deriveSeed(seed: number, label: string): number {
  // FNV-1a over the label, then murmur3's finalizer to spread nearby seeds apart.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
