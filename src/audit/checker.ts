// The policy checker's semantics, as kube-apiserver's (k8s.io/apiserver pkg/audit/policy/checker.go):
// rules are tried in order and the first match wins; no match is level None. This file is the
// readable reference, with the reasons a rule does not match; evaluator.ts is the fast compiled form.
import {
  type AuditLevel,
  type AuditPolicy,
  type AuditStage,
  type GroupResources,
  type PolicyRule,
  STAGES,
} from "./policy.js";

/** The authenticated user, as authenticator.Info: absent for requests that failed authentication. */
export interface UserInfo {
  name: string;
  groups: readonly string[];
}

/** The authorizer attributes the policy is evaluated on (authorizer.AttributesRecord). */
export interface RequestAttributes {
  /** Unset: no user (401 and pre-authentication events); `users`/`userGroups` rules never match. */
  user?: UserInfo | undefined;
  verb: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  /** The URL path without the query. */
  path: string;
  isResourceRequest: boolean;
}

/** What the policy decides for one request (auditinternal.RequestAuditConfig, plus the rule index). */
export interface AuditDecision {
  level: AuditLevel;
  /** The matched rule's omitStages ∪ the policy's, in stage order; the policy's when nothing matched. */
  omitStages: readonly AuditStage[];
  omitManagedFields: boolean;
  /** Index of the matching rule; null when no rule matched. */
  rule: number | null;
}

/** A decision with, for each rule before the matching one (all rules when none matched), why it did not match. */
export interface Explanation extends AuditDecision {
  skipped: { rule: number; reasons: string[] }[];
}

/** The default level when no rule matches (policy.DefaultAuditLevel). */
export const DEFAULT_AUDIT_LEVEL: AuditLevel = "None";

/** Union of stage lists in the canonical stage order (the apiserver's order is a Go map's, i.e. none). */
export function unionStages(...lists: readonly (readonly string[])[]): AuditStage[] {
  const seen = new Set<string>();
  for (const l of lists) for (const s of l) seen.add(s);
  return STAGES.filter((s) => seen.has(s));
}

/** Whether one `resources` string covers a resource and subresource: exact, "*", "*\/sub" or "res/*". */
export function resourceEntryMatches(res: string, resource: string, subresource: string): boolean {
  const combined = subresource === "" ? resource : `${resource}/${subresource}`;
  if (res === combined || res === "*") return true;
  if (subresource !== "" && res.startsWith("*/") && res.slice(2) === subresource) return true;
  return res.endsWith("/*") && res.slice(0, -2) === resource;
}

/** Whether a non-resource URL spec covers a path: "*", the exact path, or a prefix ending in "*". */
export function pathMatches(path: string, spec: string): boolean {
  if (spec === "*" || spec === path) return true;
  return spec.endsWith("*") && path.startsWith(spec.replace(/\*+$/, ""));
}

const list = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(", ")}]`;

/** Whether one group/resources entry matches, exactly as checker.go's ruleMatchesResource loop body. */
function groupResourcesMatches(gr: GroupResources, a: RequestAttributes): boolean {
  if (gr.group !== a.apiGroup && gr.group !== "*") return false;
  if (gr.resources.length === 0) return true;
  if (gr.resourceNames.length > 0 && !gr.resourceNames.includes(a.name)) return false;
  return gr.resources.some((res) => resourceEntryMatches(res, a.resource, a.subresource));
}

/** Why one group/resources entry does not match the request, or undefined when it does. */
function groupResourcesMismatch(gr: GroupResources, a: RequestAttributes): string | undefined {
  if (groupResourcesMatches(gr, a)) return undefined;
  const combined = a.subresource === "" ? a.resource : `${a.resource}/${a.subresource}`;
  const g = JSON.stringify(gr.group);
  if (gr.group !== "*" && gr.group !== a.apiGroup)
    return `group ${g} is not the request's group ${JSON.stringify(a.apiGroup)}`;
  const resourceMatches = gr.resources.some((res) => resourceEntryMatches(res, a.resource, a.subresource));
  if (resourceMatches) {
    const why = a.name === "" ? " (list, watch and create requests have no name)" : "";
    return `group ${g}: name ${JSON.stringify(a.name)} is not in resourceNames ${list(gr.resourceNames)}${why}`;
  }
  let note = "";
  if (a.subresource !== "" && gr.resources.includes(a.resource))
    note = ` ("${a.resource}" does not cover its subresources: add "${combined}" or "${a.resource}/*")`;
  return `group ${g}: ${JSON.stringify(combined)} is not matched by resources ${list(gr.resources)}${note}`;
}

