// Falco's own k8s audit regression tests (falcosecurity/falco test/falco_k8s_audit_tests.yaml),
// replayed: the pinned upstream rules (falco_rules.yaml, then k8s_audit_rules.yaml) plus each test's
// extra rules files, loaded by the rules loader, the k8s_audit rules run over the same trace files.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import type { EventSchema } from "../../src/fields/types.js";
import { k8sAuditSchema, readAuditFile } from "../../src/k8saudit/index.js";
import { loadRules, Priority } from "../../src/rules/index.js";
import { SHARED, TRACE_DIR } from "./helpers.js";

const FALCO_RULES = resolve(SHARED, "rules/pinned/falco_rules-1.0.1.yaml");
const K8S_RULES = resolve(SHARED, "rules/pinned/k8s_audit_rules-0.6.0.yaml");
const TEST_RULES = resolve(SHARED, "conformance/falco-regression/rules/k8s_audit");

interface Case {
  name: string;
  trace: string;
  /** Rules files besides the k8s audit rules (relative to the regression k8s_audit rules folder). */
  extra?: string[];
  /** Use only these rules files (relative to the regression folder) instead of the k8s audit rules. */
  only?: string[];
  /** Expected alert count per rule; absent: no alert at detectLevel or more severe. */
  counts?: Record<string, number>;
  detectLevel?: Priority;
  stderr?: string;
}

