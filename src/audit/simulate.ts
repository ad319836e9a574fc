// Replaying a recorded audit log through a policy: the log kube-apiserver would have written under
// that policy (events at None dropped, bodies removed by level, omitted stages dropped, managed
// fields stripped when asked), and a report of what changed and which rules did the work.
import type { JsonObject, JsonValue } from "../k8saudit/index.js";
import type { AuditDecision, RequestAttributes } from "./checker.js";
import { PolicyEvaluator } from "./evaluator.js";
import { TopLevelMembers } from "./event-text.js";
import { ruleCovers } from "./lint.js";
import {
  type AuditLevel,
  type AuditPolicy,
  isAuditLevel,
  LEVELS,
  levelRank,
  type PolicyRule,
} from "./policy.js";

const str = (v: JsonValue | undefined): string => (typeof v === "string" ? v : "");
const obj = (v: JsonValue | undefined): JsonObject | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

/**
 * The authorizer attributes an Event was evaluated with. The policy runs before impersonation, on
 * the authenticated user (an empty user, as on 401 events, is no user); a request is a resource
 * request when it has an objectRef; the path is the request URI without its query; and a create's
 * name was filled into objectRef from the body after evaluation, so it is cleared (a create on a
 * subresource, like pods/exec, has its name in the URL and keeps it).
 */
export function attributesFromEvent(ev: JsonObject): RequestAttributes {
  const u = obj(ev.user);
  const username = str(u?.username);
  const rawGroups = u?.groups;
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === "string") : [];
  const user = username === "" && groups.length === 0 ? undefined : { name: username, groups };
  const verb = str(ev.verb);
  const uri = str(ev.requestURI);
  const q = uri.indexOf("?");
  const path = q < 0 ? uri : uri.slice(0, q);
  const ref = obj(ev.objectRef);
  if (ref === undefined) {
    return {
      user,
      verb,
      namespace: "",
      apiGroup: "",
      apiVersion: "",
      resource: "",
      subresource: "",
      name: "",
      path,
      isResourceRequest: false,
    };
  }
  const subresource = str(ref.subresource);
  return {
    user,
    verb,
    namespace: str(ref.namespace),
    apiGroup: str(ref.apiGroup),
    apiVersion: str(ref.apiVersion),
    resource: str(ref.resource),
    subresource,
    name: verb === "create" && subresource === "" ? "" : str(ref.name),
    path,
    isResourceRequest: true,
  };
}

function withoutManagedFieldsMeta(o: JsonObject): JsonObject | undefined {
  const meta = obj(o.metadata);
  if (meta === undefined || !("managedFields" in meta)) return undefined;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...o, metadata: rest };
}

/**
 * An object body without metadata.managedFields, in lists' items and Tables' row objects too (as
 * the apiserver's omitManagedFields does); the same object when there was nothing to strip.
 */
export function stripManagedFields(v: JsonValue): JsonValue {
  const o = obj(v);
  if (o === undefined) return v;
  let out: JsonObject = withoutManagedFieldsMeta(o) ?? o;
  const items = o.items;
  if (Array.isArray(items)) {
    let changed = false;
    const next = items.map((it) => {
      const io = obj(it);
      const s = io === undefined ? undefined : withoutManagedFieldsMeta(io);
      if (s !== undefined) changed = true;
      return s ?? it;
    });
    if (changed) out = { ...out, items: next };
  }
  const rows = o.rows;
  if (Array.isArray(rows)) {
    let changed = false;
    const next = rows.map((row) => {
      const ro = obj(row);
      const inner = ro === undefined ? undefined : obj(ro.object);
      const s = inner === undefined ? undefined : withoutManagedFieldsMeta(inner);
      if (s === undefined || ro === undefined) return row;
      changed = true;
      return { ...ro, object: s };
    });
    if (changed) out = { ...out, rows: next };
  }
  return out;
}

