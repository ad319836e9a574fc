// A log file rotated as kube-apiserver's audit log is, by gopkg.in/natefinch/lumberjack.v2 v2.2.1
// (k8s-audit.md §4.1): before a write that would take the file past maxSize, the file is renamed to
// `<name>-<2006-01-02T15-04-05.000>.<ext>` (UTC) and a new one is created with the old one's mode;
// after each rotation (and on first open) backups beyond maxBackups, and those whose name says they
// are older than maxAge days, are deleted, and the rest gzipped when asked. Unlike lumberjack, every
// batch is fsync'ed before `write` resolves, so that a caller can acknowledge what is on disk.
//
// Deliberate differences from lumberjack, each so that no record is lost or broken:
// - a record larger than maxSize is written alone in a fresh file (lumberjack refuses the write);
// - when the backup name is taken (two rotations in one millisecond), the timestamp is moved on by
//   a millisecond until it is free (lumberjack renames over the older backup);
// - on open, a last line without its newline (a write cut short by a crash, never acknowledged) is
//   cut off, or given its newline when it is a complete JSON value, so the file stays JSON lines;
// - compression writes `<backup>.gz.tmp`, fsyncs, renames it to `.gz`, then deletes the original.
import { createReadStream } from "node:fs";
import { type FileHandle, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

export interface RotatingLogOptions {
  /** The log file. Its directory is created (mode 0700) when missing. */
  filename: string;
  /** Size in MiB (1,048,576 bytes) a write may not take the file past; 0: never rotate (default 100). */
  maxSize?: number;
  /** The same limit in bytes; overrides maxSize (for tests and tiny limits). */
  maxSizeBytes?: number;
  /** Backups kept (a `.log` and its `.log.gz` count once); 0: all (default 0). */
  maxBackups?: number;
  /** Days backups are kept, judged by the timestamp in their names; 0: forever (default 0). */
  maxAge?: number;
  /** Gzip backups (default false). */
  compress?: boolean;
  /** Local time in backup names (default false: UTC, as kube-apiserver). */
  localTime?: boolean;
  /** Clock (tests). */
  now?: () => Date;
  /** Things worth telling the operator: a repaired tail, a backup that could not be deleted. */
  onNotice?: (message: string) => void;
}

/** Counters since the log was opened. */
export interface RotatingLogStats {
  /** Records written (and fsync'ed). */
  records: number;
  bytes: number;
  rotations: number;
  /** fsync calls on log files. */
  syncs: number;
}

/** lumberjack's backupTimeFormat, "2006-01-02T15-04-05.000". */
export function formatBackupTime(d: Date, local = false): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const [y, mo, da, h, mi, s, ms] = local
    ? [
        d.getFullYear(),
        d.getMonth() + 1,
        d.getDate(),
        d.getHours(),
        d.getMinutes(),
        d.getSeconds(),
        d.getMilliseconds(),
      ]
    : [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      ];
  return `${p(y, 4)}-${p(mo)}-${p(da)}T${p(h)}-${p(mi)}-${p(s)}.${p(ms, 3)}`;
}

const BACKUP_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/;

/** Parses a backup timestamp as Go's time.Parse does for lumberjack: always as UTC. */
export function parseBackupTime(s: string): Date | undefined {
  const m = BACKUP_TIME.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se, ms] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se, ms));
  // Go refuses out-of-range fields (month 13, day 32, hour 24…) where Date would roll over.
  if (
    t.getUTCMonth() !== mo - 1 ||
    t.getUTCDate() !== d ||
    t.getUTCHours() !== h ||
    t.getUTCMinutes() !== mi ||
    t.getUTCSeconds() !== se
  )
    return undefined;
  return t;
}

/** `<dir>/<prefix>-<timestamp><ext>` for a log file name and a time. */
export function backupName(filename: string, t: Date, local = false): string {
  const dir = path.dirname(filename);
  const base = path.basename(filename);
  const ext = path.extname(base);
  const prefix = base.slice(0, base.length - ext.length);
  return path.join(dir, `${prefix}-${formatBackupTime(t, local)}${ext}`);
}

/** A backup of the log found in its directory. */
export interface BackupFile {
  name: string;
  time: Date;
  compressed: boolean;
}

/** The backups of a log in its directory, newest first by the time in their names (lumberjack's oldLogFiles). */
export async function listBackups(filename: string): Promise<BackupFile[]> {
  const dir = path.dirname(filename);
  const base = path.basename(filename);
  const ext = path.extname(base);
  const prefix = `${base.slice(0, base.length - ext.length)}-`;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of entries) {
    if (!name.startsWith(prefix)) continue;
    for (const [suffix, compressed] of [
      [ext, false],
      [`${ext}.gz`, true],
    ] as const) {
      if (!name.endsWith(suffix) || name.length < prefix.length + suffix.length) continue;
      const time = parseBackupTime(name.slice(prefix.length, name.length - suffix.length));
      if (time !== undefined) {
        out.push({ name, time, compressed });
        break;
      }
    }
  }
  // Newest first; a stable sort keeps a pair's two files together.
  return out.sort((a, b) => b.time.getTime() - a.time.getTime());
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, "r");
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function writeAll(h: FileHandle, buf: Buffer): Promise<void> {
  let at = 0;
  while (at < buf.length) {
    const { bytesWritten } = await h.write(buf, at, buf.length - at);
    at += bytesWritten;
  }
}

