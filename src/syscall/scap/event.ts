// The decoded scap event: a reusable view over the reader's buffer (one object per reader, refilled for
// every event, so reading allocates nothing per event). Parameters are located lazily on first access.
import { readI64, readU16, readU32, readU64Big } from "./bytes.js";
import { EVENT_TABLE } from "./event-table.js";
import type { EventInfo } from "./event-types.js";

const EMPTY = Buffer.alloc(0);
const NO_OFFS = new Int32Array(0);

/**
 * One event as read from a capture. The reader hands out the same object for every event: its fields
 * and `buf` are valid only during the callback. Keep an event with `clone()`.
 */
export class ScapEvent {
  /** `evt.num`: 1-based position among all events read, across concatenated sections. */
  num = 0;
  /** Event type code (index into the event table). */
  type = 0;
  /** Thread id (u64 on disk; exact as a number below 2^53, and -1 stays -1). */
  tid = 0;
  /** CPU the event was captured on. */
  cpu = 0;
  /** EVF block flags (`SCAP_DF_*`: 1 = STATE_ONLY), 0 for EV blocks. */
  flags = 0;
  /** Number of parameters in this event (may be fewer than the table lists). */
  nparams = 0;
  /** Low and high 32 bits of the timestamp (ns since epoch); `ts` combines them. */
  tsLo = 0;
  tsHi = 0;
  /** The buffer holding the event and the offset of its header. */
  buf: Buffer = EMPTY;
  offset = 0;
  /** Offset of the parameter length array and width of each length (2, or 4 for large-payload types). */
  lensOffset = 0;
  lenSize = 2;
  /** Offset of the first parameter's data. */
  dataOffset = 0;
  /** Offset of the block holding this event in the decompressed stream. */
  fileOffset = 0;

  /** Parameter offsets, valid when `offsFor === num` (the reader fills them while it validates). */
  offs: Int32Array = NO_OFFS;
  offsFor = -1;

  /** Timestamp in nanoseconds since the epoch. */
  get ts(): bigint {
    return (BigInt(this.tsHi) << 32n) | BigInt(this.tsLo);
  }

  /** Timestamp in nanoseconds as a double (rounded above 2^53, fine for durations and ordering). */
  get tsNumber(): number {
    return this.tsHi * 0x100000000 + this.tsLo;
  }

  /** The event table entry for this event's type. */
  get info(): EventInfo {
    return EVENT_TABLE[this.type] as EventInfo;
  }

  /** Enter (`>`) or exit (`<`) direction: even codes are enter events. */
  get isEnter(): boolean {
    return (this.type & 1) === 0;
  }

  /** Length in bytes of parameter `i` (0 means absent). */
  paramLength(i: number): number {
    const o = this.lensOffset + i * this.lenSize;
    return this.lenSize === 2 ? readU16(this.buf, o) : readU32(this.buf, o);
  }

  /** Offset in `buf` of parameter `i`'s data. */
  paramOffset(i: number): number {
    if (this.offsFor !== this.num || this.num === 0) this.#locate();
    return this.offs[i] as number;
  }

  /** Parameter `i` as a view on the reader's buffer (valid during the callback only). */
  param(i: number): Buffer {
    const o = this.paramOffset(i);
    return this.buf.subarray(o, o + this.paramLength(i));
  }

  /** Parameter `i` read as a signed 64-bit number (FD, PID, ERRNO, INT64), or undefined if absent or short. */
  paramI64(i: number): number | undefined {
    if (i >= this.nparams || this.paramLength(i) < 8) return undefined;
    return readI64(this.buf, this.paramOffset(i));
  }

  /** Parameter `i` read as an unsigned 64-bit bigint, or undefined if absent or short. */
  paramU64Big(i: number): bigint | undefined {
    if (i >= this.nparams || this.paramLength(i) < 8) return undefined;
    return readU64Big(this.buf, this.paramOffset(i));
  }

  /** Parameter `i` as an unsigned integer of its stored width (1, 2 or 4 bytes), or undefined. */
  paramUint(i: number): number | undefined {
    if (i >= this.nparams) return undefined;
    const n = this.paramLength(i);
    const o = this.paramOffset(i);
    if (n === 1) return this.buf[o] as number;
    if (n === 2) return readU16(this.buf, o);
    if (n === 4) return readU32(this.buf, o);
    if (n === 8) return readI64(this.buf, o);
    return undefined;
  }

  /** Parameter `i` as a string up to its first NUL (CHARBUF, FSPATH), or undefined if absent. */
  paramString(i: number): string | undefined {
    if (i >= this.nparams) return undefined;
    const n = this.paramLength(i);
    if (n === 0) return undefined;
    const o = this.paramOffset(i);
    let e = o;
    const end = o + n;
    while (e < end && this.buf[e] !== 0) e++;
    return this.buf.toString("utf8", o, e);
  }

  /** A detached copy that owns its bytes and stays valid after the callback. */
  clone(): ScapEvent {
    const c = new ScapEvent();
    const end = this.#end();
    c.buf = Buffer.from(this.buf.subarray(this.offset, end));
    c.offset = 0;
    c.lensOffset = this.lensOffset - this.offset;
    c.dataOffset = this.dataOffset - this.offset;
    c.lenSize = this.lenSize;
    c.num = this.num;
    c.type = this.type;
    c.tid = this.tid;
    c.cpu = this.cpu;
    c.flags = this.flags;
    c.nparams = this.nparams;
    c.tsLo = this.tsLo;
    c.tsHi = this.tsHi;
    c.fileOffset = this.fileOffset;
    return c;
  }

  /**
   * Copies this event into `dst`, reusing `dst`'s buffer when it is large enough (the state engine keeps
   * one stored enter event per thread this way), and returns `dst`.
   */
  copyInto(dst: ScapEvent): ScapEvent {
    const end = this.#end();
    const n = end - this.offset;
    if (dst.buf.length < n || dst.buf === this.buf) dst.buf = Buffer.allocUnsafe(Math.max(n, 64));
    this.buf.copy(dst.buf, 0, this.offset, end);
    dst.offset = 0;
    dst.lensOffset = this.lensOffset - this.offset;
    dst.dataOffset = this.dataOffset - this.offset;
    dst.lenSize = this.lenSize;
    dst.num = this.num;
    dst.type = this.type;
    dst.tid = this.tid;
    dst.cpu = this.cpu;
    dst.flags = this.flags;
    dst.nparams = this.nparams;
    dst.tsLo = this.tsLo;
    dst.tsHi = this.tsHi;
    dst.fileOffset = this.fileOffset;
    dst.offsFor = -1;
    return dst;
  }

  #end(): number {
    let o = this.dataOffset;
    for (let i = 0; i < this.nparams; i++) o += this.paramLength(i);
    return o;
  }

  #locate(): void {
    if (this.offs.length < this.nparams)
      this.offs = new Int32Array(Math.max(this.nparams, this.offs.length * 2));
    const offs = this.offs;
    let o = this.dataOffset;
    const b = this.buf;
    let l = this.lensOffset;
    if (this.lenSize === 2) {
      for (let i = 0; i < this.nparams; i++, l += 2) {
        offs[i] = o;
        o += (b[l] as number) | ((b[l + 1] as number) << 8);
      }
    } else {
      for (let i = 0; i < this.nparams; i++, l += 4) {
        offs[i] = o;
        o += readU32(b, l);
      }
    }
    this.offsFor = this.num;
  }
}
