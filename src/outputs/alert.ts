// Falco's alert formats: the text line and the JSON document consumers such as Falcosidekick read.
import { hostname as osHostname } from "node:os";
import type { Scalar } from "../fields/types.js";
import { type LoadedRule, priorityName } from "../rules/index.js";

export interface Alert {
  rule: string;
  /** Title-case priority name: Emergency … Informational, Debug. */
  priority: string;
  source: string;
  tags: readonly string[];
  /** Event time in nanoseconds since the epoch. */
  timeNs: bigint;
  /** The rule output rendered, without the time/priority prefix. */
  message: string;
  /** One entry per output field; null when the event had no value. */
  fields: Record<string, Scalar | readonly Scalar[] | null>;
  /** The line already rendered, and the key of its format (see line-format.ts). */
  line?: { format: string; text: string };
}

export interface AlertFormatOptions {
  timeFormatIso8601?: boolean;
  includeOutput?: boolean;
  includeMessage?: boolean;
  includeOutputFields?: boolean;
  includeTags?: boolean;
  hostname?: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

const NS_PER_S = 1_000_000_000n;

/**
 * A timestamp as `<prefix>.<nanoseconds>`, the prefix made from the second by `make` and kept for
 * the next call: alerts come in bursts of the same second.
 */
class SecondPrefix {
  private sec = Number.NaN;
  private text = "";
  constructor(private readonly make: (d: Date) => string) {}

  format(ns: bigint): string {
    const sec = ns / NS_PER_S;
    const s = Number(sec);
    if (s !== this.sec) {
      this.text = this.make(new Date(s * 1000));
      this.sec = s;
    }
    return `${this.text}.${pad(Number(ns - sec * NS_PER_S), 9)}`;
  }
}

// The local one assumes the process's time zone stays as it started.
const localTime = new SecondPrefix(
  (d) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
);
const utcTime = new SecondPrefix(
  (d) =>
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
);

/** `%evt.time`: local wall-clock time with nanoseconds, `HH:MM:SS.nnnnnnnnn`. */
export function formatEvtTime(ns: bigint): string {
  return localTime.format(ns);
}

/** `%evt.time.iso8601`: UTC, `2016-08-04T16:17:57.881781397+0000`. */
export function formatIso8601(ns: bigint, zulu = false): string {
  return `${utcTime.format(ns)}${zulu ? "Z" : "+0000"}`;
}

/** Falco's own messages (the drop alert): source `internal`, formatted apart from rule alerts. */
export const INTERNAL_SOURCE = "internal";

const sortedFields = (a: Alert): [string, Scalar | readonly Scalar[] | null][] =>
  Object.entries(a.fields).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));

/**
 * The text line: `<time>: <Priority> <output>`. An internal message lists its fields after the
 * message, sorted, each value as JSON: `<time>: Critical <msg> (n_drops="1" n_evts="277")`.
 */
export function formatAlertText(a: Alert, opts: AlertFormatOptions = {}): string {
  if (a.source === INTERNAL_SOURCE) {
    const fields = sortedFields(a).map(([k, v]) => `${k}=${stringifyExact(jsonValue(v))}`);
    return `${formatEvtTime(a.timeNs)}: ${a.priority} ${a.message} (${fields.join(" ")})`;
  }
  const time = opts.timeFormatIso8601 ? formatIso8601(a.timeNs) : formatEvtTime(a.timeNs);
  return `${time}: ${a.priority} ${a.message}`;
}

/** Hostname in alerts: FALCO_HOSTNAME (Falco's variable) or LANNER_HOSTNAME override the system's. */
export function alertHostname(): string {
  return process.env.LANNER_HOSTNAME ?? process.env.FALCO_HOSTNAME ?? osHostname();
}

/** A field value as Falco's JSON writes it (64-bit integers kept exact, bytes as latin1 text). */
export function jsonValue(v: Scalar | readonly Scalar[] | null): unknown {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x) => jsonValue(x as Scalar));
  if (typeof v === "bigint")
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("latin1");
  return v;
}

/** What JSON must escape in a string: quotes, backslashes, control characters, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes.
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON; most alert texts need no escape, and testing for one is faster than JSON.stringify. */
const jsonString = (s: string): string => (JSON_ESCAPED.test(s) ? JSON.stringify(s) : `"${s}"`);

/** A field value as JSON text: 64-bit integers as exact literals, bytes as latin1 text. */
function fieldJson(v: Scalar | readonly Scalar[] | null): string {
  const j = jsonValue(v);
  if (typeof j === "string") return jsonString(j);
  if (typeof j === "bigint") return String(j);
  if (Array.isArray(j)) {
    let s = "[";
    for (let i = 0; i < j.length; i++) {
      const x: unknown = j[i];
      const t = typeof x === "string" ? jsonString(x) : typeof x === "bigint" ? String(x) : JSON.stringify(x);
      s += i > 0 ? `,${t}` : t;
    }
    return `${s}]`;
  }
  return JSON.stringify(j);
}

/**
 * Falco's JSON alert, keys in Falco's order; 64-bit integers are written exactly. Written as text
 * member by member: an alert's fields are few and flat, and a document of objects given to
 * JSON.stringify (which also escapes strings that need no escape) cost about what the rules did.
 */
