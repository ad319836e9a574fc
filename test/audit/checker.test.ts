// The checker, on the cases of kube-apiserver's own checker_test.go (k8s.io/apiserver
// pkg/audit/policy): same requests, same rules, same expected levels and omitted stages.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type AuditStage,
  evaluateReference,
  loadPolicyFile,
  PolicyEvaluator,
  pathMatches,
  type RequestAttributes,
  resourceEntryMatches,
  ruleMismatches,
  toRequestAttributes,
  unionStages,
} from "../../src/audit/index.js";
import { docsPolicyPath, gcePolicyPath, policy, rule } from "./helpers.js";

const tim = { name: "tim@k8s.io", groups: ["humans", "developers"] };
const base = {
  verb: "get",
  namespace: "",
  apiGroup: "",
  apiVersion: "",
  resource: "",
  subresource: "",
  name: "",
  path: "",
  isResourceRequest: false,
};

const attrs: Record<string, RequestAttributes> = {
  namespaced: {
    ...base,
    user: tim,
    namespace: "default",
    apiVersion: "v1",
    resource: "pods",
    name: "busybox",
    isResourceRequest: true,
    path: "/api/v1/namespaces/default/pods/busybox",
  },
  cluster: {
    ...base,
    user: tim,
    apiGroup: "rbac.authorization.k8s.io",
    apiVersion: "v1beta1",
    resource: "clusterroles",
    name: "edit",
    isResourceRequest: true,
    path: "/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/edit",
  },
  nonResource: { ...base, user: tim, path: "/logs/kubelet.log" },
  subresource: {
    ...base,
    user: tim,
    namespace: "default",
    apiVersion: "v1",
    resource: "pods",
    subresource: "log",
    name: "busybox",
    isResourceRequest: true,
    path: "/api/v1/namespaces/default/pods/busybox",
  },
  Unauthorized: {
    ...base,
    namespace: "default",
    apiVersion: "v1",
    resource: "pods",
    name: "busybox",
    isResourceRequest: true,
    path: "/api/v1/namespaces/default/pods/busybox",
  },
  ClusterRoleUpdate: {
    ...base,
    user: tim,
    verb: "update",
    apiGroup: "rbac.authorization.k8s.io",
    apiVersion: "v1beta1",
    resource: "clusterroles",
    subresource: "status",
    name: "somerole",
    isResourceRequest: true,
    path: "/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/somerole",
  },
};

const rules = {
  default: rule({ level: "Metadata" }),
  create: rule({ level: "Request", verbs: ["create"] }),
  tims: rule({ level: "Metadata", users: ["tim@k8s.io"] }),
  humans: rule({ level: "Metadata", userGroups: ["humans"] }),
  serviceAccounts: rule({ level: "Request", userGroups: ["system:serviceaccounts"] }),
  getPods: rule({ level: "RequestResponse", verbs: ["get"], resources: [{ resources: ["pods"] }] }),
  getPodLogs: rule({ level: "Request", verbs: ["get"], resources: [{ resources: ["pods/log"] }] }),
  getPodWildcardMatching: rule({ level: "Request", verbs: ["get"], resources: [{ resources: ["*"] }] }),
  getPodResourceWildcardMatching: rule({
    level: "Request",
    verbs: ["get"],
    resources: [{ resources: ["*/log"] }],
  }),
  getPodSubResourceWildcardMatching: rule({
    level: "Request",
    verbs: ["get"],
    resources: [{ resources: ["pods/*"] }],
  }),
  getClusterRoles: rule({
    level: "RequestResponse",
    verbs: ["get"],
    resources: [{ group: "rbac.authorization.k8s.io", resources: ["clusterroles"] }],
    namespaces: [""],
  }),
  getGroupWildCardMatchingWithSubresourceWildcardMatching: rule({
    level: "RequestResponse",
    verbs: ["update"],
    resources: [{ group: "*", resources: ["*/status"] }],
  }),
  getLogs: rule({ level: "RequestResponse", verbs: ["get"], nonResourceURLs: ["/logs*"] }),
  getMetrics: rule({ level: "Request", verbs: ["get"], nonResourceURLs: ["/metrics"] }),
  clusterRoleEdit: rule({
    level: "Request",
    resources: [{ group: "rbac.authorization.k8s.io", resources: ["clusterroles"], resourceNames: ["edit"] }],
  }),
  "omit RequestReceived": rule({ level: "Request", omitStages: ["RequestReceived"] }),
  "only audit panic": rule({
    level: "Request",
    omitStages: ["RequestReceived", "ResponseStarted", "ResponseComplete"],
  }),
};
type RuleName = keyof typeof rules;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((s) => b.includes(s));

