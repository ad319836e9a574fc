// The workload model: which objects carry a pod spec (every pod-spec kind, `List` items, and any CRD with
// `spec.template` or `spec.jobTemplate`), and which containers a pod spec holds.
import type { ContainerField, ContainerKind, DocPath } from "./model.js";
import { CONTAINER_FIELDS } from "./model.js";
import { asArray, asRecord, asString, type JsonRecord } from "./values.js";

/** A Kubernetes object inside a document; `path` is empty unless it is an item of a List. */
export interface ObjectAt {
  value: JsonRecord;
  path: DocPath;
}

/** A pod spec and the metadata that goes with it (the pod template's, or the Pod's own). */
export interface PodSpecAt {
  spec: JsonRecord;
  specPath: DocPath;
  /** The pod's metadata: the object's own for a Pod, the template's otherwise. */
  podMeta?: JsonRecord;
  podMetaPath: DocPath;
  /** Names of a StatefulSet's volumeClaimTemplates: mounts may use them like persistentVolumeClaim volumes. */
  claimTemplates: string[];
}

/** One container of a pod spec. */
export interface ContainerAt {
  value: JsonRecord;
  path: DocPath;
  name: string;
  kind: ContainerKind;
  field: ContainerField;
}

/** The kinds the issue names; others are checked too when they have a pod template. */
export const WORKLOAD_KINDS = [
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "PodTemplate",
] as const;

const KIND_OF_FIELD: Record<ContainerField, ContainerKind> = {
  containers: "container",
  initContainers: "initContainer",
  ephemeralContainers: "ephemeralContainer",
};

/** The objects of a document: the document itself, or the items of a `List` (`kind: List`, `PodList`…). */
export function objectsOfDocument(value: unknown, base: DocPath = []): ObjectAt[] {
  const obj = asRecord(value);
  if (obj === undefined) return [];
  const kind = asString(obj.kind);
  if (kind?.endsWith("List") && Array.isArray(obj.items)) {
    const out: ObjectAt[] = [];
    obj.items.forEach((item, i) => {
      out.push(...objectsOfDocument(item, [...base, "items", i]));
    });
    return out;
  }
  return [{ value: obj, path: base }];
}

/** The pod spec an object carries, or undefined for objects that have none (Services, ConfigMaps…). */
export function podSpecOf(o: ObjectAt): PodSpecAt | undefined {
  const kind = asString(o.value.kind);
  const spec = asRecord(o.value.spec);
  if (kind === "Pod") {
    if (spec === undefined) return undefined;
    return {
      spec,
      specPath: [...o.path, "spec"],
      podMeta: asRecord(o.value.metadata),
      podMetaPath: [...o.path, "metadata"],
      claimTemplates: [],
    };
  }
  if (kind === "PodTemplate") {
    const tpl = asRecord(o.value.template);
    return fromTemplate(tpl, [...o.path, "template"]);
  }
  if (spec === undefined) return undefined;
  const tpl = asRecord(spec.template);
  if (tpl !== undefined) {
    const found = fromTemplate(tpl, [...o.path, "spec", "template"]);
    if (found !== undefined) {
      for (const c of asArray(spec.volumeClaimTemplates)) {
        const name = asString(asRecord(asRecord(c)?.metadata)?.name);
        if (name !== undefined) found.claimTemplates.push(name);
      }
      return found;
    }
  }
  const jobTpl = asRecord(spec.jobTemplate);
  if (jobTpl !== undefined) {
    return fromTemplate(asRecord(asRecord(jobTpl.spec)?.template), [
      ...o.path,
      "spec",
      "jobTemplate",
      "spec",
      "template",
    ]);
  }
  return undefined;
}

function fromTemplate(tpl: JsonRecord | undefined, path: DocPath): PodSpecAt | undefined {
  const spec = asRecord(tpl?.spec);
  if (tpl === undefined || spec === undefined) return undefined;
  // A CRD's `spec.template` is only a pod template when it looks like one.
  if (!CONTAINER_FIELDS.some((f) => Array.isArray(spec[f]))) return undefined;
  return {
    spec,
    specPath: [...path, "spec"],
    podMeta: asRecord(tpl.metadata),
    podMetaPath: [...path, "metadata"],
    claimTemplates: [],
  };
}

/** Every container of a pod spec: init containers, containers, ephemeral containers, in that order. */
export function containersOf(pod: PodSpecAt): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const field of CONTAINER_FIELDS) {
    asArray(pod.spec[field]).forEach((c, i) => {
      const value = asRecord(c);
      if (value === undefined) return;
      out.push({
        value,
        path: [...pod.specPath, field, i],
        name: asString(value.name) ?? `${field}[${i}]`,
        kind: KIND_OF_FIELD[field],
        field,
      });
    });
  }
  return out;
}
