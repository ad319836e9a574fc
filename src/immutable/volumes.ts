// Volumes and mounts: which volume a mount uses, whether the mount is writable, and which host paths are
// sensitive (by prefix, and also when a mounted directory contains a sensitive path).
import path from "node:path";
import type { DocPath, Severity } from "./model.js";
import { asArray, asBool, asRecord, asString, type JsonRecord } from "./values.js";
import type { ContainerAt, PodSpecAt } from "./workload.js";

/** A pod volume with its source type (`emptyDir`, `hostPath`, …). */
export interface VolumeAt {
  name: string;
  type: string | undefined;
  source: JsonRecord | undefined;
  value: JsonRecord;
  path: DocPath;
}

/** A container's volumeMount with the volume it uses. */
export interface MountAt {
  mountPath: string;
  readOnly: boolean;
  value: JsonRecord;
  path: DocPath;
  volume: VolumeAt | undefined;
}

/** Volume types the kubelet always mounts read-only. */
const READ_ONLY_TYPES = new Set(["configMap", "secret", "downwardAPI", "projected", "image"]);

/** The volumes of a pod spec, with a StatefulSet's claim templates as persistentVolumeClaim volumes. */
export function volumesOf(pod: PodSpecAt): VolumeAt[] {
  const out: VolumeAt[] = [];
  // The StatefulSet controller replaces pod volumes named like a claim template with the claim.
  const claims = new Set(pod.claimTemplates);
  const claimsPath = pod.specPath.slice(0, -2).concat("volumeClaimTemplates");
  pod.claimTemplates.forEach((name, i) => {
    const value = { name, persistentVolumeClaim: { claimName: name } };
    out.push({
      name,
      type: "persistentVolumeClaim",
      source: value.persistentVolumeClaim,
      value,
      path: [...claimsPath, i],
    });
  });
  asArray(pod.spec.volumes).forEach((v, i) => {
    const value = asRecord(v);
    if (value === undefined || claims.has(asString(value.name) ?? "")) return;
    const type = Object.keys(value).find((k) => k !== "name");
    out.push({
      name: asString(value.name) ?? "",
      type,
      source: type === undefined ? undefined : asRecord(value[type]),
      value,
      path: [...pod.specPath, "volumes", i],
    });
  });
  return out;
}

/** The volumeMounts of a container, resolved against the pod's volumes. */
export function mountsOf(c: ContainerAt, volumes: readonly VolumeAt[]): MountAt[] {
  const byName = new Map(volumes.map((v) => [v.name, v]));
  const out: MountAt[] = [];
  asArray(c.value.volumeMounts).forEach((m, i) => {
    const value = asRecord(m);
    if (value === undefined) return;
    out.push({
      mountPath: asString(value.mountPath) ?? "",
      readOnly: asBool(value.readOnly) === true,
      value,
      path: [...c.path, "volumeMounts", i],
      volume: byName.get(asString(value.name) ?? ""),
    });
  });
  return out;
}

/** Whether the container can write through this mount (mount readOnly, volume source readOnly, type). */
export function isWritableMount(m: MountAt): boolean {
  if (m.readOnly) return false;
  const v = m.volume;
  if (v === undefined || v.type === undefined) return false;
  if (READ_ONLY_TYPES.has(v.type)) return false;
  return asBool(v.source?.readOnly) !== true;
}

/** Host paths by how much they expose; more specific entries win. */
const SENSITIVE_HOST_PATHS: readonly [string, Severity, string][] = [
  ["/var/run/docker.sock", "critical", "the Docker socket (control of every container on the node)"],
  ["/run/docker.sock", "critical", "the Docker socket (control of every container on the node)"],
  ["/var/run/containerd", "critical", "containerd's socket and state"],
  ["/run/containerd", "critical", "containerd's socket and state"],
  ["/var/run/crio", "critical", "CRI-O's socket"],
  ["/run/crio", "critical", "CRI-O's socket"],
  ["/var/run/cri-dockerd.sock", "critical", "cri-dockerd's socket"],
  ["/var/lib/kubelet", "critical", "the kubelet's credentials and every pod's volumes"],
  ["/etc/kubernetes", "critical", "the node's Kubernetes credentials and static pods"],
  ["/var/lib/etcd", "critical", "etcd's data (every Secret of the cluster)"],
  ["/var/lib/docker", "critical", "Docker's images and container filesystems"],
  ["/var/lib/containerd", "critical", "containerd's images and container filesystems"],
  ["/etc", "high", "the node's configuration (users, SSH keys, sudoers)"],
  ["/root", "high", "root's home directory"],
  ["/home", "high", "users' home directories"],
  ["/proc", "high", "the node's /proc"],
  ["/sys", "high", "the node's /sys"],
  ["/dev", "high", "the node's devices"],
  ["/boot", "high", "the node's kernel and boot loader"],
  ["/lib", "high", "the node's libraries"],
  ["/lib64", "high", "the node's libraries"],
  ["/usr", "high", "the node's programs and libraries"],
  ["/bin", "high", "the node's programs"],
  ["/sbin", "high", "the node's programs"],
  ["/var/run", "high", "the node's runtime sockets"],
  ["/run", "high", "the node's runtime sockets"],
  ["/var/log", "high", "the node's logs (symlinks there let a pod read host files through the kubelet)"],
];

/** Normalizes a host path: no duplicate or trailing slashes, `.` and `..` resolved. */
export function normalizeHostPath(p: string): string {
  const n = path.posix.normalize(p.trim() === "" ? "/" : p.trim());
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

function isUnder(p: string, prefix: string): boolean {
  return p === prefix || p.startsWith(`${prefix}/`);
}

/**
 * Why a host path is sensitive: it is, or is under, a sensitive path — or it contains one (mounting `/var`
 * exposes `/var/lib/kubelet`). Undefined when it is not.
 */
export function sensitiveHostPath(
  raw: string,
): { severity: Severity; what: string; match: string } | undefined {
  const p = normalizeHostPath(raw);
  if (p === "/") return { severity: "critical", what: "the node's whole filesystem", match: "/" };
  for (const [prefix, severity, what] of SENSITIVE_HOST_PATHS) {
    if (isUnder(p, prefix)) return { severity, what, match: prefix };
  }
  for (const [prefix, severity, what] of SENSITIVE_HOST_PATHS) {
    if (isUnder(prefix, p)) return { severity, what: `a directory that contains ${what}`, match: prefix };
  }
  return undefined;
}