function check(
  req: string,
  expLevel: string,
  policyStages: AuditStage[],
  expOmitStages: AuditStage[],
  ...ruleNames: RuleName[]
): void {
  const p = policy(
    ruleNames.map((n) => rules[n]),
    policyStages,
  );
  const a = attrs[req];
  assert.ok(a, req);
  const d = new PolicyEvaluator(p).evaluate(a);
  const what = `request:${req} rules:${ruleNames.join(",")}`;
  assert.equal(d.level, expLevel, what);
  assert.ok(sameSet(d.omitStages, expOmitStages), `${what}: stages ${d.omitStages} != ${expOmitStages}`);
  // The readable reference gives the same decision.
  assert.deepEqual({ ...evaluateReference(p, a) }, { ...d }, what);
  // explain agrees with evaluate, and gives a reason for every rule it skipped.
  const e = new PolicyEvaluator(p).explain(a);
  assert.equal(e.rule, d.rule, what);
  for (const s of e.skipped) assert.ok(s.reasons.length > 0, `${what}: no reason for rule ${s.rule}`);
  if (d.rule !== null) assert.deepEqual(ruleMismatches(p.rules[d.rule] as never, a), [], what);
}

function testAuditLevel(stages: AuditStage[]): void {
  check("namespaced", "Metadata", stages, stages, "default");
  check("namespaced", "None", stages, stages, "create");
  check("namespaced", "Metadata", stages, stages, "tims");
  check("namespaced", "Metadata", stages, stages, "humans");
  check("namespaced", "None", stages, stages, "serviceAccounts");
  check("namespaced", "RequestResponse", stages, stages, "getPods");
  check("namespaced", "None", stages, stages, "getClusterRoles");
  check("namespaced", "None", stages, stages, "getLogs");
  check("namespaced", "None", stages, stages, "getMetrics");
  check("namespaced", "Metadata", stages, stages, "getMetrics", "serviceAccounts", "default");
  check("namespaced", "RequestResponse", stages, stages, "getMetrics", "getPods", "default");
  check("namespaced", "RequestResponse", stages, stages, "getPodLogs", "getPods");

  check("cluster", "Metadata", stages, stages, "default");
  check("cluster", "None", stages, stages, "create");
  check("cluster", "Metadata", stages, stages, "tims");
  check("cluster", "Metadata", stages, stages, "humans");
  check("cluster", "None", stages, stages, "serviceAccounts");
  check("cluster", "None", stages, stages, "getPods");
  check("cluster", "RequestResponse", stages, stages, "getClusterRoles");
  check("cluster", "Request", stages, stages, "clusterRoleEdit", "getClusterRoles");
  check("cluster", "None", stages, stages, "getLogs");
  check("cluster", "None", stages, stages, "getMetrics");
  check("cluster", "Metadata", stages, stages, "getMetrics", "serviceAccounts", "default");
  check("cluster", "RequestResponse", stages, stages, "getMetrics", "getClusterRoles", "default");
  check("cluster", "None", stages, stages, "getPodLogs", "getPods");

  check("nonResource", "Metadata", stages, stages, "default");
  check("nonResource", "None", stages, stages, "create");
  check("nonResource", "Metadata", stages, stages, "tims");
  check("nonResource", "Metadata", stages, stages, "humans");
  check("nonResource", "None", stages, stages, "serviceAccounts");
  check("nonResource", "None", stages, stages, "getPods");
  check("nonResource", "None", stages, stages, "getClusterRoles");
  check("nonResource", "RequestResponse", stages, stages, "getLogs");
  check("nonResource", "None", stages, stages, "getMetrics");
  check("nonResource", "Metadata", stages, stages, "getMetrics", "serviceAccounts", "default");
  check("nonResource", "RequestResponse", stages, stages, "getLogs", "getClusterRoles", "default");
  check("nonResource", "None", stages, stages, "getPodLogs", "getPods");

  check("subresource", "Request", stages, stages, "getPodLogs", "getPods");
  check("subresource", "Request", stages, stages, "getPodWildcardMatching");
  check("subresource", "Request", stages, stages, "getPodResourceWildcardMatching");
  check("subresource", "Request", stages, stages, "getPodSubResourceWildcardMatching");

  check("Unauthorized", "None", stages, stages, "tims");
  check("Unauthorized", "Metadata", stages, stages, "tims", "default");
  check("Unauthorized", "None", stages, stages, "humans");
  check("Unauthorized", "Metadata", stages, stages, "humans", "default");
  check(
    "ClusterRoleUpdate",
    "RequestResponse",
    stages,
    stages,
    "getGroupWildCardMatchingWithSubresourceWildcardMatching",
  );
}

