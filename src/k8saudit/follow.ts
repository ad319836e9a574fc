// Following a growing audit log like `tail -F`: kube-apiserver's log backend appends one Event per
// line and rotates the file (lumberjack renames it and opens a new one; an external logrotate may
// rename or copy and truncate it). The follower reads what is there, then what is appended, and
// moves to the new file when the path starts naming another one, after draining the old file to
// its end, so that no line is read twice or lost.
import { type FSWatcher, watch } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { AuditEventReader, AuditEventSequence, type ReadResult } from "./events.js";
import { TEXT_CHUNK_BYTES } from "./utf8.js";

export interface FollowOptions {
  /** Start at the end of the file present at start (default: read it from the beginning). */
  fromEnd?: boolean;
  /** How often the path is checked when no change notification arrives (default 250 ms). */
  pollIntervalMs?: number;
  /**
   * How long a rotated file is still read after the path names a new one (default 1000 ms), for
   * writers that keep writing to the old file until told to reopen (logrotate's `create` mode).
   */
  rotateGraceMs?: number;
  /** Use change notifications (fs.watch) besides polling (default true; false: polling alone). */
  watch?: boolean;
  /** Bytes read per system call (default TEXT_CHUNK_BYTES, 64 KiB). */
  readChunkBytes?: number;
  /** Largest single event, in bytes of compact JSON (the plugin's maxEventSize); unset: no limit. */
  maxEventSize?: number;
  /** Largest line or multi-line document (see AuditReaderOptions). */
  maxDocumentSize?: number;
  /** Numbering shared with the other readers of the k8s_audit source (evt.num). */
  sequence?: AuditEventSequence;
  /** Stops following when aborted (as close() does). */
  signal?: AbortSignal;
  /** Told when a file is opened, the path is rotated or truncated, or a rotated file is let go. */
  onNotice?: (notice: FollowNotice) => void;
}

export interface FollowNotice {
  kind: "opened" | "rotated" | "truncated" | "released";
  path: string;
  /** Byte offset the file is read from (opened), or was read to (rotated, truncated, released). */
  offset: number;
}

/** Counters of a follower. */
export interface FollowStats {
  bytesRead: number;
  filesOpened: number;
  rotations: number;
  truncations: number;
}

/** A log being followed: iterate it (once) for what each read completes; close() ends the iteration. */
export interface AuditLogFollower extends AsyncIterable<ReadResult> {
  readonly stats: FollowStats;
  /** Stops following; resolves once the files are closed. */
  close(): Promise<void>;
}

interface OpenLog {
  fh: FileHandle;
  dev: number;
  ino: number;
  /** Next byte to read. */
  pos: number;
  reader: AuditEventReader;
  /** When a rotated file is closed (ms since the epoch). */
  releaseAt?: number;
}

const DEFAULT_POLL_MS = 250;
const DEFAULT_ROTATE_GRACE_MS = 1000;
/** How far back from the end `fromEnd` looks for the start of a line being written. */
const LINE_START_LOOKBACK = 1024 * 1024;

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function nonEmpty(r: ReadResult): boolean {
  return r.events.length > 0 || r.diagnostics.length > 0;
}

/**
 * Follows the audit log at `path` (it need not exist yet): yields the events and diagnostics of
 * each piece read, across appends, renames and truncations, until close() or the signal.
 */
export function followAuditLog(path: string, options: FollowOptions = {}): AuditLogFollower {
  return new Follower(path, options);
}

class Follower implements AuditLogFollower {
  readonly stats: FollowStats = { bytesRead: 0, filesOpened: 0, rotations: 0, truncations: 0 };
  private readonly pollMs: number;
  private readonly graceMs: number;
  private readonly buf: Buffer;
  private readonly sequence: AuditEventSequence;
  private current: OpenLog | undefined;
  private retiring: OpenLog[] = [];
  private watcher: FSWatcher | undefined;
  private closed = false;
  private started = false;
  /** The next open is the first look at the path: only then does `fromEnd` apply. */
  private firstLook = true;
  /** A change was signalled since the last wait. */
  private changed = false;
  private wake: (() => void) | undefined;
  private iterator: AsyncGenerator<ReadResult> | undefined;

