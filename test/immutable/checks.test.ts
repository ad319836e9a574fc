// One test (or a few) per check: what fires, at which severity and path, and what does not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHECKS } from "../../src/immutable/checks/catalog.js";
import { compact, findingsOf, pod } from "./helpers.js";

const C0 = "spec.containers[0]";
const SC = `${C0}.securityContext`;

test("every check has an id, a rationale, a fix, and ids are unique", () => {
  const ids = new Set<string>();
  for (const c of CHECKS) {
    assert.match(c.id, /^[a-z0-9-]+$/);
    assert.ok(!ids.has(c.id), c.id);
    ids.add(c.id);
    assert.ok(c.rationale.length > 20 && c.fix.length > 10, c.id);
    if (c.cis !== undefined) assert.match(c.cis, /^5\.\d+\.\d+$/);
  }
});

test("read-only-root-fs: unset or false is high; true passes", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "read-only-root-fs"), [`high app ${SC}`]);
  const f = findingsOf(pod("    securityContext:\n      readOnlyRootFilesystem: false\n"));
  assert.deepEqual(compact(f, "read-only-root-fs"), [`high app ${SC}.readOnlyRootFilesystem`]);
  assert.match(f.find((x) => x.checkId === "read-only-root-fs")?.message ?? "", /is false/);
  assert.deepEqual(
    compact(
      findingsOf(pod("    securityContext:\n      readOnlyRootFilesystem: true\n")),
      "read-only-root-fs",
    ),
    [],
  );
});

test("read-only-root-fs escalates to critical for UID 0 or privileged", () => {
  const root = findingsOf(pod("", "  securityContext:\n    runAsUser: 0\n"));
  assert.deepEqual(compact(root, "read-only-root-fs"), [`critical app ${SC}`]);
  const priv = findingsOf(pod("    securityContext:\n      privileged: true\n"));
  assert.deepEqual(compact(priv, "read-only-root-fs"), [`critical app ${SC}`]);
});

test("readOnlyRootFilesystem in the pod securityContext is diagnosed, and does not count", () => {
  const f = findingsOf(pod("", "  securityContext:\n    readOnlyRootFilesystem: true\n"));
  assert.deepEqual(compact(f, "security-context-misplaced"), [
    "high - spec.securityContext.readOnlyRootFilesystem",
  ]);
  const ro = f.find((x) => x.checkId === "read-only-root-fs");
  assert.equal(ro?.severity, "high");
  assert.match(ro?.message ?? "", /pod securityContext, where Kubernetes ignores it/);
});

test("security-context-misplaced: pod-only fields in a container, security fields outside a securityContext", () => {
  const f = findingsOf(
    pod(
      "    privileged: true\n    securityContext:\n      fsGroup: 1000\n      readOnlyRootFilesystem: true\n",
      "  runAsNonRoot: true\n",
    ),
  );
  assert.deepEqual(compact(f, "security-context-misplaced").sort(), [
    "high - spec.runAsNonRoot",
    `high app ${C0}.privileged`,
    `high app ${SC}.fsGroup`,
  ]);
  // The misplaced privileged: true is ignored by Kubernetes, so it is not reported as privileged.
  assert.deepEqual(compact(f, "privileged"), []);
});

test("privileged is critical; false passes", () => {
  assert.deepEqual(compact(findingsOf(pod("    securityContext:\n      privileged: true\n")), "privileged"), [
    `critical app ${SC}.privileged`,
  ]);
  assert.deepEqual(
    compact(findingsOf(pod("    securityContext:\n      privileged: false\n")), "privileged"),
    [],
  );
});