test("TestChecker: levels with no policy-wide stages, and rule omitStages", () => {
  testAuditLevel([]);
  check("namespaced", "Request", [], ["RequestReceived"], "omit RequestReceived", "getPods", "default");
  check(
    "namespaced",
    "Request",
    [],
    ["RequestReceived", "ResponseStarted", "ResponseComplete"],
    "only audit panic",
    "getPods",
    "default",
  );
  check("cluster", "Request", [], ["RequestReceived"], "omit RequestReceived", "getPods", "default");
  check(
    "cluster",
    "Request",
    [],
    ["RequestReceived", "ResponseStarted", "ResponseComplete"],
    "only audit panic",
    "getPods",
    "default",
  );
  check("nonResource", "Request", [], ["RequestReceived"], "omit RequestReceived", "getPods", "default");
  check(
    "nonResource",
    "Request",
    [],
    ["RequestReceived", "ResponseStarted", "ResponseComplete"],
    "only audit panic",
    "getPods",
    "default",
  );
});

test("TestCheckerPolicyOmitStages: policy stages are unioned into every rule's and apply when nothing matches", () => {
  const policyStages: AuditStage[] = ["RequestReceived", "ResponseStarted"];
  testAuditLevel(policyStages);
  const all: AuditStage[] = ["RequestReceived", "ResponseStarted", "ResponseComplete"];
  check("namespaced", "Request", policyStages, policyStages, "omit RequestReceived", "getPods", "default");
  check("namespaced", "Request", policyStages, all, "only audit panic", "getPods", "default");
  check("cluster", "Request", policyStages, policyStages, "omit RequestReceived", "getPods", "default");
  check("cluster", "Request", policyStages, all, "only audit panic", "getPods", "default");
  check("nonResource", "Metadata", policyStages, policyStages, "default", "omit RequestReceived", "getPods");
  check("nonResource", "Request", policyStages, all, "only audit panic", "getPods", "default");
});

test("TestUnionStages: set union, duplicates collapse", () => {
  const cases: [string[], string[], string[]][] = [
    [[], [], []],
    [["RequestReceived"], [], ["RequestReceived"]],
    [["RequestReceived"], ["RequestReceived"], ["RequestReceived"]],
    [["RequestReceived"], ["ResponseStarted"], ["RequestReceived", "ResponseStarted"]],
    [["RequestReceived", "RequestReceived"], ["RequestReceived", "RequestReceived"], ["RequestReceived"]],
    [
      ["RequestReceived", "ResponseStarted"],
      ["Panic", "RequestReceived"],
      ["RequestReceived", "ResponseStarted", "Panic"],
    ],
    [[], ["RequestReceived"], ["RequestReceived"]],
  ];
  for (const [a, b, exp] of cases) assert.deepEqual(unionStages(a, b), exp);
});

