// The compiled policy evaluator: checker.go's semantics at millions of decisions per second. Every
// string a policy mentions gets a small integer; a request's strings are looked up once, and each
// rule then tests membership by indexing byte tables (no hashing, no allocation per rule).
import {
  type AuditDecision,
  DEFAULT_AUDIT_LEVEL,
  type Explanation,
  type RequestAttributes,
  ruleMismatches,
  unionStages,
} from "./checker.js";
import type { AuditLevel, AuditPolicy, GroupResources, PolicyRule } from "./policy.js";

/** Ids of the strings a policy mentions; strings it does not mention have none (-1). */
class Vocabulary {
  readonly ids = new Map<string, number>();
  add(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
    }
    return id;
  }
}

/** Membership table: table[id] === 1 for the listed strings; null for an empty list (no constraint). */
type Table = Uint8Array | null;

interface CompiledGroupResources {
  anyGroup: boolean;
  group: number;
  anyResource: boolean;
  names: Table;
  exact: Table;
  star: boolean;
  /** X of each "*\/X", by id. */
  withSub: Table;
  /** R of each "R/*", by id. */
  subOf: Table;
}

interface CompiledRule {
  users: Table;
  /** Bit mask of the rule's userGroups (when the policy has at most 31 distinct groups). */
  groupMask: number;
  groups: readonly string[] | null;
  verbs: Table;
  resourceRule: boolean;
  namespaces: Table;
  resources: readonly CompiledGroupResources[];
  urlRule: boolean;
  anyUrl: boolean;
  urls: Table;
  urlPrefixes: readonly string[];
  decision: AuditDecision;
}

const NONE = -1;

/** A policy compiled for evaluation. The policy must be valid (levels and stages checked). */
export class PolicyEvaluator {
  private readonly rules: readonly CompiledRule[];
  private readonly noMatch: AuditDecision;
  private readonly vocab = new Vocabulary();
  private readonly groupBits = new Map<string, number>();
  /** More than 31 distinct userGroups: fall back to list lookups. */
  private readonly groupsByList: boolean;
  /** Ids of "resource/subresource" strings by resource and subresource, so no string is built per request. */
  private readonly combined = new Map<string, Map<string, number>>();

  constructor(readonly policy: AuditPolicy) {
    const allGroups = new Set(policy.rules.flatMap((r) => r.userGroups));
    this.groupsByList = allGroups.size > 31;
    if (!this.groupsByList) for (const g of allGroups) this.groupBits.set(g, 1 << this.groupBits.size);
    // Two passes: ids first, so that every table is as long as the vocabulary.
    for (const r of policy.rules) this.collect(r);
    this.rules = policy.rules.map((r, i) => this.compileRule(r, i));
    this.noMatch = Object.freeze({
      level: DEFAULT_AUDIT_LEVEL,
      omitStages: Object.freeze(unionStages(policy.omitStages)),
      omitManagedFields: policy.omitManagedFields,
      rule: null,
    });
  }

  private collect(r: PolicyRule): void {
    const v = this.vocab;
    for (const s of [...r.users, ...r.verbs, ...r.namespaces, ...r.nonResourceURLs]) v.add(s);
    for (const gr of r.resources) {
      v.add(gr.group);
      for (const s of gr.resourceNames) v.add(s);
      for (const res of gr.resources) {
        const id = v.add(res);
        const slash = res.indexOf("/");
        if (slash > 0) {
          const subs = this.combined.get(res.slice(0, slash)) ?? new Map<string, number>();
          subs.set(res.slice(slash + 1), id);
          this.combined.set(res.slice(0, slash), subs);
        }
        if (res.startsWith("*/")) v.add(res.slice(2));
        if (res.endsWith("/*")) v.add(res.slice(0, -2));
      }
    }
  }

  private table(xs: readonly string[]): Table {
    if (xs.length === 0) return null;
    const t = new Uint8Array(this.vocab.ids.size);
    for (const x of xs) t[this.vocab.add(x)] = 1;
    return t;
  }

  private compileGroupResources(gr: GroupResources): CompiledGroupResources {
    return {
      anyGroup: gr.group === "*",
      group: this.vocab.add(gr.group),
      anyResource: gr.resources.length === 0,
      names: this.table(gr.resourceNames),
      exact: this.table(gr.resources),
      star: gr.resources.includes("*"),
      withSub: this.table(gr.resources.filter((r) => r.startsWith("*/")).map((r) => r.slice(2))),
      subOf: this.table(gr.resources.filter((r) => r.endsWith("/*")).map((r) => r.slice(0, -2))),
    };
  }