test("privilege-escalation: unset is allowed (medium), true is high, false passes unless SYS_ADMIN is added", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "privilege-escalation"), [`medium app ${SC}`]);
  assert.deepEqual(
    compact(
      findingsOf(pod("    securityContext:\n      allowPrivilegeEscalation: true\n")),
      "privilege-escalation",
    ),
    [`high app ${SC}.allowPrivilegeEscalation`],
  );
  assert.deepEqual(
    compact(
      findingsOf(pod("    securityContext:\n      allowPrivilegeEscalation: false\n")),
      "privilege-escalation",
    ),
    [],
  );
  const sysAdmin = findingsOf(
    pod(
      "    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        add: [SYS_ADMIN]\n",
    ),
  );
  assert.deepEqual(compact(sysAdmin, "privilege-escalation"), [`high app ${SC}.allowPrivilegeEscalation`]);
  // Privileged containers always escalate; `privileged` already says so.
  assert.deepEqual(
    compact(findingsOf(pod("    securityContext:\n      privileged: true\n")), "privilege-escalation"),
    [],
  );
});

test("users: pod and container contexts merge, the container's value wins", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "run-as-non-root"), [`medium app ${SC}`]);
  // Pod-level runAsNonRoot covers the container.
  assert.deepEqual(
    compact(findingsOf(pod("", "  securityContext:\n    runAsNonRoot: true\n")), "run-as-non-root"),
    [],
  );
  // A non-zero UID anywhere is enough.
  assert.deepEqual(
    compact(findingsOf(pod("", "  securityContext:\n    runAsUser: 1000\n")), "run-as-non-root"),
    [],
  );
  // Container runAsNonRoot: false overrides the pod's true.
  const over = findingsOf(
    pod("    securityContext:\n      runAsNonRoot: false\n", "  securityContext:\n    runAsNonRoot: true\n"),
  );
  assert.deepEqual(compact(over, "run-as-non-root"), [`medium app ${SC}.runAsNonRoot`]);
  // Container runAsUser: 0 overrides the pod's 1000.
  const uid0 = findingsOf(
    pod("    securityContext:\n      runAsUser: 0\n", "  securityContext:\n    runAsUser: 1000\n"),
  );
  assert.deepEqual(compact(uid0, "run-as-uid-0"), [`high app ${SC}.runAsUser`]);
  assert.deepEqual(compact(uid0, "run-as-non-root"), []);
  // Pod runAsUser: 0 is inherited, and the message says where it came from.
  const podUid0 = findingsOf(pod("", "  securityContext:\n    runAsUser: 0\n    runAsNonRoot: true\n"));
  const f = podUid0.find((x) => x.checkId === "run-as-uid-0");
  assert.equal(f?.path, "spec.securityContext.runAsUser");
  assert.match(f?.message ?? "", /from the pod securityContext.*refuse to start/);
});

test("users: hostUsers: false relaxes root findings to low (PSS relaxes them too)", () => {
  const f = findingsOf(pod("    securityContext:\n      runAsUser: 0\n", "  hostUsers: false\n"));
  assert.deepEqual(compact(f, "run-as-uid-0"), [`low app ${SC}.runAsUser`]);
  assert.deepEqual(compact(f, "host-users"), []);
});

test("run-as-gid-0: runAsGroup, fsGroup and supplementalGroups", () => {
  const f = findingsOf(
    pod(
      "    securityContext:\n      runAsGroup: 0\n",
      "  securityContext:\n    fsGroup: 0\n    supplementalGroups: [10, 0]\n",
    ),
  );
  assert.deepEqual(compact(f, "run-as-gid-0").sort(), [
    "low - spec.securityContext.fsGroup",
    "low - spec.securityContext.supplementalGroups[1]",
    `low app ${SC}.runAsGroup`,
  ]);
});

test("capabilities-drop-all: ALL (any case, with or without CAP_) passes", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "capabilities-drop-all"), [`medium app ${SC}`]);
  for (const drop of ["[ALL]", "[all]", "[CAP_ALL]"]) {
    const f = findingsOf(pod(`    securityContext:\n      capabilities:\n        drop: ${drop}\n`));
    assert.deepEqual(compact(f, "capabilities-drop-all"), [], drop);
  }
  const some = findingsOf(pod("    securityContext:\n      capabilities:\n        drop: [NET_RAW, MKNOD]\n"));
  assert.deepEqual(compact(some, "capabilities-drop-all"), [`medium app ${SC}.capabilities.drop`]);
  assert.ok(
    some.some(
      (x) => x.checkId === "capabilities-drop-all" && /drops NET_RAW, MKNOD but not ALL$/.test(x.message),
    ),
  );
});

