// The JSON report: a stable, documented schema (docs/immutable.md). Every key is always present; absent
// values are null, so consumers never test for missing keys.
import { checkById } from "../checks/catalog.js";
import type { ContainerKind, PssLevel, ScanReport, Severity, SuppressionSource } from "../model.js";
import { type ScanSummary, summarize } from "./summary.js";

/** The schema identifier; it changes only when a key is removed or changes meaning. */
export const JSON_SCHEMA_ID = "lanner.immutable.scan/v1";

export interface JsonFinding {
  checkId: string;
  title: string;
  severity: Severity;
  message: string;
  container: { name: string; kind: ContainerKind } | null;
  path: string;
  line: number | null;
  column: number | null;
  pss: PssLevel | null;
  cis: string | null;
  fix: string;
  suppressed: {
    source: SuppressionSource;
    annotation: string;
    reason: string;
    scope: "object" | "container";
    expires: string | null;
  } | null;
}

export interface JsonObject {
  file: string;
  documentIndex: number;
  path: string;
  line: number | null;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  workload: boolean;
  findings: JsonFinding[];
  suppressionNotes: { annotation: string; message: string }[];
}

export interface JsonReport {
  schema: typeof JSON_SCHEMA_ID;
  tool: { name: "lanner"; version: string };
  summary: ScanSummary;
  errors: { code: string; message: string; file: string; line: number | null; column: number | null }[];
  objects: JsonObject[];
}

/** Builds the JSON report object. */
export function toJsonReport(r: ScanReport, version: string): JsonReport {
  return {
    schema: JSON_SCHEMA_ID,
    tool: { name: "lanner", version },
    summary: summarize(r),
    errors: r.errors.map((e) => ({
      code: e.code,
      message: e.message,
      file: e.file,
      line: e.position?.line ?? null,
      column: e.position?.column ?? null,
    })),
    objects: r.objects.map((o) => ({
      file: o.file,
      documentIndex: o.documentIndex,
      path: o.path,
      line: o.position?.line ?? null,
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace: o.namespace ?? null,
      name: o.name,
      workload: o.workload,
      findings: o.findings.map((f) => {
        const info = checkById(f.checkId);
        return {
          checkId: f.checkId,
          title: info?.title ?? f.checkId,
          severity: f.severity,
          message: f.message,
          container: f.container === undefined ? null : { name: f.container.name, kind: f.container.kind },
          path: f.path,
          line: f.position?.line ?? null,
          column: f.position?.column ?? null,
          pss: info?.pss ?? null,
          cis: info?.cis ?? null,
          fix: info?.fix ?? "",
          suppressed:
            f.suppressed === undefined
              ? null
              : {
                  source: f.suppressed.source,
                  annotation: f.suppressed.annotation,
                  reason: f.suppressed.reason,
                  scope: f.suppressed.scope,
                  expires: f.suppressed.expires ?? null,
                },
        };
      }),
      suppressionNotes: o.suppressionNotes.map((n) => ({ annotation: n.annotation, message: n.message })),
    })),
  };
}

/** The JSON report as text (two-space indented, newline-terminated). */
export function formatJsonReport(r: ScanReport, version: string): string {
  return `${JSON.stringify(toJsonReport(r, version), null, 2)}\n`;
}
