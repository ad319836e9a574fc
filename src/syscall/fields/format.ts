// Value formats of libsinsp's field printer (`rawval_to_string`, `ts_to_string`, `format_time`) that the
// syscall fields return as text: padded nanoseconds, times of day, human latencies, "%.1f" doubles.

/** `%09` as libsinsp prints PF_10_PADDED_DEC values. */
export function pad9(n: number | bigint): string {
  return String(n).padStart(9, "0");
}

const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Local UTC offset in seconds now (`gmt2local(0)`). */
function zoneOffsetSeconds(): number {
  return -new Date().getTimezoneOffset() * 60;
}

/** `ts_to_string`: "[YYYY-MM-DD ]HH:MM:SS[.nnnnnnnnn]" in local time (the zone offset of now, as libsinsp). */
export function tsToString(ts: bigint, date: boolean, ns: boolean): string {
  const sec = Number(ts / 1_000_000_000n);
  const nsec = Number(ts % 1_000_000_000n);
  const local = sec + zoneOffsetSeconds();
  const s = ((local % 86400) + 86400) % 86400;
  let out = "";
  if (date) {
    const d = new Date((local - s) * 1000);
    out = `${String(d.getUTCFullYear()).padStart(4, "0")}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} `;
  }
  out += `${p2(Math.floor(s / 3600))}:${p2(Math.floor((s % 3600) / 60))}:${p2(s % 60)}`;
  if (ns) out += `.${pad9(nsec)}`;
  return out;
}

/** `ts_to_iso_8601`: "YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000", in UTC. */
export function tsToIso8601(ts: bigint): string {
  const sec = Number(ts / 1_000_000_000n);
  const nsec = Number(ts % 1_000_000_000n);
  const d = new Date(sec * 1000);
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${pad9(nsec)}+0000`;
}

const S = 1_000_000_000;

/** `format_time`: a nanosecond interval for people ("3.12us", "653ns", "1.10s", "2:05", "01:02:03"). */
export function humanTime(v: number): string {
  const u = (n: number) => String(Math.floor(n));
  const two = (n: number) => String(Math.floor(n)).padStart(2, "0");
  if (v >= 3600 * S) return `${two(v / (3600 * S))}:${two((v / (60 * S)) % 60)}:${two((v / S) % 60)}`;
  if (v >= 60 * S) return `${u(v / (60 * S))}:${u((v / S) % 60)}`;
  if (v >= S) return `${u(v / S)}.${two((v % S) / 10_000_000)}s`;
  if (v >= S / 100) return `${u(v / 1_000_000)}ms`;
  if (v >= S / 1000) return `${u(v / 1_000_000)}.${two((v % 1_000_000) / 10_000)}ms`;
  if (v >= S / 100_000) return `${u(v / 1000)}us`;
  if (v >= S / 1_000_000) return `${u(v / 1000)}.${two((v % 1000) / 10)}us`;
  return `${u(v)}ns`;
}

/** `%.1lf` (printf rounds exact ties to even; toFixed rounds them up: only x.25 differs). */
export function fixed1(v: number): string {
  const q = v * 4;
  if (v >= 0 && Number.isInteger(q) && q % 4 === 1) return (Math.floor(v * 10) / 10).toFixed(1);
  return v.toFixed(1);
}