  private compileRule(rule: PolicyRule, index: number): CompiledRule {
    const prefixes = rule.nonResourceURLs.filter((s) => s.endsWith("*")).map((s) => s.replace(/\*+$/, ""));
    let groupMask = 0;
    for (const g of rule.userGroups) groupMask |= this.groupBits.get(g) ?? 0;
    return {
      users: this.table(rule.users),
      groupMask,
      groups: rule.userGroups.length === 0 ? null : rule.userGroups,
      verbs: this.table(rule.verbs),
      resourceRule: rule.namespaces.length > 0 || rule.resources.length > 0,
      namespaces: this.table(rule.namespaces),
      resources: rule.resources.map((gr) => this.compileGroupResources(gr)),
      urlRule: rule.nonResourceURLs.length > 0,
      anyUrl: rule.nonResourceURLs.includes("*") || prefixes.includes(""),
      urls: this.table(rule.nonResourceURLs),
      urlPrefixes: prefixes,
      decision: Object.freeze({
        level: rule.level as AuditLevel,
        omitStages: Object.freeze(unionStages(this.policy.omitStages, rule.omitStages)),
        omitManagedFields: rule.omitManagedFields ?? this.policy.omitManagedFields,
        rule: index,
      }),
    };
  }

  /** The level, omitted stages and omitManagedFields for a request (EvaluatePolicyRule). */
  evaluate(a: RequestAttributes): AuditDecision {
    const ids = this.vocab.ids;
    const user = a.user;
    // -2: no user at all; -1: a user the policy does not name.
    const userId = user === undefined ? -2 : (ids.get(user.name) ?? NONE);
    let groupMask = 0;
    if (user !== undefined && !this.groupsByList) {
      const bits = this.groupBits;
      const gs = user.groups;
      for (let i = 0; i < gs.length; i++) groupMask |= bits.get(gs[i] as string) ?? 0;
    }
    const verbId = ids.get(a.verb) ?? NONE;
    const rules = this.rules;
    // Resource ids are looked up when the first resource rule needs them.
    let resolved = false;
    let nsId = NONE;
    let groupId = NONE;
    let resourceId = NONE;
    let subId = NONE;
    let combinedId = NONE;
    let nameId = NONE;
    let pathId = -2;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as CompiledRule;
      if (r.users !== null && (userId < 0 || r.users[userId] !== 1)) continue;
      if (r.groups !== null) {
        if (user === undefined) continue;
        if (this.groupsByList) {
          const rg = r.groups;
          if (!user.groups.some((g) => rg.includes(g))) continue;
        } else if ((groupMask & r.groupMask) === 0) continue;
      }
      if (r.verbs !== null && (verbId < 0 || r.verbs[verbId] !== 1)) continue;
      if (r.resourceRule) {
        if (!a.isResourceRequest) continue;
        if (!resolved) {
          resolved = true;
          nsId = ids.get(a.namespace) ?? NONE;
          groupId = ids.get(a.apiGroup) ?? NONE;
          resourceId = ids.get(a.resource) ?? NONE;
          nameId = ids.get(a.name) ?? NONE;
          if (a.subresource === "") combinedId = resourceId;
          else {
            subId = ids.get(a.subresource) ?? NONE;
            combinedId = this.combined.get(a.resource)?.get(a.subresource) ?? NONE;
          }
        }
        if (r.namespaces !== null && (nsId < 0 || r.namespaces[nsId] !== 1)) continue;
        const grs = r.resources;
        if (grs.length === 0) return r.decision;
        for (let j = 0; j < grs.length; j++) {
          const gr = grs[j] as CompiledGroupResources;
          if (!gr.anyGroup && gr.group !== groupId) continue;
          if (gr.anyResource) return r.decision;
          if (gr.names !== null && (nameId < 0 || gr.names[nameId] !== 1)) continue;
          if (
            gr.star ||
            (combinedId >= 0 && gr.exact !== null && gr.exact[combinedId] === 1) ||
            (subId >= 0 && gr.withSub !== null && gr.withSub[subId] === 1) ||
            (resourceId >= 0 && gr.subOf !== null && gr.subOf[resourceId] === 1)
          )
            return r.decision;
        }
        continue;
      }
      if (r.urlRule) {
        if (a.isResourceRequest) continue;
        if (r.anyUrl) return r.decision;
        if (pathId === -2) pathId = ids.get(a.path) ?? NONE;
        if (pathId >= 0 && r.urls !== null && r.urls[pathId] === 1) return r.decision;
        const ps = r.urlPrefixes;
        for (let j = 0; j < ps.length; j++) if (a.path.startsWith(ps[j] as string)) return r.decision;
        continue;
      }
      return r.decision;
    }
    return this.noMatch;
  }

  /** The decision plus, for every rule tried before it, the conditions the request failed. */
  explain(a: RequestAttributes): Explanation {
    const decision = this.evaluate(a);
    const upTo = decision.rule ?? this.policy.rules.length;
    const skipped: Explanation["skipped"] = [];
    for (let i = 0; i < upTo; i++) {
      skipped.push({ rule: i, reasons: ruleMismatches(this.policy.rules[i] as PolicyRule, a) });
    }
    return { ...decision, skipped };
  }
}
