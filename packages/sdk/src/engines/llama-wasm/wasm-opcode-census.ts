/**
 * Counts the instructions in a WebAssembly binary's code section by decoding every function body
 * instruction by instruction (immediates included), so a byte pattern inside a constant or an
 * offset is never miscounted as an instruction. Used to prove the shipped llama.cpp module
 * contains ggml's SIMD kernels: the generic C fallback has no `i32x4.dot_i16x8_s` at all.
 *
 * Covers what clang and emscripten emit: MVP, sign extension, saturating truncation, bulk memory,
 * reference types, SIMD (with relaxed SIMD), threads, and exception handling (legacy and exnref).
 * An opcode outside those throws, rather than being skipped: a miscount must never pass quietly.
 */

/** Opcode keys: one byte (`"0x6a"`), or a prefix and its LEB128 sub-opcode (`"0xfd:186"`). */
export type OpcodeKey = string;

/** Opcodes the build tests look for. */
export const OPCODES = {
  /** i32x4.dot_i16x8_s: ggml's wasm kernels' integer dot product. */
  i32x4DotI16x8S: '0xfd:186',
  /** i32x4.relaxed_dot_i8x16_i7x16_add_s: Hearth's relaxed kernels (relaxed-dot.c). */
  i32x4RelaxedDotI8x16I7x16AddS: '0xfd:275',
  /** i16x8.relaxed_dot_i8x16_i7x16_s. */
  i16x8RelaxedDotI8x16I7x16S: '0xfd:274',
} as const satisfies Record<string, OpcodeKey>;

export interface OpcodeCensus {
  functions: number;
  instructions: number;
  counts: ReadonlyMap<OpcodeKey, number>;
}

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.end) throw new RangeError(`Read past the end at byte ${this.pos}.`);
    return this.bytes[this.pos++] as number;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new RangeError(`Malformed LEB128 at byte ${this.pos}.`);
    }
  }

  /** Any signed LEB128 (s32, s33, s64): only its length matters here, or its sign for block types. */
  signed(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
      if (shift > 70) throw new RangeError(`Malformed LEB128 at byte ${this.pos}.`);
    } while (b & 0x80);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result;
  }

  skip(n: number): void {
    if (this.pos + n > this.end) throw new RangeError(`Skip past the end at byte ${this.pos}.`);
    this.pos += n;
  }

  memarg(): void {
    const align = this.u32();
    // Bit 6 of the alignment flags a memory index (multi-memory).
    if (align & 0x40) this.u32();
    this.u32();
  }

  blockType(): void {
    // 0x40 (empty) or a value type reads as a negative s33; a type index as non-negative.
    this.signed();
  }
}

function countInto(counts: Map<OpcodeKey, number>, key: OpcodeKey): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/** Decodes one instruction at r.pos; returns its key. */
function instruction(r: Reader): OpcodeKey {
  const at = r.pos;
  const op = r.byte();
  if (op >= 0x45 && op <= 0xc4) return hex(op); // numeric, sign extension: no immediates
  if (op >= 0x28 && op <= 0x3e) {
    r.memarg();
    return hex(op);
  }
  switch (op) {
    case 0x00:
    case 0x01:
    case 0x05:
    case 0x0a:
    case 0x0b:
    case 0x0f:
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0xd1:
      return hex(op);
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x06:
      r.blockType();
      return hex(op);
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0c:
    case 0x0d:
    case 0x10:
    case 0x12:
    case 0x18:
    case 0xd2:
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0x3f:
    case 0x40:
      r.u32();
      return hex(op);
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return hex(op);
    }
    case 0x11:
    case 0x13:
      r.u32();
      r.u32();
      return hex(op);
    case 0x1c: {
      const n = r.u32();
      r.skip(n);
      return hex(op);
    }
    case 0x1f: {
      r.blockType();
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const kind = r.byte();
        if (kind === 0x00 || kind === 0x01) r.u32(); // catch / catch_ref name a tag
        r.u32(); // label
      }
      return hex(op);
    }
    case 0x41:
    case 0x42:
      r.signed();
      return hex(op);
    case 0x43:
      r.skip(4);
      return hex(op);
    case 0x44:
      r.skip(8);
      return hex(op);
    case 0xd0:
      r.byte();
      return hex(op);
    case 0xfc:
      return `0xfc:${miscPrefix(r, at)}`;
    case 0xfd:
      return `0xfd:${simdPrefix(r, at)}`;
    case 0xfe:
      return `0xfe:${atomicPrefix(r, at)}`;
    default:
      throw new RangeError(`Unknown opcode ${hex(op)} at byte ${at}.`);
  }
}

function miscPrefix(r: Reader, at: number): number {
  const sub = r.u32();
  if (sub <= 7) return sub; // saturating truncations
  switch (sub) {
    case 8:
    case 12:
    case 14: // memory.init, table.init, table.copy: two indices
      r.u32();
      r.u32();
      return sub;
    case 10: // memory.copy: two memory indices
      r.u32();
      r.u32();
      return sub;
    case 9:
    case 11:
    case 13:
    case 15:
    case 16:
    case 17:
      r.u32();
      return sub;
    default:
      throw new RangeError(`Unknown 0xfc sub-opcode ${sub} at byte ${at}.`);
  }
}

function simdPrefix(r: Reader, at: number): number {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) {
    r.memarg(); // loads, v128.store, load32_zero/load64_zero
  } else if (sub === 12 || sub === 13) {
    r.skip(16); // v128.const, i8x16.shuffle
  } else if (sub >= 21 && sub <= 34) {
    r.byte(); // extract/replace lane
  } else if (sub >= 84 && sub <= 91) {
    r.memarg(); // load/store lane
    r.byte();
  } else if (sub > 0x113) {
    throw new RangeError(`Unknown 0xfd sub-opcode ${sub} at byte ${at}.`);
  }
  return sub;
}

function atomicPrefix(r: Reader, at: number): number {
  const sub = r.u32();
  if (sub === 3) {
    r.byte(); // atomic.fence's reserved byte
  } else if (sub <= 2 || (sub >= 0x10 && sub <= 0x4e)) {
    r.memarg();
  } else {
    throw new RangeError(`Unknown 0xfe sub-opcode ${sub} at byte ${at}.`);
  }
  return sub;
}

/** Walks every function body in `wasm`'s code section (section id 10) and counts its instructions. */
export function countWasmOpcodes(wasm: Uint8Array): OpcodeCensus {
  const r = new Reader(wasm);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const expected of magic) if (r.byte() !== expected) throw new RangeError('Not a WebAssembly 1.0 binary.');
  const counts = new Map<OpcodeKey, number>();
  let functions = 0;
  let instructions = 0;
  while (r.pos < wasm.length) {
    const id = r.byte();
    const size = r.u32();
    const sectionEnd = r.pos + size;
    if (id !== 10) {
      r.skip(size);
      continue;
    }
    const n = r.u32();
    for (let f = 0; f < n; f++) {
      const bodySize = r.u32();
      const body = new Reader(wasm, r.pos, r.pos + bodySize);
      const localGroups = body.u32();
      for (let i = 0; i < localGroups; i++) {
        body.u32();
        body.byte();
      }
      while (body.pos < body.end) {
        countInto(counts, instruction(body));
        instructions++;
      }
      // A body must end exactly at its declared size: anything else means a decoding error.
      if (body.pos !== body.end) throw new RangeError(`Function ${f} decoded past its end.`);
      r.pos += bodySize;
      functions++;
    }
    if (r.pos !== sectionEnd) throw new RangeError('The code section did not end where its size says.');
  }
  return { functions, instructions, counts };
}
