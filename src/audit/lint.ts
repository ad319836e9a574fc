// Policy lint: valid policies that probably do not record what their author meant. Each finding
// names the rule (index and line) and gives a one-line fix.
import { type AuditDecision, type RequestAttributes, resourceEntryMatches, unionStages } from "./checker.js";
import { PolicyEvaluator } from "./evaluator.js";
import {
  type AuditLevel,
  type AuditPolicy,
  type GroupResources,
  levelRank,
  type PolicyRule,
} from "./policy.js";

export type LintCode =
  | "catch-all-not-last"
  | "shadowed-rule"
  | "sensitive-body"
  | "omits-response-started"
  | "keeps-request-received"
  | "subresource-wildcard-matches-resource"
  | "url-prefix-not-segment"
  | "resource-names-with-nameless-verbs"
  | "empty-namespace-vs-namespace-objects"
  | "unfiltered-system-requests"
  | "managed-fields-no-effect";

export interface LintFinding {
  code: LintCode;
  /** "warning": probably wrong; "info": worth knowing, often intended. */
  severity: "warning" | "info";
  /** Index of the rule concerned; null for the policy as a whole. */
  rule: number | null;
  /** 1-based line of that rule (or of the policy field concerned). */
  line?: number;
  message: string;
  /** One line: what to change. */
  fix: string;
}

/** The lint codes with a one-line description each, for documentation and `--json` consumers. */
export const LINT_CODES: Readonly<Record<LintCode, string>> = {
  "catch-all-not-last": "a rule matching every request comes before other rules, which can never match",
  "shadowed-rule": "an earlier rule matches every request a later rule matches",
  "sensitive-body":
    "secrets, configmaps, tokenreviews or token requests logged with bodies (Request or above)",
  "omits-response-started": "omitStages drops ResponseStarted: failed-authentication (401) events are lost",
  "keeps-request-received": "RequestReceived is not omitted: every request is logged twice",
  "subresource-wildcard-matches-resource": '"R/*" also matches the bare resource R',
  "url-prefix-not-segment": '"/x*" is a plain string prefix: it also matches "/xyz" and "/x-other"',
  "resource-names-with-nameless-verbs": "resourceNames never match list, watch, create or deletecollection",
  "empty-namespace-vs-namespace-objects":
    'namespaces: [""] does not match requests on Namespace objects by name',
  "unfiltered-system-requests":
    "frequent read-only requests of system components are logged (no rule drops them)",
  "managed-fields-no-effect": "omitManagedFields on a Metadata or None rule changes nothing",
};

type Kind = "any" | "resource" | "url";
const kindOf = (r: PolicyRule): Kind =>
  r.resources.length > 0 || r.namespaces.length > 0
    ? "resource"
    : r.nonResourceURLs.length > 0
      ? "url"
      : "any";

/** outer ⊇ inner, where an empty list means "anything". */
function listCovers(outer: readonly string[], inner: readonly string[]): boolean {
  if (outer.length === 0) return true;
  if (inner.length === 0) return false;
  return inner.every((x) => outer.includes(x));
}

/** Whether a `resources` list covers every request a single resource string can match. */
function resourceStringCovered(outer: readonly string[], r: string): boolean {
  if (outer.includes("*") || outer.includes(r)) return true;
  if (r === "*" || r.startsWith("*/") || r.endsWith("/*")) return false;
  const slash = r.indexOf("/");
  if (slash < 0) return outer.includes(`${r}/*`);
  return outer.includes(`${r.slice(0, slash)}/*`) || outer.includes(`*/${r.slice(slash + 1)}`);
}

function groupResourcesCovers(a: GroupResources, b: GroupResources): boolean {
  if (a.group !== "*" && a.group !== b.group) return false;
  if (a.resources.length === 0) return true;
  if (b.resources.length === 0) return a.resources.includes("*") && a.resourceNames.length === 0;
  if (!listCovers(a.resourceNames, b.resourceNames)) return false;
  return b.resources.every((r) => resourceStringCovered(a.resources, r));
}