/** The event kube-apiserver would have written under the decision, or undefined when none. */
export function applyDecision(ev: JsonObject, d: AuditDecision): JsonObject | undefined {
  if (d.level === "None") return undefined;
  const stage = str(ev.stage);
  if ((d.omitStages as readonly string[]).includes(stage)) return undefined;
  const out: Record<string, JsonValue> = { ...ev, level: d.level };
  const rank = levelRank(d.level);
  if (rank < levelRank("Request")) delete out.requestObject;
  else if (d.omitManagedFields && out.requestObject !== undefined)
    out.requestObject = stripManagedFields(out.requestObject);
  if (rank < levelRank("RequestResponse")) delete out.responseObject;
  else if (d.omitManagedFields && out.responseObject !== undefined)
    out.responseObject = stripManagedFields(out.responseObject);
  return out as JsonObject;
}

/** The members of an event the policy and the report read. */
const HEAD_KEYS = ["level", "stage", "verb", "user", "objectRef", "requestURI"] as const;
/** Bits of the members processText needs before it can decide (kind and the head keys). */
const HEAD_BITS = new Map<string, number>(["kind", ...HEAD_KEYS].map((k, i) => [k, 1 << i]));
const ALL_HEAD = (1 << (HEAD_KEYS.length + 1)) - 1;
const REQUEST_RANK = levelRank("Request");
const REQUEST_RESPONSE_RANK = levelRank("RequestResponse");

/** Events and bytes. */
export interface Volume {
  events: number;
  bytes: number;
}

export interface VolumeBy extends Volume {
  key: string;
}

export interface RuleUse {
  rule: number;
  line?: number;
  level: string;
  /** Events this rule decided (it was the first to match). */
  matched: number;
  /** Events and bytes it let through to the output. */
  written: Volume;
}

export interface SimulationReport {
  /** Everything read. */
  input: Volume;
  /** Everything written. */
  output: Volume;
  /** Input by the level it was recorded at. */
  recordedByLevel: Record<string, Volume>;
  /** Input by the level the policy decides (None included: those are dropped). */
  decidedByLevel: Record<string, Volume>;
  /** Output by level. */
  writtenByLevel: Record<string, Volume>;
  /** Events dropped because their stage is omitted. */
  droppedByStage: Record<string, number>;
  /** Events the policy records at a higher level than the recording had: their bodies are missing. */
  underRecorded: number;
  topUsers: VolumeBy[];
  topResources: VolumeBy[];
  topVerbs: VolumeBy[];
  rules: RuleUse[];
  /** Rules no event reached first. */
  neverMatched: number[];
  /** Rules that matched events, all of which an earlier rule took; with who took them. */
  shadowedInLog: { rule: number; events: number; by: { rule: number; events: number }[] }[];
  /** Rules an earlier rule covers entirely, whatever the log (see lint's shadowed-rule). */
  shadowedStatically: { rule: number; by: number }[];
  /** Events that matched no rule. */
  unmatched: number;
}

const levelRecord = (): Record<string, Volume> =>
  Object.fromEntries(LEVELS.map((l) => [l, { events: 0, bytes: 0 }])) as Record<string, Volume>;

function bump(m: Map<string, Volume>, key: string, bytes: number): void {
  const v = m.get(key);
  if (v === undefined) m.set(key, { events: 1, bytes });
  else {
    v.events++;
    v.bytes += bytes;
  }
}

const top = (m: Map<string, Volume>, n: number): VolumeBy[] =>
  [...m]
    .map(([key, v]) => ({ key, ...v }))
    .sort((a, b) => b.bytes - a.bytes || b.events - a.events || (a.key < b.key ? -1 : 1))
    .slice(0, n);

/** Simulates a policy over events one at a time, keeping the counts for the report. */
export class AuditSimulator {
  private readonly evaluator: PolicyEvaluator;
  /** Single-rule evaluators, to find which later rules an event would also have matched. */
  private readonly single: PolicyEvaluator[];
  private readonly input: Volume = { events: 0, bytes: 0 };
  private readonly output: Volume = { events: 0, bytes: 0 };
  private readonly recorded = levelRecord();
  private readonly decided = levelRecord();
  private readonly written = levelRecord();
  private readonly droppedByStage: Record<string, number> = {};
  private underRecorded = 0;
  private unmatched = 0;
  private readonly users = new Map<string, Volume>();
  private readonly resources = new Map<string, Volume>();
  private readonly verbs = new Map<string, Volume>();
  private readonly matched: number[];
  private readonly writtenByRule: Volume[];
  /** alsoMatched[i] counts, per earlier winning rule, events rule i matched but did not get. */
  private readonly alsoMatched: Map<number, number>[];
  /** The rule that decided the last event given to process (null: none), and that event's head. */
  private lastRule: number | null = null;
  private lastHead: JsonObject = {};
  /** The level decided for the last event given to process or processText. */
  lastLevel: AuditLevel = "None";
  private readonly members = new TopLevelMembers();
  private readonly userCache = new Map<string, JsonValue>();

