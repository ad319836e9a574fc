// Shared helpers of the k8s audit tests: the regression trace files and field reads by name.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { FieldRegistry } from "../../src/fields/registry.js";
import type { FieldValue } from "../../src/fields/types.js";
import { type AuditEvent, k8sAuditSchema, readAuditEvents, readAuditFile } from "../../src/k8saudit/index.js";

// Tests run from the project root; ../shared sits beside it.
export const SHARED = resolve(process.cwd(), "../shared");
export const TRACE_DIR = resolve(SHARED, "conformance/falco-regression/trace_files/k8s_audit");

const registry = new FieldRegistry(k8sAuditSchema.classes);

/** The trace file names, sorted. */
export function traceFiles(): string[] {
  assert.ok(existsSync(TRACE_DIR), `missing ${TRACE_DIR} (run the tests from the project root)`);
  return readdirSync(TRACE_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

/** Every non-blank line of the trace files, in file order (most are one audit event each). */
export function traceLines(): string[] {
  const lines: string[] = [];
  for (const f of traceFiles())
    for (const l of readFileSync(resolve(TRACE_DIR, f), "utf8").split("\n"))
      if (l.trim() !== "") lines.push(l);
  return lines;
}

/** The events of one trace file (which must read without diagnostics). */
export async function traceEvents(name: string): Promise<AuditEvent[]> {
  const r = await readAuditFile(resolve(TRACE_DIR, name));
  assert.deepEqual(r.diagnostics, [], `${name} has diagnostics`);
  return r.events;
}

/** The single event of a trace file. */
export async function traceEvent(name: string): Promise<AuditEvent> {
  const events = await traceEvents(name);
  assert.equal(events.length, 1, `${name} should hold one event`);
  return events[0] as AuditEvent;
}

/** Reads a field written as in a rule: `ka.verb`, `ka.uri.param[command]`, `jevt.value[/stage]`. */
export function field(evt: AuditEvent, written: string): FieldValue | undefined {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(written);
  assert.ok(m, `bad field ${written}`);
  const resolved = registry.resolve(m[1] as string, m[2]);
  assert.ok(resolved, `unknown field ${written}`);
  return k8sAuditSchema.bind(resolved.def, resolved.arg)(evt);
}

/** One event from a JSON object (an audit Event; stageTimestamp and kind are filled in when absent). */
export function eventOf(obj: Record<string, unknown>): AuditEvent {
  const full = { kind: "Event", stageTimestamp: "2024-01-02T03:04:05.123456Z", ...obj };
  const r = readAuditEvents(JSON.stringify(full));
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.events.length, 1);
  return r.events[0] as AuditEvent;
}

/** One event from its JSON text as written (to test rendering of escapes and numbers). */
export function eventFromText(text: string): AuditEvent {
  const r = readAuditEvents(text);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.events.length, 1);
  return r.events[0] as AuditEvent;
}