function urlCovered(outer: readonly string[], spec: string): boolean {
  if (outer.includes("*") || outer.includes(spec)) return true;
  const inner = spec.endsWith("*") ? spec.replace(/\*+$/, "") : spec;
  if (spec === "*") return outer.some((o) => o.endsWith("*") && o.replace(/\*+$/, "") === "");
  return outer.some((o) => o.endsWith("*") && inner.startsWith(o.replace(/\*+$/, "")));
}

/** Whether every request rule `b` matches is matched by rule `a` (a conservative test). */
export function ruleCovers(a: PolicyRule, b: PolicyRule): boolean {
  if (
    !listCovers(a.users, b.users) ||
    !listCovers(a.userGroups, b.userGroups) ||
    !listCovers(a.verbs, b.verbs)
  )
    return false;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "any") return true;
  if (ka !== kb) return false;
  if (ka === "url") return b.nonResourceURLs.every((s) => urlCovered(a.nonResourceURLs, s));
  if (!listCovers(a.namespaces, b.namespaces)) return false;
  if (a.resources.length === 0) return true;
  if (b.resources.length === 0) return false;
  return b.resources.every((gb) => a.resources.some((ga) => groupResourcesCovers(ga, gb)));
}

interface Target {
  group: string;
  resource: string;
  subresource: string;
  label: string;
  /** The lowest level whose bodies carry the secret: request bodies (Request) or responses (RequestResponse). */
  leaksAt?: AuditLevel;
  /** Namespaced resources never match a rule limited to namespaces: [""]. */
  namespaced: boolean;
}

/** Whether some request for the target could match the rule (users, verbs and namespaces aside). */
function canMatchTarget(rule: PolicyRule, t: Target): boolean {
  const k = kindOf(rule);
  if (k === "url") return false;
  if (t.namespaced && rule.namespaces.length > 0 && rule.namespaces.every((n) => n === "")) return false;
  if (!t.namespaced && rule.namespaces.length > 0 && !rule.namespaces.includes("")) return false;
  if (k === "any" || rule.resources.length === 0) return true;
  return rule.resources.some(
    (gr) =>
      (gr.group === "*" || gr.group === t.group) &&
      (gr.resources.length === 0 ||
        gr.resources.some((r) => resourceEntryMatches(r, t.resource, t.subresource))),
  );
}

/** Whether the rule matches every request for the target, whoever makes it and however. */
function catchesTarget(rule: PolicyRule, t: Target): boolean {
  if (
    rule.users.length > 0 ||
    rule.userGroups.length > 0 ||
    rule.verbs.length > 0 ||
    rule.namespaces.length > 0
  )
    return false;
  const k = kindOf(rule);
  if (k === "any") return true;
  if (k === "url") return false;
  return rule.resources.some(
    (gr) =>
      (gr.group === "*" || gr.group === t.group) &&
      (gr.resources.length === 0 ||
        (gr.resourceNames.length === 0 &&
          gr.resources.some((r) => resourceEntryMatches(r, t.resource, t.subresource)))),
  );
}

/**
 * Resources whose bodies hold secrets: Secret and ConfigMap data (in requests and responses), the
 * token a TokenReview carries in its request, and the token a TokenRequest returns in its response.
 */
const SENSITIVE: readonly Target[] = [
  { group: "", resource: "secrets", subresource: "", label: "secrets", leaksAt: "Request", namespaced: true },
  {
    group: "",
    resource: "configmaps",
    subresource: "",
    label: "configmaps",
    leaksAt: "Request",
    namespaced: true,
  },
  {
    group: "authentication.k8s.io",
    resource: "tokenreviews",
    subresource: "",
    label: "tokenreviews",
    leaksAt: "Request",
    namespaced: false,
  },
  {
    group: "",
    resource: "serviceaccounts",
    subresource: "token",
    label: "serviceaccounts/token",
    leaksAt: "RequestResponse",
    namespaced: true,
  },
];

const BODY_VERBS = ["create", "update", "patch"];

interface SystemRead {
  who: string;
  what: string;
  /** How often it happens. */
  rate: string;
  attrs: RequestAttributes;
  /** Users and groups that identify the component in a rule. */
  identities: string[];
  fix: string;
}

