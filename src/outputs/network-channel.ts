// Channels that deliver to a receiver over the network (HTTP, Slack, webhook, TCP syslog).
//
// While the receiver answers, alerts go straight from the memory queue, one delivery in flight at a
// time (so they arrive in order). When a delivery fails with something worth retrying, the channel
// switches to its disk spool: the failed batch and everything queued behind it are appended, new alerts
// are appended as they come, and the spool is delivered from its head with exponential backoff and
// jitter until it is empty; then alerts go straight again. A record leaves the spool only once the
// receiver acknowledged it (HTTP 2xx), and the acknowledgement is recorded on disk, so a restart
// resumes where delivery stopped. With `writeAhead`, every alert is appended to the spool before it is
// sent, so even alerts queued when the process is killed are delivered after a restart. Without a spool, a failed batch is retried in memory up to
// `maxAttempts` times, then dropped (counted, logged).

import { backoffDelay } from "./backoff.js";
import { Channel, type ChannelSettings, type ChannelStats } from "./channel.js";
import { Spool, type SpoolSettings } from "./spool.js";

/** What happened to one delivery. */
export type Delivery = { ok: true } | { ok: false; retryable: boolean; error: string };

export interface NetworkChannelSettings extends ChannelSettings {
  /** Without: no spool (failed batches are retried in memory, then dropped). */
  spool?: Omit<SpoolSettings, "onDrop" | "log" | "label">;
  /** Alerts per delivery (1 = one request per alert). */
  maxBatch: number;
  /** How long a partial batch waits for more alerts (ms). */
  batchWaitMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Without a spool: deliveries of one batch before it is dropped. */
  maxAttempts: number;
  /** Every alert goes through the spool, even while the receiver answers (survives a crash). */
  writeAhead?: boolean;
}

interface InFlight {
  batch: string[];
  /** Set when the spool took over while this batch was being sent: its last seq in the spool. */
  spilled: { seq: number | null } | null;
}

export abstract class NetworkChannel extends Channel {
  protected readonly spool: Spool | null;
  private readonly maxBatch: number;
  private readonly batchWaitMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly maxAttempts: number;
  private readonly writeAhead: boolean;
  /** The spool holds alerts: new ones go behind them, delivery reads from it. */
  private degraded = false;
  private inflight: InFlight | null = null;
  /** No spool: the batch being retried. */
  private retryBatch: string[] | null = null;
  private failures = 0;
  private firstQueuedAt = 0;
  private batchWaiting = false;

  constructor(s: NetworkChannelSettings) {
    super(s);
    this.maxBatch = Math.max(1, Math.floor(s.maxBatch));
    this.batchWaitMs = Math.max(0, s.batchWaitMs);
    this.retryInitialMs = s.retryInitialMs;
    this.retryMaxMs = s.retryMaxMs;
    this.maxAttempts = Math.max(1, s.maxAttempts);
    this.spool = s.spool
      ? new Spool({
          ...s.spool,
          label: `${this.name} output`,
          log: s.log,
          onDrop: (n, reason) => this.drop(n, reason),
        })
      : null;
    this.writeAhead = this.spool !== null && s.writeAhead === true;
    if (this.spool && (this.writeAhead || this.spool.pendingCount > 0)) {
      this.degraded = true;
      this.kick();
    }
  }

  /** Sends payloads (oldest first) as one delivery. Must not throw. */
  protected abstract deliver(payloads: string[]): Promise<Delivery>;

  /** Closes connections. */
  protected abstract closeTransport(): Promise<void>;

  protected override flushCutsWait(): boolean {
    return this.batchWaiting;
  }

  override push(payload: string): void {
    if (this.queue.size === 0) this.firstQueuedAt = Date.now();
    if (this.closing || this.spool === null) {
      super.push(payload);
      if (this.batchWaiting && this.queue.size >= this.maxBatch) this.wakeSoon();
      return;
    }
    if (this.degraded) {
      this.spill([payload], false);
      this.kick();
      return;
    }
    if (this.queue.size >= this.capacity) {
      // Memory is full but the spool is not: it takes over, in order.
      this.degrade([]);
      this.spill([payload], false);
      this.kick();
      return;
    }
    super.push(payload);
    if (this.batchWaiting && this.queue.size >= this.maxBatch) this.wakeSoon();
  }

  /** Appends to the spool; `ok: false` when the spool failed (then the alerts are not in it). */
  private spill(payloads: string[], inflight: boolean): { lastSeq: number | null; ok: boolean } {
    if (payloads.length === 0 || this.spool === null) return { lastSeq: null, ok: true };
    try {
      const r = this.spool.append(payloads, inflight);
      this.counters.spooled += r.accepted;
      return { lastSeq: r.lastSeq, ok: true };
    } catch (e) {
      // A batch in flight stays in memory: if its delivery fails, it is spilled (or dropped) then.
      if (!inflight) this.drop(payloads.length, `spool error: ${(e as Error).message}`);
      return { lastSeq: null, ok: false };
    }
  }

