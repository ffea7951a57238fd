import { describe, expect, it } from 'vitest';
import { formatHashEtag, parseHashEtag, parsePublishedSha256 } from './hash-etag.ts';

const hex = 'ab'.repeat(32);

describe('hash ETag', () => {
  it('writes and parses the one format', () => {
    expect(formatHashEtag(hex.toUpperCase())).toBe(`"sha256-${hex}"`);
    expect(parseHashEtag(formatHashEtag(hex))).toBe(hex);
  });

  it('ignores weak, bare or other ETags', () => {
    expect([`W/"sha256-${hex}"`, `"${hex}"`, '"abc"', null, undefined].map(parseHashEtag)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads a host-published SHA-256 leniently (Hugging Face X-Linked-ETag)', () => {
    expect([`"${hex}"`, `W/"${hex}"`, hex, `"sha256-${hex}"`].map(parsePublishedSha256)).toEqual([hex, hex, hex, hex]);
    expect(parsePublishedSha256('"deadbeef"')).toBeUndefined();
  });
});
