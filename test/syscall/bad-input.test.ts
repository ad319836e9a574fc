// Damaged captures, generated here: empty files, non-scap files, truncation at every offset (plain and
// gzip), bit flips, and a fuzz run of mutated captures. The reader must always return an error value
// with an offset (never throw, never hang), after delivering every event that precedes the damage.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { BlockType } from "../../src/syscall/scap/blocks.js";
import type { ScapEvent } from "../../src/syscall/scap/event.js";
import { renderArgs } from "../../src/syscall/scap/params.js";
import { readScap, readScapSync, type ScapReadResult } from "../../src/syscall/scap/reader.js";
import * as w from "../../src/syscall/scap/writer.js";
import { sample, sampleBytes, smallCapture } from "./helpers.js";

const CODES = new Set([
  "EMPTY",
  "NOT_SCAP",
  "BYTE_SWAPPED",
  "UNSUPPORTED_VERSION",
  "TRUNCATED",
  "BAD_BLOCK",
  "BAD_EVENT",
  "BAD_METADATA",
  "GZIP",
  "NO_EVENTS",
]);

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Events of a read as `num:type:offset-of-block` strings, plus the result. */
function read(buf: Uint8Array, render = false): { events: string[]; r: ScapReadResult } {
  const events: string[] = [];
  const r = readScapSync(buf, {
    onEvent(e: ScapEvent) {
      events.push(`${e.num}:${e.type}:${e.fileOffset}`);
      if (render) renderArgs(e);
      return undefined;
    },
  });
  return { events, r };
}

/** Block boundaries (start offsets) of a well-formed plain capture, and the end. */
function boundaries(buf: Buffer): number[] {
  const out: number[] = [];
  let o = 0;
  while (o < buf.length) {
    out.push(o);
    o += buf.readUInt32LE(o + 4);
  }
  out.push(o);
  return out;
}

