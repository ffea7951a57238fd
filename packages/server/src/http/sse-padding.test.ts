import { describe, expect, it } from 'vitest';
import { sseEvent } from './sse-padding.ts';

const size = (s: string): number => new TextEncoder().encode(s).length;

describe('sseEvent', () => {
  it('pads events of different lengths to the same size', () => {
    const a = sseEvent('{"content":"a"}', 256);
    const b = sseEvent('{"content":"a much longer token é"}', 256);
    expect(size(a)).toBe(256);
    expect(size(b)).toBe(256);
  });
  it('keeps the event parseable: the padding is a comment line before the data', () => {
    const e = sseEvent('{"x":1}', 64);
    const lines = e.split('\n');
    expect(lines[0]).toMatch(/^: *$/);
    expect(lines[1]).toBe('data: {"x":1}');
    expect(e.endsWith('\n\n')).toBe(true);
  });
  it('grows to the next block for large events and is off at 0', () => {
    expect(size(sseEvent('x'.repeat(300), 256))).toBe(512);
    expect(sseEvent('{}', 0)).toBe('data: {}\n\n');
  });
});