test("capabilities-added: severity by capability; NET_BIND_SERVICE is allowed", () => {
  const f = findingsOf(
    pod(
      "    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [SYS_ADMIN, NET_ADMIN, IPC_LOCK, CHOWN, NET_BIND_SERVICE, cap_sys_module]\n",
    ),
  );
  assert.deepEqual(compact(f, "capabilities-added"), [
    `critical app ${SC}.capabilities.add[0]`,
    `high app ${SC}.capabilities.add[1]`,
    `medium app ${SC}.capabilities.add[2]`,
    `low app ${SC}.capabilities.add[3]`,
    `critical app ${SC}.capabilities.add[5]`,
  ]);
  assert.match(
    f.find((x) => x.path.endsWith("add[5]"))?.message ?? "",
    /written 'cap_sys_module'; Kubernetes expects 'SYS_MODULE'/,
  );
});

const hostPathPod = (hostPath: string, mount: string) =>
  pod(
    `    volumeMounts:\n    - name: h\n      mountPath: /h\n${mount}`,
    `  volumes:\n  - name: h\n    hostPath:\n      path: ${hostPath}\n`,
  );

test("host-path: any hostPath; sensitive by prefix, and by containing a sensitive path", () => {
  const plain = findingsOf(hostPathPod("/opt/data", "      readOnly: true\n"));
  assert.deepEqual(compact(plain, "host-path"), ["medium - spec.volumes[0].hostPath.path"]);
  assert.deepEqual(compact(plain, "host-path-sensitive"), []);
  const cases: [string, string][] = [
    ["/etc/ssl/certs", "high"],
    ["/var/run/docker.sock", "critical"],
    ["/var/run/docker.sock/", "critical"],
    ["//var//lib/kubelet/pods", "critical"],
    ["/opt/../etc", "high"],
    ["/var", "critical"],
    ["/", "critical"],
    ["/var/log/pods", "high"],
  ];
  for (const [p, sev] of cases) {
    const f = findingsOf(hostPathPod(p, "      readOnly: true\n"));
    assert.deepEqual(compact(f, "host-path-sensitive"), [`${sev} - spec.volumes[0].hostPath.path`], p);
  }
  assert.match(
    findingsOf(hostPathPod("/var", "")).find((x) => x.checkId === "host-path-sensitive")?.message ?? "",
    /contains the Docker socket/,
  );
});

test("host-path-writable: judged per mount; readOnly mounts pass", () => {
  assert.deepEqual(compact(findingsOf(hostPathPod("/opt/data", "")), "host-path-writable"), [
    `high app ${C0}.volumeMounts[0]`,
  ]);
  assert.deepEqual(
    compact(findingsOf(hostPathPod("/opt/data", "      readOnly: false\n")), "host-path-writable"),
    [`high app ${C0}.volumeMounts[0]`],
  );
  assert.deepEqual(
    compact(findingsOf(hostPathPod("/opt/data", "      readOnly: true\n")), "host-path-writable"),
    [],
  );
});

test("host namespaces are high; host-users is info and skipped when host namespaces are used", () => {
  const f = findingsOf(pod("", "  hostPID: true\n  hostIPC: true\n  hostNetwork: true\n"));
  assert.deepEqual(compact(f, "host-pid"), ["high - spec.hostPID"]);
  assert.deepEqual(compact(f, "host-ipc"), ["high - spec.hostIPC"]);
  assert.deepEqual(compact(f, "host-network"), ["high - spec.hostNetwork"]);
  assert.deepEqual(compact(f, "host-users"), []);
  assert.deepEqual(compact(findingsOf(pod("")), "host-users"), ["info - spec"]);
  assert.deepEqual(compact(findingsOf(pod("", "  hostUsers: true\n")), "host-users"), [
    "info - spec.hostUsers",
  ]);
  assert.deepEqual(compact(findingsOf(pod("", "  hostUsers: false\n")), "host-users"), []);
});

