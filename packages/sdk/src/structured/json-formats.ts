/**
 * The string formats Hearth validates, as JSON Schema defines them (RFC 3339 for dates and times,
 * RFC 4122 for UUIDs). Only formats some engine can also *generate* are here: a format no engine
 * enforces is rejected before generation rather than checked after it. Written out here, and
 * given to the validator in place of its own format table (compile-schema-validator.ts).
 */
export const JSON_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  date: isDate,
  time: isTime,
  'date-time': (value) => {
    const parts = /^(.*?)[Tt ](.*)$/.exec(value);
    return parts !== null && isDate(parts[1] as string) && isTime(parts[2] as string);
  },
  uuid: (value) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(value),
};

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** RFC 3339 full-time: the offset is required; second 60 only where a leap second can fall (23:59 UTC). */
function isTime(value: string): boolean {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const sign = m[5] === '-' ? -1 : 1;
  const offHour = Number(m[6] ?? 0);
  const offMinute = Number(m[7] ?? 0);
  if (hour > 23 || minute > 59 || offHour > 23 || offMinute > 59) return false;
  if (second < 60) return true;
  if (second > 60) return false;
  const utcMinutes = (((hour * 60 + minute - sign * (offHour * 60 + offMinute)) % 1440) + 1440) % 1440;
  return utcMinutes === 23 * 60 + 59;
}
