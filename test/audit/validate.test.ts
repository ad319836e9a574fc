// Policy validation and loading, on the cases of kube-apiserver's validation_test.go and
// reader_test.go, with the exact error texts the apiserver prints.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fieldErrorText,
  goJsonString,
  goQuote,
  loadPolicyFile,
  loadPolicyText,
  validatePolicy,
} from "../../src/audit/index.js";
import { docsPolicyPath, gcePolicyPath, policy, policyYaml, rule } from "./helpers.js";

const texts = (p: ReturnType<typeof policy>) => validatePolicy(p).map(fieldErrorText);

const validRules = () => [
  rule({ level: "Metadata" }),
  rule({ level: "None", userGroups: ["system:serviceaccounts", "system:nodes"] }),
  rule({
    level: "RequestResponse",
    verbs: ["get"],
    resources: [{ group: "rbac.authorization.k8s.io", resources: ["roles", "rolebindings"] }],
    namespaces: ["kube-system"],
  }),
  rule({
    level: "Metadata",
    userGroups: ["developers"],
    nonResourceURLs: ["/logs*", "/healthz*", "/metrics", "*"],
  }),
  rule({ level: "Metadata", omitStages: ["RequestReceived"] }),
];

test("TestValidatePolicy success cases: each valid rule, an empty policy, policy omitStages, all rules", () => {
  for (const r of validRules()) assert.deepEqual(texts(policy([r])), []);
  assert.deepEqual(texts(policy([])), []);
  assert.deepEqual(texts(policy([], ["RequestReceived"])), []);
  assert.deepEqual(texts(policy(validRules())), []);
});

const DNS_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

test("TestValidatePolicy error cases, with the apiserver's texts", () => {
  const cases: [ReturnType<typeof rule>, string[]][] = [
    [rule({}), ["rules[0].level: Required value"]],
    [
      rule({ verbs: ["get"], resources: [{ resources: ["secrets"] }], namespaces: ["kube-system"] }),
      ["rules[0].level: Required value"],
    ],
    [
      rule({ level: "FooBar" }),
      [
        'rules[0].level: Unsupported value: "FooBar": supported values: "None", "Metadata", "Request", "RequestResponse"',
      ],
    ],
    [
      rule({ level: "Metadata", namespaces: ["default"], nonResourceURLs: ["/logs*"] }),
      [
        'rules[0].nonResourceURLs: Invalid value: ["/logs*"]: rules cannot apply to both regular resources and non-resource URLs',
      ],
    ],
    [
      rule({ level: "Metadata", resources: [{ resources: ["secrets"] }], nonResourceURLs: ["/logs*"] }),
      [
        'rules[0].nonResourceURLs: Invalid value: ["/logs*"]: rules cannot apply to both regular resources and non-resource URLs',
      ],
    ],
    [
      rule({
        level: "Metadata",
        resources: [{ group: "rbac.authorization.k8s.io/v1beta1", resources: ["roles"] }],
      }),
      [`rules[0].resources.group: Invalid value: "rbac.authorization.k8s.io/v1beta1": ${DNS_MSG}`],
    ],
    [
      rule({ level: "Metadata", nonResourceURLs: ["logs", "/healthz*"] }),
      [
        `rules[0].nonResourceURLs[0]: Invalid value: "logs": non-resource URL rules must begin with a '/' character`,
      ],
    ],
    [
      rule({ level: "Metadata", nonResourceURLs: ["", "/healthz*"] }),
      [
        `rules[0].nonResourceURLs[0]: Invalid value: "": non-resource URL rules must begin with a '/' character`,
      ],
    ],
    [
      rule({ level: "Metadata", nonResourceURLs: ["/logs/*/*", "/metrics"] }),
      [
        `rules[0].nonResourceURLs[0]: Invalid value: "/logs/*/*": non-resource URL wildcards '*' must be the final character of the rule`,
      ],
    ],
    [
      rule({ level: "Metadata", nonResourceURLs: ["/logs/*.log", "/metrics"] }),
      [
        `rules[0].nonResourceURLs[0]: Invalid value: "/logs/*.log": non-resource URL wildcards '*' must be the final character of the rule`,
      ],
    ],
    [
      rule({
        level: "Metadata",
        verbs: ["get"],
        resources: [{ resourceNames: ["leader"] }],
        namespaces: ["kube-system"],
      }),
      [
        'rules[0].resources.resourceNames: Invalid value: ["leader"]: using resourceNames requires at least one resource',
      ],
    ],
    [
      rule({ level: "Metadata", omitStages: ["foo"] }),
      [
        'rules[0].omitStages[0]: Invalid value: "foo": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic',
      ],
    ],
  ];
  for (const [r, expected] of cases) assert.deepEqual(texts(policy([r])), expected);
  // Multiple rules: the bad one is the last.
  assert.deepEqual(texts(policy([...validRules(), rule({})])), ["rules[5].level: Required value"]);
  // Invalid omitStages in the policy.
  assert.deepEqual(texts(policy([rule({ level: "Metadata" })], ["foo"])), [
    'omitStages[0]: Invalid value: "foo": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic',
  ]);
});

