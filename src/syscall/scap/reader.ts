// Streaming scap reader. `ScapParser` is a push parser: feed it chunks of the (decompressed) capture in
// order and it calls the handlers synchronously for every block, metadata entry and event, keeping at
// most one partial block in memory. `readScap` drives it from a file, a stream or bytes, gunzipping on the
// fly when the input starts with the gzip magic. Errors are values (`ScapError`) with the byte offset in
// the decompressed stream, reported after every event before the damage has been delivered.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import {
  BlockParseError,
  BlockType,
  blockKind,
  EVB_FLAGS,
  EVB_LARGE,
  EVB_V2,
  eventBlockInfo,
  type FdEntry,
  type GroupEntry,
  type InterfaceEntry,
  type MachineInfo,
  parseFdList,
  parseInterfaceList,
  parseMachineInfo,
  parseProcessList,
  parseUserList,
  plVersion,
  type SectionHeader,
  SHB_MAGIC,
  SHB_MAGIC_SWAPPED,
  type ThreadEntry,
  type UserEntry,
} from "./blocks.js";
import { readI64, readU16, readU32, readU64Big } from "./bytes.js";
import { ScapEvent } from "./event.js";
import { EVENT_TABLE, EVENT_TYPE_MAX, EventCode } from "./event-table.js";
import { EF } from "./event-types.js";

/** Why reading stopped early. Every code comes with a byte offset in the decompressed stream. */
export type ScapErrorCode =
  | "IO" // the file or stream could not be read
  | "EMPTY" // zero bytes
  | "NOT_SCAP" // the first block is not a section header
  | "BYTE_SWAPPED" // a big-endian capture (libs cannot read those either)
  | "UNSUPPORTED_VERSION" // section header major version above 1
  | "TRUNCATED" // the input ends inside a block
  | "BAD_BLOCK" // block length or trailer is wrong
  | "BAD_EVENT" // an event does not fit its block or its parameter lengths do not add up
  | "BAD_METADATA" // a process, fd, interface, user or machine block is malformed
  | "GZIP" // the gzip stream is corrupt or truncated
  | "NO_EVENTS"; // metadata but no event block (libs: "no events in file")

/** A read error: code, message for people, and where (offset in the decompressed stream). */
export interface ScapError {
  code: ScapErrorCode;
  message: string;
  /** Byte offset in the decompressed capture (equal to the file offset for plain files). */
  offset: number;
}

/** Callbacks of the reader; all optional. They run synchronously, in file order. */
export interface ScapHandlers {
  /** Every block, before it is decoded: type, offset in the decompressed stream and total length. */
  onBlock?(type: number, offset: number, length: number): void;
  /** Every block's bytes, before it is decoded (a view valid only during the call: copy to keep). */
  onRawBlock?(type: number, bytes: Buffer): void;
  /** A section header; concatenated captures have several. */
  onSection?(header: SectionHeader, offset: number): void;
  onMachineInfo?(info: MachineInfo): void;
  onThread?(thread: ThreadEntry): void;
  onFd?(tid: number, fd: FdEntry): void;
  onInterface?(iface: InterfaceEntry): void;
  onUser?(user: UserEntry): void;
  onGroup?(group: GroupEntry): void;
  /**
   * An event. The object is reused for the next event: copy what you keep (or `evt.clone()`).
   * Return `false` to stop reading.
   */
  onEvent?(evt: ScapEvent): boolean | undefined;
}

/** Reader limits. */
export interface ScapReadOptions {
  /** Largest block accepted (metadata and large-payload event blocks); default 256 MiB. */
  maxBlockBytes?: number;
  /** Read size for files and gunzip output chunk size; default 1 MiB / 256 KiB. */
  readChunkBytes?: number;
}

