// Policy lint: each finding on a small policy that has exactly that problem, nothing on the fixed
// policy, and the findings on the two shared policies (discussed in docs/audit.md).
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadPolicyFile, loadPolicyText } from "../../src/audit/index.js";
import { type LintCode, type LintFinding, lintPolicy, ruleCovers } from "../../src/audit/lint.js";
import { docsPolicyPath, gcePolicyPath, policy, policyYaml, rule } from "./helpers.js";

/** System traffic filtered, so that small policies only show the finding under test. */
const quiet = `- level: None
  nonResourceURLs: ["/healthz", "/livez", "/readyz"]
- level: None
  users: ["system:kube-proxy", "system:kube-controller-manager", "system:kube-scheduler"]
  userGroups: []
- level: None
  userGroups: ["system:nodes"]
`;

function lint(rulesYaml: string, top = 'omitStages: ["RequestReceived"]\n'): LintFinding[] {
  const r = loadPolicyText(policyYaml(`${top}rules:\n${quiet}${rulesYaml}`), "p.yaml");
  assert.ok(r.valid && r.policy, JSON.stringify(r.errors));
  return lintPolicy(r.policy);
}
const codes = (fs: LintFinding[]) => fs.map((f) => [f.code, f.rule] as [LintCode, number | null]);

test("a clean policy has no findings", () => {
  assert.deepEqual(
    lint('- level: Metadata\n  resources: [{group: "", resources: ["secrets"]}]\n- level: Metadata\n'),
    [],
  );
});

test("catch-all before other rules; shadowed and redundant rules", () => {
  const f = lint("- level: Metadata\n- level: Request\n  verbs: [create]\n");
  assert.deepEqual(codes(f), [["catch-all-not-last", 3]]);
  assert.equal(f[0]?.line, 12);
  assert.match(f[0]?.fix ?? "", /move rule 3 to the end/);
  const g = lint(
    '- level: Metadata\n  verbs: [get, list]\n- level: RequestResponse\n  verbs: [get]\n  resources: [{group: "apps"}]\n- level: Metadata\n  verbs: [list]\n- level: Metadata\n',
  );
  assert.deepEqual(codes(g), [
    ["shadowed-rule", 4],
    ["shadowed-rule", 5],
  ]);
  assert.equal(g[0]?.severity, "warning");
  assert.equal(g[1]?.severity, "info", "same outcome: redundant rather than wrong");
});

test("rule coverage: wildcards, R/*, */sub, resourceNames, URL prefixes", () => {
  const r = (x: Parameters<typeof rule>[0]) => rule({ level: "None", ...x });
  assert.ok(
    ruleCovers(
      r({ resources: [{ resources: ["pods/*"] }] }),
      r({ resources: [{ resources: ["pods", "pods/log"] }] }),
    ),
  );
  assert.ok(
    ruleCovers(
      r({ resources: [{ resources: ["*/scale"] }] }),
      r({ resources: [{ resources: ["deployments/scale"] }] }),
    ),
  );
  assert.ok(
    !ruleCovers(r({ resources: [{ resources: ["pods"] }] }), r({ resources: [{ resources: ["pods/log"] }] })),
  );
  assert.ok(
    ruleCovers(r({ resources: [{ group: "*" }] }), r({ resources: [{ group: "apps", resources: ["x"] }] })),
  );
  assert.ok(!ruleCovers(r({ resources: [{ group: "apps" }] }), r({ resources: [{ group: "*" }] })));
  assert.ok(
    ruleCovers(
      r({ resources: [{ resources: ["cm"], resourceNames: ["a", "b"] }] }),
      r({ resources: [{ resources: ["cm"], resourceNames: ["a"] }] }),
    ),
  );
  assert.ok(
    !ruleCovers(
      r({ resources: [{ resources: ["cm"], resourceNames: ["a"] }] }),
      r({ resources: [{ resources: ["cm"] }] }),
    ),
  );
  assert.ok(ruleCovers(r({ nonResourceURLs: ["/api*"] }), r({ nonResourceURLs: ["/apis/x", "/api/v1*"] })));
  assert.ok(!ruleCovers(r({ nonResourceURLs: ["/api/*"] }), r({ nonResourceURLs: ["/api"] })));
  assert.ok(!ruleCovers(r({ resources: [{}] }), r({ nonResourceURLs: ["/x"] })));
  assert.ok(!ruleCovers(r({ users: ["a"] }), r({})));
  assert.ok(
    ruleCovers(r({ namespaces: ["a", "b"] }), r({ namespaces: ["a"], resources: [{ resources: ["pods"] }] })),
  );
});

test("secrets, configmaps, tokenreviews at Request or above; a TokenRequest only leaks at RequestResponse", () => {
  const f = lint('- level: Request\n  resources: [{group: ""}]\n- level: Metadata\n');
  assert.deepEqual(codes(f), [["sensitive-body", 3]]);
  assert.match(f[0]?.message ?? "", /secrets, configmaps at Request/);
  const g = lint(
    '- level: Metadata\n  resources: [{group: "", resources: ["secrets", "configmaps"]}]\n- level: RequestResponse\n',
  );
  assert.deepEqual(codes(g), [["sensitive-body", 4]]);
  assert.match(g[0]?.message ?? "", /tokenreviews, serviceaccounts\/token at RequestResponse/);
  // Reads at Request carry no body: info, not warning.
  const h = lint('- level: Request\n  verbs: [get, list]\n  resources: [{group: ""}]\n- level: Metadata\n');
  assert.deepEqual(
    h.map((x) => [x.code, x.severity]),
    [["sensitive-body", "info"]],
  );
  // namespaces: [""] cannot see secrets (namespaced) but can see tokenreviews.
  const i = lint('- level: Request\n  namespaces: [""]\n- level: Metadata\n');
  assert.match(i.find((x) => x.code === "sensitive-body")?.message ?? "", /can log tokenreviews at Request/);
});