test('group "*" is allowed; a group longer than 253 characters gets both DNS messages joined by a comma', () => {
  assert.deepEqual(texts(policy([rule({ level: "None", resources: [{ group: "*" }] })])), []);
  const long = `${"a".repeat(254)}`;
  assert.deepEqual(texts(policy([rule({ level: "None", resources: [{ group: long }] })])), [
    `rules[0].resources.group: Invalid value: "${long}": must be no more than 253 characters`,
  ]);
  const longBad = `${"A".repeat(254)}`;
  assert.deepEqual(texts(policy([rule({ level: "None", resources: [{ group: longBad }] })])), [
    `rules[0].resources.group: Invalid value: "${longBad}": must be no more than 253 characters,${DNS_MSG}`,
  ]);
});

test("Go quoting: %q for strings, encoding/json for named types and lists", () => {
  assert.equal(goQuote('a"b\\c\n\t\x01é'), '"a\\"b\\\\c\\n\\t\\x01é"');
  assert.equal(goQuote("\u00a0"), '"\\u00a0"');
  assert.equal(goJsonString("<a&b>"), '"\\u003ca\\u0026b\\u003e"');
  assert.deepEqual(texts(policy([rule({ level: "<x>" })])), [
    'rules[0].level: Unsupported value: "\\u003cx\\u003e": supported values: "None", "Metadata", "Request", "RequestResponse"',
  ]);
});

const reader = `
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: None
    nonResourceURLs:
      - /healthz*
      - /version
  - level: RequestResponse
    users: ["tim"]
    userGroups: ["testers", "developers"]
    verbs: ["patch", "delete", "create"]
    resources:
      - group: ""
      - group: "rbac.authorization.k8s.io"
        resources: ["clusterroles", "clusterrolebindings"]
    namespaces: ["default", "kube-system"]
  - level: Metadata
`;

test("TestParser: the reader's policy decodes to the expected rules", () => {
  const r = loadPolicyText(reader, "p.yaml");
  assert.ok(r.valid, JSON.stringify(r.errors));
  assert.deepEqual(r.policy?.rules, [
    rule({ level: "None", nonResourceURLs: ["/healthz*", "/version"] }),
    rule({
      level: "RequestResponse",
      users: ["tim"],
      userGroups: ["testers", "developers"],
      verbs: ["patch", "delete", "create"],
      resources: [
        {},
        { group: "rbac.authorization.k8s.io", resources: ["clusterroles", "clusterrolebindings"] },
      ],
      namespaces: ["default", "kube-system"],
    }),
    rule({ level: "Metadata" }),
  ]);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.policy?.positions.get("rules[1]")?.line, 9);
  assert.equal(r.policy?.positions.get("rules[1].resources[1].group")?.line, 15);
});

