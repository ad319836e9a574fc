// Event time: the k8saudit plugin stamps each event with its stageTimestamp (Go's time.Parse with
// RFC3339Nano), and libsinsp prints the stamp through evt.time, evt.datetime and evt.time.iso8601.

const NS_PER_S = 1_000_000_000n;
const U64 = 64;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(month: number, year: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (negative before). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12) and day of a day count since 1970-01-01. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

// Go's time.Parse(time.RFC3339Nano, s) takes a strict fast path (two-digit hour, '.' before the fraction,
// offset hours ≤ 23) and falls back to its general parser (one- or two-digit hour, ',' or '.', offset
// hours ≤ 24 and minutes ≤ 60); the union of the two is what it accepts.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * Nanoseconds since the epoch of an RFC 3339 timestamp as Go's time.Parse(time.RFC3339Nano) reads it
 * (fraction digits past the ninth are dropped), or undefined when Go would reject it. The result is a
 * uint64 like the plugin event timestamp (times before 1970 wrap).
 */
export function parseRfc3339Nano(s: string): bigint | undefined {
  const fast = canonicalUtc(s);
  if (fast !== undefined) return fast;
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, z, sign, ohs, oms] = m;
  let offset = 0;
  if (z === undefined) {
    const oh = Number(ohs);
    const om = Number(oms);
    if (oh > 24 || om > 60) return undefined;
    offset = (oh * 60 + om) * 60 * (sign === "-" ? -1 : 1);
  }
  const nanos = frac === undefined ? 0 : Number(frac.slice(0, 9).padEnd(9, "0"));
  return stamp(Number(ys), Number(mos), Number(ds), Number(hs), Number(mis), Number(ss), nanos, offset);
}

/** The stamp of a checked date and time, or undefined when a part is out of range. */
function stamp(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nanos: number,
  offset: number,
): bigint | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  if (hour > 23 || min > 59 || sec > 59) return undefined;
  const secs = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec - offset;
  return BigInt.asUintN(U64, BigInt(secs) * NS_PER_S + BigInt(nanos));
}

/** Digits s[i, i+n) as a number, or -1 if one is not a digit. */
function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = s.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The layout kube-apiserver writes, `2006-01-02T15:04:05.999999Z`, read without the regex; other
 * spellings return undefined and take the general path.
 */
function canonicalUtc(s: string): bigint | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 0x5a /* Z */) return undefined;
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54) return undefined;
  if (s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return undefined;
  let nanos = 0;
  if (n > 20) {
    const fracLen = n - 21;
    if (s.charCodeAt(19) !== 0x2e || fracLen < 1) return undefined;
    nanos = digitsAt(s, 20, Math.min(fracLen, 9));
    if (nanos < 0 || (fracLen > 9 && digitsAt(s, 29, fracLen - 9) < 0)) return undefined;
    for (let k = fracLen; k < 9; k++) nanos *= 10;
  }
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const min = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || min < 0 || sec < 0) return undefined;
  return stamp(year, month, day, hour, min, sec, nanos, 0);
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const pad9 = (n: bigint) => String(n).padStart(9, "0");

/**
 * libsinsp's local-time offset (gmt2local(0)): the offset in effect now, applied to every timestamp,
 * in whole minutes.
 */
function localOffsetSeconds(): number {
  return -new Date().getTimezoneOffset() * 60;
}

/** `%evt.time` (ns = true) and `%evt.time.s`: local `HH:MM:SS[.nnnnnnnnn]`. With date: `%evt.datetime[.s]`. */
export function formatTime(ts: bigint, date: boolean, ns: boolean): string {
  const sec = ts / NS_PER_S;
  const nsec = ts % NS_PER_S;
  const local = sec + BigInt(localOffsetSeconds());
  const s = Number(((local % 86400n) + 86400n) % 86400n);
  let out = "";
  if (date) {
    const [y, mo, d] = civilFromDays(Number((local - BigInt(s)) / 86400n));
    out = `${String(y).padStart(4, "0")}-${pad2(mo)}-${pad2(d)} `;
  }
  out += `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  return ns ? `${out}.${pad9(nsec)}` : out;
}

/** `%evt.time.iso8601`: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`. */
export function formatIso8601(ts: bigint): string {
  const sec = ts / NS_PER_S;
  const days = sec / 86400n;
  const s = Number(sec % 86400n);
  const [y, mo, d] = civilFromDays(Number(days));
  const time = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  return `${String(y).padStart(4, "0")}-${pad2(mo)}-${pad2(d)}T${time}.${pad9(ts % NS_PER_S)}+0000`;
}