test("omitStages with ResponseStarted, at the policy and on a rule that can match unauthenticated requests", () => {
  const f = lint("- level: Metadata\n", 'omitStages: ["RequestReceived", "ResponseStarted"]\n');
  assert.deepEqual(codes(f), [["omits-response-started", null]]);
  const g = lint('- level: Metadata\n  omitStages: ["ResponseStarted"]\n');
  assert.deepEqual(codes(g), [["omits-response-started", 3]]);
  const h = lint(
    '- level: Metadata\n  userGroups: ["x"]\n  omitStages: ["ResponseStarted"]\n- level: Metadata\n',
  );
  assert.deepEqual(codes(h), [], "a rule with userGroups never sees a 401");
});

test("RequestReceived kept: once for the policy when no rule omits it, per rule when only some do", () => {
  assert.deepEqual(codes(lint("- level: Metadata\n", "")), [["keeps-request-received", null]]);
  assert.deepEqual(
    codes(
      lint(
        '- level: Request\n  resources: [{group: "apps"}]\n- level: Metadata\n  omitStages: ["RequestReceived"]\n',
        "",
      ),
    ),
    [["keeps-request-received", 3]],
  );
});

test('R/* matches bare R; /x* is a string prefix; resourceNames with nameless verbs; namespaces: [""]', () => {
  assert.deepEqual(
    codes(lint('- level: Request\n  resources: [{group: "", resources: ["pods/*"]}]\n- level: Metadata\n')),
    [["subresource-wildcard-matches-resource", 3]],
  );
  assert.deepEqual(
    codes(
      lint(
        '- level: Request\n  resources: [{group: "", resources: ["pods", "pods/*"]}]\n- level: Metadata\n',
      ),
    ),
    [],
  );
  const url = lint('- level: Request\n  nonResourceURLs: ["/api*", "/logs/*"]\n- level: Metadata\n');
  assert.deepEqual(codes(url), [["url-prefix-not-segment", 3]]);
  assert.equal(url[0]?.severity, "warning");
  assert.match(url[0]?.message ?? "", /\/apis/);
  const names = lint(
    '- level: None\n  verbs: [get, list, watch]\n  resources: [{group: "", resources: ["endpoints"], resourceNames: ["x"]}]\n- level: Metadata\n',
  );
  assert.deepEqual(codes(names), [["resource-names-with-nameless-verbs", 3]]);
  assert.match(names[0]?.message ?? "", /"list", "watch"/);
  const ns = lint(
    '- level: Request\n  namespaces: [""]\n  resources: [{group: "", resources: ["namespaces"]}]\n- level: Metadata\n',
  );
  assert.deepEqual(codes(ns), [["empty-namespace-vs-namespace-objects", 3]]);
});

test("omitManagedFields on a Metadata rule", () => {
  assert.deepEqual(codes(lint("- level: Metadata\n  omitManagedFields: true\n")), [
    ["managed-fields-no-effect", 3],
  ]);
});

test("frequent system requests that no rule filters", () => {
  const p = policy([rule({ level: "Metadata" })], ["RequestReceived"]);
  const f = lintPolicy(p).filter((x) => x.code === "unfiltered-system-requests");
  assert.equal(f.length, 9);
  assert.ok(f.every((x) => x.rule === 0));
  const none = policy(
    [rule({ level: "None", userGroups: ["system:nodes"] }), rule({ level: "Metadata" })],
    ["RequestReceived"],
  );
  assert.ok(lintPolicy(none).every((x) => !x.message.startsWith("kubelets")));
});

test("the shared policies: the findings docs/audit.md discusses", () => {
  const gce = loadPolicyFile(gcePolicyPath);
  assert.ok(gce.policy);
  assert.deepEqual(codes(lintPolicy(gce.policy)), [
    ["url-prefix-not-segment", 8],
    ["url-prefix-not-segment", 8],
    ["sensitive-body", 12],
    ["unfiltered-system-requests", 16],
    ["unfiltered-system-requests", 16],
    ["unfiltered-system-requests", 16],
    ["unfiltered-system-requests", 16],
    ["unfiltered-system-requests", 16],
    ["unfiltered-system-requests", 16],
  ]);
  const docs = loadPolicyFile(docsPolicyPath);
  assert.ok(docs.policy);
  assert.deepEqual(codes(lintPolicy(docs.policy)), [
    ["resource-names-with-nameless-verbs", 2],
    ["url-prefix-not-segment", 4],
    ["sensitive-body", 5],
    ["unfiltered-system-requests", 7],
    ["unfiltered-system-requests", 8],
    ["unfiltered-system-requests", 8],
    ["unfiltered-system-requests", 8],
    ["unfiltered-system-requests", 8],
    ["unfiltered-system-requests", 8],
    ["unfiltered-system-requests", 8],
    ["unfiltered-system-requests", 8],
  ]);
});