/** Every condition of a rule that the request fails, in the checker's order; empty when the rule matches. */
export function ruleMismatches(rule: PolicyRule, a: RequestAttributes): string[] {
  const reasons: string[] = [];
  if (rule.users.length > 0) {
    if (a.user === undefined) reasons.push("no authenticated user, so users never matches");
    else if (!rule.users.includes(a.user.name))
      reasons.push(`user ${JSON.stringify(a.user.name)} is not in users ${list(rule.users)}`);
  }
  if (rule.userGroups.length > 0) {
    if (a.user === undefined) reasons.push("no authenticated user, so userGroups never matches");
    else if (!a.user.groups.some((g) => rule.userGroups.includes(g)))
      reasons.push(`none of the groups ${list(a.user.groups)} is in userGroups ${list(rule.userGroups)}`);
  }
  if (rule.verbs.length > 0 && !rule.verbs.includes(a.verb))
    reasons.push(`verb ${JSON.stringify(a.verb)} is not in verbs ${list(rule.verbs)}`);
  if (rule.namespaces.length > 0 || rule.resources.length > 0) {
    if (!a.isResourceRequest) {
      reasons.push(
        "not a resource request, and the rule only matches resource requests (it has resources or namespaces)",
      );
      return reasons;
    }
    if (rule.namespaces.length > 0 && !rule.namespaces.includes(a.namespace)) {
      const what = a.namespace === "" ? ' (cluster-scoped requests have namespace "")' : "";
      reasons.push(
        `namespace ${JSON.stringify(a.namespace)} is not in namespaces ${list(rule.namespaces)}${what}`,
      );
    }
    if (rule.resources.length > 0) {
      const why = rule.resources.map((gr) => groupResourcesMismatch(gr, a));
      if (why.every((w) => w !== undefined)) {
        const relevant = why.filter((w) => !w.includes("is not the request's group"));
        const shown = relevant.length > 0 ? relevant : [`no entry for group ${JSON.stringify(a.apiGroup)}`];
        reasons.push(`resources: ${shown.join("; ")}`);
      }
    }
    return reasons;
  }
  if (rule.nonResourceURLs.length > 0) {
    if (a.isResourceRequest) reasons.push("a resource request, and the rule only matches non-resource URLs");
    else if (!rule.nonResourceURLs.some((spec) => pathMatches(a.path, spec)))
      reasons.push(
        `path ${JSON.stringify(a.path)} is not matched by nonResourceURLs ${list(rule.nonResourceURLs)}`,
      );
  }
  return reasons;
}

/**
 * Whether a rule matches, written as directly as checker.go's ruleMatches (the reference the
 * compiled evaluator is tested against).
 */
export function ruleMatches(rule: PolicyRule, a: RequestAttributes): boolean {
  return ruleMismatches(rule, a).length === 0;
}

/** The decision for a request, rule by rule with the reference matcher (slow; for tests and explain). */
export function evaluateReference(policy: AuditPolicy, a: RequestAttributes): AuditDecision {
  const i = policy.rules.findIndex((r) => ruleMatches(r, a));
  if (i < 0) {
    return {
      level: DEFAULT_AUDIT_LEVEL,
      omitStages: unionStages(policy.omitStages),
      omitManagedFields: policy.omitManagedFields,
      rule: null,
    };
  }
  const r = policy.rules[i] as PolicyRule;
  return {
    level: r.level as AuditLevel,
    omitStages: unionStages(policy.omitStages, r.omitStages),
    omitManagedFields: r.omitManagedFields ?? policy.omitManagedFields,
    rule: i,
  };
}
