// Falco's syscall_event_drops: once a second the kernel-side counters are compared with the previous
// reading; a second whose drop ratio passes the threshold is an occurrence, and when the token bucket
// (rate per second, max_burst) allows, the configured actions run (log, alert, exit).

import type { DropAction } from "../config/types.js";

export interface DropMonitorOptions {
  /** Drop ratio (drops / events the kernel saw in the second) above which actions run, 0..1. */
  threshold: number;
  actions: readonly DropAction[];
  /** Token bucket refill, actions per second. */
  rate: number;
  maxBurst: number;
}

/** What one second of counters calls for. */
export interface DropDecision {
  /** Drops in the second (0: nothing happened). */
  drops: number;
  /** Events the kernel side saw in the second (written + dropped). */
  events: number;
  /** Actions to perform now (empty when below the threshold or rate-limited). */
  actions: DropAction[];
  /** Falco's message: "Falco internal: syscall event drop. N system calls dropped in last second." */
  message: string;
}

export const DROP_RULE = "Falco internal: syscall event drop";

export class DropMonitor {
  /** Seconds with drops above the threshold ("event drop detected: N occurrences"). */
  occurrences = 0;
  /** Times actions were taken ("num times actions taken: N"). */
  actionsTaken = 0;
  private tokens: number;
  private lastRefillMs: number | undefined;
  private lastEvents = 0;
  private lastDrops = 0;

  constructor(private readonly opts: DropMonitorOptions) {
    this.tokens = opts.maxBurst;
  }

  /** Feeds cumulative counters (events written, events dropped) read at `nowMs`. */
  observe(totalEvents: number, totalDrops: number, nowMs: number): DropDecision {
    const drops = Math.max(0, totalDrops - this.lastDrops);
    const events = Math.max(0, totalEvents - this.lastEvents) + drops;
    this.lastDrops = totalDrops;
    this.lastEvents = totalEvents;
    const message = `${DROP_RULE}. ${drops} system calls dropped in last second.`;
    const decision: DropDecision = { drops, events, actions: [], message };
    if (drops === 0) return decision;
    // As Falco: a second counts only above the threshold, and an action is "taken" whenever the
    // bucket allows one, even when the only action is ignore.
    const ratio = events > 0 ? drops / events : Number.POSITIVE_INFINITY;
    if (ratio <= this.opts.threshold) return decision;
    this.occurrences++;
    if (!this.claim(nowMs)) return decision;
    this.actionsTaken++;
    decision.actions = this.opts.actions.filter((a) => a !== "ignore");
    return decision;
  }

  /** Falco's end-of-run lines. */
  summary(): string[] {
    return [
      `event drop detected: ${this.occurrences} occurrences`,
      `num times actions taken: ${this.actionsTaken}`,
    ];
  }

  private claim(nowMs: number): boolean {
    if (this.lastRefillMs !== undefined) {
      this.tokens = Math.min(
        this.opts.maxBurst,
        this.tokens + ((nowMs - this.lastRefillMs) / 1000) * this.opts.rate,
      );
    }
    this.lastRefillMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
