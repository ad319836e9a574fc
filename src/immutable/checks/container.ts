// Container checks on the effective security settings: read-only root, privileged, privilege escalation,
// users and groups, capabilities, procMount, seccomp, AppArmor.
import type { DocPath, Severity } from "../model.js";
import { asArray, asBool, asInt, asRecord } from "../values.js";
import type { CheckedContainer, PodContext } from "./context.js";

/** Capabilities PSS baseline allows to add (the container runtimes' defaults). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** Capabilities that amount to root on the node. */
const CRITICAL_CAPABILITIES: ReadonlySet<string> = new Set(["ALL", "SYS_ADMIN", "SYS_MODULE"]);

/** Capabilities with known escape or host-impact paths. */
const HIGH_CAPABILITIES: ReadonlySet<string> = new Set([
  "NET_ADMIN",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "SYS_BOOT",
  "SYS_TIME",
  "BPF",
  "PERFMON",
  "DAC_READ_SEARCH",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "SYSLOG",
  "NET_RAW",
]);

function orPath(p: DocPath | undefined, fallback: DocPath): DocPath {
  return p ?? fallback;
}

function where(from: "container" | "pod" | "annotation" | undefined): string {
  if (from === "pod") return " (from the pod securityContext)";
  if (from === "annotation") return " (from a legacy annotation)";
  return "";
}

/** read-only-root-fs: the root filesystem must be read-only; escalates when the container is also root. */
export function checkReadOnlyRootFs(ctx: PodContext, c: CheckedContainer): void {
  const ro = c.sec.readOnlyRootFilesystem;
  if (ro.value === true) return;
  const podLevel = asBool(asRecord(ctx.pod.spec.securityContext)?.readOnlyRootFilesystem) !== undefined;
  const root = c.sec.privileged.value === true || c.sec.runAsUser.value === 0;
  const severity: Severity = root ? "critical" : "high";
  let message =
    ro.value === false
      ? "root filesystem is writable: readOnlyRootFilesystem is false"
      : "root filesystem is writable: readOnlyRootFilesystem is not set";
  if (podLevel) message += " (it is written in the pod securityContext, where Kubernetes ignores it)";
  if (c.sec.privileged.value === true)
    message += "; the container is also privileged, so it can change anything";
  else if (root) message += "; the container also runs as UID 0, so it can replace anything in the image";
  ctx.report({
    checkId: "read-only-root-fs",
    severity,
    message,
    path: orPath(ro.path, c.sec.securityContextPath),
    container: c.ref,
  });
}

/** privileged: no privileged containers. */
export function checkPrivileged(ctx: PodContext, c: CheckedContainer): void {
  const p = c.sec.privileged;
  if (p.value !== true || p.path === undefined) return;
  ctx.report({
    checkId: "privileged",
    severity: "critical",
    message: "privileged: true gives the container every capability and the node's devices",
    path: p.path,
    container: c.ref,
  });
}

/** privilege-escalation: allowPrivilegeEscalation must be false; unset counts as allowed. */
export function checkPrivilegeEscalation(ctx: PodContext, c: CheckedContainer): void {
  if (c.sec.privileged.value === true) return; // always allowed when privileged; `privileged` reports it
  const ape = c.sec.allowPrivilegeEscalation;
  const sysAdmin = c.sec.capAdd.some((x) => x.normalized === "SYS_ADMIN" || x.normalized === "ALL");
  if (ape.value === false) {
    if (!sysAdmin) return;
    ctx.report({
      checkId: "privilege-escalation",
      severity: "high",
      message: "allowPrivilegeEscalation: false has no effect: the container adds CAP_SYS_ADMIN (or ALL)",
      path: orPath(ape.path, c.sec.securityContextPath),
      container: c.ref,
    });
    return;
  }
  ctx.report({
    checkId: "privilege-escalation",
    severity: ape.value === true ? "high" : "medium",
    message:
      ape.value === true
        ? "allowPrivilegeEscalation: true lets setuid binaries and file capabilities raise privileges"
        : "allowPrivilegeEscalation is not set, which Kubernetes treats as allowed (no_new_privs is off)",
    path: orPath(ape.path, c.sec.securityContextPath),
    container: c.ref,
  });
}

/** run-as-non-root, run-as-uid-0, run-as-gid-0 on the merged pod and container settings. */
export function checkUsers(ctx: PodContext, c: CheckedContainer): void {
  const { runAsUser, runAsNonRoot, runAsGroup } = c.sec;
  const userns = ctx.userNamespace
    ? " (mapped to an unprivileged host user: the pod has hostUsers: false)"
    : "";
  const relax = (s: Severity): Severity => (ctx.userNamespace ? "low" : s);
  if (runAsUser.value === 0) {
    const conflict =
      runAsNonRoot.value === true ? "; with runAsNonRoot: true the kubelet will refuse to start it" : "";
    ctx.report({
      checkId: "run-as-uid-0",
      severity: relax("high"),
      message: `runAsUser: 0${where(runAsUser.from)} runs the container as root${conflict}${userns}`,
      path: orPath(runAsUser.path, c.sec.securityContextPath),
      container: c.ref,
    });
  } else if (runAsUser.value === undefined && runAsNonRoot.value !== true) {
    ctx.report({
      checkId: "run-as-non-root",
      severity: relax("medium"),
      message:
        (runAsNonRoot.value === false
          ? `runAsNonRoot: false${where(runAsNonRoot.from)} and no runAsUser`
          : "neither runAsNonRoot: true nor a non-zero runAsUser is set") +
        `: the image's user decides, and most images run as root${userns}`,
      path: orPath(runAsNonRoot.path, c.sec.securityContextPath),
      container: c.ref,
    });
  }
  if (runAsGroup.value === 0) {
    ctx.report({
      checkId: "run-as-gid-0",
      severity: "low",
      message: `runAsGroup: 0${where(runAsGroup.from)} runs the container with the root group`,
      path: orPath(runAsGroup.path, c.sec.securityContextPath),
      container: c.ref,
    });
  }
}

