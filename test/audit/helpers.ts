// Helpers for the audit policy tests: policies built in code, as the apiserver's tests build them.
import path from "node:path";
import type { AuditPolicy, GroupResources, PolicyRule } from "../../src/audit/index.js";

/** ../shared, where the real policies and audit logs live. */
export const shared = path.resolve(process.cwd(), "../shared");
export const gcePolicyPath = path.join(shared, "k8s/policies/gce-policy.yaml");
export const docsPolicyPath = path.join(shared, "k8s/policies/docs-example-policy.yaml");

/** A rule with the given fields; absent lists are empty, like Go's nil slices. */
export function rule(
  r: Partial<Omit<PolicyRule, "resources">> & { resources?: Partial<GroupResources>[] },
): PolicyRule {
  const out: PolicyRule = {
    level: r.level ?? "",
    users: r.users ?? [],
    userGroups: r.userGroups ?? [],
    verbs: r.verbs ?? [],
    resources: (r.resources ?? []).map((g) => ({
      group: g.group ?? "",
      resources: g.resources ?? [],
      resourceNames: g.resourceNames ?? [],
    })),
    namespaces: r.namespaces ?? [],
    nonResourceURLs: r.nonResourceURLs ?? [],
    omitStages: r.omitStages ?? [],
  };
  if (r.omitManagedFields !== undefined) out.omitManagedFields = r.omitManagedFields;
  return out;
}

/** A policy from rules (no positions). */
export function policy(
  rules: PolicyRule[],
  omitStages: string[] = [],
  omitManagedFields = false,
): AuditPolicy {
  return {
    apiVersion: "audit.k8s.io/v1",
    kind: "Policy",
    rules,
    omitStages,
    omitManagedFields,
    positions: new Map(),
  };
}

/** A policy file's text: the header and the given rules YAML. */
export const policyYaml = (body: string) => `apiVersion: audit.k8s.io/v1\nkind: Policy\n${body}`;