/** What a read did: counts, and the error if it did not reach a clean end. */
export interface ScapReadResult {
  /** Events delivered (the last `evt.num`). */
  events: number;
  /** Events skipped because their type is beyond the event table (newer captures). */
  skippedEvents: number;
  blocks: number;
  sections: number;
  /** Decompressed bytes processed. */
  bytes: number;
  gzip: boolean;
  /** True when a handler returned false. */
  stopped: boolean;
  error?: ScapError;
}

/** Non-large event blocks are at most this long after the block header (libs READER_BUF_SIZE). */
const READER_BUF_SIZE = 65536;
const DEFAULT_MAX_BLOCK = 256 * 1024 * 1024;

// Per event type: parameter count of the table and width of each length (4 for EF_LARGE_PAYLOAD).
const TABLE_NPARAMS = new Uint8Array(EVENT_TYPE_MAX);
const LEN_SIZE = new Uint8Array(EVENT_TYPE_MAX);
for (const e of EVENT_TABLE) {
  TABLE_NPARAMS[e.code] = e.params.length;
  LEN_SIZE[e.code] = e.flags & EF.LARGE_PAYLOAD ? 4 : 2;
}
// Event block bits for block types 0x200..0x23f (the official numbers), for the hot loop.
const EVENT_BLOCK_BITS = new Uint8Array(0x40);
for (let t = 0x200; t < 0x240; t++) EVENT_BLOCK_BITS[t - 0x200] = eventBlockInfo(t);
const NOTIFICATION_E = EventCode.PPME_NOTIFICATION_E;
const INFRASTRUCTURE_EVENT_E = EventCode.PPME_INFRASTRUCTURE_EVENT_E;

/**
 * Push parser over a decompressed scap stream. `push` chunks in order, then `end()`.
 * Holds at most one partial block between chunks, so memory stays flat whatever the capture size.
 */
export class ScapParser {
  readonly #h: ScapHandlers;
  readonly #onBlock: ScapHandlers["onBlock"];
  readonly #onRawBlock: ScapHandlers["onRawBlock"];
  readonly #onEvent: ScapHandlers["onEvent"];
  readonly #maxBlock: number;
  readonly #evt = new ScapEvent();
  #carry: Buffer = Buffer.allocUnsafe(64 * 1024);
  #carryLen = 0;
  /** Offset of the first byte not yet consumed by a complete block. */
  #consumed = 0;
  #received = 0;
  #events = 0;
  #skipped = 0;
  #blocks = 0;
  #sections = 0;
  #sawEventBlock = false;
  #done = false;
  #stopped = false;
  #error: ScapError | undefined;

  constructor(handlers: ScapHandlers, options: ScapReadOptions = {}) {
    this.#h = handlers;
    this.#onBlock = handlers.onBlock?.bind(handlers);
    this.#onRawBlock = handlers.onRawBlock?.bind(handlers);
    this.#onEvent = handlers.onEvent?.bind(handlers);
    this.#maxBlock = options.maxBlockBytes ?? DEFAULT_MAX_BLOCK;
  }

  /** True once reading cannot continue (error, or a handler asked to stop). */
  get done(): boolean {
    return this.#done;
  }

  /** Decompressed bytes received so far. */
  get received(): number {
    return this.#received;
  }

