// SARIF 2.1.0 for code-scanning tools: every check is a rule (with PSS/CIS tags and a security-severity
// GitHub understands), every finding a result located at its line, suppressed findings carry
// `suppressions`, and input errors become tool execution notifications.
import { createHash } from "node:crypto";
import path from "node:path";
import { CHECKS } from "../checks/catalog.js";
import type { Finding, ScannedObject, ScanReport, Severity } from "../model.js";

const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub code scanning's `security-severity` scale (critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

/** A file name as a SARIF artifact URI: relative to the working directory when inside it, `stdin` for `-`. */
export function artifactUri(file: string, cwd: string): string {
  if (file === "-") return "stdin";
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  const inside = rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
  const p = (inside ? rel : abs).split(path.sep).join("/");
  const encoded = encodeURI(p).replaceAll("#", "%23").replaceAll("?", "%3F");
  return inside ? encoded : `file://${encoded.startsWith("/") ? "" : "/"}${encoded}`;
}

function fingerprint(o: ScannedObject, f: Finding): string {
  const key = [f.checkId, o.kind, o.namespace ?? "", o.name, f.container?.name ?? "", f.path].join("\u0000");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

/** Builds the SARIF log object. */
export function toSarif(r: ScanReport, version: string, cwd: string): Record<string, unknown> {
  const ruleIndex = new Map(CHECKS.map((c, i) => [c.id, i]));
  const rules = CHECKS.map((c) => {
    const tags = ["security", "kubernetes", "immutability"];
    if (c.pss !== undefined) tags.push(`pss-${c.pss}`);
    if (c.cis !== undefined) tags.push(`cis-${c.cis}`);
    return {
      id: c.id,
      name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? "").toUpperCase()),
      shortDescription: { text: c.title },
      fullDescription: { text: c.rationale },
      help: { text: `${c.rationale}\nFix: ${c.fix}`, markdown: `${c.rationale}\n\n**Fix:** ${c.fix}` },
      defaultConfiguration: { level: LEVEL[c.severity] },
      properties: {
        tags,
        "security-severity": SECURITY_SEVERITY[c.severity],
        ...(c.pss === undefined ? {} : { pss: c.pss }),
        ...(c.cis === undefined ? {} : { cis: c.cis }),
      },
    };
  });
  const results: Record<string, unknown>[] = [];
  for (const o of r.objects) {
    for (const f of o.findings) {
      const logical = [o.kind, o.namespace, o.name, f.container?.name]
        .filter((x) => x !== undefined)
        .join("/");
      const physical: Record<string, unknown> = { artifactLocation: { uri: artifactUri(o.file, cwd) } };
      if (f.position !== undefined)
        physical.region = { startLine: f.position.line, startColumn: f.position.column };
      const result: Record<string, unknown> = {
        ruleId: f.checkId,
        ruleIndex: ruleIndex.get(f.checkId) ?? -1,
        level: LEVEL[f.severity],
        message: {
          text: f.container === undefined ? f.message : `container ${f.container.name}: ${f.message}`,
        },
        locations: [
          {
            physicalLocation: physical,
            logicalLocations: [{ fullyQualifiedName: logical, kind: "object" }],
          },
        ],
        partialFingerprints: { "lannerFinding/v1": fingerprint(o, f) },
        properties: {
          severity: f.severity,
          "security-severity": SECURITY_SEVERITY[f.severity],
          path: f.path,
          ...(f.container === undefined
            ? {}
            : { container: f.container.name, containerKind: f.container.kind }),
        },
      };
      if (f.suppressed !== undefined) {
        result.suppressions = [
          {
            kind: "inSource",
            justification: f.suppressed.reason,
            properties: {
              source: f.suppressed.source,
              annotation: f.suppressed.annotation,
              scope: f.suppressed.scope,
            },
          },
        ];
      }
      results.push(result);
    }
  }
  const notifications = r.errors.map((e) => {
    const physical: Record<string, unknown> = { artifactLocation: { uri: artifactUri(e.file, cwd) } };
    if (e.position !== undefined)
      physical.region = { startLine: e.position.line, startColumn: e.position.column };
    return {
      level: "error",
      message: { text: `${e.code}: ${e.message}` },
      locations: [{ physicalLocation: physical }],
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lanner",
            semanticVersion: version,
            version,
            rules,
          },
        },
        invocations: [
          { executionSuccessful: r.errors.length === 0, toolExecutionNotifications: notifications },
        ],
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

/** The SARIF log as text. */
export function formatSarifReport(r: ScanReport, version: string, cwd: string): string {
  return `${JSON.stringify(toSarif(r, version, cwd), null, 2)}\n`;
}