const CASES: Case[] = [
  {
    name: "user_outside_allowed_set",
    trace: "some-user_creates_namespace_foo.json",
    extra: ["allow_namespace_foo.yaml"],
    counts: { "Disallowed K8s User": 1 },
  },
  {
    name: "user_in_allowed_set",
    trace: "some-user_creates_namespace_foo.json",
    extra: ["allow_namespace_foo.yaml", "allow_user_some-user.yaml", "disallow_kactivity.yaml"],
  },
  {
    name: "create_disallowed_pod",
    trace: "create_nginx_pod_unprivileged.json",
    extra: ["allow_only_apache_container.yaml"],
    counts: { "Create Disallowed Pod": 1 },
  },
  {
    name: "create_allowed_pod",
    trace: "create_nginx_pod_unprivileged.json",
    extra: ["allow_nginx_container.yaml"],
  },
  {
    name: "create_privileged_pod",
    trace: "create_nginx_pod_privileged.json",
    counts: { "Create Privileged Pod": 1 },
  },
  {
    name: "create_privileged_no_secctx_1st_container_2nd_container_pod",
    trace: "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
    counts: { "Create Privileged Pod": 1 },
  },
  {
    name: "create_privileged_2nd_container_pod",
    trace: "create_nginx_pod_privileged_2nd_container.json",
    counts: { "Create Privileged Pod": 1 },
  },
  {
    name: "create_privileged_trusted_pod",
    trace: "create_nginx_pod_privileged.json",
    extra: ["trust_nginx_container.yaml"],
  },
  { name: "create_unprivileged_pod", trace: "create_nginx_pod_unprivileged.json" },
  {
    name: "create_unprivileged_trusted_pod",
    trace: "create_nginx_pod_unprivileged.json",
    extra: ["trust_nginx_container.yaml"],
  },
  {
    name: "create_sensitive_mount_pod",
    trace: "create_nginx_pod_sensitive_mount.json",
    counts: { "Create Sensitive Mount Pod": 1 },
  },
  {
    name: "create_sensitive_mount_2nd_container_pod",
    trace: "create_nginx_pod_sensitive_mount_2nd_container.json",
    counts: { "Create Sensitive Mount Pod": 1 },
  },
  {
    name: "create_sensitive_mount_trusted_pod",
    trace: "create_nginx_pod_sensitive_mount.json",
    extra: ["trust_nginx_container.yaml"],
  },
  { name: "create_unsensitive_mount_pod", trace: "create_nginx_pod_unsensitive_mount.json" },
  {
    name: "create_unsensitive_mount_trusted_pod",
    trace: "create_nginx_pod_unsensitive_mount.json",
    extra: ["trust_nginx_container.yaml"],
  },
  {
    name: "create_hostnetwork_pod",
    trace: "create_nginx_pod_hostnetwork.json",
    counts: { "Create HostNetwork Pod": 1 },
  },
  {
    name: "create_hostnetwork_trusted_pod",
    trace: "create_nginx_pod_hostnetwork.json",
    extra: ["trust_nginx_container.yaml"],
  },
  { name: "create_nohostnetwork_pod", trace: "create_nginx_pod_nohostnetwork.json" },
  {
    name: "create_nohostnetwork_trusted_pod",
    trace: "create_nginx_pod_nohostnetwork.json",
    extra: ["trust_nginx_container.yaml"],
  },
  {
    name: "create_nodeport_service",
    trace: "create_nginx_service_nodeport.json",
    extra: ["disallow_kactivity.yaml"],
    counts: { "Create NodePort Service": 1 },
  },
  {
    name: "create_nonodeport_service",
    trace: "create_nginx_service_nonodeport.json",
    extra: ["disallow_kactivity.yaml"],
  },
  {
    name: "create_configmap_private_creds",
    trace: "create_configmap_sensitive_values.json",
    extra: ["disallow_kactivity.yaml"],
    counts: { "Create/Modify Configmap With Private Credentials": 6 },
  },
  {
    name: "create_configmap_no_private_creds",
    trace: "create_configmap_no_sensitive_values.json",
    extra: ["disallow_kactivity.yaml"],
  },
  {
    name: "anonymous_user",
    trace: "anonymous_creates_namespace_foo.json",
    counts: { "Anonymous Request Allowed": 1 },
  },
  {
    name: "pod_exec",
    trace: "exec_pod.json",
    counts: { "Attach/Exec Pod": 1 },
    detectLevel: Priority.Notice,
  },
  {
    name: "pod_attach",
    trace: "attach_pod.json",
    counts: { "Attach/Exec Pod": 1 },
    detectLevel: Priority.Notice,
  },
  {
    name: "namespace_outside_allowed_set",
    trace: "some-user_creates_namespace_foo.json",
    extra: ["allow_user_some-user.yaml"],
    counts: { "Create Disallowed Namespace": 1 },
  },
  {
    name: "namespace_in_allowed_set",
    trace: "minikube_creates_namespace_foo.json",
    extra: ["allow_namespace_foo.yaml", "disallow_kactivity.yaml"],
  },
  {
    name: "create_pod_in_kube_system_namespace",
    trace: "create_pod_kube_system_namespace.json",
    counts: { "Pod Created in Kube Namespace": 1 },
  },
  {
    name: "create_pod_in_kube_public_namespace",
    trace: "create_pod_kube_public_namespace.json",
    counts: { "Pod Created in Kube Namespace": 1 },
  },
  {
    name: "create_serviceaccount_in_kube_system_namespace",
    trace: "create_serviceaccount_kube_system_namespace.json",
    counts: { "Service Account Created in Kube Namespace": 1 },
  },
  {
    name: "create_serviceaccount_in_kube_public_namespace",
    trace: "create_serviceaccount_kube_public_namespace.json",
    counts: { "Service Account Created in Kube Namespace": 1 },
  },
  {
    name: "system_clusterrole_deleted",
    trace: "delete_cluster_role_kube_aggregator.json",
    counts: { "System ClusterRole Modified/Deleted": 1 },
  },
  {
    name: "system_clusterrole_modified",
    trace: "modify_cluster_role_node_problem_detector.json",
    counts: { "System ClusterRole Modified/Deleted": 1 },
  },
  {
    name: "attach_cluster_admin_role",
    trace: "attach_cluster_admin_role.json",
    counts: { "Attach to cluster-admin Role": 1 },
  },
  {
    name: "create_cluster_role_wildcard_resources",
    trace: "create_cluster_role_wildcard_resources.json",
    counts: { "ClusterRole With Wildcard Created": 1 },
  },
  {
    name: "create_cluster_role_wildcard_verbs",
    trace: "create_cluster_role_wildcard_verbs.json",
    counts: { "ClusterRole With Wildcard Created": 1 },
  },
  {
    name: "create_writable_cluster_role",
    trace: "create_cluster_role_write_privileges.json",
    counts: { "ClusterRole With Write Privileges Created": 1 },
    detectLevel: Priority.Notice,
  },
  {
    name: "create_pod_exec_cluster_role",
    trace: "create_cluster_role_pod_exec.json",
    counts: { "ClusterRole With Pod Exec Created": 1 },
  },
  {
    name: "create_deployment",
    trace: "create_deployment.json",
    counts: { "K8s Deployment Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_deployment",
    trace: "delete_deployment.json",
    counts: { "K8s Deployment Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_service",
    trace: "create_service.json",
    counts: { "K8s Service Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_service",
    trace: "delete_service.json",
    counts: { "K8s Service Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_configmap",
    trace: "create_configmap.json",
    counts: { "K8s ConfigMap Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_configmap",
    trace: "delete_configmap.json",
    counts: { "K8s ConfigMap Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_namespace",
    trace: "some-user_creates_namespace_foo.json",
    extra: ["allow_namespace_foo.yaml", "allow_user_some-user.yaml"],
    counts: { "K8s Namespace Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_namespace",
    trace: "delete_namespace_foo.json",
    counts: { "K8s Namespace Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_serviceaccount",
    trace: "create_serviceaccount.json",
    counts: { "K8s Serviceaccount Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_serviceaccount",
    trace: "delete_serviceaccount.json",
    counts: { "K8s Serviceaccount Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_clusterrole",
    trace: "create_clusterrole.json",
    counts: { "K8s Role/Clusterrole Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_clusterrole",
    trace: "delete_clusterrole.json",
    counts: { "K8s Role/Clusterrole Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_clusterrolebinding",
    trace: "create_clusterrolebinding.json",
    counts: { "K8s Role/Clusterrolebinding Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_clusterrolebinding",
    trace: "delete_clusterrolebinding.json",
    counts: { "K8s Role/Clusterrolebinding Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_secret",
    trace: "create_secret.json",
    counts: { "K8s Secret Created": 1 },
    detectLevel: Priority.Informational,
  },
  {
    name: "create_service_account_token_secret",
    trace: "create_service_account_token_secret.json",
    detectLevel: Priority.Informational,
  },
  {
    name: "create_kube_system_secret",
    trace: "create_kube_system_secret.json",
    detectLevel: Priority.Informational,
  },
  {
    name: "delete_secret",
    trace: "delete_secret.json",
    counts: { "K8s Secret Deleted": 1 },
    detectLevel: Priority.Informational,
  },
  { name: "fal_01_003", trace: "fal_01_003.json", stderr: "data not recognized as a k8s audit event" },
  {
    name: "json_pointer_correct_parse",
    trace: "create_nginx_pod_unprivileged.json",
    only: ["single_rule_with_json_pointer.yaml"],
    counts: { json_pointer_example: 1 },
  },
  // Left out: the compat_engine_v4_* cases. Their rules file applies `contains` to the list field
  // ka.req.role.rules.resources, which libsinsp (and Lanner's filter compiler) refuses.
];

// Falco's tests load falco_rules.yaml first: the k8s rules use lists it defines (falco_privileged_images…).
// Its syscall rules are skipped here (no syscall source), its lists still count.
const schemas = new Map<string, EventSchema<unknown>>([
  ["k8s_audit", k8sAuditSchema as EventSchema<unknown>],
]);

function source(path: string): { name: string; content: string } {
  return { name: path, content: readFileSync(path, "utf8") };
}

for (const c of CASES) {
  test(`falco k8s audit regression: ${c.name}`, async () => {
    const files = c.only
      ? c.only.map((f) => source(resolve(TEST_RULES, f)))
      : [
          source(FALCO_RULES),
          source(K8S_RULES),
          ...(c.extra ?? []).map((f) => source(resolve(TEST_RULES, f))),
        ];
    const loaded = loadRules(files, schemas);
    assert.ok(loaded.ok, JSON.stringify(loaded.perFile.map((f) => f.errors)));
    const read = await readAuditFile(resolve(TRACE_DIR, c.trace));
    if (c.stderr) assert.ok(read.diagnostics.some((d) => d.message.includes(c.stderr as string)));
    else assert.deepEqual(read.diagnostics, []);
    const level = c.detectLevel ?? Priority.Warning;
    const alerts: Record<string, number> = {};
    for (const e of read.events) {
      for (const rule of loaded.rules) {
        if (!rule.enabled || rule.source !== "k8s_audit" || rule.priority > level) continue;
        if (rule.filter.match(e)) alerts[rule.name] = (alerts[rule.name] ?? 0) + 1;
      }
    }
    if (c.counts) {
      for (const [rule, n] of Object.entries(c.counts))
        assert.equal(alerts[rule] ?? 0, n, `${rule} in ${JSON.stringify(alerts)}`);
    } else {
      assert.deepEqual(alerts, {});
    }
  });
}