  /** Switches to the spool: a batch in flight first (it is the oldest), then `failed`, then the queue. */
  private degrade(failed: string[]): void {
    this.degraded = true;
    if (this.inflight !== null && this.inflight.spilled === null) {
      const r = this.spill(this.inflight.batch, true);
      if (r.ok) this.inflight.spilled = { seq: r.lastSeq };
    }
    this.spill(failed, false);
    this.spill(this.queue.takeAll(), false);
  }

  protected hasWork(): boolean {
    return (
      this.queue.size > 0 ||
      this.inflight !== null ||
      this.retryBatch !== null ||
      (this.spool !== null && this.spool.pendingCount > 0)
    );
  }

  private succeeded(n: number): void {
    this.counters.sent += n;
    if (this.failures > 0) {
      this.log(
        "info",
        `receiver is back after ${this.failures} failed attempt${this.failures === 1 ? "" : "s"}`,
      );
      this.failures = 0;
    }
  }

  private retryLater(error: string, what: string): void {
    this.failures++;
    const delay = backoffDelay(this.failures, this.retryInitialMs, this.retryMaxMs);
    this.log(
      this.failures === 1 ? "warning" : "debug",
      `delivery failed (${error}); ${what}; retry ${this.failures} in ${delay} ms`,
    );
    this.wakeAfter(delay);
  }

  protected async pump(): Promise<void> {
    this.batchWaiting = false;
    while (!this.closing && !this.waiting) {
      const spool = this.spool;
      if (spool !== null && this.degraded) {
        if (this.queue.size > 0) this.spill(this.queue.takeAll(), false);
        const recs = spool.peek(this.maxBatch);
        const last = recs[recs.length - 1];
        if (last === undefined) {
          if (this.writeAhead) return;
          this.degraded = false;
          continue;
        }
        const res = await this.watched(this.deliver(recs.map((r) => r.payload)));
        if (res.ok) {
          spool.ack(last.seq);
          this.succeeded(recs.length);
          continue;
        }
        this.counters.failed += recs.length;
        if (!res.retryable) {
          spool.ack(last.seq);
          this.drop(recs.length, `rejected by the receiver: ${res.error}`);
          continue;
        }
        this.drop(spool.nack(), "spool full (drop_oldest)");
        this.retryLater(res.error, `${spool.pendingCount} alerts in the spool`);
        return;
      }

      let batch = this.retryBatch;
      if (batch === null) {
        if (this.queue.size === 0) return;
        if (
          this.maxBatch > 1 &&
          this.queue.size < this.maxBatch &&
          this.batchWaitMs > 0 &&
          this.flushing === 0
        ) {
          const wait = this.firstQueuedAt + this.batchWaitMs - Date.now();
          if (wait > 0) {
            this.batchWaiting = true;
            this.wakeAfter(wait);
            return;
          }
        }
        batch = this.queue.take(this.maxBatch);
        if (this.queue.size > 0) this.firstQueuedAt = Date.now();
      }
      const flight: InFlight = { batch, spilled: null };
      this.inflight = flight;
      const res = await this.watched(this.deliver(batch));
      this.inflight = null;
      const n = batch.length;

      if (flight.spilled !== null && spool !== null) {
        // The spool took over meanwhile; this batch sits at its head.
        const seq = flight.spilled.seq;
        if (res.ok || !res.retryable) {
          if (seq !== null) spool.ack(seq);
          else spool.nack();
          if (res.ok) this.succeeded(n);
          else {
            this.counters.failed += n;
            this.drop(n, `rejected by the receiver: ${res.error}`);
          }
          continue;
        }
        this.counters.failed += n;
        this.drop(spool.nack(), "spool full");
        this.retryLater(res.error, `${spool.pendingCount} alerts in the spool`);
        return;
      }
      if (res.ok) {
        this.retryBatch = null;
        this.succeeded(n);
        continue;
      }
      this.counters.failed += n;
      if (!res.retryable) {
        this.retryBatch = null;
        this.drop(n, `rejected by the receiver: ${res.error}`);
        continue;
      }
      if (spool !== null) {
        this.degrade(batch);
        this.retryLater(res.error, `spooling; ${spool.pendingCount} alerts in the spool`);
        return;
      }
      if (this.failures + 1 >= this.maxAttempts) {
        this.retryBatch = null;
        this.failures = 0;
        this.drop(n, `not delivered after ${this.maxAttempts} attempts: ${res.error}`);
        continue;
      }
      this.retryBatch = batch;
      this.retryLater(res.error, `${this.queue.size + n} alerts waiting in memory`);
      return;
    }
  }

  protected async shutdown(): Promise<void> {
    const rest = [...(this.retryBatch ?? []), ...this.queue.takeAll()];
    this.retryBatch = null;
    if (this.spool !== null) {
      if (rest.length > 0) this.spill(rest, false);
      this.spool.close();
      if (this.spool.pendingCount > 0) {
        this.log(
          "warning",
          `${this.spool.pendingCount} undelivered alerts kept in the spool; they are sent when Lanner starts again`,
        );
      }
    } else if (rest.length > 0) {
      this.drop(rest.length, "not delivered before shutdown");
    }
    await this.closeTransport();
  }

  override stats(): ChannelStats {
    return {
      ...super.stats(),
      spoolPending: this.spool?.pendingCount ?? 0,
      spoolBytes: this.spool?.pendingBytes ?? 0,
    };
  }
}