export function formatAlertJson(a: Alert, opts: AlertFormatOptions = {}): string {
  if (a.source === INTERNAL_SOURCE) {
    // Falco's internal message: the bare message, only its own fields, keys sorted, no tags.
    const fields: Record<string, unknown> = {};
    for (const [k, v] of sortedFields(a)) fields[k] = jsonValue(v);
    return stringifyExact({
      hostname: opts.hostname ?? alertHostname(),
      output: a.message,
      output_fields: fields,
      priority: a.priority,
      rule: a.rule,
      source: a.source,
      time: formatIso8601(a.timeNs, true),
    });
  }
  // Parts joined at the end: join writes one flat string, where `+=` would leave a rope of small
  // pieces that lives as long as the line waits in an output queue (and costs the GC to copy).
  const p = [`{"hostname":${jsonString(opts.hostname ?? alertHostname())}`];
  if (opts.includeOutput !== false) p.push(`,"output":${jsonString(formatAlertText(a, opts))}`);
  if (opts.includeMessage) p.push(`,"message":${jsonString(a.message)}`);
  if (opts.includeOutputFields !== false) {
    // The event time comes first; a field of that name takes its place.
    const timeKey = opts.timeFormatIso8601 ? "evt.time.iso8601" : "evt.time";
    const own = a.fields[timeKey];
    p.push(`,"output_fields":{"${timeKey}":`, own !== undefined ? fieldJson(own) : String(a.timeNs));
    for (const k in a.fields) {
      if (k !== timeKey) p.push(memberKey(k), fieldJson(a.fields[k] ?? null));
    }
    p.push("}");
  }
  p.push(ruleMembers(a, opts.includeTags !== false));
  p.push(`,"time":"${formatIso8601(a.timeNs, true)}"}`);
  return p.join("");
}

/**
 * Text that is the same for every alert of a rule, made once: `,"<key>":` of an output field, and
 * the priority, rule, source and tags members. An alert's JSON took 4 µs, the most of it escaping
 * and joining these.
 */
const memberKeys = new Map<string, string>();
/** Field names come from rules; past this many (reloads of changing rules) the memo starts again. */
const MAX_MEMBER_KEYS = 10_000;

function memberKey(k: string): string {
  let text = memberKeys.get(k);
  if (text === undefined) {
    if (memberKeys.size >= MAX_MEMBER_KEYS) memberKeys.clear();
    text = `,${jsonString(k)}:`;
    memberKeys.set(k, text);
  }
  return text;
}

interface RuleMembers {
  rule: string;
  priority: string;
  source: string;
  withTags: boolean;
  text: string;
}

/** By the alert's tags array: a rule's alerts share it (buildAlert). */
const ruleMemo = new WeakMap<readonly string[], RuleMembers>();

function ruleMembers(a: Alert, withTags: boolean): string {
  const m = ruleMemo.get(a.tags);
  if (m && m.rule === a.rule && m.priority === a.priority && m.source === a.source && m.withTags === withTags)
    return m.text;
  let text = `,"priority":${jsonString(a.priority)},"rule":${jsonString(a.rule)},"source":${jsonString(a.source)}`;
  if (withTags) text += `,"tags":${JSON.stringify(a.tags)}`;
  ruleMemo.set(a.tags, { rule: a.rule, priority: a.priority, source: a.source, withTags, text });
  return text;
}

/** JSON.stringify that writes bigint values as bare integer literals (64-bit times stay exact). */
export function stringifyExact(doc: unknown): string {
  return JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? `\u0000big${v}` : v)).replace(
    /"\\u0000big(-?\d+)"/g,
    "$1",
  );
}

/**
 * A copy of a string that shares nothing with the string it may have been sliced from. V8 copies
 * strings shorter than 13 characters when slicing; a longer one is prefixed, which makes a
 * two-part string, and sliced back, which first flattens the two parts into a fresh copy (a
 * fifth of what a JSON round trip costs).
 */
function detachedString(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * The alert with its strings copied. Values read in place from an event's text (k8s audit events)
 * are slices of it, and would keep that text, and the request body it came in, alive for as long
 * as the alert waits in an output queue.
 */
export function detachAlert(alert: Alert): Alert {
  const fields: Alert["fields"] = {};
  for (const [k, v] of Object.entries(alert.fields)) {
    if (typeof v === "string") fields[k] = detachedString(v);
    else if (Array.isArray(v))
      fields[k] = v.map((x: Scalar) => (typeof x === "string" ? detachedString(x) : x));
    else fields[k] = v as Scalar | null;
  }
  return { ...alert, message: detachedString(alert.message), fields };
}

/** The alert a rule raises for an event: its output rendered and its output fields extracted. */
export function buildAlert(rule: LoadedRule, evt: unknown, timeNs: bigint): Alert {
  return {
    rule: rule.name,
    priority: priorityName(rule.priority),
    source: rule.source,
    tags: rule.tags,
    timeNs,
    message: rule.outputTemplate.render(evt),
    fields: rule.outputTemplate.values(evt),
  };
}
