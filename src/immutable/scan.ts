// `lanner immutable scan`: parsed documents → objects → pod specs → findings, with suppressions applied and
// every finding located at a line of its file.

import { checkById } from "./checks/catalog.js";
import {
  checkAppArmor,
  checkCapabilities,
  checkHostPorts,
  checkPrivileged,
  checkPrivilegeEscalation,
  checkProcMount,
  checkReadOnlyRootFs,
  checkSeccomp,
  checkUsers,
} from "./checks/container.js";
import type { CheckedContainer, PodContext, RawFinding } from "./checks/context.js";
import { checkImage } from "./checks/image.js";
import {
  checkHostNamespaces,
  checkHostUsers,
  checkMisplaced,
  checkPodGroups,
  checkServiceAccountToken,
  checkSysctls,
} from "./checks/pod.js";
import { checkMounts, checkVolumes } from "./checks/volumes.js";
import {
  type ManifestDocument,
  type ManifestSource,
  type ParserChoice,
  parseManifestSource,
} from "./input.js";
import { type Finding, formatPath, type InputError, type ScannedObject, type ScanReport } from "./model.js";
import { effectiveSecurity } from "./security-context.js";
import { findSuppression, readSuppressions, type SuppressionMode } from "./suppress.js";
import { asBool, asRecord, asString, dig, type JsonRecord } from "./values.js";
import { volumesOf } from "./volumes.js";
import { containersOf, type ObjectAt, objectsOfDocument, podSpecOf } from "./workload.js";

/** Options of a scan. */
export interface ScanOptions {
  /** Which suppression annotations count (default: all). */
  suppressions?: SuppressionMode;
  /** Today, for suppression expiry (default: now). */
  now?: Date;
  /** Skip computing line/column positions. */
  positions?: boolean;
  /** The fast manifest parser with `yaml` as fallback (default), or always `yaml`. */
  parser?: ParserChoice;
}

type ContainerCheck = (ctx: PodContext, c: CheckedContainer) => void;

const CONTAINER_CHECKS: readonly ContainerCheck[] = [
  checkReadOnlyRootFs,
  checkPrivileged,
  checkPrivilegeEscalation,
  checkUsers,
  checkCapabilities,
  checkProcMount,
  checkSeccomp,
  checkAppArmor,
  checkHostPorts,
  checkImage,
];

const saKey = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;

/** Parses and scans sources; input problems are returned as errors next to the objects. */
export function scanSources(sources: readonly ManifestSource[], options: ScanOptions = {}): ScanReport {
  const documents: ManifestDocument[] = [];
  const errors: InputError[] = [];
  for (const src of sources) {
    const r = parseManifestSource(src, options.parser);
    documents.push(...r.documents);
    errors.push(...r.errors);
  }
  return { objects: scanDocuments(documents, options), errors };
}

/** Scans parsed documents: every object, and the findings of those that carry a pod spec. */
export function scanDocuments(
  documents: readonly ManifestDocument[],
  options: ScanOptions = {},
): ScannedObject[] {
  const perDoc = documents.map((d) => ({ d, objects: objectsOfDocument(d.value) }));
  // ServiceAccounts in the same scan settle automountServiceAccountToken for the pods that use them.
  const serviceAccounts = new Map<string, boolean>();
  for (const { objects } of perDoc) {
    for (const o of objects) {
      if (o.value.kind !== "ServiceAccount") continue;
      const automount = asBool(o.value.automountServiceAccountToken);
      const name = asString(dig(o.value, "metadata", "name"));
      if (automount !== undefined && name !== undefined) {
        serviceAccounts.set(saKey(asString(dig(o.value, "metadata", "namespace")), name), automount);
      }
    }
  }
  const out: ScannedObject[] = [];
  for (const { d, objects } of perDoc) {
    for (const o of objects) out.push(scanObject(d, o, serviceAccounts, options));
  }
  return out;
}

function scanObject(
  d: ManifestDocument,
  o: ObjectAt,
  serviceAccounts: ReadonlyMap<string, boolean>,
  options: ScanOptions,
): ScannedObject {
  const meta = asRecord(o.value.metadata);
  const namespace = asString(meta?.namespace);
  const positions = options.positions !== false;
  const scanned: ScannedObject = {
    file: d.file,
    documentIndex: d.index,
    path: formatPath(o.path),
    apiVersion: asString(o.value.apiVersion) ?? "",
    kind: asString(o.value.kind) ?? "",
    name: asString(meta?.name) ?? asString(meta?.generateName) ?? "",
    workload: false,
    findings: [],
    suppressionNotes: [],
  };
  if (namespace !== undefined) scanned.namespace = namespace;
  if (positions) {
    const pos = d.locate(o.path);
    if (pos !== undefined) scanned.position = pos;
  }
  const pod = podSpecOf(o);
  if (pod === undefined) return scanned;
  scanned.workload = true;

  const raw: RawFinding[] = [];
  const windows = asString(dig(pod.spec, "os", "name")) === "windows";
  const containers: CheckedContainer[] = containersOf(pod).map((at) => ({
    at,
    sec: effectiveSecurity(pod, at),
    ref: { name: at.name, kind: at.kind },
  }));
  const ctx: PodContext = {
    obj: o,
    pod,
    namespace,
    containers,
    windows,
    userNamespace: asBool(pod.spec.hostUsers) === false,
    serviceAccountAutomount: (ns, name) => serviceAccounts.get(saKey(ns, name)),
    report: (f) => {
      if (windows && checkById(f.checkId)?.linuxOnly === true) return;
      raw.push(f);
    },
  };
  checkMisplaced(ctx);
  checkHostNamespaces(ctx);
  checkHostUsers(ctx);
  checkSysctls(ctx);
  checkServiceAccountToken(ctx);
  checkPodGroups(ctx);
  const volumes = volumesOf(pod);
  checkVolumes(ctx, volumes);
  for (const c of containers) for (const check of CONTAINER_CHECKS) check(ctx, c);
  checkMounts(ctx, volumes);

  const annotationMaps: (JsonRecord | undefined)[] = [asRecord(meta?.annotations)];
  if (pod.podMeta !== meta) annotationMaps.push(asRecord(pod.podMeta?.annotations));
  const jobMeta = asRecord(dig(o.value, "spec", "jobTemplate", "metadata"));
  if (jobMeta !== undefined) annotationMaps.push(asRecord(jobMeta.annotations));
  const sup = readSuppressions(annotationMaps, options.suppressions ?? "all", options.now ?? new Date());
  scanned.suppressionNotes = sup.notes;
  scanned.findings = raw.map((f) => {
    const finding: Finding = {
      checkId: f.checkId,
      severity: f.severity,
      message: f.message,
      path: formatPath(f.path),
    };
    if (f.container !== undefined) finding.container = f.container;
    if (positions) {
      const pos = d.locate(f.path);
      if (pos !== undefined) finding.position = pos;
    }
    const s = findSuppression(sup, f);
    if (s !== undefined) finding.suppressed = s;
    return finding;
  });
  return scanned;
}