  constructor(readonly policy: AuditPolicy) {
    this.evaluator = new PolicyEvaluator(policy);
    this.single = policy.rules.map((r) => new PolicyEvaluator({ ...policy, rules: [r], omitStages: [] }));
    this.matched = policy.rules.map(() => 0);
    this.writtenByRule = policy.rules.map(() => ({ events: 0, bytes: 0 }));
    this.alsoMatched = policy.rules.map(() => new Map<number, number>());
  }

  /** Events given to process so far. */
  get eventsRead(): number {
    return this.input.events;
  }

  /** The decision for an event (exposed for explain-like uses and tests). */
  decide(ev: JsonObject): AuditDecision {
    return this.evaluator.evaluate(attributesFromEvent(ev));
  }

  /** Counts an event by its head (level, stage, verb, user, objectRef, requestURI) and decision. */
  private account(
    head: JsonObject,
    bytesIn: number,
    attrs: RequestAttributes,
    d: AuditDecision,
  ): AuditDecision {
    this.lastHead = head;
    this.input.events++;
    this.input.bytes += bytesIn;
    const recordedLevel = str(head.level);
    const rec = this.recorded[recordedLevel];
    if (rec !== undefined) {
      rec.events++;
      rec.bytes += bytesIn;
    }
    const dec = this.decided[d.level] as Volume;
    dec.events++;
    dec.bytes += bytesIn;
    this.lastRule = d.rule;
    this.lastLevel = d.level;
    if (d.rule === null) this.unmatched++;
    else {
      this.matched[d.rule] = (this.matched[d.rule] as number) + 1;
      // Which later rules would have matched too (only for rules that have not won yet: the report
      // lists where the events of never-winning rules went).
      for (let i = d.rule + 1; i < this.single.length; i++) {
        if (this.matched[i] === 0 && (this.single[i] as PolicyEvaluator).evaluate(attrs).rule === 0) {
          const m = this.alsoMatched[i] as Map<number, number>;
          m.set(d.rule, (m.get(d.rule) ?? 0) + 1);
        }
      }
    }
    if (isAuditLevel(recordedLevel) && levelRank(d.level) > levelRank(recordedLevel)) this.underRecorded++;
    if (d.level !== "None" && (d.omitStages as readonly string[]).includes(str(head.stage))) {
      const s = str(head.stage);
      this.droppedByStage[s] = (this.droppedByStage[s] ?? 0) + 1;
    }
    return d;
  }

  /**
   * One recorded event (and its size in bytes as read): returns the event to write, or undefined when
   * the apiserver would not have written it.
   */
  process(ev: JsonObject, bytesIn: number): JsonObject | undefined {
    const attrs = attributesFromEvent(ev);
    return applyDecision(ev, this.account(ev, bytesIn, attrs, this.evaluator.evaluate(attrs)));
  }