/**
 * An append-only JSON-lines log with lumberjack's rotation. `write` takes a batch of records (one line
 * each, without newline) and resolves once they are written and fsync'ed; batches are written one
 * after the other in call order.
 */
export class RotatingLog {
  readonly filename: string;
  private readonly maxBytes: number;
  private readonly maxBackups: number;
  private readonly maxAgeDays: number;
  private readonly compress: boolean;
  private readonly localTime: boolean;
  private readonly now: () => Date;
  private readonly notice: (message: string) => void;
  private file: FileHandle | undefined;
  private size = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private millRunning: Promise<void> | undefined;
  private millAgain = false;
  private closed = false;
  private readonly counters: RotatingLogStats = { records: 0, bytes: 0, rotations: 0, syncs: 0 };

  constructor(options: RotatingLogOptions) {
    this.filename = path.resolve(options.filename);
    const mib = options.maxSize ?? 100;
    if (options.maxSizeBytes !== undefined && !(options.maxSizeBytes >= 0))
      throw new RangeError("maxSizeBytes must be ≥ 0");
    if (!(mib >= 0)) throw new RangeError("maxSize must be ≥ 0");
    this.maxBytes = options.maxSizeBytes ?? Math.floor(mib * 1024 * 1024);
    this.maxBackups = options.maxBackups ?? 0;
    this.maxAgeDays = options.maxAge ?? 0;
    this.compress = options.compress ?? false;
    this.localTime = options.localTime ?? false;
    this.now = options.now ?? (() => new Date());
    this.notice = options.onNotice ?? (() => {});
  }

  /** A snapshot of the counters. */
  get stats(): RotatingLogStats {
    return { ...this.counters };
  }

  /** Writes records (one line each) and fsyncs; resolves when they are durable. */
  write(records: readonly string[]): Promise<void> {
    const run = this.chain.then(() => this.writeNow(records));
    this.chain = run.catch(() => {});
    return run;
  }

  /** Resolves once pruning and compression started so far are done. */
  async milled(): Promise<void> {
    while (this.millRunning !== undefined) await this.millRunning;
  }

  /** Waits for pending writes, closes the file, then waits for pruning. */
  async close(): Promise<void> {
    await this.chain;
    this.closed = true;
    const f = this.file;
    this.file = undefined;
    if (f !== undefined) await f.close();
    await this.milled();
  }

