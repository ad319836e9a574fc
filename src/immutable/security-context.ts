// The security settings a container actually runs with: container securityContext over pod
// securityContext (for the fields both have), Kubernetes defaults for unset fields, and the legacy
// seccomp/AppArmor annotations.
import type { DocPath } from "./model.js";
import { asArray, asBool, asInt, asRecord, asString, type JsonRecord } from "./values.js";
import type { ContainerAt, PodSpecAt } from "./workload.js";

/** A setting's value and the field it came from (undefined when the setting is not written anywhere). */
export interface Setting<T> {
  value: T | undefined;
  path: DocPath | undefined;
  from: "container" | "pod" | "annotation" | undefined;
}

/** A seccomp or AppArmor profile type as the field spells it. */
export type ProfileType = "RuntimeDefault" | "Localhost" | "Unconfined" | string;

/** The effective security settings of one container. */
export interface EffectiveSecurity {
  runAsUser: Setting<number>;
  runAsGroup: Setting<number>;
  runAsNonRoot: Setting<boolean>;
  seccomp: Setting<ProfileType>;
  appArmor: Setting<ProfileType>;
  /** Container-only fields. */
  privileged: Setting<boolean>;
  allowPrivilegeEscalation: Setting<boolean>;
  readOnlyRootFilesystem: Setting<boolean>;
  procMount: Setting<string>;
  /** Added capabilities as written, with their index in `capabilities.add`. */
  capAdd: { name: string; normalized: string; path: DocPath }[];
  /** Dropped capabilities, normalized (upper case, no CAP_ prefix). */
  capDrop: string[];
  capabilitiesPath: DocPath;
  securityContextPath: DocPath;
  podSecurityContextPath: DocPath;
}

const unset = <T>(): Setting<T> => ({ value: undefined, path: undefined, from: undefined });

/** Upper case without the `CAP_` prefix, the form runtimes accept and PSS compares (`ALL`, `NET_RAW`). */
export function normalizeCapability(name: string): string {
  const u = name.trim().toUpperCase();
  return u.startsWith("CAP_") ? u.slice(4) : u;
}

function inherited<T>(
  read: (v: unknown) => T | undefined,
  csc: JsonRecord | undefined,
  cscPath: DocPath,
  psc: JsonRecord | undefined,
  pscPath: DocPath,
  key: string,
): Setting<T> {
  const c = read(csc?.[key]);
  if (c !== undefined) return { value: c, path: [...cscPath, key], from: "container" };
  const p = read(psc?.[key]);
  if (p !== undefined) return { value: p, path: [...pscPath, key], from: "pod" };
  return unset<T>();
}

function own<T>(
  read: (v: unknown) => T | undefined,
  sc: JsonRecord | undefined,
  scPath: DocPath,
  key: string,
): Setting<T> {
  const v = read(sc?.[key]);
  return v === undefined ? unset<T>() : { value: v, path: [...scPath, key], from: "container" };
}

function profileType(v: unknown): ProfileType | undefined {
  return asString(asRecord(v)?.type);
}

/** Maps a legacy `runtime/default`, `docker/default`, `unconfined`, `localhost/…` annotation value. */
function annotationProfile(v: string | undefined): ProfileType | undefined {
  if (v === undefined) return undefined;
  if (v === "runtime/default" || v === "docker/default") return "RuntimeDefault";
  if (v === "unconfined") return "Unconfined";
  if (v.startsWith("localhost/")) return "Localhost";
  return v;
}

/** Computes a container's effective settings the way the kubelet merges pod and container contexts. */
export function effectiveSecurity(pod: PodSpecAt, c: ContainerAt): EffectiveSecurity {
  const pscPath = [...pod.specPath, "securityContext"];
  const cscPath = [...c.path, "securityContext"];
  const psc = asRecord(pod.spec.securityContext);
  const csc = asRecord(c.value.securityContext);
  const annotations = asRecord(pod.podMeta?.annotations);
  const annotationsPath = [...pod.podMetaPath, "annotations"];

  let seccomp = inherited(profileType, csc, cscPath, psc, pscPath, "seccompProfile");
  if (seccomp.value === undefined) {
    for (const key of [
      `container.seccomp.security.alpha.kubernetes.io/${c.name}`,
      "seccomp.security.alpha.kubernetes.io/pod",
    ]) {
      const v = annotationProfile(asString(annotations?.[key]));
      if (v !== undefined) {
        seccomp = { value: v, path: [...annotationsPath, key], from: "annotation" };
        break;
      }
    }
  }
  let appArmor = inherited(profileType, csc, cscPath, psc, pscPath, "appArmorProfile");
  if (appArmor.value === undefined) {
    const key = `container.apparmor.security.beta.kubernetes.io/${c.name}`;
    const v = annotationProfile(asString(annotations?.[key]));
    if (v !== undefined) appArmor = { value: v, path: [...annotationsPath, key], from: "annotation" };
  }

  const capsPath = [...cscPath, "capabilities"];
  const caps = asRecord(csc?.capabilities);
  const capAdd: EffectiveSecurity["capAdd"] = [];
  asArray(caps?.add).forEach((x, i) => {
    if (typeof x === "string")
      capAdd.push({ name: x, normalized: normalizeCapability(x), path: [...capsPath, "add", i] });
  });
  const capDrop = asArray(caps?.drop)
    .filter((x): x is string => typeof x === "string")
    .map(normalizeCapability);

  return {
    runAsUser: inherited(asInt, csc, cscPath, psc, pscPath, "runAsUser"),
    runAsGroup: inherited(asInt, csc, cscPath, psc, pscPath, "runAsGroup"),
    runAsNonRoot: inherited(asBool, csc, cscPath, psc, pscPath, "runAsNonRoot"),
    seccomp,
    appArmor,
    privileged: own(asBool, csc, cscPath, "privileged"),
    allowPrivilegeEscalation: own(asBool, csc, cscPath, "allowPrivilegeEscalation"),
    readOnlyRootFilesystem: own(asBool, csc, cscPath, "readOnlyRootFilesystem"),
    procMount: own(asString, csc, cscPath, "procMount"),
    capAdd,
    capDrop,
    capabilitiesPath: capsPath,
    securityContextPath: cscPath,
    podSecurityContextPath: pscPath,
  };
}