  /**
   * One recorded event as a line of JSON: the line to write (without newline), undefined when the
   * apiserver would not have written it, or null when the text is not one complete Event object (read
   * it with the full reader). Only the members the policy reads are parsed; the rest is copied.
   */
  processText(text: string, bytesIn: number): string | undefined | null {
    const m = this.members;
    if (!m.begin(text)) return null;
    // Scan only as far as the members the policy reads: kube-apiserver writes them before the
    // bodies, so an event that is dropped is not scanned further.
    let seen = 0;
    while (seen !== ALL_HEAD && m.next()) seen |= HEAD_BITS.get(m.keys[m.count - 1] as string) ?? 0;
    if (!m.ok) return null;
    const head: Record<string, JsonValue> = {};
    try {
      const k = m.indexOf("kind");
      if (k < 0 || m.value(text, k) !== "Event") return null;
      for (const key of HEAD_KEYS) {
        const n = m.indexOf(key);
        if (n < 0) continue;
        if (key === "user") {
          // Logs repeat the same few users: parse each user's text once.
          const userText = m.valueText(text, n);
          let user = this.userCache.get(userText);
          if (user === undefined) {
            user = JSON.parse(userText) as JsonValue;
            if (this.userCache.size >= 4096) this.userCache.clear();
            this.userCache.set(userText, user);
          }
          head[key] = user;
        } else head[key] = m.value(text, n) as JsonValue;
      }
    } catch {
      return null;
    }
    const attrs = attributesFromEvent(head as JsonObject);
    const d = this.evaluator.evaluate(attrs);
    const dropped = d.level === "None" || (d.omitStages as readonly string[]).includes(str(head.stage));
    if (!dropped) {
      // Written: the whole event must be one well-formed object.
      if (!m.finish()) return null;
    } else if (text.charCodeAt(text.trimEnd().length - 1) !== 0x7d) return null;
    this.account(head as JsonObject, bytesIn, attrs, d);
    if (dropped) return undefined;
    const rank = levelRank(d.level);
    // The output is the input with edits: the level's value replaced, bodies removed or rewritten.
    let out = "";
    let from = 0;
    let sawLevel = false;
    for (let n = 0; n < m.count; n++) {
      const key = m.keys[n] as string;
      if (key === "level") {
        sawLevel = true;
        out += `${text.slice(from, m.valueStarts[n] as number)}"${d.level}"`;
        from = m.valueEnds[n] as number;
      } else if (key === "requestObject" || key === "responseObject") {
        if (rank < (key === "requestObject" ? REQUEST_RANK : REQUEST_RESPONSE_RANK)) {
          // Remove the member with the comma before it (or after it, for the first member).
          const cut = n > 0 ? (m.valueEnds[n - 1] as number) : (m.starts[n] as number);
          const to = n > 0 || m.count === 1 ? (m.valueEnds[n] as number) : (m.starts[n + 1] as number);
          out += text.slice(from, cut);
          from = to;
          continue;
        }
        if (d.omitManagedFields) {
          const body = m.valueText(text, n);
          if (body.includes('"managedFields"')) {
            const stripped = JSON.stringify(stripManagedFields(JSON.parse(body) as JsonValue));
            out += `${text.slice(from, m.valueStarts[n] as number)}${stripped}`;
            from = m.valueEnds[n] as number;
          }
        }
      }
    }
    out += text.slice(from);
    if (!sawLevel) {
      const close = out.lastIndexOf("}");
      const empty = out.slice(0, close).trim() === "{";
      out = `${out.slice(0, close)}${empty ? "" : ","}"level":"${d.level}"}`;
    }
    return out;
  }

  /** Counts the event process or processText just returned, with its size as written. */
  wrote(level: AuditLevel, bytesOut: number): void {
    const rule = this.lastRule;
    const out = this.lastHead;
    this.output.events++;
    this.output.bytes += bytesOut;
    const w = this.written[level];
    if (w !== undefined) {
      w.events++;
      w.bytes += bytesOut;
    }
    if (rule !== null) {
      const r = this.writtenByRule[rule] as Volume;
      r.events++;
      r.bytes += bytesOut;
    }
    const u = obj(out.user);
    bump(this.users, str(u?.username) || "(no user)", bytesOut);
    bump(this.verbs, str(out.verb) || "(none)", bytesOut);
    const ref = obj(out.objectRef);
    let key: string;
    if (ref === undefined) key = `url ${str(out.requestURI).split("?")[0]}`;
    else {
      const group = str(ref.apiGroup);
      const sub = str(ref.subresource);
      key = `${str(ref.resource)}${sub === "" ? "" : `/${sub}`}${group === "" ? "" : `.${group}`}`;
    }
    bump(this.resources, key, bytesOut);
  }