  private async writeNow(records: readonly string[]): Promise<void> {
    if (this.closed) throw new Error(`${this.filename}: log closed`);
    if (records.length === 0) return;
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const f = this.file as FileHandle;
        await writeAll(
          f,
          pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes),
        );
        pending = [];
        pendingBytes = 0;
      };
      for (const r of records) {
        const line = Buffer.from(`${r}\n`, "utf8");
        if (this.file === undefined) await this.openExistingOrNew(line.length);
        if (this.maxBytes > 0 && this.size + line.length > this.maxBytes && this.size > 0) {
          await flush();
          await this.rotate();
        }
        pending.push(line);
        pendingBytes += line.length;
        this.size += line.length;
        this.counters.bytes += line.length;
      }
      await flush();
      await (this.file as FileHandle).sync();
      this.counters.syncs++;
      this.counters.records += records.length;
    } catch (e) {
      // What reached the file is unknown: start again from what is on disk at the next write.
      const f = this.file;
      this.file = undefined;
      await f?.close().catch(() => {});
      throw e;
    }
  }

  /** lumberjack's openExistingOrNew, plus the repair of a torn last line. */
  private async openExistingOrNew(writeLen: number): Promise<void> {
    this.scheduleMill();
    let size: number;
    try {
      size = (await stat(this.filename)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") {
        await this.openNew();
        return;
      }
      throw new Error(`error getting log file info: ${(e as Error).message}`);
    }
    let f: FileHandle;
    try {
      f = await open(this.filename, "r+");
    } catch {
      await this.openNew();
      return;
    }
    try {
      size = await this.repairTail(f, size);
    } catch (e) {
      await f.close();
      throw e;
    }
    if (this.maxBytes > 0 && size + writeLen >= this.maxBytes && size > 0) {
      await f.close();
      await this.rotate();
      return;
    }
    // "r+" writes where told: appends go at `size` through an O_APPEND handle.
    await f.close();
    this.file = await open(this.filename, "a");
    this.size = size;
  }

  /** Cuts a last line that has no newline (or ends it, when it is a whole JSON value); returns the size. */
  private async repairTail(f: FileHandle, size: number): Promise<number> {
    if (size === 0) return 0;
    const last = Buffer.alloc(1);
    await f.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return size;
    // Find the previous newline, reading backwards.
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    let lineStart = 0;
    search: while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await f.read(chunk, 0, end - start, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (chunk[i] === 0x0a) {
          lineStart = start + i + 1;
          break search;
        }
      }
      end = start;
    }
    const tail = Buffer.alloc(size - lineStart);
    await f.read(tail, 0, tail.length, lineStart);
    let complete = false;
    try {
      JSON.parse(tail.toString("utf8"));
      complete = true;
    } catch {
      complete = false;
    }
    if (complete) {
      await f.write(Buffer.from("\n"), 0, 1, size);
      await f.sync();
      this.notice(`${this.filename}: the last line had no newline; added one`);
      return size + 1;
    }
    await f.truncate(lineStart);
    await f.sync();
    this.notice(
      `${this.filename}: removed a torn last line (${size - lineStart} bytes of a write cut short, never acknowledged)`,
    );
    return lineStart;
  }

  /** lumberjack's rotate: close, rename to a backup, open a new file, then prune. */
  private async rotate(): Promise<void> {
    const f = this.file;
    this.file = undefined;
    if (f !== undefined) {
      await f.sync();
      this.counters.syncs++;
      await f.close();
    }
    await this.openNew();
    this.scheduleMill();
  }

  /** lumberjack's openNew: the existing file becomes a backup; a new one gets its mode (0600 by default). */
  private async openNew(): Promise<void> {
    const dir = path.dirname(this.filename);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let mode = 0o600;
    try {
      const info = await stat(this.filename);
      mode = info.mode & 0o7777;
      let t = this.now();
      let name = backupName(this.filename, t, this.localTime);
      while ((await exists(name)) || (await exists(`${name}.gz`))) {
        t = new Date(t.getTime() + 1);
        name = backupName(this.filename, t, this.localTime);
      }
      await rename(this.filename, name);
      this.counters.rotations++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT")
        throw new Error(`can't rename log file: ${(e as Error).message}`);
    }
    this.file = await open(this.filename, "w", mode);
    this.size = 0;
    // The rename and the new file's name are durable before anything written to it is acknowledged.
    await syncDir(dir);
  }

  private scheduleMill(): void {
    if (this.maxBackups === 0 && this.maxAgeDays === 0 && !this.compress) return;
    if (this.millRunning !== undefined) {
      this.millAgain = true;
      return;
    }
    this.millRunning = (async () => {
      do {
        this.millAgain = false;
        try {
          await this.millOnce();
        } catch (e) {
          this.notice(`${this.filename}: pruning backups: ${(e as Error).message}`);
        }
      } while (this.millAgain);
      this.millRunning = undefined;
    })();
  }

  /** lumberjack's millRunOnce: by count, then by age, then compress the survivors. */
  private async millOnce(): Promise<void> {
    const dir = path.dirname(this.filename);
    // Left by a compression a crash cut short (the backup itself is still there).
    const base = path.basename(this.filename);
    const ext = path.extname(base);
    const stem = `${base.slice(0, base.length - ext.length)}-`;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const suffix = `${ext}.gz.tmp`;
      if (!name.startsWith(stem) || !name.endsWith(suffix)) continue;
      if (parseBackupTime(name.slice(stem.length, name.length - suffix.length)) !== undefined)
        await unlink(path.join(dir, name)).catch(() => {});
    }
    let files = await listBackups(this.filename);
    const remove: BackupFile[] = [];
    if (this.maxBackups > 0 && this.maxBackups < files.length) {
      const preserved = new Set<string>();
      const remaining: BackupFile[] = [];
      for (const f of files) {
        preserved.add(f.compressed ? f.name.slice(0, -3) : f.name);
        if (preserved.size > this.maxBackups) remove.push(f);
        else remaining.push(f);
      }
      files = remaining;
    }
    if (this.maxAgeDays > 0) {
      const cutoff = this.now().getTime() - this.maxAgeDays * 24 * 3600 * 1000;
      const remaining: BackupFile[] = [];
      for (const f of files) {
        if (f.time.getTime() < cutoff) remove.push(f);
        else remaining.push(f);
      }
      files = remaining;
    }
    for (const f of remove) {
      try {
        await unlink(path.join(dir, f.name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT")
          this.notice(`can't remove ${f.name}: ${(e as Error).message}`);
      }
    }
    if (!this.compress) return;
    const kept = new Set(files.map((f) => f.name));
    for (const f of files) {
      if (f.compressed) continue;
      // A crash between rename and unlink leaves both: compressing again is harmless.
      const src = path.join(dir, f.name);
      if (kept.has(`${f.name}.gz`)) {
        await unlink(src).catch(() => {});
        continue;
      }
      await compressFile(src, `${src}.gz`);
    }
  }
}

/** Gzips src into dst (through dst.tmp, fsync'ed), keeping src's mode, then removes src. */
export async function compressFile(src: string, dst: string): Promise<void> {
  const info = await stat(src);
  const tmp = `${dst}.tmp`;
  const out = await open(tmp, "w", info.mode & 0o7777);
  try {
    try {
      await pipeline(createReadStream(src), createGzip(), async (gz: AsyncIterable<Buffer>) => {
        for await (const chunk of gz) await writeAll(out, chunk);
      });
      await out.sync();
    } finally {
      await out.close();
    }
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await rename(tmp, dst);
  await unlink(src);
}
