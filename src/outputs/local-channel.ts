// Channels that write lines on this machine (stdout, file, program, local syslog): alerts drained from
// the queue are joined into one write per round. Unbuffered (Falco's default, `-U`), every round is
// written at once; with `buffered_outputs`, lines are held until 64 KiB gather or 1 s passes.

import { Channel, type ChannelSettings } from "./channel.js";

export const BUFFER_BYTES = 64 * 1024;
export const BUFFER_FLUSH_MS = 1000;
const MAX_ROUND = 8192;

export interface LocalChannelSettings extends ChannelSettings {
  buffered: boolean;
}

/** Lines of a round that could not be written, when not all of them failed. */
export interface WriteResult {
  failed: number;
  error: string;
}

export abstract class LocalChannel extends Channel {
  protected readonly buffered: boolean;
  private held: string[] = [];
  private heldBytes = 0;
  private heldSince = 0;
  /** Serializes writes with reopen()/respawn(). */
  private io: Promise<void> = Promise.resolve();

  constructor(s: LocalChannelSettings) {
    super(s);
    this.buffered = s.buffered;
  }

  /**
   * Writes payloads (lines without their newline) in order. Throws when nothing was written; returns
   * a count when only some lines failed (a datagram too large, say), with why.
   */
  protected abstract write(lines: string[]): Promise<WriteResult | undefined>;

  /** Runs `fn` after every write begun before it, and before any begun after it. */
  protected exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.io.then(fn);
    this.io = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  protected override timerBlocks(): boolean {
    return false;
  }

  protected hasWork(): boolean {
    return this.queue.size > 0 || this.held.length > 0;
  }

  protected async pump(): Promise<void> {
    while (this.queue.size > 0 || this.held.length > 0) {
      const round = this.queue.take(MAX_ROUND);
      if (this.held.length === 0 && round.length > 0) this.heldSince = Date.now();
      for (const line of round) {
        this.held.push(line);
        this.heldBytes += line.length + 1;
      }
      const age = Date.now() - this.heldSince;
      if (
        this.buffered &&
        this.flushing === 0 &&
        !this.closing &&
        this.heldBytes < BUFFER_BYTES &&
        age < BUFFER_FLUSH_MS
      ) {
        if (!this.waiting) this.wakeAfter(BUFFER_FLUSH_MS - age);
        return;
      }
      const lines = this.held;
      this.held = [];
      this.heldBytes = 0;
      try {
        const partial = await this.watched(this.exclusive(() => this.write(lines)));
        const failed = partial?.failed ?? 0;
        this.counters.sent += lines.length - failed;
        if (partial && failed > 0) {
          this.counters.failed += failed;
          this.drop(failed, `write error: ${partial.error}`);
        }
      } catch (e) {
        this.counters.failed += lines.length;
        this.drop(lines.length, `write error: ${(e as Error).message}`);
      }
    }
  }
}
