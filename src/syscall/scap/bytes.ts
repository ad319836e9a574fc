// Little-endian integer reads on Buffers without bounds checks or allocations (callers check bounds).
// 64-bit values come back as numbers, exact below 2^53, which covers tids, fds, sizes and inodes;
// use readU64Big where the full range matters (timestamps, capability sets).

/** u16 at `o`. */
export function readU16(b: Uint8Array, o: number): number {
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}

/** u32 at `o`. */
export function readU32(b: Uint8Array, o: number): number {
  return (
    ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) +
    (b[o + 3] as number) * 0x1000000
  );
}

/** i32 at `o`. */
export function readI32(b: Uint8Array, o: number): number {
  return (
    (b[o] as number) |
    ((b[o + 1] as number) << 8) |
    ((b[o + 2] as number) << 16) |
    ((b[o + 3] as number) << 24)
  );
}

/** i64 at `o` as a number: exact for |v| < 2^53 (so -1 and -100 stay exact). */
export function readI64(b: Uint8Array, o: number): number {
  return readI32(b, o + 4) * 0x100000000 + readU32(b, o);
}

/** u64 at `o` as a number: exact below 2^53. */
export function readU64(b: Uint8Array, o: number): number {
  return readU32(b, o + 4) * 0x100000000 + readU32(b, o);
}

/** u64 at `o` as a bigint. */
export function readU64Big(b: Uint8Array, o: number): bigint {
  return (BigInt(readU32(b, o + 4)) << 32n) | BigInt(readU32(b, o));
}

/** i64 at `o` as a bigint. */
export function readI64Big(b: Uint8Array, o: number): bigint {
  return (BigInt(readI32(b, o + 4)) << 32n) | BigInt(readU32(b, o));
}
