/** One ham email reduced to what the model learns from: its Subject line and the author's own words. */
export interface CleanEmail {
  subject: string;
  body: string;
}

/**
 * Parses a raw RFC 822 message and keeps only the Subject header and the author's text: the first
 * text/plain part (quoted-printable decoded), without quoted replies, attributions, signatures or
 * mailing-list footers. Returns undefined for messages with no plain text, or that are not English
 * prose worth learning from (mostly code, a digest, a forwarded message).
 *
 * @example parseEmail(readFileSync('00001.txt', 'latin1'))?.subject // 'New Sequences Window'
 */
export function parseEmail(raw: string): CleanEmail | undefined {
  const split = raw.search(/\r?\n\r?\n/);
  if (split < 0) return undefined;
  const headers = parseHeaders(raw.slice(0, split));
  let body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const subject = cleanSubject(headers.get('subject') ?? '');
  if (!subject) return undefined;

  const type = headers.get('content-type') ?? 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary) return undefined;
    const part = firstPlainPart(body, boundary);
    if (part === undefined) return undefined;
    body = part;
  } else if (!/^text\/plain/i.test(type)) {
    return undefined;
  } else if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = decodeQuotedPrintable(body);
  } else if (/base64/i.test(headers.get('content-transfer-encoding') ?? '')) {
    return undefined;
  }
  const text = authorsText(body);
  if (!text) return undefined;
  return { subject, body: text };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Folded lines (starting with white space) continue the header above.
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** "Re: [SAtalk] Fwd: RE: Spam filter" → "Spam filter": the words a person typed, not the tags. */
export function cleanSubject(subject: string): string {
  let s = subject
    .replace(/=\?[^?]+\?[QB]\?[^?]*\?=/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  for (;;) {
    const next = s.replace(/^(?:(?:re|fwd?|aw|sv)(?:\[\d+\])?\s*:\s*|\[[^\]]{1,40}\]\s*)/i, '').trim();
    if (next === s) break;
    s = next;
  }
  // Digests, bounces and machine notices are not subjects a person writes.
  if (/digest|undeliver|returned mail|auto.?reply|out of office|^\d+$/i.test(s)) return '';
  if (s.length < 4 || s.length > 100 || !/[a-z]/i.test(s) || /[^\x20-\x7e]/.test(s)) return '';
  return s;
}

function firstPlainPart(body: string, boundary: string): string | undefined {
  for (const part of body.split(`--${boundary}`).slice(1)) {
    const end = part.search(/\r?\n\r?\n/);
    if (end < 0) continue;
    const headers = parseHeaders(part.slice(0, end).replace(/^\r?\n/, ''));
    const type = headers.get('content-type') ?? 'text/plain';
    if (!/^text\/plain/i.test(type)) continue;
    const encoding = headers.get('content-transfer-encoding') ?? '';
    if (/base64/i.test(encoding)) return undefined;
    const text = part.slice(end).replace(/^\r?\n\r?\n/, '');
    return /quoted-printable/i.test(encoding) ? decodeQuotedPrintable(text) : text;
  }
  return undefined;
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ATTRIBUTION = /^(?:on .{3,80} wrote:?|.{0,80} wrote:|.{0,80} writes:|-+\s*original message\s*-+|-+\s*forwarded message\s*-+|from:\s.*)$/i;
const FOOTER = /^(?:_{10,}|-{10,}|={10,}|\*{10,})\s*$/;
const SIGNATURE = /^--\s?$/;

/** The author's own lines: everything up to the signature or list footer, minus quoted text. */
function authorsText(body: string): string {
  const kept: string[] = [];
  for (const raw of body.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (SIGNATURE.test(line) || FOOTER.test(line)) break;
    if (/^\s*(?:>|\|)/.test(line) || ATTRIBUTION.test(line.trim())) continue;
    kept.push(line);
  }
  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length < 40) return '';
  // Mostly prose: letters and spaces, not code, tables or binary.
  const letters = (text.match(/[A-Za-z ]/g) ?? []).length;
  // eslint-disable-next-line no-control-regex -- tab and newline are the only control characters prose keeps
  if (letters / text.length < 0.75 || /[^\x09\x0a\x20-\x7e]/.test(text)) return '';
  return text;
}
