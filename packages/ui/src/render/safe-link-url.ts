import { decodeEntities } from './decode-entities.ts';

/** The only link schemes model output may produce: no `javascript:`, `data:`, `vbscript:`, `file:`, `blob:`. */
export const SAFE_LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/**
 * The link as the browser would read it, when it is an absolute http(s) or mailto URL; undefined
 * for anything else. Entities are decoded first and the result is parsed with the WHATWG URL
 * parser (the browser's own), so `jav&#x09;ascript:`, `JaVaScRiPt:`, `&#106;avascript:`,
 * `javascript&colon;` and their kind are judged after the browser-side decoding, not before.
 * Control characters and spaces (which the URL parser would silently drop or keep) refuse the link;
 * so do credentials (`https://bank.example@evil.example`), which only serve to mislead.
 *
 * @example safeLinkUrl('https://example.com/a b') // undefined; safeLinkUrl('HTTPS://Example.com') // 'https://example.com/'
 */
export function safeLinkUrl(raw: string): string | undefined {
  const decoded = decodeEntities(raw).trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (decoded === '' || /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(decoded)) return undefined;
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return undefined;
  }
  if (!SAFE_LINK_PROTOCOLS.includes(url.protocol)) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}
