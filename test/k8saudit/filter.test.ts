// Conditions of the upstream k8s audit rules (macros and lists expanded by hand), compiled by the
// filter compiler against the k8s_audit schema and run on the regression trace files.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileFilter, parseCondition } from "../../src/filter/index.js";
import { type AuditEvent, k8sAuditSchema } from "../../src/k8saudit/index.js";
import { traceEvents, traceFiles } from "./helpers.js";

async function allEvents(): Promise<Array<[string, AuditEvent]>> {
  const out: Array<[string, AuditEvent]> = [];
  for (const f of traceFiles()) {
    if (f === "fal_01_003.json") continue;
    for (const e of await traceEvents(f)) out.push([f, e]);
  }
  return out;
}

/** Matching events per trace file. */
function hits(condition: string, events: Array<[string, AuditEvent]>): Record<string, number> {
  const filter = compileFilter(parseCondition(condition), k8sAuditSchema);
  const out: Record<string, number> = {};
  for (const [f, e] of events) if (filter.match(e)) out[f] = (out[f] ?? 0) + 1;
  return out;
}

const one = (...files: string[]) => Object.fromEntries(files.map((f) => [f, 1]));

const SENSITIVE_PATHS =
  "/proc, /var/run/docker.sock, /, /etc, /root, /var/run/crio/crio.sock, /run/containerd/containerd.sock, " +
  "/home/admin, /var/lib/kubelet, /var/lib/kubelet/pki, /etc/kubernetes, /etc/kubernetes/manifests";

test("conditions of the upstream rules match the right trace events", async () => {
  const events = await allEvents();
  const cases: Array<[string, Record<string, number>]> = [
    [
      "ka.req.pod.containers.privileged intersects (true)",
      one(
        "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
        "create_nginx_pod_privileged.json",
        "create_nginx_pod_privileged_2nd_container.json",
      ),
    ],
    // `in` needs every present value in the set: the pod with a non-privileged first container is out.
    [
      "ka.req.pod.containers.privileged in (true)",
      one(
        "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
        "create_nginx_pod_privileged.json",
      ),
    ],
    ["ka.target.resource = pods and ka.target.subresource = exec", one("exec_pod.json")],
    // Attach/Exec Pod: kevt_started and pod_subresource and kcreate and subresource in (exec,attach).
    [
      "(jevt.value[/stage]=ResponseStarted) and ka.target.resource=pods and ka.target.subresource exists " +
        "and ka.verb=create and ka.target.subresource in (exec,attach)",
      one("attach_pod.json", "exec_pod.json"),
    ],
    ["ka.uri.param[command] = bash", one("exec_pod.json")],
    // Create Sensitive Mount Pod: sensitive_vol_mount.
    [
      `ka.req.pod.volumes.hostpath intersects (${SENSITIVE_PATHS})`,
      one("create_nginx_pod_sensitive_mount.json", "create_nginx_pod_sensitive_mount_2nd_container.json"),
    ],
    ["ka.req.pod.host_network intersects (true)", one("create_nginx_pod_hostnetwork.json")],
    [
      "ka.req.pod.containers.image.repository intersects (mysql)",
      one(
        "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
        "create_nginx_pod_privileged_2nd_container.json",
        "create_nginx_pod_sensitive_mount_2nd_container.json",
      ),
    ],
    // Create/Modify Configmap With Private Credentials (kevt and configmap and kmodify and contains_private_credentials).
    [
      '(jevt.value[/stage] in ("ResponseComplete")) and ka.target.resource=configmaps and ' +
        "(ka.verb in (create,update,patch)) and " +
        '(ka.req.configmap.obj contains "aws_access_key_id" or ka.req.configmap.obj contains "aws-access-key-id" or ' +
        'ka.req.configmap.obj contains "aws_s3_access_key_id" or ka.req.configmap.obj contains "aws-s3-access-key-id" or ' +
        'ka.req.configmap.obj contains "password" or ka.req.configmap.obj contains "passphrase")',
      { "create_configmap_sensitive_values.json": 6 },
    ],
    // ClusterRole With Wildcard Created.
    [
      '(jevt.value[/stage] in ("ResponseComplete")) and (ka.target.resource=roles or ka.target.resource=clusterroles) ' +
        'and ka.verb=create and (ka.req.role.rules.resources intersects ("*") or ka.req.role.rules.verbs intersects ("*"))',
      one("create_cluster_role_wildcard_resources.json", "create_cluster_role_wildcard_verbs.json"),
    ],
    [
      "ka.req.role.rules.verbs intersects (create, update, patch, delete, deletecollection)",
      one("create_cluster_role_write_privileges.json", "modify_cluster_role_node_problem_detector.json"),
    ],
    ['ka.req.role.rules.resources intersects ("pods/exec")', one("create_cluster_role_pod_exec.json")],
    // Attach to cluster-admin Role.
    [
      "ka.target.resource=clusterrolebindings and ka.verb=create and ka.req.binding.role=cluster-admin",
      one("attach_cluster_admin_role.json"),
    ],
    [
      "ka.req.binding.subjects.user_names intersects (minikube)",
      one("attach_cluster_admin_role.json", "create_clusterrolebinding.json"),
    ],
    ["ka.req.service.type=NodePort", one("create_nginx_service_nodeport.json")],
    // Anonymous Request Allowed.
    [
      'ka.user.name=system:anonymous and ka.auth.decision="allow" and not (ka.uri=/healthz or ka.uri startswith /healthz?)',
      one("anonymous_creates_namespace_foo.json"),
    ],
    [
      "ka.target.namespace in (kube-system, kube-public) and ka.target.resource=serviceaccounts and ka.response.code startswith 2",
      one(
        "create_serviceaccount_kube_public_namespace.json",
        "create_serviceaccount_kube_system_namespace.json",
      ),
    ],
    [
      "ka.req.pod.containers.image[1] intersects (mysql:latest)",
      one(
        "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
        "create_nginx_pod_privileged_2nd_container.json",
        "create_nginx_pod_sensitive_mount_2nd_container.json",
      ),
    ],
    ["evt.num > 1", { "create_configmap_sensitive_values.json": 5 }],
    [
      'evt.source = k8s_audit and evt.pluginname = k8saudit and jevt.value[/verb] = "get"',
      one("create_nginx_pod_unsensitive_mount.json"),
    ],
    // k8s_audit_never_true: jevt.rawtime is never 0.
    ["jevt.rawtime=0", {}],
  ];
  for (const [condition, want] of cases) assert.deepEqual(hits(condition, events), want, condition);
  // k8s_audit_always_true and the json pointer regression rule match every event.
  const all = events.length;
  for (const c of [
    "jevt.rawtime exists",
    "jevt.value[/annotations/authorization.k8s.io~1decision] exists and not (jevt.value[/a~1~0b] exists)",
  ]) {
    assert.equal(
      Object.values(hits(c, events)).reduce((a, b) => a + b, 0),
      all,
      c,
    );
  }
});

test("list fields reject '=' like libsinsp", () => {
  assert.throws(
    () => compileFilter(parseCondition("ka.req.pod.containers.image = nginx"), k8sAuditSchema),
    /list/,
  );
});
