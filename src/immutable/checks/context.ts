// What a check sees: one pod spec, its containers with their effective security, and a way to report.
import type { ContainerRef, DocPath, Severity } from "../model.js";
import type { EffectiveSecurity } from "../security-context.js";
import type { ContainerAt, ObjectAt, PodSpecAt } from "../workload.js";

/** A finding before suppressions and positions are resolved. */
export interface RawFinding {
  checkId: string;
  severity: Severity;
  message: string;
  path: DocPath;
  container?: ContainerRef;
}

/** One container with its effective security settings. */
export interface CheckedContainer {
  at: ContainerAt;
  sec: EffectiveSecurity;
  ref: ContainerRef;
}

/** The input of every check function. */
export interface PodContext {
  obj: ObjectAt;
  pod: PodSpecAt;
  namespace: string | undefined;
  containers: CheckedContainer[];
  /** `spec.os.name: windows`: Linux-only checks are skipped. */
  windows: boolean;
  /** `spec.hostUsers: false`: the pod runs in a user namespace, so root in it is not root on the node. */
  userNamespace: boolean;
  /** automountServiceAccountToken of a ServiceAccount found in the same scan, by `namespace/name`. */
  serviceAccountAutomount: (namespace: string | undefined, name: string) => boolean | undefined;
  report: (f: RawFinding) => void;
}

/** A check function: looks at one pod context and reports findings. */
export type CheckFn = (ctx: PodContext) => void;