test("TestOmitManagedFields: the rule's setting overrides the policy default", () => {
  const attributes: RequestAttributes = { ...base, verb: "get" };
  const cases: [boolean, boolean | undefined, boolean][] = [
    [false, undefined, false],
    [true, undefined, true],
    [true, false, false],
    [false, true, true],
  ];
  for (const [policyDefault, ruleValue, want] of cases) {
    const r = rule({ level: "RequestResponse", verbs: ["get"] });
    if (ruleValue !== undefined) r.omitManagedFields = ruleValue;
    const d = new PolicyEvaluator(policy([r], [], policyDefault)).evaluate(attributes);
    assert.equal(d.omitManagedFields, want, `policy ${policyDefault}, rule ${ruleValue}`);
  }
  // No match: the policy default, level None, rule null.
  const none = new PolicyEvaluator(
    policy([rule({ level: "Metadata", verbs: ["list"] })], ["Panic"], true),
  ).evaluate(attributes);
  assert.deepEqual(
    { ...none },
    { level: "None", omitStages: ["Panic"], omitManagedFields: true, rule: null },
  );
});

test("resource strings: exact, *, */sub, res/* (which also matches the bare resource)", () => {
  assert.ok(resourceEntryMatches("pods", "pods", ""));
  assert.ok(!resourceEntryMatches("pods", "pods", "log"));
  assert.ok(resourceEntryMatches("pods/log", "pods", "log"));
  assert.ok(resourceEntryMatches("*", "pods", "log"));
  assert.ok(resourceEntryMatches("*/scale", "deployments", "scale"));
  assert.ok(!resourceEntryMatches("*/scale", "deployments", ""));
  assert.ok(resourceEntryMatches("pods/*", "pods", "exec"));
  assert.ok(resourceEntryMatches("pods/*", "pods", ""), "R/* matches bare R: the subresource is not checked");
  assert.ok(!resourceEntryMatches("pods/*", "pods2", ""));
});

test("non-resource URLs: *, exact, and plain string prefixes without segment boundaries", () => {
  assert.ok(pathMatches("/anything", "*"));
  assert.ok(pathMatches("/version", "/version"));
  assert.ok(!pathMatches("/version/x", "/version"));
  assert.ok(pathMatches("/logs/kubelet.log", "/logs*"));
  assert.ok(pathMatches("/logsfoo", "/logs*"));
  assert.ok(pathMatches("/apis/apps/v1", "/api*"));
  assert.ok(pathMatches("/healthz", "/healthz**"), "all trailing * are trimmed");
});

const req = (a: Parameters<typeof toRequestAttributes>[0]) => toRequestAttributes(a);

test('namespaces: [""] matches cluster-scoped requests only; a Namespace object by name has its own name', () => {
  const p = policy([
    rule({ level: "Request", namespaces: [""], resources: [{ resources: ["namespaces"] }] }),
  ]);
  const ev = new PolicyEvaluator(p);
  assert.equal(ev.evaluate(req({ user: "u", verb: "create", resource: "namespaces" })).level, "Request");
  assert.equal(
    ev.evaluate(req({ user: "u", verb: "get", resource: "namespaces", namespace: "foo", name: "foo" })).level,
    "None",
  );
});

test('resourceNames: list, watch and create (no name) fall through; group "*" matches every group', () => {
  const p = policy([
    rule({ level: "None", resources: [{ resources: ["configmaps"], resourceNames: ["controller-leader"] }] }),
    rule({ level: "Metadata", resources: [{ group: "*", resources: ["*/scale"] }] }),
    rule({ level: "Request" }),
  ]);
  const ev = new PolicyEvaluator(p);
  assert.equal(ev.evaluate(req({ verb: "get", resource: "configmaps", name: "controller-leader" })).rule, 0);
  assert.equal(ev.evaluate(req({ verb: "list", resource: "configmaps" })).rule, 2);
  assert.equal(
    ev.evaluate(req({ verb: "update", resource: "deployments", subresource: "scale", apiGroup: "apps" }))
      .rule,
    1,
  );
  assert.equal(ev.evaluate(req({ verb: "get", resource: "deployments", apiGroup: "apps" })).rule, 2);
});

