// Shared helpers for the immutable tests: fixture and corpus paths, scanning inline YAML.
import path from "node:path";
import type { Finding, ScannedObject, ScanReport } from "../../src/immutable/model.js";
import { type ScanOptions, scanSources } from "../../src/immutable/scan.js";

export const FIXTURES = path.resolve(process.cwd(), "test/fixtures/immutable");
export const SHARED = path.resolve(process.cwd(), "../shared");
export const CORPUS = path.join(SHARED, "k8s/manifests/kubernetes-examples");

/** Scans one inline manifest (multi-document YAML or JSON) as file `test.yaml`. */
export function scanText(content: string, options: ScanOptions = {}): ScanReport {
  return scanSources([{ name: "test.yaml", content }], { now: new Date("2025-06-01T00:00:00Z"), ...options });
}

/** The findings of all objects of an inline manifest. */
export function findingsOf(content: string, options: ScanOptions = {}): Finding[] {
  return scanText(content, options).objects.flatMap((o) => o.findings);
}

/** Findings of one check, as `severity container path` strings (container `-` for pod-level ones). */
export function compact(findings: readonly Finding[], checkId?: string): string[] {
  return findings
    .filter((f) => checkId === undefined || f.checkId === checkId)
    .map(
      (f) =>
        `${checkId === undefined ? `${f.checkId} ` : ""}${f.severity} ${f.container?.name ?? "-"} ${f.path}`,
    );
}

/** The check ids reported for an object. */
export function checkIds(o: ScannedObject): string[] {
  return [...new Set(o.findings.map((f) => f.checkId))].sort();
}

/** A pod with one container whose spec lines are given (indented under the container). */
export function pod(containerLines: string, podLines = "", meta = ""): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
${meta}spec:
${podLines}  containers:
  - name: app
    image: registry.example.com/app:1.0@sha256:${"a".repeat(64)}
${containerLines}`;
}
