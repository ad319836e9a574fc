// Prometheus metrics of the agent (prom-client): what flows through each stage and what it costs.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const OUTCOMES = ["sent", "failed", "spooled", "dropped"] as const;
export type OutputOutcome = (typeof OUTCOMES)[number];

/** The agent's metrics, registered on their own registry (so tests can run several agents). */
export class AgentMetrics {
  readonly registry = new Registry();
  readonly events = new Counter({
    name: "lanner_events_total",
    help: "Events evaluated, by source and event type",
    labelNames: ["source", "type"] as const,
    registers: [this.registry],
  });
  readonly eventsDropped = new Counter({
    name: "lanner_events_dropped_total",
    help: "Events lost before evaluation (kernel buffer full, queue full, unreadable input), by source and reason",
    labelNames: ["source", "reason"] as const,
    registers: [this.registry],
  });
  readonly probeCpu = new Gauge({
    name: "lanner_probe_cpu_events",
    help: "Live syscall probe: events written and dropped (ring buffer full) per CPU since it started",
    labelNames: ["cpu", "kind"] as const,
    registers: [this.registry],
  });
  readonly alerts = new Counter({
    name: "lanner_alerts_total",
    help: "Alerts raised, by rule, priority and source",
    labelNames: ["rule", "priority", "source"] as const,
    registers: [this.registry],
  });
  /** Read on each scrape: per output channel, alerts sent, failed, spooled and dropped. */
  outputStats: (() => Record<string, Partial<Record<OutputOutcome, number>>>) | undefined;
  readonly outputs = new Gauge({
    name: "lanner_output_alerts",
    help: "Alerts handled by each output channel since its pipeline started, by outcome (sent, failed, spooled, dropped)",
    labelNames: ["output", "outcome"] as const,
    registers: [this.registry],
    collect: () => {
      const stats = this.outputStats?.() ?? {};
      for (const [output, s] of Object.entries(stats)) {
        for (const outcome of OUTCOMES) this.outputs.set({ output, outcome }, s[outcome] ?? 0);
      }
    },
  });
  readonly evaluationSeconds = new Histogram({
    name: "lanner_rule_evaluation_seconds",
    help: "Time to evaluate the ruleset on one batch of events, by source",
    labelNames: ["source"] as const,
    buckets: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1],
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: "lanner_reloads_total",
    help: "Configuration and rules reloads, by result (ok, failed)",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  readonly lastReloadSuccess = new Gauge({
    name: "lanner_last_reload_success",
    help: "1 when the last reload succeeded, 0 when it failed (the previous ruleset keeps running)",
    registers: [this.registry],
  });
  readonly rulesLoaded = new Gauge({
    name: "lanner_rules_loaded",
    help: "Enabled rules, by source",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, event loop lag and friends, prefixed like the rest.
    collectDefaultMetrics({ register: this.registry, prefix: "lanner_" });
    this.lastReloadSuccess.set(1);
  }

  /** The Prometheus text exposition. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