/** capabilities-drop-all and capabilities-added. */
export function checkCapabilities(ctx: PodContext, c: CheckedContainer): void {
  if (c.sec.privileged.value === true) return; // every capability anyway; `privileged` reports it
  if (!c.sec.capDrop.includes("ALL")) {
    const dropped = c.sec.capDrop;
    const netRaw = dropped.includes("NET_RAW") ? "" : " (NET_RAW stays)";
    ctx.report({
      checkId: "capabilities-drop-all",
      severity: "medium",
      message:
        dropped.length === 0
          ? "no capabilities are dropped: the runtime's defaults stay, NET_RAW among them"
          : `drops ${dropped.join(", ")} but not ALL${netRaw}`,
      path: dropped.length === 0 ? c.sec.securityContextPath : [...c.sec.capabilitiesPath, "drop"],
      container: c.ref,
    });
  }
  for (const cap of c.sec.capAdd) {
    const n = cap.normalized;
    if (n === "NET_BIND_SERVICE") continue;
    let severity: Severity;
    let why: string;
    if (CRITICAL_CAPABILITIES.has(n)) {
      severity = "critical";
      why = "amounts to root on the node";
    } else if (HIGH_CAPABILITIES.has(n)) {
      severity = "high";
      why = "has known host-impact and escape paths";
    } else if (!BASELINE_CAPABILITIES.has(n)) {
      severity = "medium";
      why = "is outside what PSS baseline allows";
    } else {
      severity = "low";
      why = "is a runtime default that PSS restricted does not allow to add";
    }
    const spelled = cap.name === n ? "" : ` (written '${cap.name}'; Kubernetes expects '${n}')`;
    ctx.report({
      checkId: "capabilities-added",
      severity,
      message: `adds capability ${n}, which ${why}${spelled}`,
      path: cap.path,
      container: c.ref,
    });
  }
}

/** proc-mount: only the Default /proc mask. */
export function checkProcMount(ctx: PodContext, c: CheckedContainer): void {
  const pm = c.sec.procMount;
  if (pm.value === undefined || pm.value === "Default" || pm.path === undefined) return;
  ctx.report({
    checkId: "proc-mount",
    severity: ctx.userNamespace ? "low" : "high",
    message: `procMount: ${pm.value} unmasks /proc${ctx.userNamespace ? " (inside a user namespace: hostUsers is false)" : ""}`,
    path: pm.path,
    container: c.ref,
  });
}

/** seccomp: a RuntimeDefault or Localhost profile from the field; Unconfined is a baseline violation. */
export function checkSeccomp(ctx: PodContext, c: CheckedContainer): void {
  const s = c.sec.seccomp;
  const base = { checkId: "seccomp", container: c.ref };
  if (s.value === undefined) {
    ctx.report({
      ...base,
      severity: "medium",
      message:
        "no seccomp profile in the pod or container securityContext: the container runs Unconfined unless the kubelet defaults to RuntimeDefault",
      path: c.sec.securityContextPath,
    });
  } else if (s.value === "Unconfined") {
    ctx.report({
      ...base,
      severity: "high",
      message: `seccomp profile is Unconfined${where(s.from)}: every system call is allowed`,
      path: orPath(s.path, c.sec.securityContextPath),
    });
  } else if (s.value !== "RuntimeDefault" && s.value !== "Localhost") {
    ctx.report({
      ...base,
      severity: "medium",
      message: `unknown seccomp profile type '${s.value}'${where(s.from)}`,
      path: orPath(s.path, c.sec.securityContextPath),
    });
  } else if (s.from === "annotation") {
    ctx.report({
      ...base,
      severity: "low",
      message: `seccomp ${s.value} is set only by the legacy annotation (deprecated since 1.19); PSS restricted accepts only securityContext.seccompProfile`,
      path: orPath(s.path, c.sec.securityContextPath),
    });
  }
}

/** apparmor-unconfined: no Unconfined AppArmor profile. */
export function checkAppArmor(ctx: PodContext, c: CheckedContainer): void {
  const a = c.sec.appArmor;
  if (a.value !== "Unconfined") return;
  ctx.report({
    checkId: "apparmor-unconfined",
    severity: "high",
    message: `AppArmor profile is Unconfined${where(a.from)}`,
    path: orPath(a.path, c.sec.securityContextPath),
    container: c.ref,
  });
}

/** host-port: no ports bound on the node. */
export function checkHostPorts(ctx: PodContext, c: CheckedContainer): void {
  asArray(c.at.value.ports).forEach((p, i) => {
    const hostPort = asInt(asRecord(p)?.hostPort);
    if (hostPort === undefined || hostPort === 0) return;
    ctx.report({
      checkId: "host-port",
      severity: "medium",
      message: `hostPort ${hostPort} binds a port on the node`,
      path: [...c.at.path, "ports", i, "hostPort"],
      container: c.ref,
    });
  });
}
