// Suppressions by annotation, on the object or its pod template: Lanner's own (per check and per container,
// with a required reason and an optional expiry) and the ones kube-score, kube-linter, Polaris and Checkov
// users already wrote, mapped to Lanner's checks.
import { CHECKS, checkById } from "./checks/catalog.js";
import type { RawFinding } from "./checks/context.js";
import type { AnchorIds, Suppression, SuppressionNote, SuppressionSource } from "./model.js";
import { asString, type JsonRecord } from "./values.js";

/** Which suppression annotations count: all of them, only Lanner's, or none (strict mode). */
export type SuppressionMode = "all" | "lanner" | "none";

/** The annotation prefix of Lanner's suppressions: `ignore.lanner.dev/<check>[.<container>]: "<reason>"`. */
export const LANNER_IGNORE_PREFIX = "ignore.lanner.dev/";

interface Rule {
  source: SuppressionSource;
  annotation: string;
  reason: string;
  container?: string;
  checks: ReadonlySet<string> | "all";
  expires?: string;
}

/** Parsed suppression rules of one object, and notes on the annotations that were not honoured. */
export interface Suppressions {
  rules: Rule[];
  notes: SuppressionNote[];
}

function reverseIndex(key: keyof AnchorIds): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const c of CHECKS) {
    for (const id of c.anchors[key] ?? []) {
      const list = m.get(id) ?? [];
      list.push(c.id);
      m.set(id, list);
    }
  }
  return m;
}

const KUBE_SCORE = reverseIndex("kubeScore");
const KUBE_LINTER = reverseIndex("kubeLinter");
const POLARIS = reverseIndex("polaris");
const CHECKOV = reverseIndex("checkov");

const EXPIRES = /^\s*expires\s*=\s*(\d{4}-\d{2}-\d{2})\s*$/;

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Reads the suppression annotations of one object (several annotation maps: object, pod template…). */
export function readSuppressions(
  annotationMaps: readonly (JsonRecord | undefined)[],
  mode: SuppressionMode,
  now: Date,
): Suppressions {
  const rules: Rule[] = [];
  const notes: SuppressionNote[] = [];
  if (mode === "none") return { rules, notes };
  const seen = new Set<string>();
  for (const annotations of annotationMaps) {
    if (annotations === undefined) continue;
    for (const [key, raw] of Object.entries(annotations)) {
      const value = asString(raw) ?? (raw === true ? "true" : undefined);
      if (value === undefined || seen.has(`${key}=${value}`)) continue;
      seen.add(`${key}=${value}`);
      if (key.startsWith(LANNER_IGNORE_PREFIX)) {
        readLanner(key, value, now, rules, notes);
        continue;
      }
      if (mode !== "all") continue;
      readForeign(key, value, rules);
    }
  }
  return { rules, notes };
}

function readLanner(key: string, value: string, now: Date, rules: Rule[], notes: SuppressionNote[]): void {
  const name = key.slice(LANNER_IGNORE_PREFIX.length);
  const dot = name.indexOf(".");
  const checkId = dot < 0 ? name : name.slice(0, dot);
  const container = dot < 0 ? undefined : name.slice(dot + 1);
  if (checkId !== "all" && checkById(checkId) === undefined) {
    notes.push({ annotation: key, message: `not honoured: no check '${checkId}'` });
    return;
  }
  let expires: string | undefined;
  const reasonParts: string[] = [];
  for (const part of value.split(";")) {
    const m = EXPIRES.exec(part);
    if (m?.[1] !== undefined) expires = m[1];
    else if (part.trim() !== "") reasonParts.push(part.trim());
  }
  const reason = reasonParts.join("; ");
  if (reason === "") {
    notes.push({ annotation: key, message: "not honoured: a suppression needs a reason as its value" });
    return;
  }
  if (expires !== undefined && expires < today(now)) {
    notes.push({ annotation: key, message: `not honoured: expired on ${expires}` });
    return;
  }
  const rule: Rule = {
    source: "lanner",
    annotation: key,
    reason,
    checks: checkId === "all" ? "all" : new Set([checkId]),
  };
  if (container !== undefined) rule.container = container;
  if (expires !== undefined) rule.expires = expires;
  rules.push(rule);
}

function mapped(index: Map<string, string[]>, ids: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const id of ids) for (const c of index.get(id) ?? []) out.add(c);
  return out;
}

function readForeign(key: string, value: string, rules: Rule[]): void {
  const push = (source: SuppressionSource, checks: Set<string> | "all", reason: string) => {
    if (checks !== "all" && checks.size === 0) return; // a check Lanner does not have
    rules.push({ source, annotation: key, reason, checks });
  };
  if (key === "kube-score/ignore") {
    const ids = value.split(",").map((s) => s.trim());
    push("kube-score", mapped(KUBE_SCORE, ids), "kube-score/ignore (no reason given)");
  } else if (key === "kube-linter.io/ignore-all") {
    push("kube-linter", "all", value.trim() || "kube-linter.io/ignore-all (no reason given)");
  } else if (key.startsWith("ignore-check.kube-linter.io/")) {
    const id = key.slice("ignore-check.kube-linter.io/".length);
    push("kube-linter", mapped(KUBE_LINTER, [id]), value.trim() || "(no reason given)");
  } else if (key === "polaris.fairwinds.com/exempt") {
    if (value === "true") push("polaris", "all", "polaris.fairwinds.com/exempt (no reason given)");
  } else if (key.startsWith("polaris.fairwinds.com/") && key.endsWith("-exempt")) {
    if (value !== "true") return;
    const id = key.slice("polaris.fairwinds.com/".length, -"-exempt".length);
    push("polaris", mapped(POLARIS, [id]), `${key} (no reason given)`);
  } else if (/^(checkov\.io|bridgecrew\.io|cortex\.io)\/skip/.test(key)) {
    const eq = value.indexOf("=");
    const id = (eq < 0 ? value : value.slice(0, eq)).trim();
    const reason = eq < 0 ? "(no reason given)" : value.slice(eq + 1).trim() || "(no reason given)";
    push("checkov", mapped(CHECKOV, [id]), reason);
  }
}

/** The suppression that applies to a finding: a container-scoped Lanner rule first, then object-wide ones. */
export function findSuppression(s: Suppressions, f: RawFinding): Suppression | undefined {
  let best: Rule | undefined;
  for (const r of s.rules) {
    if (r.checks !== "all" && !r.checks.has(f.checkId)) continue;
    if (r.container !== undefined) {
      if (f.container?.name !== r.container) continue;
      best = r;
      break;
    }
    if (best === undefined || (best.source !== "lanner" && r.source === "lanner")) best = r;
  }
  if (best === undefined) return undefined;
  const out: Suppression = {
    source: best.source,
    annotation: best.annotation,
    reason: best.reason,
    scope: best.container === undefined ? "object" : "container",
  };
  if (best.expires !== undefined) out.expires = best.expires;
  return out;
}