  /** The report so far. */
  report(topN = 10): SimulationReport {
    const rules = this.policy.rules;
    const neverMatched = rules.map((_, i) => i).filter((i) => this.matched[i] === 0);
    const shadowedInLog = neverMatched
      .map((i) => {
        const by = [...(this.alsoMatched[i] as Map<number, number>)]
          .map(([rule, events]) => ({ rule, events }))
          .sort((a, b) => b.events - a.events || a.rule - b.rule);
        return { rule: i, events: by.reduce((n, b) => n + b.events, 0), by };
      })
      .filter((s) => s.events > 0);
    const shadowedStatically: SimulationReport["shadowedStatically"] = [];
    rules.forEach((r, i) => {
      const by = rules.slice(0, i).findIndex((e) => ruleCovers(e, r));
      if (by >= 0) shadowedStatically.push({ rule: i, by });
    });
    return {
      input: { ...this.input },
      output: { ...this.output },
      recordedByLevel: this.recorded,
      decidedByLevel: this.decided,
      writtenByLevel: this.written,
      droppedByStage: { ...this.droppedByStage },
      underRecorded: this.underRecorded,
      topUsers: top(this.users, topN),
      topResources: top(this.resources, topN),
      topVerbs: top(this.verbs, topN),
      rules: rules.map((r: PolicyRule, i) => {
        const line = this.policy.positions.get(`rules[${i}]`)?.line;
        return {
          rule: i,
          ...(line === undefined ? {} : { line }),
          level: r.level,
          matched: this.matched[i] as number,
          written: { ...(this.writtenByRule[i] as Volume) },
        };
      }),
      neverMatched,
      shadowedInLog,
      shadowedStatically,
      unmatched: this.unmatched,
    };
  }
}

const pct = (a: number, b: number) => (b === 0 ? "-" : `${((a * 100) / b).toFixed(1)}%`);
const n = (x: number) => x.toLocaleString("en-US");

/** The report for people: volumes before and after, per level, top talkers, and rule usage. */
export function formatSimulationReport(r: SimulationReport, file: string): string {
  const out: string[] = [];
  out.push(`policy: ${file}`);
  out.push(
    `events: ${n(r.input.events)} read, ${n(r.output.events)} written (${pct(r.output.events, r.input.events)}); bytes: ${n(r.input.bytes)} read, ${n(r.output.bytes)} written (${pct(r.output.bytes, r.input.bytes)})`,
  );
  out.push("level            recorded (events/bytes)   decided (events/bytes)   written (events/bytes)");
  for (const l of LEVELS as readonly AuditLevel[]) {
    const a = r.recordedByLevel[l] as Volume;
    const b = r.decidedByLevel[l] as Volume;
    const c = r.writtenByLevel[l] as Volume;
    const cell = (v: Volume) => `${n(v.events)} / ${n(v.bytes)}`.padEnd(25);
    out.push(`${l.padEnd(17)}${cell(a)}${cell(b)}${cell(c)}`.trimEnd());
  }
  const stages = Object.entries(r.droppedByStage);
  if (stages.length > 0)
    out.push(`dropped by omitStages: ${stages.map(([s, c]) => `${s} ${n(c)}`).join(", ")}`);
  if (r.underRecorded > 0)
    out.push(
      `${n(r.underRecorded)} events are decided at a higher level than they were recorded at: their missing bodies cannot be restored (record at RequestResponse to simulate exactly)`,
    );
  const section = (title: string, xs: VolumeBy[]) => {
    if (xs.length === 0) return;
    out.push(`${title} (written):`);
    for (const x of xs) out.push(`  ${x.key}: ${n(x.events)} events, ${n(x.bytes)} bytes`);
  };
  section("top users", r.topUsers);
  section("top resources", r.topResources);
  section("top verbs", r.topVerbs);
  out.push("rules:");
  for (const u of r.rules) {
    out.push(
      `  rule ${u.rule}${u.line === undefined ? "" : ` (line ${u.line})`} ${u.level}: ${n(u.matched)} matched, ${n(u.written.events)} written, ${n(u.written.bytes)} bytes`,
    );
  }
  if (r.unmatched > 0) out.push(`  no rule (None): ${n(r.unmatched)} events`);
  if (r.neverMatched.length > 0) out.push(`rules that never matched first: ${r.neverMatched.join(", ")}`);
  for (const s of r.shadowedInLog) {
    out.push(
      `  rule ${s.rule} matched ${n(s.events)} events, all taken by earlier rules: ${s.by.map((b) => `rule ${b.rule} (${n(b.events)})`).join(", ")}`,
    );
  }
  for (const s of r.shadowedStatically)
    out.push(`rule ${s.rule} is shadowed by rule ${s.by}: it can never match`);
  return `${out.join("\n")}\n`;
}