test("users and userGroups never match a request without a user; a rule without them does", () => {
  const p = policy([
    rule({ level: "None", userGroups: ["system:authenticated"] }),
    rule({ level: "Metadata" }),
  ]);
  const ev = new PolicyEvaluator(p);
  assert.equal(ev.evaluate(req({ verb: "get", path: "/healthz" })).level, "Metadata");
  assert.equal(
    ev.evaluate(req({ user: "a", groups: ["system:authenticated"], verb: "get", path: "/healthz" })).level,
    "None",
  );
  const e = ev.explain(req({ verb: "get", path: "/healthz" }));
  assert.deepEqual(e.skipped, [{ rule: 0, reasons: ["no authenticated user, so userGroups never matches"] }]);
});

test("the GKE policy: decisions for common requests", () => {
  const r = loadPolicyFile(gcePolicyPath);
  assert.ok(r.valid && r.policy);
  const ev = new PolicyEvaluator(r.policy);
  const d = (a: Parameters<typeof toRequestAttributes>[0]) => {
    const x = ev.evaluate(toRequestAttributes(a));
    return [x.level, x.rule];
  };
  assert.deepEqual(d({ user: "system:kube-proxy", verb: "watch", resource: "endpoints" }), ["None", 0]);
  assert.deepEqual(d({ user: "system:kube-proxy", verb: "list", resource: "endpoints" }), ["Request", 14]);
  assert.deepEqual(d({ user: "system:kube-proxy", verb: "patch", resource: "endpoints" }), [
    "RequestResponse",
    15,
  ]);
  assert.deepEqual(d({ user: "alice", verb: "get", resource: "secrets", namespace: "x", name: "s" }), [
    "Metadata",
    13,
  ]);
  assert.deepEqual(d({ user: "alice", verb: "get", path: "/healthz/etcd" }), ["None", 8]);
  assert.deepEqual(d({ user: "alice", verb: "get", path: "/metrics" }), ["Metadata", 16]);
  assert.deepEqual(d({ user: "alice", verb: "list", resource: "deployments", apiGroup: "apps" }), [
    "Request",
    14,
  ]);
  assert.deepEqual(d({ user: "alice", verb: "create", resource: "deployments", apiGroup: "apps" }), [
    "RequestResponse",
    15,
  ]);
  assert.deepEqual(d({ user: "alice", verb: "create", resource: "widgets", apiGroup: "example.com" }), [
    "Metadata",
    16,
  ]);
  assert.deepEqual(
    d({
      user: "system:node:n1",
      groups: ["system:nodes"],
      verb: "patch",
      resource: "pods",
      subresource: "status",
    }),
    ["Request", 11],
  );
  assert.deepEqual(
    d({
      user: "system:serviceaccount:kube-system:namespace-controller",
      verb: "deletecollection",
      resource: "pods",
    }),
    ["Request", 12],
  );
});

