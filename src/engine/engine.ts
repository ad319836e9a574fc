// Sources → rules → detections: one ruleset per source, statistics for Falco's end-of-run summary.
import { type LoadedRule, priorityName } from "../rules/index.js";
import { type RuleSelection, Ruleset } from "./ruleset.js";

export interface EngineOptions {
  /** Minimum priority to load (0 Emergency … 7 Debug). */
  minPriority?: number;
  matching?: "first" | "all";
  selection?: readonly RuleSelection[];
}

/** Falco's end-of-run summary counters. */
export interface EngineStats {
  events: number;
  detections: number;
  byPriority: Map<string, number>;
  byRule: Map<string, number>;
}

export class Engine {
  private readonly rulesets = new Map<string, Ruleset<unknown>>();
  readonly stats: EngineStats = { events: 0, detections: 0, byPriority: new Map(), byRule: new Map() };

  constructor(rules: readonly LoadedRule[], options: EngineOptions = {}) {
    const bySource = new Map<string, LoadedRule[]>();
    for (const r of rules) {
      let list = bySource.get(r.source);
      if (!list) {
        list = [];
        bySource.set(r.source, list);
      }
      list.push(r);
    }
    for (const [source, list] of bySource) this.rulesets.set(source, new Ruleset(list, options));
  }

  /** The enabled rules of a source, in definition order. */
  enabledRules(source: string): readonly LoadedRule[] {
    return (this.rulesets.get(source)?.rules ?? []) as readonly LoadedRule[];
  }

  /** Evaluates one event of `source` whose type is `eventType`; returns the rules that matched. */
  process(source: string, evt: unknown, eventType?: string): LoadedRule[] {
    this.stats.events++;
    const rs = this.rulesets.get(source);
    if (!rs) return [];
    const hits = rs.evaluate(evt, eventType) as LoadedRule[];
    for (const r of hits) this.countDetection(r);
    return hits;
  }

  /** Counts a detection made elsewhere with this engine's rules (an audit log evaluated in workers). */
  countDetection(rule: LoadedRule): void {
    this.stats.detections++;
    // Falco's summary uses the short names (INFO, not INFORMATIONAL).
    const p = priorityName(rule.priority, true);
    this.stats.byPriority.set(p, (this.stats.byPriority.get(p) ?? 0) + 1);
    this.stats.byRule.set(rule.name, (this.stats.byRule.get(rule.name) ?? 0) + 1);
  }

  /** Falco's summary, printed at the end of a run. */
  summary(): string {
    const lines = [`Events detected: ${this.stats.detections}`, "Rule counts by severity:"];
    for (const [p, n] of this.stats.byPriority) lines.push(`   ${p.toUpperCase()}: ${n}`);
    lines.push("Triggered rules by rule name:");
    for (const [r, n] of this.stats.byRule) lines.push(`   ${r}: ${n}`);
    return `${lines.join("\n")}\n`;
  }
}
