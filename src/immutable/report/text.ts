// The text report for people: input errors, then findings grouped by object, then a summary line.
import { CHECKS } from "../checks/catalog.js";
import { type Finding, type ScanReport, type Severity, severityRank } from "../model.js";
import { objectLabel, summarize } from "./summary.js";

/** Text report options: ANSI colours (the CLI turns them on for a TTY) and whether to list fixes. */
export interface TextOptions {
  color: boolean;
  /** End with how to fix each check that has findings (default true). */
  fixes?: boolean;
}

const COLORS: Record<Severity | "dim" | "bold" | "reset", string> = {
  critical: "\x1b[1;31m",
  high: "\x1b[31m",
  medium: "\x1b[33m",
  low: "\x1b[36m",
  info: "\x1b[2m",
  dim: "\x1b[2m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
};

/** Renders a scan report as text. */
export function formatTextReport(r: ScanReport, opts: TextOptions): string {
  const paint = (style: keyof typeof COLORS, s: string) =>
    opts.color ? `${COLORS[style]}${s}${COLORS.reset}` : s;
  const lines: string[] = [];
  for (const e of r.errors) {
    const at = e.position === undefined ? e.file : `${e.file}:${e.position.line}:${e.position.column}`;
    lines.push(`${paint("critical", "error")} ${at}: ${e.code}: ${e.message}`);
  }
  if (r.errors.length > 0) lines.push("");
  const seen = new Set<string>();
  for (const o of r.objects) {
    if (o.findings.length === 0 && o.suppressionNotes.length === 0) continue;
    const at = o.position === undefined ? o.file : `${o.file}:${o.position.line}`;
    lines.push(`${paint("bold", objectLabel(o))}  ${paint("dim", at)}`);
    const active = o.findings
      .filter((f) => f.suppressed === undefined)
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    const suppressed = o.findings.filter((f) => f.suppressed !== undefined);
    for (const f of active) {
      seen.add(f.checkId);
      lines.push(`  ${paint(f.severity, f.severity.toUpperCase().padEnd(8))} ${findingLine(f, paint)}`);
    }
    for (const f of suppressed) {
      const s = f.suppressed;
      if (s === undefined) continue;
      lines.push(
        paint(
          "dim",
          `  ${"ignored".padEnd(8)} ${findingLine(f, (_, x) => x)} [${s.annotation}: ${s.reason}]`,
        ),
      );
    }
    for (const n of o.suppressionNotes) {
      lines.push(`  ${paint("medium", "note".padEnd(8))} ${n.annotation}: ${n.message}`);
    }
    lines.push("");
  }
  if (opts.fixes !== false && seen.size > 0) {
    lines.push(paint("bold", "How to fix"));
    for (const c of CHECKS) {
      if (seen.has(c.id)) lines.push(`  ${c.id.padEnd(31)} ${c.fix}`);
    }
    lines.push("");
  }
  const s = summarize(r);
  const counts = (["critical", "high", "medium", "low", "info"] as const)
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => `${s.bySeverity[k]} ${k}`)
    .join(", ");
  lines.push(
    `${s.objects} objects (${s.workloads} with a pod spec) in ${s.files} files: ` +
      `${s.findings} findings${counts === "" ? "" : ` (${counts})`}, ${s.suppressed} suppressed, ${s.errors} input errors`,
  );
  return `${lines.join("\n")}\n`;
}

function findingLine(f: Finding, paint: (style: "dim", s: string) => string): string {
  const who = f.container === undefined ? "" : `[${f.container.name}] `;
  const line = f.position === undefined ? "" : paint("dim", ` (line ${f.position.line})`);
  return `${f.checkId.padEnd(31)} ${who}${f.message}${line}`;
}
