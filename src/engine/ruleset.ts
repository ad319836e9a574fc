// The rules of one source, indexed by event type (or by the values of the source's index fields),
// evaluated per event in definition order.
import type { FieldValue, Scalar } from "../fields/types.js";
import type { CompiledFilter } from "../filter/index.js";
import { toText } from "../filter/values.js";

/** What the engine needs of a loaded rule. */
export interface EngineRule<E> {
  name: string;
  /** Falco's order: 0 Emergency … 7 Debug (lower is more severe). */
  priority: number;
  source: string;
  tags: readonly string[];
  enabled: boolean;
  filter: CompiledFilter<E>;
}

/** One `rules:` entry of the configuration (or a -t/-T/-D flag turned into one). */
export type RuleSelection =
  | { enable: { rule?: string; tag?: string } }
  | { disable: { rule?: string; tag?: string } }
  /** `-t TAG`: only rules with one of these tags run. */
  | { only: { tags: readonly string[] } };

export interface RulesetOptions {
  /** Minimum priority to load (rules less severe are left out); default Debug (7). */
  minPriority?: number;
  /** `first`: stop at the first matching rule per event; `all`: every matching rule. */
  matching?: "first" | "all";
  /** Applied in order after loading; wins over each rule's `enabled:`. */
  selection?: readonly RuleSelection[];
}

/** Shell-style glob for rule names (`*`, `?`), as Falco's `rules:` entries use. */
function nameGlob(pattern: string): RegExp {
  const body = pattern
    .replace(/[\\^$.|+()[\]{}]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "s");
}

/** Which rules are enabled after the selection entries are applied in order. */
export function applySelection<E>(
  rules: readonly EngineRule<E>[],
  selection: readonly RuleSelection[],
): boolean[] {
  const on = rules.map((r) => r.enabled);
  for (const s of selection) {
    if ("only" in s) {
      const tags = new Set(s.only.tags);
      rules.forEach((r, i) => {
        if (!r.tags.some((t) => tags.has(t))) on[i] = false;
      });
      continue;
    }
    const value = "enable" in s;
    const target = "enable" in s ? s.enable : s.disable;
    const rx = target.rule !== undefined ? nameGlob(target.rule) : undefined;
    rules.forEach((r, i) => {
      if (rx?.test(r.name) || (target.tag !== undefined && r.tags.includes(target.tag))) on[i] = value;
    });
  }
  return on;
}

/** Combinations of index values remembered at most; past it the memo starts again (values come from events). */
const MAX_INDEX_KEYS = 4096;

/**
 * Rules without event types, by the values of the source's index fields (EventSchema.indexFields):
 * the candidates of each combination of values seen are worked out once and remembered.
 */
class ValueIndex<E> {
  private readonly memo = new Map<string, readonly EngineRule<E>[]>();
  private readonly readers: readonly ((evt: E) => FieldValue | undefined)[];

  private constructor(private readonly rules: readonly EngineRule<E>[]) {
    this.readers = (rules[0] as EngineRule<E>).filter.index.map((k) => k.get);
  }

  /** The index of these rules, or undefined when they have no index fields (or not the same ones). */
  static of<E>(rules: readonly EngineRule<E>[]): ValueIndex<E> | undefined {
    const fields = rules[0]?.filter.index.map((k) => k.field).join("\u0000");
    if (!fields || rules.some((r) => r.filter.index.map((k) => k.field).join("\u0000") !== fields))
      return undefined;
    // Worth it only when some rule is restricted.
    if (!rules.some((r) => r.filter.index.some((k) => k.values !== undefined))) return undefined;
    return new ValueIndex(rules);
  }

  candidates(evt: E): readonly EngineRule<E>[] {
    const values: (string | undefined)[] = [];
    let key = "";
    for (const read of this.readers) {
      const v = read(evt);
      if (Array.isArray(v)) return this.rules;
      const s = v === undefined ? undefined : typeof v === "string" ? v : toText(v as Scalar);
      values.push(s);
      key += s === undefined ? "-" : `${s.length}:${s}`;
    }
    let list = this.memo.get(key);
    if (list === undefined) {
      // A value missing fails every `=`/`in` on it, so a restricted rule cannot match then.
      list = this.rules.filter((r) =>
        r.filter.index.every((k, i) => {
          const v = values[i];
          return k.values === undefined || (v !== undefined && k.values.has(v));
        }),
      );
      if (this.memo.size >= MAX_INDEX_KEYS) this.memo.clear();
      this.memo.set(key, list);
    }
    return list;
  }
}

export class Ruleset<E> {
  /** Enabled rules in definition order. */
  readonly rules: readonly EngineRule<E>[];
  private readonly byType = new Map<string, EngineRule<E>[]>();
  /** Rules without an event-type index (non-syscall sources, or every type). */
  private readonly untyped: EngineRule<E>[] = [];
  private readonly first: boolean;
  /** The untyped rules by index values, when every rule is untyped (a source without event types). */
  private readonly byValue: ValueIndex<E> | undefined;

  constructor(rules: readonly EngineRule<E>[], options: RulesetOptions = {}) {
    const min = options.minPriority ?? 7;
    const on = applySelection(rules, options.selection ?? []);
    this.rules = rules.filter((r, i) => on[i] && r.priority <= min);
    this.first = (options.matching ?? "first") === "first";
    const order = new Map(this.rules.map((r, i) => [r, i]));
    for (const r of this.rules) {
      const types = r.filter.evttypes;
      if (!types) {
        this.untyped.push(r);
        continue;
      }
      for (const t of types) {
        let list = this.byType.get(t);
        if (!list) {
          list = [];
          this.byType.set(t, list);
        }
        list.push(r);
      }
    }
    this.byValue = this.byType.size === 0 ? ValueIndex.of(this.untyped) : undefined;
    // Untyped rules join every per-type list, keeping definition order.
    if (this.untyped.length > 0) {
      for (const [t, list] of this.byType) {
        this.byType.set(
          t,
          [...list, ...this.untyped].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
        );
      }
    }
  }

  /** The rules that could match an event of this type, in definition order. */
  candidates(eventType: string | undefined): readonly EngineRule<E>[] {
    if (eventType === undefined) return this.untyped;
    return this.byType.get(eventType) ?? this.untyped;
  }

  /** Evaluates an event; returns the matching rules (at most one with `rule_matching: first`). */
  evaluate(evt: E, eventType: string | undefined): EngineRule<E>[] {
    const out: EngineRule<E>[] = [];
    const list =
      eventType === undefined && this.byValue ? this.byValue.candidates(evt) : this.candidates(eventType);
    for (const r of list) {
      if (r.filter.match(evt)) {
        out.push(r);
        if (this.first) break;
      }
    }
    return out;
  }
}