test("the docs example policy: decisions for common requests", () => {
  const r = loadPolicyFile(docsPolicyPath);
  assert.ok(r.valid && r.policy);
  const ev = new PolicyEvaluator(r.policy);
  const d = (a: Parameters<typeof toRequestAttributes>[0]) => {
    const x = ev.evaluate(toRequestAttributes(a));
    return [x.level, x.rule, x.omitStages.join()];
  };
  assert.deepEqual(d({ user: "a", verb: "create", resource: "pods", namespace: "d" }), [
    "RequestResponse",
    0,
    "RequestReceived",
  ]);
  assert.deepEqual(d({ user: "a", verb: "get", resource: "pods", subresource: "log" }), [
    "Metadata",
    1,
    "RequestReceived",
  ]);
  assert.deepEqual(d({ user: "a", verb: "get", resource: "pods", subresource: "exec" }), [
    "Request",
    7,
    "RequestReceived",
  ]);
  assert.deepEqual(d({ user: "a", verb: "update", resource: "configmaps", name: "controller-leader" }), [
    "None",
    2,
    "RequestReceived",
  ]);
  assert.deepEqual(
    d({ user: "a", verb: "update", resource: "configmaps", namespace: "kube-system", name: "x" }),
    ["Request", 5, "RequestReceived"],
  );
  assert.deepEqual(d({ user: "a", groups: ["system:authenticated"], verb: "get", path: "/apis" }), [
    "None",
    4,
    "RequestReceived",
  ]);
  assert.deepEqual(d({ verb: "get", path: "/apis" }), ["Metadata", 8, "RequestReceived"]);
  assert.deepEqual(d({ user: "a", verb: "get", resource: "deployments", apiGroup: "apps" }), [
    "Metadata",
    8,
    "RequestReceived",
  ]);
});

test("the compiled evaluator and the reference agree on 20,000 varied requests over several policies", () => {
  const wild = policy(
    [
      rule({ level: "None", users: ["u1"], verbs: ["watch"], resources: [{ resources: ["pods/*"] }] }),
      rule({
        level: "Request",
        userGroups: ["g1", "g2"],
        resources: [{ group: "*", resources: ["*/status"] }],
      }),
      rule({ level: "Metadata", resources: [{ resources: ["cm"], resourceNames: ["a", ""] }] }),
      rule({
        level: "RequestResponse",
        namespaces: ["", "ns1"],
        resources: [{ group: "apps" }, { resources: ["*"] }],
      }),
      rule({ level: "Request", nonResourceURLs: ["/api*", "/x"] }),
      rule({ level: "None", verbs: ["get"], namespaces: ["ns2"] }),
      rule({
        level: "Metadata",
        resources: [{ group: "apps", resources: ["deployments/scale", "*/log", "a/b/c"] }],
      }),
      rule({
        level: "Request",
        users: ["u2"],
        userGroups: ["g3"],
        omitStages: ["Panic"],
        omitManagedFields: true,
      }),
    ],
    ["RequestReceived"],
  );
  const policies = [wild];
  for (const f of [gcePolicyPath, docsPolicyPath]) {
    const r = loadPolicyFile(f);
    assert.ok(r.policy);
    policies.push(r.policy);
  }
  let seed = 1;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
  const users = ["u1", "u2", "system:kube-proxy", "kubelet", "system:apiserver", "tim", ""];
  const groups = ["g1", "g2", "g3", "system:nodes", "system:authenticated", "x"];
  const strs = [
    "",
    "*",
    "pods",
    "cm",
    "a",
    "b/c",
    "deployments",
    "scale",
    "log",
    "status",
    "endpoints",
    "events",
  ];
  for (let i = 0; i < 20_000; i++) {
    const a: RequestAttributes = {
      user:
        rnd(8) === 0 ? undefined : { name: pick(users), groups: [pick(groups), pick(groups)].slice(rnd(3)) },
      verb: pick(["get", "list", "watch", "update", "create", "deletecollection", ""]),
      namespace: pick(["", "ns1", "ns2", "kube-system", "default"]),
      apiGroup: pick(["", "apps", "rbac.authorization.k8s.io", "metrics.k8s.io", "*"]),
      apiVersion: "v1",
      resource: pick(strs),
      subresource: rnd(2) === 0 ? "" : pick(strs),
      name: pick(["", "a", "x", "controller-leader"]),
      path: pick([
        "",
        "/api",
        "/apis/x",
        "/x",
        "/xy",
        "/healthz",
        "/healthzz",
        "/version",
        "/swagger.json",
        "/logs",
      ]),
      isResourceRequest: rnd(3) !== 0,
    };
    for (const p of policies) {
      const fast = new PolicyEvaluator(p).evaluate(a);
      assert.deepEqual({ ...fast }, { ...evaluateReference(p, a) }, JSON.stringify(a));
    }
  }
});