const res = (
  user: string,
  groups: string[],
  verb: string,
  apiGroup: string,
  resource: string,
  namespace: string,
  name: string,
): RequestAttributes => ({
  user: { name: user, groups },
  verb,
  namespace,
  apiGroup,
  apiVersion: "v1",
  resource,
  subresource: "",
  name,
  path: "",
  isResourceRequest: true,
});

const nonRes = (path: string): RequestAttributes => ({
  user: { name: "system:anonymous", groups: ["system:unauthenticated"] },
  verb: "get",
  namespace: "",
  apiGroup: "",
  apiVersion: "",
  resource: "",
  subresource: "",
  name: "",
  path,
  isResourceRequest: false,
});

/** Frequent requests every cluster's system components make: reads, heartbeats and probes. */
const SYSTEM_READS: readonly SystemRead[] = [
  {
    who: "system:kube-proxy",
    what: "watch endpointslices.discovery.k8s.io",
    rate: "kube-proxy on every node holds this watch and re-opens it every few minutes",
    attrs: res(
      "system:kube-proxy",
      ["system:authenticated"],
      "watch",
      "discovery.k8s.io",
      "endpointslices",
      "",
      "",
    ),
    identities: ["system:kube-proxy"],
    fix: '- level: None\n  users: ["system:kube-proxy"]\n  verbs: ["watch"]\n  resources: [{group: "discovery.k8s.io", resources: ["endpointslices"]}, {group: "", resources: ["endpoints", "services"]}]',
  },
  {
    who: "system:kube-proxy",
    what: "watch services",
    rate: "kube-proxy on every node holds this watch and re-opens it every few minutes",
    attrs: res("system:kube-proxy", ["system:authenticated"], "watch", "", "services", "", ""),
    identities: ["system:kube-proxy"],
    fix: '- level: None\n  users: ["system:kube-proxy"]\n  verbs: ["watch"]\n  resources: [{group: "", resources: ["endpoints", "services"]}]',
  },
  {
    who: "kubelets (group system:nodes)",
    what: "get nodes",
    rate: "every kubelet, every 10 s",
    attrs: res(
      "system:node:node-1",
      ["system:nodes", "system:authenticated"],
      "get",
      "",
      "nodes",
      "",
      "node-1",
    ),
    identities: ["system:nodes"],
    fix: '- level: None\n  userGroups: ["system:nodes"]\n  verbs: ["get"]\n  resources: [{group: "", resources: ["nodes", "nodes/status"]}]',
  },
  {
    who: "kubelets (group system:nodes)",
    what: "update leases in kube-node-lease",
    rate: "every kubelet, every 10 s",
    attrs: res(
      "system:node:node-1",
      ["system:nodes", "system:authenticated"],
      "update",
      "coordination.k8s.io",
      "leases",
      "kube-node-lease",
      "node-1",
    ),
    identities: ["system:nodes"],
    fix: '- level: None\n  userGroups: ["system:nodes"]\n  verbs: ["get", "update"]\n  namespaces: ["kube-node-lease"]\n  resources: [{group: "coordination.k8s.io", resources: ["leases"]}]',
  },
  {
    who: "system:kube-controller-manager",
    what: "get its leader-election lease in kube-system",
    rate: "every 2 s, from every control-plane node",
    attrs: res(
      "system:kube-controller-manager",
      ["system:authenticated"],
      "get",
      "coordination.k8s.io",
      "leases",
      "kube-system",
      "kube-controller-manager",
    ),
    identities: ["system:kube-controller-manager"],
    fix: '- level: None\n  users: ["system:kube-controller-manager", "system:kube-scheduler"]\n  verbs: ["get", "update"]\n  namespaces: ["kube-system"]\n  resources: [{group: "coordination.k8s.io", resources: ["leases"]}]',
  },
  {
    who: "system:kube-scheduler",
    what: "get its leader-election lease in kube-system",
    rate: "every 2 s, from every control-plane node",
    attrs: res(
      "system:kube-scheduler",
      ["system:authenticated"],
      "get",
      "coordination.k8s.io",
      "leases",
      "kube-system",
      "kube-scheduler",
    ),
    identities: ["system:kube-scheduler"],
    fix: '- level: None\n  users: ["system:kube-controller-manager", "system:kube-scheduler"]\n  verbs: ["get", "update"]\n  namespaces: ["kube-system"]\n  resources: [{group: "coordination.k8s.io", resources: ["leases"]}]',
  },
  ...["/healthz", "/livez", "/readyz"].map(
    (path): SystemRead => ({
      who: "health probes (system:anonymous)",
      what: `GET ${path}`,
      rate: "kubelet and load-balancer probes, every few seconds",
      attrs: nonRes(path),
      identities: [],
      fix: '- level: None\n  nonResourceURLs: ["/healthz", "/healthz/*", "/livez", "/livez/*", "/readyz", "/readyz/*"]',
    }),
  ),
];

