// The audit.k8s.io/v1 Policy model: levels, stages, rules, and where each part sits in its file.

/** Audit levels, least to most recorded. */
export const LEVELS = ["None", "Metadata", "Request", "RequestResponse"] as const;
export type AuditLevel = (typeof LEVELS)[number];

/** Audit stages in the order a request goes through them (Panic replaces ResponseComplete). */
export const STAGES = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"] as const;
export type AuditStage = (typeof STAGES)[number];

/** The only version kube-apiserver accepts for policies since 1.24. */
export const POLICY_API_VERSION = "audit.k8s.io/v1";

/** Whether a string is one of the four levels. */
export function isAuditLevel(s: string): s is AuditLevel {
  return (LEVELS as readonly string[]).includes(s);
}

/** Whether a string is one of the four stages. */
export function isAuditStage(s: string): s is AuditStage {
  return (STAGES as readonly string[]).includes(s);
}

/** Rank of a level (None 0 … RequestResponse 3), for comparisons. */
export function levelRank(level: AuditLevel): number {
  return LEVELS.indexOf(level);
}

/** A 1-based place in a policy file. */
export interface Position {
  line: number;
  column: number;
}

/** GroupResources: an API group ("" core, "*" every group) and resources in it. */
export interface GroupResources {
  group: string;
  resources: string[];
  resourceNames: string[];
}

/**
 * PolicyRule as decoded (before validation, so `level` and stages may be invalid strings). Absent
 * lists are empty lists: the checker treats nil and empty alike.
 */
export interface PolicyRule {
  level: string;
  users: string[];
  userGroups: string[];
  verbs: string[];
  resources: GroupResources[];
  namespaces: string[];
  nonResourceURLs: string[];
  omitStages: string[];
  /** Unset (nil): the policy's omitManagedFields applies. */
  omitManagedFields?: boolean;
}

/** A decoded audit Policy with the positions of its parts. */
export interface AuditPolicy {
  apiVersion: string;
  kind: string;
  rules: PolicyRule[];
  omitStages: string[];
  omitManagedFields: boolean;
  /**
   * Where each decoded field path sits in the file: `rules[0]`, `rules[0].level`,
   * `rules[2].resources[1].group`, `rules[3].nonResourceURLs[0]`, `omitStages[1]`.
   */
  positions: ReadonlyMap<string, Position>;
}

/** The position of a field path, or of its nearest ancestor that has one. */
export function positionOf(policy: Pick<AuditPolicy, "positions">, path: string): Position | undefined {
  let p = path;
  for (;;) {
    const pos = policy.positions.get(p);
    if (pos !== undefined) return pos;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) return policy.positions.get("");
    p = p.slice(0, cut);
  }
}