test("TestParsePolicyWithNoVersionOrKind: unknown group version field", () => {
  const r = loadPolicyText(reader.replace("apiVersion: audit.k8s.io/v1\nkind: Policy\n", ""), "p.yaml");
  assert.equal(r.valid, false);
  assert.equal(
    r.errors[0]?.message,
    "unknown group version field audit.k8s.io/__internal, Kind=Policy in policy",
  );
  assert.equal(
    r.apiserverError,
    "loading audit policy file: unknown group version field audit.k8s.io/__internal, Kind=Policy in policy: from file p.yaml",
  );
});

test("TestParsePolicyWithUnknownField: loads (lenient fallback), and the field is a warning naming its path and line", () => {
  const text = policyYaml(`rules:
- level: None
  resources:
  - group: coordination.k8s.io
    resources:
    - "leases"
    verbs: ["watch", "get", "list"] # invalid indentation on verbs
`);
  const r = loadPolicyText(text, "p.yaml");
  assert.ok(r.valid);
  assert.deepEqual(
    r.warnings.map((w) => [w.code, w.message, w.line]),
    [["POLICY_UNKNOWN_FIELD", 'unknown field "rules[0].resources[0].verbs"', 9]],
  );
  assert.match(r.warnings[0]?.hint ?? "", /field of a rule, not of a resources entry/);
  // The verbs were dropped: the rule matches every verb.
  assert.deepEqual(r.policy?.rules[0]?.verbs, []);
});

test("TestPolicyCntCheck: no rules, and an empty file, are refused", () => {
  const none = loadPolicyText("apiVersion: audit.k8s.io/v1\nkind: Policy", "p.yaml");
  assert.equal(none.valid, false);
  assert.equal(none.errors[0]?.message, "loaded illegal policy with 0 rules");
  assert.equal(
    none.apiserverError,
    "loading audit policy file: loaded illegal policy with 0 rules: from file p.yaml",
  );
  assert.equal(loadPolicyText("", "p.yaml").valid, false);
  assert.equal(loadPolicyText(policyYaml("rules: []\n"), "p.yaml").errors[0]?.code, "POLICY_NO_RULES");
});

test("several errors: each with its line, and the apiserver's aggregate [e1, e2]", () => {
  const r = loadPolicyText(policyYaml("rules:\n- level: FooBar\n- verbs: [get]\n"), "p.yaml");
  assert.deepEqual(
    r.errors.map((e) => [e.line, e.message]),
    [
      [
        4,
        'rules[0].level: Unsupported value: "FooBar": supported values: "None", "Metadata", "Request", "RequestResponse"',
      ],
      [5, "rules[1].level: Required value"],
    ],
  );
  assert.equal(
    r.apiserverError,
    'loading audit policy file: [rules[0].level: Unsupported value: "FooBar": supported values: "None", "Metadata", "Request", "RequestResponse", rules[1].level: Required value]: from file p.yaml',
  );
});

test("only audit.k8s.io/v1 Policy: v1beta1 is refused, a missing kind defaults to Policy", () => {
  const beta = loadPolicyText(
    "apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n- level: None\n",
    "p.yaml",
  );
  assert.equal(beta.valid, false);
  assert.equal(beta.errors[0]?.code, "POLICY_GROUP_VERSION");
  assert.match(beta.errors[0]?.hint ?? "", /removed in Kubernetes 1\.24/);
  assert.ok(loadPolicyText("apiVersion: audit.k8s.io/v1\nrules:\n- level: None\n", "p.yaml").valid);
  assert.equal(
    loadPolicyText("apiVersion: v1\nkind: Policy\nrules:\n- level: None\n", "p.yaml").valid,
    false,
  );
  assert.equal(
    loadPolicyText("apiVersion: audit.k8s.io/v1\nkind: Pod\nrules:\n- level: None\n", "p.yaml").valid,
    false,
  );
});

