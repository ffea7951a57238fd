import { type Detection, matchAll } from './pii-types.ts';

// Practical, not RFC 5322: letters of any script, plus-addressing, dotted local parts, subdomains.
// Quoted local parts and IP-literal domains do not occur in chat text.
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}_-])/gu;

// "logo@2x.png" is a retina image name: a domain that ends in a file extension is not a mail domain.
const FILE_EXTENSION = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|heic|pdf)$/i;

/** Email addresses. */
export function detectEmails(text: string): Detection {
  if (!text.includes('@')) return { findings: [], keep: [] };
  return { findings: matchAll(text, EMAIL, 'email').filter((f) => !FILE_EXTENSION.test(text.slice(f.start, f.end))), keep: [] };
}