test("host-port: a non-zero hostPort", () => {
  const f = findingsOf(
    pod("    ports:\n    - containerPort: 80\n    - containerPort: 443\n      hostPort: 8443\n"),
  );
  assert.deepEqual(compact(f, "host-port"), [`medium app ${C0}.ports[1].hostPort`]);
});

test("proc-mount: Unmasked is high; Default passes", () => {
  assert.deepEqual(
    compact(findingsOf(pod("    securityContext:\n      procMount: Unmasked\n")), "proc-mount"),
    [`high app ${SC}.procMount`],
  );
  assert.deepEqual(
    compact(findingsOf(pod("    securityContext:\n      procMount: Default\n")), "proc-mount"),
    [],
  );
});

test("unsafe-sysctls: only the PSS safe set passes", () => {
  const f = findingsOf(
    pod(
      "",
      "  securityContext:\n    sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: '1'\n    - name: kernel.msgmax\n      value: '1'\n    - name: net/ipv4/ip_local_port_range\n      value: 1 2\n",
    ),
  );
  assert.deepEqual(compact(f, "unsafe-sysctls"), ["medium - spec.securityContext.sysctls[1].name"]);
});

test("seccomp: inherited from the pod, overridden by the container, legacy annotations", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "seccomp"), [`medium app ${SC}`]);
  const podLevel = "  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n";
  assert.deepEqual(compact(findingsOf(pod("", podLevel)), "seccomp"), []);
  const unconfined = findingsOf(
    pod("    securityContext:\n      seccompProfile:\n        type: Unconfined\n", podLevel),
  );
  assert.deepEqual(compact(unconfined, "seccomp"), [`high app ${SC}.seccompProfile`]);
  const ann = findingsOf(
    pod("", "", "  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n"),
  );
  assert.deepEqual(compact(ann, "seccomp"), [
    'low app metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
  ]);
  const annUnconfined = findingsOf(
    pod("", "", "  annotations:\n    container.seccomp.security.alpha.kubernetes.io/app: unconfined\n"),
  );
  assert.equal(annUnconfined.find((x) => x.checkId === "seccomp")?.severity, "high");
});

test("apparmor-unconfined: field or legacy annotation", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "apparmor-unconfined"), []);
  const field = findingsOf(pod("    securityContext:\n      appArmorProfile:\n        type: Unconfined\n"));
  assert.deepEqual(compact(field, "apparmor-unconfined"), [`high app ${SC}.appArmorProfile`]);
  const ann = findingsOf(
    pod("", "", "  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: unconfined\n"),
  );
  assert.equal(ann.filter((x) => x.checkId === "apparmor-unconfined").length, 1);
});

