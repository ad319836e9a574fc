// The disk spool of a network channel: alerts its receiver has not acknowledged yet, in order, surviving a
// restart of the process.
//
// Layout of a channel's directory:
//   seg-<first seq, 16 digits>.log   append-only segments of records; a segment is fsynced when it is
//                                     full and the next one starts (and on close)
//   ack                               the sequence number of the last record delivered (or dropped), as
//                                     20 digits and a newline, rewritten in place after every delivery
//   lock                              the pid holding the directory
// A record is `u32 length | u32 crc32(seq, payload) | u64 seq | payload` (big-endian). On open, every
// segment is checked; a torn record at the end of a segment (a crash while writing) is cut off.
// Records up to the ack are never sent again; fully delivered segments are deleted.

import {
  closeSync,
  constants,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { crc32 } from "./crc32.js";
import type { OutputLogger } from "./options.js";

const HEADER = 16;
const SEGMENT_RE = /^seg-(\d{16})\.log$/;
const READ_CHUNK = 256 * 1024;

export interface SpoolSettings {
  directory: string;
  maxBytes: number;
  segmentBytes: number;
  whenFull: "drop_oldest" | "drop_newest";
  /** Records lost to a full spool or a disk error (not those of a batch in flight: see `nack`). */
  onDrop: (count: number, reason: string) => void;
  log: OutputLogger;
  /** Prefix of log lines (`http output`). */
  label: string;
}

/** A record read from the spool, to be delivered and then acknowledged by its sequence number. */
export interface SpoolRecord {
  seq: number;
  payload: string;
}

interface Segment {
  /** Sequence number of its first record (also its file name). */
  id: number;
  path: string;
  size: number;
  fd: number | null;
}

interface TailRecord {
  seq: number;
  buf: Buffer;
}

/** A record whose length or checksum is wrong, at a segment index and byte offset. */
class CorruptRecord extends Error {
  constructor(
    readonly segIndex: number,
    readonly offset: number,
  ) {
    super(`corrupt spool record at offset ${offset}`);
  }
}

/** Directories locked by this process (a second pipeline on the same spool would corrupt it). */
const lockedHere = new Set<string>();

function segmentName(id: number): string {
  return `seg-${String(id).padStart(16, "0")}.log`;
}

function encodeRecord(seq: number, payload: string): Buffer {
  const len = Buffer.byteLength(payload);
  const buf = Buffer.allocUnsafe(HEADER + len);
  buf.writeUInt32BE(len, 0);
  buf.writeBigUInt64BE(BigInt(seq), 8);
  buf.write(payload, HEADER, "utf8");
  buf.writeUInt32BE(crc32(buf, 8), 4);
  return buf;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One channel's spool directory, opened (resumed) or created. Not shareable between processes. */
export class Spool {
  private readonly s: SpoolSettings;
  private readonly dir: string;
  private segments: Segment[] = [];
  /** Byte offset of the first unconsumed record in segments[0]. */
  private headOffset = 0;
  /** Every record up to this sequence number was delivered or dropped. */
  private consumedSeq = 0;
  private nextSeq = 1;
  private count = 0;
  private bytes = 0;
  private tail: TailRecord[] = [];
  private tailQueued = false;
  /** Records up to this seq are in a delivery under way. */
  private inflightUpTo = 0;
  private inflightDropped = 0;
  private ackFd: number;
  private closed = false;
  private unsyncedAck = false;

  constructor(settings: SpoolSettings) {
    this.s = settings;
    this.dir = settings.directory;
    mkdirSync(this.dir, { recursive: true });
    this.lock();
    try {
      const ackPath = join(this.dir, "ack");
      this.ackFd = openSync(ackPath, constants.O_RDWR | constants.O_CREAT, 0o600);
      const acked = Number.parseInt(readFileSync(ackPath, "utf8").trim() || "0", 10);
      this.consumedSeq = Number.isFinite(acked) && acked > 0 ? acked : 0;
      this.nextSeq = this.consumedSeq + 1;
      this.resume();
    } catch (e) {
      this.unlock();
      throw e;
    }
  }

  /** Undelivered records (written or about to be). */
  get pendingCount(): number {
    return this.count;
  }

  /** Bytes of undelivered records, headers included: what `max_bytes` bounds. */
  get pendingBytes(): number {
    return this.bytes;
  }

  private lock(): void {
    const path = join(this.dir, "lock");
    if (lockedHere.has(this.dir)) throw new Error(`spool directory ${this.dir} is already in use`);
    try {
      const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new Error(`spool directory ${this.dir} is in use by process ${pid}`);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    writeFileSync(path, `${process.pid}\n`);
    lockedHere.add(this.dir);
  }

  private unlock(): void {
    lockedHere.delete(this.dir);
    rmSync(join(this.dir, "lock"), { force: true });
  }

  /** Reads every segment back: finds the first unacknowledged record and cuts torn tails. */
  private resume(): void {
    const ids = readdirSync(this.dir)
      .map((f) => SEGMENT_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let lastSeq = this.consumedSeq;
    for (const id of ids) {
      const path = join(this.dir, segmentName(id));
      const data = readFileSync(path);
      let off = 0;
      let head = -1;
      let pending = 0;
      let pendingBytes = 0;
      while (off + HEADER <= data.length) {
        const len = data.readUInt32BE(off);
        const end = off + HEADER + len;
        if (end > data.length || data.readUInt32BE(off + 4) !== crc32(data, off + 8, end)) break;
        const seq = Number(data.readBigUInt64BE(off + 8));
        if (seq <= lastSeq && seq > this.consumedSeq) break; // out of order: treat as corrupt
        if (seq > this.consumedSeq) {
          if (head < 0) head = off;
          pending++;
          pendingBytes += HEADER + len;
        }
        lastSeq = Math.max(lastSeq, seq);
        off = end;
      }
      if (off < data.length) {
        this.s.log(
          "warning",
          `${this.s.label}: spool segment ${segmentName(id)}: ${data.length - off} bytes of a torn or corrupt record discarded`,
        );
        const fd = openSync(path, "r+");
        ftruncateSync(fd, off);
        fsyncSync(fd);
        closeSync(fd);
      }
      if (pending === 0) {
        rmSync(path, { force: true });
        continue;
      }
      if (this.segments.length === 0) this.headOffset = head;
      this.segments.push({ id, path, size: off, fd: null });
      this.count += pending;
      this.bytes += pendingBytes;
    }
    this.nextSeq = lastSeq + 1;
    if (this.count > 0) {
      this.s.log(
        "info",
        `${this.s.label}: resuming spool ${this.dir}: ${this.count} undelivered alerts (${this.bytes} bytes)`,
      );
    }
  }

  private fdOf(seg: Segment): number {
    if (seg.fd === null) seg.fd = openSync(seg.path, "a+");
    return seg.fd;
  }

  private closeSegment(seg: Segment, sync: boolean): void {
    if (seg.fd !== null) {
      if (sync) fsyncSync(seg.fd);
      closeSync(seg.fd);
      seg.fd = null;
    }
  }

  private syncDir(): void {
    try {
      const fd = openSync(this.dir, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Directories cannot be fsynced on every platform; the segment itself is synced.
    }
  }

  /** Starts a new segment; the previous one is fsynced first (segments are immutable once full). */
  private rotate(firstSeq: number): Segment {
    const last = this.segments[this.segments.length - 1];
    if (last) this.closeSegment(last, true);
    const seg: Segment = { id: firstSeq, path: join(this.dir, segmentName(firstSeq)), size: 0, fd: null };
    this.fdOf(seg);
    this.segments.push(seg);
    this.syncDir();
    if (this.unsyncedAck) {
      fsyncSync(this.ackFd);
      this.unsyncedAck = false;
    }
    return seg;
  }

  /**
   * Appends payloads (oldest first). When full, `drop_oldest` evicts from the head and `drop_newest`
   * rejects what does not fit. `inflight`: these records are in a delivery under way (a batch spilled
   * while it was being sent): their loss is reported by `nack`, not `onDrop`. Returns the last seq written.
   */
  append(payloads: readonly string[], inflight = false): { lastSeq: number | null; accepted: number } {
    if (this.closed) throw new Error("spool is closed");
    let lastSeq: number | null = null;
    let accepted = 0;
    let rejected = 0;
    for (const payload of payloads) {
      const seq = this.nextSeq;
      const buf = encodeRecord(seq, payload);
      if (buf.length > this.s.maxBytes) {
        rejected++;
        continue;
      }
      if (this.bytes + buf.length > this.s.maxBytes) {
        if (this.s.whenFull === "drop_newest") {
          rejected++;
          continue;
        }
        this.evict(this.bytes + buf.length - this.s.maxBytes);
      }
      this.nextSeq++;
      this.tail.push({ seq, buf });
      this.count++;
      this.bytes += buf.length;
      lastSeq = seq;
      accepted++;
    }
    if (rejected > 0) {
      if (inflight) this.inflightDropped += rejected;
      else this.s.onDrop(rejected, "spool full (drop_newest)");
    }
    if (inflight && lastSeq !== null) this.inflightUpTo = Math.max(this.inflightUpTo, lastSeq);
    if (this.tail.length > 0 && !this.tailQueued) {
      this.tailQueued = true;
      queueMicrotask(() => this.flushTail());
    }
    return { lastSeq, accepted };
  }

  /** Writes appended records to disk: one write per segment touched, rotating full segments. */
  flushTail(): void {
    this.tailQueued = false;
    if (this.tail.length === 0 || this.closed) return;
    const tail = this.tail;
    this.tail = [];
    let i = 0;
    while (i < tail.length) {
      const first = tail[i] as TailRecord;
      let seg = this.segments[this.segments.length - 1];
      if (!seg || (seg.size > 0 && seg.size + first.buf.length > this.s.segmentBytes))
        seg = this.rotate(first.seq);
      const chunk: Buffer[] = [];
      let bytes = 0;
      while (i < tail.length) {
        const r = tail[i] as TailRecord;
        if (chunk.length > 0 && seg.size + bytes + r.buf.length > this.s.segmentBytes) break;
        chunk.push(r.buf);
        bytes += r.buf.length;
        i++;
      }
      const fd = this.fdOf(seg);
      try {
        const data = chunk.length === 1 ? (chunk[0] as Buffer) : Buffer.concat(chunk, bytes);
        let written = 0;
        while (written < data.length) written += writeSync(fd, data, written);
        seg.size += bytes;
      } catch (e) {
        try {
          ftruncateSync(fd, seg.size);
        } catch {
          // The torn record is cut at the next open.
        }
        const lost = chunk.length + (tail.length - i);
        this.count -= lost;
        for (let j = i - chunk.length; j < tail.length; j++) this.bytes -= (tail[j] as TailRecord).buf.length;
        this.s.onDrop(lost, `spool write error: ${(e as Error).message}`);
        return;
      }
    }
  }

  /** Reads records from the head on; calls `visit` until it returns false. Throws CorruptRecord. */
  private scan(visit: (seq: number, payload: Buffer, segIndex: number, end: number) => boolean): void {
    for (let si = 0; si < this.segments.length; si++) {
      const seg = this.segments[si] as Segment;
      let off = si === 0 ? this.headOffset : 0;
      let buf: Buffer = Buffer.allocUnsafe(0);
      let bufStart = off;
      while (off < seg.size) {
        if (off + HEADER > seg.size) throw new CorruptRecord(si, off);
        if (off + HEADER > bufStart + buf.length) {
          buf = this.read(seg, off, HEADER);
          bufStart = off;
        }
        const len = buf.readUInt32BE(off - bufStart);
        const end = off + HEADER + len;
        if (end > seg.size) throw new CorruptRecord(si, off);
        if (end > bufStart + buf.length) {
          buf = this.read(seg, off, HEADER + len);
          bufStart = off;
        }
        const rel = off - bufStart;
        if (buf.readUInt32BE(rel + 4) !== crc32(buf, rel + 8, rel + HEADER + len)) {
          throw new CorruptRecord(si, off);
        }
        const seq = Number(buf.readBigUInt64BE(rel + 8));
        if (!visit(seq, buf.subarray(rel + HEADER, rel + HEADER + len), si, end)) return;
        off = end;
      }
    }
  }

  private read(seg: Segment, off: number, atLeast: number): Buffer {
    const want = Math.min(seg.size - off, Math.max(atLeast, READ_CHUNK));
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fdOf(seg), buf, got, want - got, off + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  }

  /**
   * A record failed its checksum (disk trouble): its segment is cut there, the counts are taken again
   * from disk, and what was lost is reported.
   */
  private repair(e: CorruptRecord): void {
    const seg = this.segments[e.segIndex] as Segment;
    this.s.log(
      "error",
      `${this.s.label}: corrupt record in ${seg.path} at offset ${e.offset}; the rest of the segment is discarded`,
    );
    try {
      ftruncateSync(this.fdOf(seg), e.offset);
    } catch {
      // Reading stops at seg.size anyway.
    }
    seg.size = e.offset;
    const before = this.count;
    let count = 0;
    let bytes = 0;
    for (const r of this.tail) {
      count++;
      bytes += r.buf.length;
    }
    this.scan((_seq, payload) => {
      count++;
      bytes += HEADER + payload.length;
      return true;
    });
    this.count = count;
    this.bytes = bytes;
    if (before > count) this.s.onDrop(before - count, "corrupt spool segment");
  }

  /**
   * The oldest undelivered records, at most `max` of them and about `maxBytes` in all. They count as
   * in flight until `ack` (delivered) or `nack` (not delivered).
   */
  peek(max: number, maxBytes = 4 * 1024 * 1024): SpoolRecord[] {
    this.flushTail();
    const out: SpoolRecord[] = [];
    let bytes = 0;
    try {
      this.scan((seq, payload) => {
        out.push({ seq, payload: payload.toString("utf8") });
        bytes += payload.length;
        return out.length < max && bytes < maxBytes;
      });
    } catch (e) {
      if (!(e instanceof CorruptRecord)) throw e;
      this.repair(e);
      if (out.length === 0) return this.peek(max, maxBytes);
    }
    const last = out[out.length - 1];
    if (last) this.inflightUpTo = Math.max(this.inflightUpTo, last.seq);
    this.inflightDropped = 0;
    return out;
  }

  private removeHeadSegment(): void {
    const seg = this.segments.shift();
    if (!seg) return;
    this.closeSegment(seg, false);
    rmSync(seg.path, { force: true });
    this.headOffset = 0;
  }

  /** Moves the head past consumed bytes; deletes segments left behind; resets when empty. */
  private advanceHead(segIndex: number, end: number): void {
    for (let k = 0; k < segIndex; k++) this.removeHeadSegment();
    this.headOffset = end;
    while (this.segments.length > 1 && this.headOffset >= (this.segments[0] as Segment).size) {
      this.removeHeadSegment();
    }
    if (this.count === 0 && this.tail.length === 0) {
      while (this.segments.length > 0) this.removeHeadSegment();
    }
  }

  /** Consumes records from the head while `more(seq)` holds; `onRecord` sees each one. */
  private consume(more: (seq: number) => boolean, onRecord: (seq: number) => void): void {
    this.flushTail();
    const pos = { si: -1, end: 0 };
    try {
      this.scan((seq, payload, si, end) => {
        if (!more(seq)) return false;
        this.count--;
        this.bytes -= HEADER + payload.length;
        this.consumedSeq = Math.max(this.consumedSeq, seq);
        pos.si = si;
        pos.end = end;
        onRecord(seq);
        return true;
      });
    } catch (e) {
      if (!(e instanceof CorruptRecord)) throw e;
      if (pos.si >= 0) this.advanceHead(pos.si, pos.end);
      this.repair(e);
      return;
    }
    if (pos.si >= 0) this.advanceHead(pos.si, pos.end);
  }

  /** Drop-oldest: evicts head records until `need` bytes are free. */
  private evict(need: number): void {
    const target = this.bytes - need;
    let dropped = 0;
    this.consume(
      () => this.bytes > target,
      (seq) => {
        if (seq <= this.inflightUpTo) this.inflightDropped++;
        else dropped++;
      },
    );
    this.writeAck();
    if (dropped > 0) this.s.onDrop(dropped, "spool full (drop_oldest)");
  }

  /** The delivery of every record up to `seq` succeeded: they are never sent again. */
  ack(seq: number): void {
    if (seq > this.consumedSeq) {
      this.consume(
        (s) => s <= seq,
        () => {},
      );
      this.writeAck();
    }
    this.inflightUpTo = 0;
    this.inflightDropped = 0;
  }

  /** The delivery under way failed; returns how many of its records were evicted meanwhile (lost). */
  nack(): number {
    const lost = this.inflightDropped;
    this.inflightUpTo = 0;
    this.inflightDropped = 0;
    return lost;
  }

  private writeAck(): void {
    const text = `${String(this.consumedSeq).padStart(20, "0")}\n`;
    writeSync(this.ackFd, text, 0, "utf8");
    this.unsyncedAck = true;
  }

  /** Writes the tail, fsyncs the open segment and the ack, and releases the directory. */
  close(): void {
    if (this.closed) return;
    this.flushTail();
    this.closed = true;
    for (const seg of this.segments) this.closeSegment(seg, true);
    this.writeAck();
    fsyncSync(this.ackFd);
    closeSync(this.ackFd);
    this.unlock();
  }
}
