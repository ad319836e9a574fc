// Counts shared by every report format, and the `--fail-on` decision.
import { type Finding, type ScanReport, SEVERITIES, type Severity, severityRank } from "../model.js";

/** Counts of a scan: objects, workloads, findings by severity (unsuppressed), suppressed, input errors. */
export interface ScanSummary {
  files: number;
  objects: number;
  workloads: number;
  findings: number;
  suppressed: number;
  errors: number;
  bySeverity: Record<Severity, number>;
}

/** Counts a report. */
export function summarize(r: ScanReport): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let findings = 0;
  let suppressed = 0;
  const files = new Set<string>();
  for (const o of r.objects) {
    files.add(o.file);
    for (const f of o.findings) {
      if (f.suppressed !== undefined) suppressed++;
      else {
        findings++;
        bySeverity[f.severity]++;
      }
    }
  }
  for (const e of r.errors) files.add(e.file);
  return {
    files: files.size,
    objects: r.objects.length,
    workloads: r.objects.filter((o) => o.workload).length,
    findings,
    suppressed,
    errors: r.errors.length,
    bySeverity,
  };
}

/** True when a finding is unsuppressed and at least as severe as the threshold. */
export function failsAt(f: Finding, threshold: Severity): boolean {
  return f.suppressed === undefined && severityRank(f.severity) <= severityRank(threshold);
}

/** True when any unsuppressed finding is at least as severe as the threshold (`--fail-on`). */
export function reportFailsAt(r: ScanReport, threshold: Severity): boolean {
  return r.objects.some((o) => o.findings.some((f) => failsAt(f, threshold)));
}

/** `Deployment default/web`, `Pod web` (no namespace written). */
export function objectLabel(o: { kind: string; namespace?: string; name: string }): string {
  const name = o.name === "" ? "(unnamed)" : o.name;
  return `${o.kind || "(no kind)"} ${o.namespace === undefined ? name : `${o.namespace}/${name}`}`;
}