const q = (s: string) => JSON.stringify(s);

/** Lints a valid policy; findings come in rule order, policy-wide ones first. */
export function lintPolicy(policy: AuditPolicy): LintFinding[] {
  const findings: LintFinding[] = [];
  const lineOf = (path: string) => policy.positions.get(path)?.line;
  const add = (f: Omit<LintFinding, "line">, path?: string) => {
    const line = lineOf(path ?? (f.rule === null ? "" : `rules[${f.rule}]`));
    findings.push(line === undefined ? f : { ...f, line });
  };
  const rules = policy.rules;
  const level = (r: PolicyRule) => r.level as AuditLevel;
  const effectiveStages = (r: PolicyRule) => unionStages(policy.omitStages, r.omitStages);

  // Stages, policy-wide.
  if (policy.omitStages.includes("ResponseStarted")) {
    add(
      {
        code: "omits-response-started",
        severity: "warning",
        rule: null,
        message:
          "the policy omits ResponseStarted: requests that fail authentication produce only a ResponseStarted event, so 401s are never logged",
        fix: "remove ResponseStarted from the policy's omitStages",
      },
      "omitStages",
    );
  }
  const logging = rules.map((r, i) => ({ r, i })).filter(({ r }) => level(r) !== "None");
  const keeping = logging.filter(({ r }) => !effectiveStages(r).includes("RequestReceived"));
  if (
    keeping.length > 0 &&
    keeping.length === logging.length &&
    !policy.omitStages.includes("RequestReceived")
  ) {
    add({
      code: "keeps-request-received",
      severity: "info",
      rule: null,
      message: `no rule omits RequestReceived: every logged request produces a RequestReceived event and a ResponseComplete event with the same metadata`,
      fix: 'add `omitStages: ["RequestReceived"]` at the top level of the policy',
    });
  }

  const catchAllAt = rules.findIndex(
    (r) => kindOf(r) === "any" && r.users.length === 0 && r.userGroups.length === 0 && r.verbs.length === 0,
  );

  rules.forEach((rule, i) => {
    const path = `rules[${i}]`;
    // Ordering.
    if (i === catchAllAt && i < rules.length - 1) {
      add({
        code: "catch-all-not-last",
        severity: "warning",
        rule: i,
        message: `rule ${i} matches every request, so ${i + 1 === rules.length - 1 ? `rule ${i + 1}` : `rules ${i + 1}–${rules.length - 1}`} can never match`,
        fix: `move rule ${i} to the end of the rules`,
      });
    }
    if (catchAllAt < 0 || i < catchAllAt || i === catchAllAt) {
      const by = rules.slice(0, i).findIndex((earlier) => ruleCovers(earlier, rule));
      if (by >= 0) {
        const earlier = rules[by] as PolicyRule;
        const same =
          earlier.level === rule.level &&
          effectiveStages(earlier).join() === effectiveStages(rule).join() &&
          (earlier.omitManagedFields ?? policy.omitManagedFields) ===
            (rule.omitManagedFields ?? policy.omitManagedFields);
        add({
          code: "shadowed-rule",
          severity: same ? "info" : "warning",
          rule: i,
          message: same
            ? `rule ${i} is redundant: rule ${by} matches every request it matches, with the same outcome`
            : `rule ${i} (${rule.level}) can never match: rule ${by} (${earlier.level}) matches every request it matches`,
          fix: same ? `delete rule ${i}` : `move rule ${i} before rule ${by}, or narrow rule ${by}`,
        });
      }
    }

    // Stages, per rule.
    if (
      !policy.omitStages.includes("ResponseStarted") &&
      rule.omitStages.includes("ResponseStarted") &&
      rule.users.length === 0 &&
      rule.userGroups.length === 0 &&
      level(rule) !== "None"
    ) {
      add(
        {
          code: "omits-response-started",
          severity: "warning",
          rule: i,
          message: `rule ${i} omits ResponseStarted and can match unauthenticated requests: their only event (ResponseStarted, code 401) is dropped`,
          fix: `remove ResponseStarted from rule ${i}'s omitStages`,
        },
        `${path}.omitStages`,
      );
    }
    if (
      keeping.length < logging.length &&
      level(rule) !== "None" &&
      !effectiveStages(rule).includes("RequestReceived")
    ) {
      add({
        code: "keeps-request-received",
        severity: "info",
        rule: i,
        message: `rule ${i} (${rule.level}) keeps RequestReceived while other rules omit it: its requests are logged twice`,
        fix: `add RequestReceived to rule ${i}'s omitStages`,
      });
    }
    if (rule.omitManagedFields !== undefined && (level(rule) === "Metadata" || level(rule) === "None")) {
      add(
        {
          code: "managed-fields-no-effect",
          severity: "info",
          rule: i,
          message: `rule ${i} sets omitManagedFields at level ${rule.level}, which records no object bodies`,
          fix: `remove omitManagedFields from rule ${i}`,
        },
        `${path}.omitManagedFields`,
      );
    }

    // Resources.
    rule.resources.forEach((gr, g) => {
      const grPath = `${path}.resources[${g}]`;
      for (const r of gr.resources) {
        if (r.endsWith("/*") && r !== "*/*" && !r.startsWith("*/")) {
          const base = r.slice(0, -2);
          if (gr.resources.includes(base)) continue;
          add(
            {
              code: "subresource-wildcard-matches-resource",
              severity: "info",
              rule: i,
              message: `${q(r)} in rule ${i} also matches ${q(base)} itself, not only its subresources`,
              fix: `list the subresources you mean (${q(`${base}/status`)}, …), or add ${q(base)} next to ${q(r)} to make the intent explicit`,
            },
            `${grPath}.resources`,
          );
        }
      }
      const nameless = rule.verbs.filter((v) => ["list", "watch", "create", "deletecollection"].includes(v));
      if (
        gr.resourceNames.length > 0 &&
        gr.resources.length > 0 &&
        (nameless.length > 0 || rule.verbs.length === 0)
      ) {
        const verbsText =
          nameless.length > 0 ? nameless.map(q).join(", ") : "list, watch, create and deletecollection";
        add(
          {
            code: "resource-names-with-nameless-verbs",
            severity: nameless.length > 0 ? "warning" : "info",
            rule: i,
            message: `rule ${i} restricts resourceNames, but ${verbsText} requests carry no name, so they never match it and fall through to later rules`,
            fix:
              nameless.length > 0
                ? `remove ${nameless.map(q).join(", ")} from rule ${i}'s verbs, or move them to a rule without resourceNames`
                : `add verbs: ["get", "update", "patch", "delete"] to rule ${i} to make it explicit`,
          },
          `${grPath}.resourceNames`,
        );
      }
    });
    if (
      rule.namespaces.includes("") &&
      canMatchTarget(rule, {
        group: "",
        resource: "namespaces",
        subresource: "",
        label: "namespaces",
        namespaced: false,
      })
    ) {
      add(
        {
          code: "empty-namespace-vs-namespace-objects",
          severity: "warning",
          rule: i,
          message: `rule ${i} has namespaces: [""] and can match Namespace objects, but get/update/patch/delete of namespace "foo" have namespace "foo": only create, list and watch of namespaces match`,
          fix: `match namespaces in a rule without a namespaces field (resources: [{group: "", resources: ["namespaces"]}])`,
        },
        `${path}.namespaces`,
      );
    }

    // Non-resource URLs.
    rule.nonResourceURLs.forEach((spec, u) => {
      if (spec === "*" || !spec.endsWith("*")) return;
      const prefix = spec.replace(/\*+$/, "");
      if (prefix.endsWith("/")) return;
      const also =
        prefix === "/api"
          ? `"/apis/…" (every API group's discovery) and "/api…"`
          : `"${prefix}-x", "${prefix}x"`;
      add(
        {
          code: "url-prefix-not-segment",
          severity: prefix === "/api" ? "warning" : "info",
          rule: i,
          message: `${q(spec)} in rule ${i} is a string prefix: besides "${prefix}" and "${prefix}/…" it matches ${also}`,
          fix: `write ${q(prefix)} and ${q(`${prefix}/*`)} to match only that path and its subpaths`,
        },
        `${path}.nonResourceURLs[${u}]`,
      );
    });
  });

  // Sensitive bodies: the first rules able to see each sensitive resource, up to one that catches all of it.
  const sensitiveByRule = new Map<number, string[]>();
  for (const t of SENSITIVE) {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as PolicyRule;
      if (!canMatchTarget(rule, t)) continue;
      if (levelRank(level(rule)) >= levelRank(t.leaksAt ?? "Request")) {
        const l = sensitiveByRule.get(i) ?? [];
        l.push(t.label);
        sensitiveByRule.set(i, l);
      }
      if (catchesTarget(rule, t)) break;
    }
  }
  for (const [i, labels] of sensitiveByRule) {
    const rule = rules[i] as PolicyRule;
    const bodyVerbs = rule.verbs.length === 0 || rule.verbs.some((v) => BODY_VERBS.includes(v));
    const harmless = level(rule) === "Request" && !bodyVerbs;
    add({
      code: "sensitive-body",
      severity: harmless ? "info" : "warning",
      rule: i,
      message: harmless
        ? `rule ${i} logs ${labels.join(", ")} at Request, but only for ${rule.verbs.map(q).join(", ")}, whose request bodies hold no object data (harmless, though CIS 3.2.2 asks for Metadata)`
        : `rule ${i} can log ${labels.join(", ")} at ${rule.level}: secret values, tokens and config data end up in the audit log`,
      fix: `add a Metadata rule for ${labels.join(", ")} before rule ${i}`,
    });
  }

  // High-volume system reads that no rule filters.
  const evaluator = new PolicyEvaluator(policy);
  const seen = new Set<string>();
  for (const s of SYSTEM_READS) {
    const d: AuditDecision = evaluator.evaluate(s.attrs);
    if (d.level === "None" || d.rule === null) continue;
    const matching = rules[d.rule] as PolicyRule;
    const namesComponent = s.identities.some(
      (id) => matching.users.includes(id) || matching.userGroups.includes(id),
    );
    if (namesComponent) continue;
    const key = `${s.who}|${s.what}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mentioned = rules.some((r) =>
      s.identities.some((id) => r.users.includes(id) || r.userGroups.includes(id)),
    );
    add({
      code: "unfiltered-system-requests",
      severity: "info",
      rule: d.rule,
      message: `${s.who}: ${s.what} is logged at ${d.level} by rule ${d.rule}${mentioned ? " (rules name this component, but not for this request)" : " (no rule names this component)"}: ${s.rate}`,
      fix: `add before rule ${d.rule}: ${s.fix.replace(/\n\s*/g, "; ")}`,
    });
  }

  return findings.sort((a, b) => (a.rule ?? -1) - (b.rule ?? -1) || (a.line ?? 0) - (b.line ?? 0));
}

/** `file:line: severity: message [code]` and the fix on the next line. */
export function formatLintFinding(file: string, f: LintFinding): string {
  const where = f.line === undefined ? file : `${file}:${f.line}`;
  const rule = f.rule === null ? "policy" : `rule ${f.rule}`;
  return `${where}: ${f.severity}: ${rule}: ${f.message} [${f.code}]\n    fix: ${f.fix}`;
}
