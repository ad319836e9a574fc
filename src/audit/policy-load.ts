// Loading a policy file as kube-apiserver's --audit-policy-file does (decode, group version,
// ValidatePolicy, at least one rule), reporting every problem with its file, line and column.
import { readFileSync } from "node:fs";
import { aggregateText, fieldErrorText } from "./go-text.js";
import { type AuditPolicy, type Position, positionOf } from "./policy.js";
import { type DecodeProblem, decodePolicy } from "./policy-decode.js";
import { validatePolicy } from "./policy-validate.js";

export type PolicyDiagnosticCode =
  | DecodeProblem["code"]
  | "POLICY_FILE_READ"
  | "POLICY_INVALID"
  | "POLICY_NO_RULES";

/** An error or warning about a policy file: a code, the message, and where. */
export interface PolicyDiagnostic {
  severity: "error" | "warning";
  code: PolicyDiagnosticCode;
  /** kube-apiserver's own text for errors (`rules[0].level: Required value`). */
  message: string;
  /** The field path concerned, when there is one. */
  path?: string;
  file: string;
  /** 1-based. */
  line?: number;
  column?: number;
  hint?: string;
}

export interface PolicyLoadResult {
  file: string;
  /** Whether kube-apiserver would start with this policy. */
  valid: boolean;
  /** The decoded policy, when decoding succeeded (also when validation then failed). */
  policy?: AuditPolicy;
  errors: PolicyDiagnostic[];
  warnings: PolicyDiagnostic[];
  /** The error kube-apiserver would exit with, when invalid. */
  apiserverError?: string;
}

function diag(
  severity: "error" | "warning",
  file: string,
  p: { code: PolicyDiagnosticCode; message: string; path?: string; hint?: string },
  pos: Position | undefined,
): PolicyDiagnostic {
  return {
    severity,
    code: p.code,
    message: p.message,
    ...(p.path === undefined ? {} : { path: p.path }),
    file,
    ...(pos === undefined ? {} : { line: pos.line, column: pos.column }),
    ...(p.hint === undefined ? {} : { hint: p.hint }),
  };
}

const byPlace = (a: PolicyDiagnostic, b: PolicyDiagnostic) =>
  (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** Loads a policy from its text: what kube-apiserver would do with it, and what it would silently drop. */
export function loadPolicyText(text: string, file: string): PolicyLoadResult {
  const decoded = decodePolicy(text);
  const warnings = decoded.warnings.map((w) => diag("warning", file, w, w.pos)).sort(byPlace);
  const fail = (
    errors: PolicyDiagnostic[],
    apiserverMessage: string,
    policy?: AuditPolicy,
  ): PolicyLoadResult => ({
    file,
    valid: false,
    ...(policy === undefined ? {} : { policy }),
    errors,
    warnings,
    apiserverError: `loading audit policy file: ${apiserverMessage}: from file ${file}`,
  });
  if (!decoded.ok) {
    return fail([diag("error", file, decoded.error, decoded.error.pos)], decoded.error.message);
  }
  const policy = decoded.policy;
  const fieldErrors = validatePolicy(policy);
  if (fieldErrors.length > 0) {
    const texts = fieldErrors.map(fieldErrorText);
    const errors = fieldErrors.map((e, i) =>
      diag(
        "error",
        file,
        { code: "POLICY_INVALID", message: texts[i] as string, path: e.field },
        positionOf(policy, e.at),
      ),
    );
    return fail(errors, aggregateText(texts), policy);
  }
  if (policy.rules.length === 0) {
    const message = "loaded illegal policy with 0 rules";
    const pos = policy.positions.get("rules") ?? policy.positions.get("");
    return fail(
      [
        diag(
          "error",
          file,
          { code: "POLICY_NO_RULES", message, hint: "add at least one rule, e.g. `- level: Metadata`" },
          pos,
        ),
      ],
      message,
      policy,
    );
  }
  return { file, valid: true, policy, errors: [], warnings };
}

/** A Node file error worded as Go's os.ReadFile words it (`open F: no such file or directory`). */
function goFileError(e: unknown, file: string): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return `open ${file}: no such file or directory`;
  if (code === "EACCES") return `open ${file}: permission denied`;
  if (code === "EISDIR") return `read ${file}: is a directory`;
  return e instanceof Error ? e.message : String(e);
}

/** Reads and loads a policy file; an unreadable file is an error result, not an exception. */
export function loadPolicyFile(file: string): PolicyLoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const reason = goFileError(e, file);
    return {
      file,
      valid: false,
      errors: [
        {
          severity: "error",
          code: "POLICY_FILE_READ",
          message: `failed to read file path "${file}": ${reason}`,
          file,
        },
      ],
      warnings: [],
      apiserverError: `loading audit policy file: failed to read file path "${file}": ${reason}`,
    };
  }
  return loadPolicyText(text, file);
}

/** `file:line:col: ` (or `file: `) for a diagnostic. */
export function diagnosticPlace(d: PolicyDiagnostic): string {
  if (d.line === undefined) return `${d.file}: `;
  return `${d.file}:${d.line}:${d.column ?? 1}: `;
}

/** One line for people: place, severity, message, and the hint in parentheses. */
export function formatDiagnostic(d: PolicyDiagnostic): string {
  return `${diagnosticPlace(d)}${d.severity}: ${d.message}${d.hint === undefined ? "" : ` (${d.hint})`}`;
}