test("YAML as go-yaml v2 reads it: yes is a bool (a type error), duplicate keys keep the last, merge keys, JSON", () => {
  const yes = loadPolicyText(policyYaml("rules:\n- level: None\n  users: [yes]\n"), "p.yaml");
  assert.equal(
    yes.errors[0]?.message,
    "failed decoding: json: cannot unmarshal bool into Go struct field PolicyRule.rules.users of type string",
  );
  assert.equal(yes.errors[0]?.line, 5);
  const scalar = loadPolicyText(policyYaml("rules:\n- level: None\n  users: alice\n"), "p.yaml");
  assert.equal(
    scalar.errors[0]?.message,
    "failed decoding: json: cannot unmarshal string into Go struct field PolicyRule.rules.users of type []string",
  );
  const dup = loadPolicyText(policyYaml("rules:\n- level: None\n  level: Metadata\n"), "p.yaml");
  assert.ok(dup.valid);
  assert.equal(dup.policy?.rules[0]?.level, "Metadata");
  assert.deepEqual(
    dup.warnings.map((w) => [w.code, w.message, w.line]),
    [["POLICY_DUPLICATE_FIELD", 'duplicate field "rules[0].level"', 5]],
  );
  const merged = loadPolicyText(
    policyYaml("x: &base {level: Request, verbs: [get]}\nrules:\n- <<: *base\n  users: [a]\n"),
    "p.yaml",
  );
  assert.deepEqual(merged.policy?.rules[0], rule({ level: "Request", verbs: ["get"], users: ["a"] }));
  assert.deepEqual(
    merged.warnings.map((w) => w.message),
    ['unknown field "x"'],
  );
  const json = loadPolicyText(
    '{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"Metadata"}]}',
    "p.json",
  );
  assert.ok(json.valid);
  const twoDocs = loadPolicyText(policyYaml("rules:\n- level: None\n---\nrules: []\n"), "p.yaml");
  assert.ok(twoDocs.valid);
  assert.deepEqual(
    twoDocs.warnings.map((w) => w.code),
    ["POLICY_EXTRA_DOCUMENT"],
  );
  const bad = loadPolicyText("rules: [\n", "p.yaml");
  assert.equal(bad.valid, false);
  assert.match(
    bad.errors[0]?.message ?? "",
    /^failed decoding: error converting YAML to JSON: yaml: line \d+: /,
  );
});

test("unknown fields: case and spelling hints", () => {
  const r = loadPolicyText(
    policyYaml("rules:\n- level: None\n  Verbs: [get]\n  nonResourceUrls: [/x]\n  usres: [a]\n"),
    "p.yaml",
  );
  assert.deepEqual(
    r.warnings.map((w) => [w.message, w.hint]),
    [
      ['unknown field "rules[0].Verbs"', 'did you mean "verbs"? (field names are case-sensitive)'],
      [
        'unknown field "rules[0].nonResourceUrls"',
        'did you mean "nonResourceURLs"? (field names are case-sensitive)',
      ],
      ['unknown field "rules[0].usres"', 'did you mean "users"?'],
    ],
  );
});

test("both shared policies validate with no warnings", () => {
  for (const f of [gcePolicyPath, docsPolicyPath]) {
    const r = loadPolicyFile(f);
    assert.ok(r.valid, `${f}: ${JSON.stringify(r.errors)}`);
    assert.deepEqual(r.warnings, []);
  }
  assert.equal(loadPolicyFile(gcePolicyPath).policy?.rules.length, 17);
  assert.equal(loadPolicyFile(docsPolicyPath).policy?.rules.length, 9);
});

test("an unreadable file is an error naming it, as the apiserver words it", () => {
  const r = loadPolicyFile("/nonexistent/policy.yaml");
  assert.equal(r.valid, false);
  assert.equal(
    r.errors[0]?.message,
    'failed to read file path "/nonexistent/policy.yaml": open /nonexistent/policy.yaml: no such file or directory',
  );
});
