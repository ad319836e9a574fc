// The vocabulary of `lanner immutable`: severities, checks, findings, suppressions and scan results.

/** Severities from most to least severe; `--fail-on` and sorting follow this order. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank of a severity: 0 for critical, 4 for info (lower is more severe). */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Parses a severity name (case-insensitive); undefined when it is not one. */
export function parseSeverity(text: string): Severity | undefined {
  const s = text.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : undefined;
}

/** The three container lists of a pod spec, named as in the PodSpec. */
export const CONTAINER_FIELDS = ["initContainers", "containers", "ephemeralContainers"] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

/** A path inside one YAML/JSON document: map keys and sequence indexes from the document root. */
export type DocPath = readonly (string | number)[];

/** Renders a path the way people write it: `spec.containers[0].securityContext`. */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** One line and column (both 1-based) in an input file. */
export interface Position {
  line: number;
  column: number;
}

/** An input problem (unreadable file, YAML that does not parse), as a value with a code and a location. */
export interface InputError {
  code: "FILE_READ" | "YAML_PARSE" | "JSON_PARSE" | "NOT_AN_OBJECT";
  message: string;
  file: string;
  position?: Position;
}

/** Where a check stands in the Pod Security Standards. */
export type PssLevel = "baseline" | "restricted";

/** The ids of the same (or nearest) check in the tools the reference compares, for docs and suppressions. */
export interface AnchorIds {
  kubeScore?: readonly string[];
  kubesec?: readonly string[];
  polaris?: readonly string[];
  kubeLinter?: readonly string[];
  checkov?: readonly string[];
  trivy?: readonly string[];
}

/** A check's static description: what it looks at, why it matters and how to fix it. */
export interface CheckInfo {
  id: string;
  title: string;
  /** Default severity; a finding may carry another one when the context makes it worse or milder. */
  severity: Severity;
  scope: "pod" | "container" | "volume" | "mount";
  pss?: PssLevel;
  /** CIS Kubernetes Benchmark v1.7.0 recommendation number, e.g. "5.2.2". */
  cis?: string;
  rationale: string;
  fix: string;
  /** True for checks that do not apply to Windows pods (`spec.os.name: windows`). */
  linuxOnly: boolean;
  anchors: AnchorIds;
}

/** The three kinds of container a pod spec can hold. */
export type ContainerKind = "container" | "initContainer" | "ephemeralContainer";

/** Which container a finding is about. */
export interface ContainerRef {
  name: string;
  kind: ContainerKind;
}

/** Where a suppression came from. */
export type SuppressionSource = "lanner" | "kube-score" | "kube-linter" | "polaris" | "checkov";

/** An annotation that silences a finding; the finding is still reported, marked as suppressed. */
export interface Suppression {
  source: SuppressionSource;
  /** The annotation key, e.g. `ignore.lanner.dev/read-only-root-fs.nginx`. */
  annotation: string;
  reason: string;
  scope: "object" | "container";
  /** ISO date after which a Lanner suppression stops applying. */
  expires?: string;
}

/** One problem found in one object (and, for container checks, one container). */
export interface Finding {
  checkId: string;
  severity: Severity;
  message: string;
  container?: ContainerRef;
  /** The field the finding is about, rendered (`spec.template.spec.containers[0].image`). */
  path: string;
  position?: Position;
  suppressed?: Suppression;
}

/** A note about a suppression annotation that was not honoured (no reason, expired, unknown check). */
export interface SuppressionNote {
  annotation: string;
  message: string;
}

/** A Kubernetes object found in the input, with the findings about it. */
export interface ScannedObject {
  file: string;
  /** 0-based index of the YAML document in its file. */
  documentIndex: number;
  /** Path of the object inside its document (non-empty for items of a `List`). */
  path: string;
  position?: Position;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** True when the object carries a pod spec (and was checked). */
  workload: boolean;
  findings: Finding[];
  suppressionNotes: SuppressionNote[];
}

/** The result of scanning a set of inputs. */
export interface ScanReport {
  objects: ScannedObject[];
  errors: InputError[];
}
