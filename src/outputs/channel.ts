// What every output channel shares: a bounded queue between the engine and the channel's I/O, a loop
// that drains it asynchronously (so `push` never blocks), per-channel counters, drop reports that are
// never silent, and flush/close for shutdown.

import type { Priority } from "../rules/index.js";
import type { Alert } from "./alert.js";
import type { OutputLogger, OutputLogLevel } from "./options.js";
import { AlertQueue } from "./queue.js";

/** Counters of one channel. */
export interface ChannelStats {
  /** Alerts delivered: written (stdout, file, program, local syslog, UDP) or acknowledged (HTTP 2xx, TCP write). */
  sent: number;
  /** Alerts in delivery attempts that failed (an alert retried three times counts three). */
  failed: number;
  /** Alerts lost: queue full, spool full, rejected by the receiver, gave up, or a write error. */
  dropped: number;
  /** Alerts written to the disk spool. */
  spooled: number;
  /** Alerts waiting in memory now. */
  queued: number;
  /** Alerts waiting in the spool now. */
  spoolPending: number;
  /** Bytes of those alerts now. */
  spoolBytes: number;
}

/** The channel names, also the spool subdirectories. */
export type ChannelName = "stdout" | "file" | "program" | "syslog" | "http" | "slack" | "webhook";

/** How an alert becomes this channel's payload: `line()` is the Falco text or JSON line, made once. */
export interface RenderInput {
  alert: Alert;
  priority: Priority;
  line: () => string;
}

export interface ChannelSettings {
  name: ChannelName;
  minPriority: Priority;
  /** Queue bound; Infinity: unbounded. */
  capacity: number;
  log: OutputLogger;
  /** Watchdog: a delivery longer than this is logged (ms; 0: off). */
  outputTimeoutMs: number;
}

const DROP_REPORT_MS = 1000;

/** Base of every channel. Subclasses render payloads and implement `pump` (the I/O loop body). */
export abstract class Channel {
  readonly name: ChannelName;
  readonly minPriority: Priority;
  protected readonly queue = new AlertQueue<string>();
  protected readonly capacity: number;
  protected readonly logger: OutputLogger;
  protected readonly counters = { sent: 0, failed: 0, dropped: 0, spooled: 0 };
  /** Set by close(): nothing new is accepted and loops stop after their current I/O. */
  protected closing = false;
  /** > 0 while flush()/close() wait: buffered data and partial batches go out at once. */
  protected flushing = 0;
  private scheduled = false;
  private loop: Promise<void> | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly outputTimeoutMs: number;
  private dropReport = {
    pending: 0,
    reasons: new Map<string, number>(),
    timer: null as NodeJS.Timeout | null,
  };

  constructor(s: ChannelSettings) {
    this.name = s.name;
    this.minPriority = s.minPriority;
    this.capacity = s.capacity;
    this.logger = s.log;
    this.outputTimeoutMs = s.outputTimeoutMs;
  }

  /** This channel's payload for an alert (called on the engine's stack; must be quick). */
  abstract render(input: RenderInput): string;

  /** Drains what can be delivered now; returns when idle or waiting (timer armed via `wakeAfter`). */
  protected abstract pump(): Promise<void>;

  /** True while something is queued, buffered, in flight or spooled. */
  protected abstract hasWork(): boolean;

  /** Releases the channel's resources after the last pump (close files, end programs, fsync spool). */
  protected abstract shutdown(): Promise<void>;

  protected log(level: OutputLogLevel, message: string): void {
    this.logger(level, `${this.name} output: ${message}`);
  }

  /** Hands an alert's payload to the channel; never blocks, never throws. */
  push(payload: string): void {
    if (this.closing) {
      this.drop(1, "pipeline closed");
      return;
    }
    if (this.queue.size >= this.capacity) {
      this.drop(1, `queue full (capacity ${this.capacity})`);
      return;
    }
    this.queue.push(payload);
    this.kick();
  }

  /** Counts lost alerts and reports them: the first at once, then one summary per second. */
  drop(count: number, reason: string): void {
    if (count <= 0) return;
    this.counters.dropped += count;
    const r = this.dropReport;
    r.reasons.set(reason, (r.reasons.get(reason) ?? 0) + count);
    r.pending += count;
    if (r.timer === null) {
      this.reportDrops();
      r.timer = setTimeout(() => {
        r.timer = null;
        this.reportDrops();
      }, DROP_REPORT_MS);
      r.timer.unref();
    }
  }

