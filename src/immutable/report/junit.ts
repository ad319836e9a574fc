// JUnit XML for CI dashboards: one test suite per file, one test case per (workload, check) that applies;
// a case fails when the check has unsuppressed findings, is skipped when all of them are suppressed, and
// input errors are error cases.
import { CHECKS } from "../checks/catalog.js";
import { type ScanReport, severityRank } from "../model.js";
import { objectLabel } from "./summary.js";

/** Escapes text for XML attributes and character data. */
export function xmlEscape(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .split("")
    .filter((ch) => {
      // XML 1.0 forbids control characters other than tab, newline and carriage return.
      const code = ch.charCodeAt(0);
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    })
    .join("");
}

interface Case {
  name: string;
  classname: string;
  body: string;
  failure: boolean;
  skipped: boolean;
  error: boolean;
}

/** Renders a scan report as JUnit XML. */
export function formatJunitReport(r: ScanReport): string {
  const suites = new Map<string, Case[]>();
  const suite = (file: string) => {
    let s = suites.get(file);
    if (s === undefined) {
      s = [];
      suites.set(file, s);
    }
    return s;
  };
  for (const e of r.errors) {
    const at = e.position === undefined ? e.file : `${e.file}:${e.position.line}:${e.position.column}`;
    suite(e.file).push({
      name: e.code,
      classname: e.file,
      body: `<error type="${xmlEscape(e.code)}" message="${xmlEscape(e.message)}">${xmlEscape(`${at}: ${e.message}`)}</error>`,
      failure: false,
      skipped: false,
      error: true,
    });
  }
  for (const o of r.objects) {
    if (!o.workload) continue;
    const cases = suite(o.file);
    const classname = objectLabel(o).replace(" ", ".");
    for (const check of CHECKS) {
      const fs = o.findings.filter((f) => f.checkId === check.id);
      const active = fs.filter((f) => f.suppressed === undefined);
      const c: Case = { name: check.id, classname, body: "", failure: false, skipped: false, error: false };
      if (active.length > 0) {
        c.failure = true;
        const text = active
          .map((f) => {
            const line = f.position === undefined ? "" : `${o.file}:${f.position.line}: `;
            const who = f.container === undefined ? "" : `[${f.container.name}] `;
            return `${line}${f.severity.toUpperCase()} ${who}${f.message}`;
          })
          .join("\n");
        const worst = active.reduce(
          (w, f) => (severityRank(f.severity) < severityRank(w) ? f.severity : w),
          active[0]?.severity ?? check.severity,
        );
        c.body = `<failure type="${worst}" message="${xmlEscape(`${active.length} finding(s): ${check.title}`)}">${xmlEscape(`${text}\nfix: ${check.fix}`)}</failure>`;
      } else if (fs.length > 0) {
        c.skipped = true;
        const reasons = [
          ...new Set(fs.map((f) => `${f.suppressed?.annotation}: ${f.suppressed?.reason}`)),
        ].join("; ");
        c.body = `<skipped message="${xmlEscape(`suppressed (${reasons})`)}"/>`;
      }
      cases.push(c);
    }
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = [...suites.values()].flat();
  const count = (pred: (c: Case) => boolean) => all.filter(pred).length;
  out.push(
    `<testsuites name="lanner immutable scan" tests="${all.length}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" skipped="${count((c) => c.skipped)}">`,
  );
  for (const [file, cases] of suites) {
    const n = (pred: (c: Case) => boolean) => cases.filter(pred).length;
    out.push(
      `  <testsuite name="${xmlEscape(file)}" tests="${cases.length}" failures="${n((c) => c.failure)}" errors="${n((c) => c.error)}" skipped="${n((c) => c.skipped)}">`,
    );
    for (const c of cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}"`;
      out.push(c.body === "" ? `${open}/>` : `${open}>${c.body}</testcase>`);
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}