const imagePod = (image: string, extra = "") =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: ${image}\n${extra}`;
const imageChecks = (image: string, extra = "") =>
  compact(findingsOf(imagePod(image, extra))).filter((s) => s.startsWith("image-"));
const digest = `sha256:${"ab".repeat(32)}`;

test("image checks: no tag, latest, not pinned, pull policy against pinning", () => {
  assert.deepEqual(imageChecks("nginx"), [`image-no-tag medium app ${C0}.image`]);
  assert.deepEqual(imageChecks("registry:5000/app"), [`image-no-tag medium app ${C0}.image`]);
  assert.deepEqual(imageChecks("nginx:latest"), [`image-latest medium app ${C0}.image`]);
  assert.deepEqual(imageChecks("nginx:1.27"), [
    `image-not-pinned low app ${C0}.image`,
    `image-pull-policy low app ${C0}.image`,
  ]);
  assert.deepEqual(imageChecks("nginx:1.27", "    imagePullPolicy: Always\n"), [
    `image-not-pinned low app ${C0}.image`,
  ]);
  assert.deepEqual(imageChecks("nginx:latest", "    imagePullPolicy: IfNotPresent\n"), [
    `image-latest medium app ${C0}.image`,
    `image-pull-policy low app ${C0}.imagePullPolicy`,
  ]);
  // A digest makes any pull policy fine (kube-score and Polaris still demand Always).
  assert.deepEqual(imageChecks(`nginx@${digest}`), []);
  assert.deepEqual(imageChecks(`nginx:1.27@${digest}`, "    imagePullPolicy: Always\n"), []);
  assert.deepEqual(imageChecks(`nginx:1.27@${digest}`, "    imagePullPolicy: Never\n"), []);
  assert.deepEqual(imageChecks("<YOUR-CONTAINER>"), [`image-invalid medium app ${C0}.image`]);
  assert.deepEqual(imageChecks('""'), [`image-invalid medium app ${C0}.image`]);
});

test("automount-service-account-token: pod field, or a ServiceAccount in the same scan", () => {
  assert.deepEqual(compact(findingsOf(pod("")), "automount-service-account-token"), ["low - spec"]);
  assert.deepEqual(
    compact(
      findingsOf(pod("", "  automountServiceAccountToken: false\n")),
      "automount-service-account-token",
    ),
    [],
  );
  assert.deepEqual(
    compact(findingsOf(pod("", "  automountServiceAccountToken: true\n")), "automount-service-account-token"),
    ["low - spec.automountServiceAccountToken"],
  );
  const sa = (ns: string) =>
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: ${ns}\nautomountServiceAccountToken: false\n---\n`;
  const withSa = (ns: string) => `${sa(ns)}${pod("", "  serviceAccountName: app\n", "  namespace: prod\n")}`;
  assert.deepEqual(compact(findingsOf(withSa("prod")), "automount-service-account-token"), []);
  assert.deepEqual(compact(findingsOf(withSa("dev")), "automount-service-account-token"), ["low - spec"]);
});

test("emptydir-size-limit: low on disk, medium in memory, none with a sizeLimit", () => {
  const vols =
    "  volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir:\n      medium: Memory\n  - name: c\n    emptyDir:\n      sizeLimit: 64Mi\n";
  assert.deepEqual(compact(findingsOf(pod("", vols)), "emptydir-size-limit"), [
    "low - spec.volumes[0]",
    "medium - spec.volumes[1]",
  ]);
});

test("writable-mount-exec: writable mounts of a read-only-root container; configMaps and readOnly mounts pass", () => {
  const vols =
    "  volumes:\n  - name: tmp\n    emptyDir:\n      sizeLimit: 64Mi\n  - name: cfg\n    configMap:\n      name: c\n  - name: data\n    persistentVolumeClaim:\n      claimName: d\n      readOnly: true\n  - name: ro\n    emptyDir:\n      sizeLimit: 1Mi\n";
  const mounts =
    "    volumeMounts:\n    - {name: tmp, mountPath: /tmp}\n    - {name: cfg, mountPath: /etc/app}\n    - {name: data, mountPath: /data}\n    - {name: ro, mountPath: /ro, readOnly: true}\n";
  const ro = findingsOf(pod(`    securityContext:\n      readOnlyRootFilesystem: true\n${mounts}`, vols));
  assert.deepEqual(compact(ro, "writable-mount-exec"), [`info app ${C0}.volumeMounts[0]`]);
  // With a writable root the whole root is the drift surface; read-only-root-fs reports that instead.
  assert.deepEqual(compact(findingsOf(pod(mounts, vols)), "writable-mount-exec"), []);
});

test("Windows pods skip Linux-only checks", () => {
  const f = findingsOf(pod("", "  os:\n    name: windows\n"));
  const ids = new Set(f.map((x) => x.checkId));
  for (const id of [
    "read-only-root-fs",
    "seccomp",
    "capabilities-drop-all",
    "run-as-non-root",
    "host-users",
  ]) {
    assert.ok(!ids.has(id), id);
  }
  assert.ok(ids.has("automount-service-account-token"));
});