  private reportDrops(): void {
    const r = this.dropReport;
    if (r.pending === 0) return;
    const why = [...r.reasons].map(([reason, n]) => `${n} (${reason})`).join(", ");
    this.log(
      "error",
      `dropped ${r.pending} alert${r.pending === 1 ? "" : "s"}: ${why}; ${this.counters.dropped} dropped in all`,
    );
    r.pending = 0;
    r.reasons.clear();
  }

  /** Runs the loop soon (next turn of the event loop), unless it runs already. */
  protected kick(): void {
    if (this.scheduled || this.loop !== null || (this.wakeTimer !== null && this.timerBlocks())) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  /** Arms a timer that runs the loop again (backoff, batch wait, buffer flush). */
  protected wakeAfter(ms: number): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.run();
    }, ms);
  }

  protected get waiting(): boolean {
    return this.wakeTimer !== null;
  }

  /** Cancels a pending wake-up and runs on the next turn of the event loop (not on the caller's stack). */
  protected wakeSoon(): void {
    if (this.wakeTimer !== null) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
    }
    this.kick();
  }

  /** Cancels a pending wake-up and runs at once (flush). */
  protected wakeNow(): void {
    if (this.wakeTimer !== null) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
    }
    this.run();
  }

  private run(): void {
    if (this.loop !== null) return;
    this.loop = this.pump()
      .catch((e: unknown) => this.log("error", `internal error: ${(e as Error).stack ?? String(e)}`))
      .finally(() => {
        this.loop = null;
        if (!this.closing && this.queue.size > 0) this.kick();
      });
  }

  /** Awaits `io`, logging a warning if it takes longer than output_timeout (Falco's watchdog). */
  protected async watched<T>(io: Promise<T>): Promise<T> {
    if (this.outputTimeoutMs <= 0) return io;
    const started = Date.now();
    const t = setTimeout(
      () => this.log("warning", `delivery blocked for more than ${this.outputTimeoutMs} ms`),
      this.outputTimeoutMs,
    );
    t.unref();
    try {
      return await io;
    } finally {
      clearTimeout(t);
      if (Date.now() - started > this.outputTimeoutMs) {
        this.log("info", `delivery completed after ${Date.now() - started} ms`);
      }
    }
  }

  /**
   * Whether an armed timer holds new alerts back (a backoff: yes, they wait for the retry) or not (a
   * buffer-flush timer: no, the loop keeps moving alerts into the buffer).
   */
  protected timerBlocks(): boolean {
    return true;
  }

  /** Whether flush cuts an armed timer short (a buffer: yes; a backoff: no, the receiver is not hammered). */
  protected flushCutsWait(): boolean {
    return true;
  }

  /**
   * Delivers what was pushed before the call. Waits for backoff timers rather than hammering a
   * receiver; gives up at `deadline` (ms since the epoch): what remains stays queued or spooled.
   */
  async flush(deadline: number): Promise<void> {
    this.flushing++;
    try {
      while (Date.now() < deadline) {
        if (this.loop !== null) {
          await this.loop;
          // Let I/O callbacks run between rounds (a round that made no progress must not spin).
          await new Promise((r) => setImmediate(r));
          continue;
        }
        if (!this.hasWork()) break;
        if (this.wakeTimer !== null && !this.flushCutsWait()) {
          await new Promise((r) => setTimeout(r, Math.min(10, Math.max(1, deadline - Date.now()))));
          continue;
        }
        this.wakeNow();
        if (this.loop === null) break;
      }
    } finally {
      this.flushing--;
    }
  }

  /** Flushes until `deadline`, then stops: queued alerts go to the spool or are counted as dropped. */
  async close(deadline: number): Promise<void> {
    await this.flush(deadline);
    this.closing = true;
    if (this.wakeTimer !== null) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
    }
    if (this.loop !== null) await this.loop;
    await this.shutdown();
    if (this.dropReport.timer !== null) {
      clearTimeout(this.dropReport.timer);
      this.dropReport.timer = null;
    }
    this.reportDrops();
  }

  /** SIGUSR1: reopen files, respawn programs. Default: nothing to do. */
  async reopen(): Promise<void> {}

  stats(): ChannelStats {
    return { ...this.counters, queued: this.queue.size, spoolPending: 0, spoolBytes: 0 };
  }
}