  /** Feeds the next chunk; returns false when reading is over (error or stop). */
  push(chunk: Uint8Array): boolean {
    if (this.#done) return false;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#received += buf.length;
    const n = buf.length;
    let pos = 0;
    if (this.#carryLen > 0) {
      if (this.#carryLen < 8) {
        const take = Math.min(8 - this.#carryLen, n);
        buf.copy(this.#carry, this.#carryLen, 0, take);
        this.#carryLen += take;
        pos = take;
        if (this.#carryLen < 8) return true;
      }
      const type = readU32(this.#carry, 0);
      const len = readU32(this.#carry, 4);
      if (!this.#checkHeader(type, len)) return false;
      const take = Math.min(len - this.#carryLen, n - pos);
      this.#reserve(this.#carryLen + take, this.#carryLen);
      buf.copy(this.#carry, this.#carryLen, pos, pos + take);
      this.#carryLen += take;
      pos += take;
      if (this.#carryLen < len) return true;
      this.#carryLen = 0;
      if (!this.#block(this.#carry, 0, type, len)) return false;
    }
    while (n - pos >= 8) {
      const type = readU32(buf, pos);
      const len = readU32(buf, pos + 4);
      // Fast path: a complete, plausible event block.
      const ev = type >= 0x200 && type < 0x240 ? (EVENT_BLOCK_BITS[type - 0x200] as number) : 0;
      if (ev !== 0 && len >= 12 && len <= n - pos && (len - 8 <= READER_BUF_SIZE || (ev & EVB_LARGE) !== 0)) {
        if (this.#sections === 0 || len > this.#maxBlock) {
          if (!this.#checkHeader(type, len)) return false;
        }
        const trailer = readU32(buf, pos + len - 4);
        if (trailer !== len)
          return this.#fail(
            "BAD_BLOCK",
            `block trailer ${trailer} does not match block length ${len}`,
            this.#consumed,
          );
        this.#blocks++;
        if (this.#onBlock !== undefined) this.#onBlock(type, this.#consumed, len);
        if (this.#onRawBlock !== undefined) this.#onRawBlock(type, buf.subarray(pos, pos + len));
        const ok = this.#event(buf, pos, len, ev);
        this.#consumed += len;
        if (!ok) return false;
        pos += len;
        continue;
      }
      if (!this.#checkHeader(type, len)) return false;
      if (n - pos < len) break;
      if (!this.#block(buf, pos, type, len)) return false;
      pos += len;
    }
    if (pos < n) {
      this.#reserve(n - pos, 0);
      buf.copy(this.#carry, 0, pos, n);
      this.#carryLen = n - pos;
    }
    return true;
  }

  /** Ends the input: reports a truncated last block, an empty input or a capture without events. */
  end(): ScapReadResult {
    if (!this.#done) {
      if (this.#carryLen > 0) {
        const have = this.#carryLen;
        if (have < 8) {
          this.#fail(
            "TRUNCATED",
            `truncated capture: ${have} bytes of a block header, expected 8`,
            this.#consumed,
          );
        } else {
          const len = readU32(this.#carry, 4);
          this.#fail(
            "TRUNCATED",
            `truncated capture: block of ${len} bytes has only ${have} (is the file truncated?)`,
            this.#consumed,
          );
        }
      } else if (this.#received === 0) {
        this.#fail("EMPTY", "empty capture (0 bytes)", 0);
      } else if (!this.#sawEventBlock) {
        this.#fail("NO_EVENTS", "no events in file", this.#consumed);
      }
      this.#done = true;
    }
    return this.result();
  }

  /** Records an error that happened outside the parser (I/O, gzip) at the current position. */
  fail(code: ScapErrorCode, message: string): void {
    if (this.#done) return;
    this.#fail(code, message, this.#received);
  }

  /** Counts so far, and the error if any. */
  result(): ScapReadResult {
    const r: ScapReadResult = {
      events: this.#events,
      skippedEvents: this.#skipped,
      blocks: this.#blocks,
      sections: this.#sections,
      bytes: this.#consumed,
      gzip: false,
      stopped: this.#stopped,
    };
    if (this.#error) r.error = this.#error;
    return r;
  }

  #fail(code: ScapErrorCode, message: string, offset: number): false {
    this.#error = { code, message: `${message} (at byte ${offset} of the decompressed stream)`, offset };
    this.#done = true;
    return false;
  }

  #reserve(size: number, keep: number): void {
    if (this.#carry.length >= size) return;
    const next = Buffer.allocUnsafe(Math.max(size, this.#carry.length * 2));
    this.#carry.copy(next, 0, 0, keep);
    this.#carry = next;
  }

  #checkHeader(type: number, len: number): boolean {
    const at = this.#consumed;
    if (this.#sections === 0 && type !== BlockType.SHB)
      return this.#fail(
        "NOT_SCAP",
        `not a scap capture: first block type 0x${type.toString(16)}, expected a section header (0x0a0d0d0a)`,
        at,
      );
    if (len < 12) return this.#fail("BAD_BLOCK", `block length ${len} is shorter than 12`, at);
    const ev = eventBlockInfo(type);
    if (ev !== 0 && (ev & EVB_LARGE) === 0 && len - 8 > READER_BUF_SIZE)
      return this.#fail("BAD_BLOCK", `event block length ${len} exceeds ${READER_BUF_SIZE + 8}`, at);
    if (len > this.#maxBlock)
      return this.#fail("BAD_BLOCK", `block length ${len} exceeds the ${this.#maxBlock} bytes limit`, at);
    return true;
  }

  #block(b: Buffer, off: number, type: number, len: number): boolean {
    const at = this.#consumed;
    const trailer = readU32(b, off + len - 4);
    if (trailer !== len)
      return this.#fail("BAD_BLOCK", `block trailer ${trailer} does not match block length ${len}`, at);
    this.#blocks++;
    if (this.#onBlock !== undefined) this.#onBlock(type, at, len);
    if (this.#onRawBlock !== undefined) this.#onRawBlock(type, b.subarray(off, off + len));
    const ev = eventBlockInfo(type);
    const ok = ev !== 0 ? this.#event(b, off, len, ev) : this.#meta(b, off, type, len);
    this.#consumed += len;
    return ok;
  }

  #event(b: Buffer, off: number, len: number, ev: number): boolean {
    this.#sawEventBlock = true;
    const bodyEnd = off + len - 4;
    let p = off + 8;
    const fixed = ev & EVB_FLAGS ? 6 : 2;
    const v2 = (ev & EVB_V2) !== 0;
    const hdrLen = v2 ? 26 : 22;
    if (bodyEnd - p < fixed + hdrLen)
      return this.#fail(
        "BAD_EVENT",
        `event block of ${len} bytes cannot hold an event header`,
        this.#consumed,
      );
    const cpu = readU16(b, p);
    const flags = fixed === 6 ? readU32(b, p + 2) : 0;
    p += fixed;
    const avail = bodyEnd - p;
    const etype = readU16(b, p + 20);
    if (etype >= EVENT_TYPE_MAX) {
      this.#skipped++;
      return true;
    }
    const elen = readU32(b, p + 16);
    const lenSize = LEN_SIZE[etype] as number;
    const lens = p + hdrLen;
    let nparams: number;
    if (v2) {
      nparams = readU32(b, p + 22);
      if (elen < 26 || elen > avail)
        return this.#badEvent(`event length ${elen} outside 26..${avail} (the block's room)`);
      let dataOff = 26 + nparams * lenSize;
      if (dataOff > elen) return this.#badEvent(`${nparams} parameters do not fit in event length ${elen}`);
      // Record each parameter's offset on the way, so the event need not locate them again.
      const e0 = this.#evt;
      let offs = e0.offs;
      if (offs.length < nparams) {
        offs = new Int32Array(Math.max(nparams, offs.length * 2));
        e0.offs = offs;
      }
      let at = p + dataOff;
      if (lenSize === 2) {
        for (let i = 0, l = lens; i < nparams; i++, l += 2) {
          offs[i] = at;
          const n = (b[l] as number) | ((b[l + 1] as number) << 8);
          dataOff += n;
          at += n;
        }
      } else {
        for (let i = 0, l = lens; i < nparams; i++, l += 4) {
          offs[i] = at;
          const n = readU32(b, l);
          dataOff += n;
          at += n;
        }
      }
      if (dataOff > elen)
        return this.#badEvent(`parameter lengths add up to ${dataOff}, beyond event length ${elen}`);
      e0.offsFor = this.#events + 1;
    } else {
      // v1 events have no nparams: find the count whose lengths add up to the event length, starting
      // from the table's count (libs does the same when it converts old blocks).
      if (elen < 22 || elen > avail) return this.#badEvent(`event length ${elen} outside 22..${avail}`);
      let effLen = elen;
      if (etype === NOTIFICATION_E || etype === INFRASTRUCTURE_EVENT_E) effLen -= 3;
      const end = p + effLen;
      nparams = -1;
      for (let n = TABLE_NPARAMS[etype] as number; n >= 0; n--) {
        let v = lens + n * lenSize;
        if (v > end) continue;
        for (let i = 0; i < n; i++) v += lenSize === 2 ? readU16(b, lens + 2 * i) : readU32(b, lens + 4 * i);
        if (v < end) break;
        if (v === end) {
          nparams = n;
          break;
        }
      }
      if (nparams < 0) return this.#badEvent("cannot work out the parameter count of a v1 event");
    }
    const e = this.#evt;
    e.num = ++this.#events;
    e.type = etype;
    e.tsLo = readU32(b, p);
    e.tsHi = readU32(b, p + 4);
    e.tid = readI64(b, p + 8);
    e.cpu = cpu;
    e.flags = flags;
    e.nparams = nparams;
    e.buf = b;
    e.offset = p;
    e.lensOffset = lens;
    e.lenSize = lenSize;
    e.dataOffset = lens + nparams * lenSize;
    e.fileOffset = this.#consumed;
    if (this.#onEvent !== undefined && this.#onEvent(e) === false) {
      this.#stopped = true;
      this.#done = true;
      return false;
    }
    return true;
  }

  #badEvent(message: string): false {
    return this.#fail("BAD_EVENT", `corrupt event: ${message}`, this.#consumed);
  }

  #meta(b: Buffer, off: number, type: number, len: number): boolean {
    const start = off + 8;
    const end = off + len - 4;
    const h = this.#h;
    try {
      switch (blockKind(type)) {
        case "section": {
          if (end - start < 16)
            return this.#fail("BAD_BLOCK", "section header block too short", this.#consumed);
          const magic = readU32(b, start);
          if (magic === SHB_MAGIC_SWAPPED)
            return this.#fail(
              "BYTE_SWAPPED",
              "byte-swapped (big-endian) capture, not supported",
              this.#consumed,
            );
          if (magic !== SHB_MAGIC)
            return this.#fail(
              "NOT_SCAP",
              `invalid section header magic 0x${magic.toString(16)}`,
              this.#consumed,
            );
          const major = readU16(b, start + 4);
          if (major > 1)
            return this.#fail(
              "UNSUPPORTED_VERSION",
              `capture version ${major}.x is newer than 1.x`,
              this.#consumed,
            );
          this.#sections++;
          h.onSection?.(
            { major, minor: readU16(b, start + 6), sectionLength: readU64Big(b, start + 8) },
            this.#consumed,
          );
          return true;
        }
        case "machine":
          if (h.onMachineInfo) h.onMachineInfo(parseMachineInfo(b, start, end));
          else parseMachineInfo(b, start, end);
          return true;
        case "threads":
          parseProcessList(b, start, end, plVersion(type), h.onThread ?? noop);
          return true;
        case "fds":
          parseFdList(b, start, end, type === BlockType.FDL_V2, h.onFd ?? noop);
          return true;
        case "interfaces":
          parseInterfaceList(b, start, end, type === BlockType.IL_V2, h.onInterface ?? noop);
          return true;
        case "users":
          parseUserList(b, start, end, type === BlockType.UL_V2, h.onUser ?? noop, h.onGroup ?? noop);
          return true;
        default:
          return true; // unknown block: skipped
      }
    } catch (err) {
      if (err instanceof BlockParseError)
        return this.#fail(
          "BAD_METADATA",
          `corrupt ${blockKind(type)} block: ${err.message}`,
          this.#consumed + (err.at - off),
        );
      throw err;
    }
  }
}

function noop(): void {}

/** A capture to read: a file path, a byte stream, or the bytes themselves (gzip or plain). */
export type ScapSource = string | Readable | Uint8Array;

/**
 * Reads a scap capture (plain or gzip, detected by its first bytes), calling the handlers for every
 * block, metadata entry and event. Resolves with counts and, if the capture is damaged or unreadable,
 * an error value; it rejects only if a handler throws.
 */
export async function readScap(
  source: ScapSource,
  handlers: ScapHandlers,
  options: ScapReadOptions = {},
): Promise<ScapReadResult> {
  const parser = new ScapParser(handlers, options);
  if (source instanceof Uint8Array && !isGzip(source)) {
    parser.push(source);
    return parser.end();
  }
  const input =
    typeof source === "string"
      ? createReadStream(source, { highWaterMark: options.readChunkBytes ?? 1 << 20 })
      : source instanceof Uint8Array
        ? Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)])
        : source;
  const gzip = await pump(input, parser, options);
  const r = parser.end();
  r.gzip = gzip;
  return r;
}

/** Reads a plain (not gzip) capture held in memory, synchronously. */
export function readScapSync(
  bytes: Uint8Array,
  handlers: ScapHandlers,
  options: ScapReadOptions = {},
): ScapReadResult {
  const parser = new ScapParser(handlers, options);
  parser.push(bytes);
  return parser.end();
}

/** True if the bytes start with the gzip magic (1f 8b). */
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Streams `input` into the parser, through gunzip when its first bytes say so. Resolves when done. */
function pump(input: Readable, parser: ScapParser, options: ScapReadOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let gzip = false;
    let settled = false;
    let sink: ((c: Buffer) => void) | undefined;
    let endSink: (() => void) | undefined;
    let gunzip: ReturnType<typeof createGunzip> | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      input.off("data", onData);
      if (!input.destroyed) input.destroy();
      if (gunzip && !gunzip.destroyed) gunzip.destroy();
      resolve(gzip);
    };
    const onData = (chunk: Buffer | string) => {
      const c = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (sink === undefined) {
        if (isGzip(c)) {
          gzip = true;
          const gz = createGunzip({
            chunkSize: options.readChunkBytes ? options.readChunkBytes >> 2 : 256 * 1024,
          });
          gunzip = gz;
          // Decompressed chunks are queued and parsed in a later turn, so the thread pool inflates
          // the next chunk while this thread parses the previous one.
          const queue: Buffer[] = [];
          let queued = 0;
          let scheduled = false;
          let ended = false;
          const drain = () => {
            scheduled = false;
            while (queue.length > 0 && !settled) {
              const d = queue.shift() as Buffer;
              queued -= d.length;
              if (!parser.push(d)) {
                finish();
                return;
              }
            }
            if (ended) finish();
            else if (gz.isPaused()) gz.resume();
          };
          gz.on("data", (d: Buffer) => {
            queue.push(d);
            queued += d.length;
            if (queued > 4 << 20) gz.pause();
            if (!scheduled) {
              scheduled = true;
              setImmediate(drain);
            }
          });
          gz.on("error", (err: Error) => {
            // Whatever inflated cleanly before the damage is parsed first.
            for (const d of queue.splice(0)) if (!settled && !parser.push(d)) break;
            parser.fail("GZIP", `gzip: ${err.message}`);
            finish();
          });
          gz.on("end", () => {
            ended = true;
            if (!scheduled) {
              scheduled = true;
              setImmediate(drain);
            }
          });
          sink = (x) => {
            if (!gz.write(x)) {
              input.pause();
              gz.once("drain", () => input.resume());
            }
          };
          endSink = () => gz.end();
        } else {
          sink = (x) => {
            if (!parser.push(x)) finish();
          };
          endSink = finish;
        }
      }
      sink(c);
    };
    input.on("data", onData);
    input.on("end", () => (endSink ? endSink() : finish()));
    input.on("error", (err: Error) => {
      parser.fail("IO", err.message);
      finish();
    });
  });
}
