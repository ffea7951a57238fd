// The entities models actually write; any other `&name;` stays as typed (and is escaped on output).
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', tab: '\t', newline: '\n' };

/**
 * Decodes numeric character references and a few named ones. The renderer escapes everything it
 * outputs, so decoding can only change what text shows, never add markup; a reference to a
 * control character, a surrogate or past U+10FFFF becomes U+FFFD, as HTML's parser does.
 *
 * @example decodeEntities('Fish &amp; chips &#x1F41F;') // 'Fish & chips 🐟'
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z]{2,8}));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    const invalid =
      code === 0 ||
      code > 0x10ffff ||
      (code >= 0xd800 && code <= 0xdfff) ||
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0x7f && code <= 0x9f);
    return invalid ? '\ufffd' : String.fromCodePoint(code);
  });
}
