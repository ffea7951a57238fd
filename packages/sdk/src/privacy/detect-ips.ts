import { versionContext } from './context-words.ts';
import { type Detection, type Finding } from './pii-types.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not a piece of a longer dotted number (1.2.3.4.5, a version), nor glued to a word (v1.2.3.4).
const IPV4 = new RegExp(`(?<![\\p{L}\\p{N}_.]|\\d\\.)${OCTET}(?:\\.${OCTET}){3}(?![\\p{L}\\p{N}_]|\\.\\d)`, 'gu');
// Candidates only; `isIpv6` decides. Hex groups and colons, an optional dotted IPv4 tail, a zone.
const IPV6 = /(?<![\p{L}\p{N}_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:%[A-Za-z0-9]+)?(?![\p{L}\p{N}_:])/gu;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV4_EXACT = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** IPv4 dotted quads (not where the text speaks of versions) and IPv6 addresses (full, compressed, with an IPv4 tail or a zone). */
export function detectIps(text: string): Detection {
  const findings: Finding[] = [];
  if (text.includes('.')) {
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
      if (!versionContext(text, m.index)) findings.push({ type: 'ip', start: m.index, end: m.index + m[0].length });
    }
  }
  if (text.includes(':')) {
    IPV6.lastIndex = 0;
    for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
      if (isIpv6(m[0])) findings.push({ type: 'ip', start: m.index, end: m.index + m[0].length });
    }
  }
  return { findings, keep: [] };
}

/**
 * RFC 4291 text forms: eight groups, or fewer around one `::`; an IPv4 tail counts as two. A digit
 * is required so that `Foo::Bar`-style identifiers made of hex letters stay; times (12:30:45) and
 * MAC addresses (six groups, no `::`) fail the group count.
 */
export function isIpv6(candidate: string): boolean {
  const address = candidate.split('%')[0] ?? '';
  if (!/\d/.test(address)) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  let count = 0;
  for (const [h, half] of groups.entries()) {
    for (const [g, group] of half.entries()) {
      const isLast = h === groups.length - 1 && g === half.length - 1;
      if (isLast && group.includes('.')) {
        if (!IPV4_EXACT.test(group)) return false;
        count += 2;
      } else if (HEX_GROUP.test(group)) count += 1;
      else return false;
    }
  }
  return halves.length === 2 ? count <= 7 && count >= 1 : count === 8;
}
