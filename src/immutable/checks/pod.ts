// Pod checks: host namespaces, user namespaces, sysctls, the service account token, group 0 at pod level,
// and security fields written at the wrong level.
import { asArray, asBool, asInt, asRecord, asString } from "../values.js";
import type { PodContext } from "./context.js";

/** Sysctls PSS baseline allows (namespaced and isolated per pod). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

/** securityContext fields only a container has (Kubernetes drops them from a PodSecurityContext). */
const CONTAINER_ONLY = [
  "readOnlyRootFilesystem",
  "privileged",
  "allowPrivilegeEscalation",
  "capabilities",
  "procMount",
];
/** securityContext fields only a pod has. */
const POD_ONLY = [
  "fsGroup",
  "fsGroupChangePolicy",
  "supplementalGroups",
  "supplementalGroupsPolicy",
  "sysctls",
];
/** Fields people write straight on the container or pod spec instead of in a securityContext. */
const SECURITY_FIELDS = [
  "readOnlyRootFilesystem",
  "privileged",
  "allowPrivilegeEscalation",
  "capabilities",
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "seccompProfile",
];

/** host-pid, host-ipc, host-network. */
export function checkHostNamespaces(ctx: PodContext): void {
  const spec = ctx.pod.spec;
  const ns: [string, string, string][] = [
    ["hostPID", "host-pid", "shares the node's process namespace"],
    ["hostIPC", "host-ipc", "shares the node's IPC namespace"],
    ["hostNetwork", "host-network", "uses the node's network namespace"],
  ];
  for (const [field, checkId, what] of ns) {
    if (asBool(spec[field]) !== true) continue;
    ctx.report({
      checkId,
      severity: "high",
      message: `${field}: true ${what}`,
      path: [...ctx.pod.specPath, field],
    });
  }
}

/** host-users: a user namespace unless the pod needs host namespaces (which cannot go with one). */
export function checkHostUsers(ctx: PodContext): void {
  const spec = ctx.pod.spec;
  if (ctx.userNamespace) return;
  if (["hostPID", "hostIPC", "hostNetwork"].some((f) => asBool(spec[f]) === true)) return;
  const written = asBool(spec.hostUsers);
  ctx.report({
    checkId: "host-users",
    severity: "info",
    message:
      written === true
        ? "hostUsers: true: root in the container is root on the node"
        : "hostUsers is not set to false: root in the container is root on the node",
    path: written === undefined ? ctx.pod.specPath : [...ctx.pod.specPath, "hostUsers"],
  });
}

/** unsafe-sysctls: only the PSS baseline safe set. */
export function checkSysctls(ctx: PodContext): void {
  const sc = asRecord(ctx.pod.spec.securityContext);
  asArray(sc?.sysctls).forEach((s, i) => {
    const name = asString(asRecord(s)?.name);
    if (name === undefined) return;
    if (SAFE_SYSCTLS.has(name.replaceAll("/", "."))) return;
    ctx.report({
      checkId: "unsafe-sysctls",
      severity: "medium",
      message: `sysctl ${name} is not in the safe (namespaced) set`,
      path: [...ctx.pod.specPath, "securityContext", "sysctls", i, "name"],
    });
  });
}

/** automount-service-account-token, cross-checked with a ServiceAccount from the same scan. */
export function checkServiceAccountToken(ctx: PodContext): void {
  const spec = ctx.pod.spec;
  const written = asBool(spec.automountServiceAccountToken);
  if (written === false) return;
  const saName = asString(spec.serviceAccountName) ?? asString(spec.serviceAccount) ?? "default";
  if (written === undefined && ctx.serviceAccountAutomount(ctx.namespace, saName) === false) return;
  ctx.report({
    checkId: "automount-service-account-token",
    severity: "low",
    message:
      written === true
        ? "automountServiceAccountToken: true mounts an API token in every container"
        : `automountServiceAccountToken is not set, and ServiceAccount '${saName}' does not disable it (in this scan): an API token is mounted in every container`,
    path: written === undefined ? ctx.pod.specPath : [...ctx.pod.specPath, "automountServiceAccountToken"],
  });
}

/** run-as-gid-0 for the pod-level groups: fsGroup and supplementalGroups. */
export function checkPodGroups(ctx: PodContext): void {
  if (ctx.windows) return;
  const scPath = [...ctx.pod.specPath, "securityContext"];
  const sc = asRecord(ctx.pod.spec.securityContext);
  if (asInt(sc?.fsGroup) === 0) {
    ctx.report({
      checkId: "run-as-gid-0",
      severity: "low",
      message: "fsGroup: 0 gives every volume to the root group",
      path: [...scPath, "fsGroup"],
    });
  }
  asArray(sc?.supplementalGroups).forEach((g, i) => {
    if (g !== 0) return;
    ctx.report({
      checkId: "run-as-gid-0",
      severity: "low",
      message: "supplementalGroups includes 0 (root)",
      path: [...scPath, "supplementalGroups", i],
    });
  });
}

/** security-context-misplaced: fields at a level where Kubernetes ignores them. */
export function checkMisplaced(ctx: PodContext): void {
  const specPath = ctx.pod.specPath;
  const psc = asRecord(ctx.pod.spec.securityContext);
  for (const f of CONTAINER_ONLY) {
    if (psc?.[f] === undefined) continue;
    ctx.report({
      checkId: "security-context-misplaced",
      severity: "high",
      message: `${f} is a container setting: in the pod securityContext Kubernetes ignores it; set it in each container's securityContext`,
      path: [...specPath, "securityContext", f],
    });
  }
  for (const f of SECURITY_FIELDS) {
    if (ctx.pod.spec[f] === undefined) continue;
    ctx.report({
      checkId: "security-context-misplaced",
      severity: "high",
      message: `${f} written directly in the pod spec is ignored; it belongs in a securityContext`,
      path: [...specPath, f],
    });
  }
  for (const c of ctx.containers) {
    const csc = asRecord(c.at.value.securityContext);
    for (const f of POD_ONLY) {
      if (csc?.[f] === undefined) continue;
      ctx.report({
        checkId: "security-context-misplaced",
        severity: "high",
        message: `${f} is a pod setting: in a container securityContext Kubernetes ignores it; set it in spec.securityContext`,
        path: [...c.at.path, "securityContext", f],
        container: c.ref,
      });
    }
    for (const f of SECURITY_FIELDS) {
      if (c.at.value[f] === undefined) continue;
      ctx.report({
        checkId: "security-context-misplaced",
        severity: "high",
        message: `${f} written directly on the container is ignored; it belongs in its securityContext`,
        path: [...c.at.path, f],
        container: c.ref,
      });
    }
  }
}