  constructor(
    private readonly path: string,
    private readonly options: FollowOptions,
  ) {
    this.pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.graceMs = options.rotateGraceMs ?? DEFAULT_ROTATE_GRACE_MS;
    this.buf = Buffer.allocUnsafe(options.readChunkBytes ?? TEXT_CHUNK_BYTES);
    this.sequence = options.sequence ?? new AuditEventSequence();
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.closed = true;
      else signal.addEventListener("abort", () => void this.close(), { once: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<ReadResult> {
    if (this.started) throw new Error("followAuditLog: a follower can be iterated only once");
    this.started = true;
    this.iterator = this.run();
    return this.iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.started = true;
    this.signal();
    // Ends the iteration whether it waits for a change or is suspended at a yield; its next
    // next() then reports done.
    await this.iterator?.return(undefined);
    await this.cleanup();
  }

  private async *run(): AsyncGenerator<ReadResult> {
    try {
      this.startWatching();
      while (!this.closed) {
        this.changed = false;
        let progressed = false;
        for await (const r of this.cycle()) {
          progressed = true;
          yield r;
          if (this.closed) return;
        }
        if (!progressed) await this.waitForChange();
      }
    } finally {
      await this.cleanup();
    }
  }

  /** One look at the files: rotated files still in their grace time, then the path. */
  private async *cycle(): AsyncGenerator<ReadResult> {
    for (const old of [...this.retiring]) {
      yield* this.drain(old);
      if (Date.now() >= (old.releaseAt ?? 0)) yield* this.release(old);
    }
    if (!this.current) {
      this.current = await this.openPath();
      if (!this.current) return;
    }
    let cur = this.current;
    yield* this.readTruncated(cur);
    yield* this.drain(cur);
    // Does the path still name the file being read?
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(this.path);
    } catch (e) {
      if (isMissing(e)) return; // renamed away, new file not there yet: keep reading the old one
      throw e;
    }
    if (st.ino === cur.ino && st.dev === cur.dev) return;
    // Rotated: whatever was written to the old file before the rename is read now, then the old
    // file is read a little longer (late writers) and the new one from its beginning.
    yield* this.drain(cur);
    this.stats.rotations++;
    this.options.onNotice?.({ kind: "rotated", path: this.path, offset: cur.pos });
    cur.releaseAt = Date.now() + this.graceMs;
    this.retiring.push(cur);
    this.current = undefined;
    const next = await this.openPath();
    if (!next) return;
    this.current = cur = next;
    yield* this.drain(cur);
  }

  /** Opens the file at the path, or undefined when there is none. */
  private async openPath(): Promise<OpenLog | undefined> {
    const firstLook = this.firstLook;
    this.firstLook = false;
    let fh: FileHandle;
    try {
      fh = await open(this.path, "r");
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
    const st = await fh.stat();
    // Only a file present at start is read from its end; later files are new and read whole.
    const pos = firstLook && this.options.fromEnd ? await lineStartBefore(fh, st.size) : 0;
    this.stats.filesOpened++;
    this.options.onNotice?.({ kind: "opened", path: this.path, offset: pos });
    return { fh, dev: st.dev, ino: st.ino, pos, reader: this.newReader() };
  }

  private newReader(): AuditEventReader {
    const o = this.options;
    return new AuditEventReader({
      file: this.path,
      sequence: this.sequence,
      ...(o.maxEventSize !== undefined ? { maxEventSize: o.maxEventSize } : {}),
      ...(o.maxDocumentSize !== undefined ? { maxDocumentSize: o.maxDocumentSize } : {}),
    });
  }

  /** Truncated in place (copytruncate, `> file`): end what was pending and read it again from 0. */
  private async *readTruncated(log: OpenLog): AsyncGenerator<ReadResult> {
    const { size } = await log.fh.stat();
    if (size >= log.pos) return;
    this.stats.truncations++;
    this.options.onNotice?.({ kind: "truncated", path: this.path, offset: log.pos });
    const rest = log.reader.end();
    if (nonEmpty(rest)) yield rest;
    log.reader = this.newReader();
    log.pos = 0;
  }

  /** Reads a file from where it was left to its current end. */
  private async *drain(log: OpenLog): AsyncGenerator<ReadResult> {
    for (;;) {
      const { bytesRead } = await log.fh.read(this.buf, 0, this.buf.length, log.pos);
      if (bytesRead === 0) return;
      log.pos += bytesRead;
      this.stats.bytesRead += bytesRead;
      const r = log.reader.push(this.buf.subarray(0, bytesRead));
      if (nonEmpty(r)) yield r;
    }
  }

  /** Lets a rotated file go: a last line without newline is read, the file closed. */
  private async *release(log: OpenLog): AsyncGenerator<ReadResult> {
    this.retiring = this.retiring.filter((l) => l !== log);
    this.options.onNotice?.({ kind: "released", path: this.path, offset: log.pos });
    await log.fh.close();
    const r = log.reader.end();
    if (nonEmpty(r)) yield r;
  }

  /** Directory notifications wake the follower early; the poll timer is the fallback. */
  private startWatching(): void {
    if (this.options.watch === false) return;
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.signal();
      });
      this.watcher.on("error", () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined; // no directory yet, or no inotify: polling alone
    }
  }

  private signal(): void {
    this.changed = true;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private waitForChange(): Promise<void> {
    if (this.changed || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, this.pollMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async cleanup(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    const logs = [...this.retiring, ...(this.current ? [this.current] : [])];
    this.retiring = [];
    this.current = undefined;
    await Promise.all(logs.map((l) => l.fh.close().catch(() => undefined)));
  }
}

/** Offset just past the last newline before `size`: where the line being written at the end starts. */
async function lineStartBefore(fh: FileHandle, size: number): Promise<number> {
  if (size === 0) return 0;
  const window = Math.min(size, LINE_START_LOOKBACK);
  const buf = Buffer.allocUnsafe(window);
  const { bytesRead } = await fh.read(buf, 0, window, size - window);
  const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
  if (nl >= 0) return size - window + nl + 1;
  // No newline in reach: the file is one unfinished line (read it whole) or one too long (skip it).
  return window === size ? 0 : size;
}