test("zero-length input, file and gzip: EMPTY at offset 0", async () => {
  const a = read(Buffer.alloc(0)).r;
  assert.deepEqual([a.error?.code, a.error?.offset, a.events], ["EMPTY", 0, 0]);
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-bad-"));
  try {
    const empty = path.join(dir, "empty.scap");
    writeFileSync(empty, "");
    assert.equal((await readScap(empty, {})).error?.code, "EMPTY");
    const emptyGz = path.join(dir, "empty.scap.gz");
    writeFileSync(emptyGz, gzipSync(Buffer.alloc(0)));
    const g = await readScap(emptyGz, {});
    assert.deepEqual([g.error?.code, g.gzip], ["EMPTY", true]);
    const missing = await readScap(path.join(dir, "nope.scap"), {});
    assert.equal(missing.error?.code, "IO");
    assert.match(missing.error?.message ?? "", /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("not a capture, a byte-swapped capture, a newer major version", () => {
  const text = read(Buffer.from("hello, this is not a capture at all\n")).r;
  assert.deepEqual([text.error?.code, text.error?.offset], ["NOT_SCAP", 0]);
  assert.match(text.error?.message ?? "", /not a scap capture/);
  const shb = w.sectionHeaderBlock();
  const swapped = Buffer.from(shb);
  swapped.writeUInt32BE(0x1a2b3c4d, 8);
  assert.equal(
    read(Buffer.concat([swapped, smallCapture().subarray(shb.length)])).r.error?.code,
    "BYTE_SWAPPED",
  );
  const v2 = Buffer.from(shb);
  v2.writeUInt16LE(2, 12);
  assert.equal(read(v2).r.error?.code, "UNSUPPORTED_VERSION");
  const onlyMeta = read(Buffer.concat([shb, w.machineInfoBlock()])).r;
  assert.deepEqual(
    [onlyMeta.error?.code, onlyMeta.error?.message.startsWith("no events in file")],
    ["NO_EVENTS", true],
  );
});

test("truncation at every offset of a small capture: events before the cut, then TRUNCATED", () => {
  const full = smallCapture();
  const whole = read(full).events;
  const ends = boundaries(full);
  for (let cut = 1; cut < full.length; cut++) {
    const { events, r } = read(full.subarray(0, cut));
    const atBoundary = ends.includes(cut);
    const complete = whole.filter((e) => {
      const off = Number(e.split(":")[2]);
      const end = ends[ends.indexOf(off) + 1] as number;
      return end <= cut;
    });
    assert.deepEqual(events, complete, `cut ${cut}`);
    if (atBoundary) {
      // a capture cut between blocks is well-formed; without events it is NO_EVENTS
      assert.ok(r.error === undefined || r.error.code === "NO_EVENTS", `cut ${cut}: ${r.error?.code}`);
    } else {
      assert.equal(r.error?.code, "TRUNCATED", `cut ${cut}`);
      const start = Math.max(...ends.filter((b) => b < cut));
      assert.equal(r.error?.offset, start, `cut ${cut}`);
      assert.match(r.error?.message ?? "", /decompressed stream/);
    }
  }
});

test("truncation of a real capture at 400 offsets, plain and gzip", async () => {
  const raw = sampleBytes("open-multiple-files");
  const whole = read(raw).events;
  const gz = readFileSync(sample("open-multiple-files"));
  const pick = rng(7);
  for (let i = 0; i < 200; i++) {
    const cut = 1 + Math.floor(pick() * (raw.length - 1));
    const { events, r } = read(raw.subarray(0, cut));
    assert.deepEqual(events, whole.slice(0, events.length));
    assert.ok(r.error === undefined || CODES.has(r.error.code));
  }
  for (let i = 0; i < 200; i++) {
    const cut = 1 + Math.floor(pick() * (gz.length - 1));
    const events: string[] = [];
    const r = await readScap(gz.subarray(0, cut), {
      onEvent: (e) => void events.push(`${e.num}:${e.type}:${e.fileOffset}`),
    });
    assert.deepEqual(events, whole.slice(0, events.length), `gz cut ${cut}`);
    assert.ok(
      r.error !== undefined && (r.error.code === "GZIP" || r.error.code === "TRUNCATED"),
      `gz cut ${cut}: ${r.error?.code}`,
    );
    assert.ok(r.error.offset <= raw.length);
  }
});

test("bit flips in a real capture: an error or a clean read, and every event before the damaged block intact", () => {
  const raw = sampleBytes("cat_write");
  const whole = read(raw).events;
  const ends = boundaries(raw);
  const pick = rng(11);
  let errors = 0;
  for (let i = 0; i < 800; i++) {
    const pos = Math.floor(pick() * raw.length);
    const bad = Buffer.from(raw);
    bad[pos] = (bad[pos] as number) ^ (1 << Math.floor(pick() * 8));
    const { events, r } = read(bad, true);
    const blockStart = Math.max(...ends.filter((b) => b <= pos));
    const before = whole.filter((e) => Number(e.split(":")[2]) < blockStart);
    assert.deepEqual(events.slice(0, before.length), before, `flip at ${pos}`);
    if (r.error) {
      errors++;
      assert.ok(CODES.has(r.error.code), r.error.code);
      assert.ok(
        r.error.offset >= blockStart || r.error.code === "NOT_SCAP",
        `flip at ${pos}: error at ${r.error.offset}`,
      );
    }
  }
  // Flips in lengths, types, trailers and headers are caught; flips in data are not errors.
  assert.ok(errors > 20, `${errors} errors`);
});

/** One random mutation of `buf`. */
function mutate(buf: Buffer, pick: () => number): Buffer {
  const n = buf.length;
  const at = () => Math.floor(pick() * n);
  const b = Buffer.from(buf);
  switch (Math.floor(pick() * 8)) {
    case 0: // flip bits
      for (let k = 1 + Math.floor(pick() * 4); k > 0; k--) {
        const p = at();
        b[p] = (b[p] as number) ^ (1 << Math.floor(pick() * 8));
      }
      return b;
    case 1: // random bytes
      for (let k = 1 + Math.floor(pick() * 8); k > 0; k--) b[at()] = Math.floor(pick() * 256);
      return b;
    case 2: {
      // extreme u32 somewhere aligned (lengths, counts, types)
      const p = Math.min(at() & ~3, n - 4);
      if (p >= 0)
        b.writeUInt32LE(
          [0, 1, 0xffff, 0x10000, 0xffffffff, 0x7fffffff, 12, 26][Math.floor(pick() * 8)] as number,
          p,
        );
      return b;
    }
    case 3: // truncate
      return b.subarray(0, at());
    case 4: {
      // delete a range
      const s = at();
      return Buffer.concat([b.subarray(0, s), b.subarray(Math.min(n, s + 1 + Math.floor(pick() * 64)))]);
    }
    case 5: {
      // duplicate a range
      const s = at();
      const e = Math.min(n, s + 1 + Math.floor(pick() * 256));
      return Buffer.concat([b.subarray(0, e), b.subarray(s, e), b.subarray(e)]);
    }
    case 6: {
      // insert random bytes
      const s = at();
      const junk = Buffer.from(
        Array.from({ length: 1 + Math.floor(pick() * 32) }, () => Math.floor(pick() * 256)),
      );
      return Buffer.concat([b.subarray(0, s), junk, b.subarray(s)]);
    }
    default: {
      // set a u16 to an extreme (param lengths, event types, string lengths)
      const p = Math.min(at(), n - 2);
      if (p >= 0)
        b.writeUInt16LE([0, 0xffff, 0x8000, 453, 454, 1024, 4097][Math.floor(pick() * 7)] as number, p);
      return b;
    }
  }
}

test("fuzz: 12,000 mutated captures end with a result, within a time budget each", async () => {
  const v2 = smallCapture();
  const v1 = smallCapture({ v1: true, evf: false });
  const real = sampleBytes("ping_sendto").subarray(0, 60_000);
  // a valid prefix of a real capture, cut at a block boundary
  let cutAt = 0;
  for (const b of boundaries(sampleBytes("ping_sendto"))) if (b <= 60_000) cutAt = b;
  const seeds = [v2, v1, Buffer.from(real.subarray(0, cutAt))];
  const pick = rng(1234);
  const counts: Record<string, number> = {};
  let slowest = 0;
  const BUDGET_MS = 250;
  for (let i = 0; i < 12_000; i++) {
    const base = seeds[i % seeds.length] as Buffer;
    let m = mutate(base, pick);
    if (pick() < 0.3) m = mutate(m, pick);
    const t0 = performance.now();
    const { r } = read(m, true);
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < BUDGET_MS, `case ${i} took ${ms.toFixed(1)} ms`);
    const code = r.error?.code ?? "ok";
    assert.ok(code === "ok" || CODES.has(code), code);
    if (r.error)
      assert.ok(r.error.offset >= 0 && r.error.offset <= m.length, `case ${i}: offset ${r.error.offset}`);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  // gzip input through the async path
  for (let i = 0; i < 300; i++) {
    const gz = gzipSync(seeds[i % 2] as Buffer);
    const m = mutate(gz, pick);
    const r = await readScap(m, {});
    const code = r.error?.code ?? "ok";
    assert.ok(code === "ok" || CODES.has(code), code);
  }
  // Every kind of damage was seen.
  for (const c of ["ok", "TRUNCATED", "BAD_BLOCK", "BAD_EVENT", "BAD_METADATA"])
    assert.ok((counts[c] ?? 0) > 0, `${c}: ${JSON.stringify(counts)}`);
  void slowest;
  void BlockType;
});
