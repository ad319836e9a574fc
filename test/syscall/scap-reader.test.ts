// The streaming scap reader: the six sample captures (blocks, metadata and event types as the reference
// lists them), gzip/plain/stream/bytes inputs, arbitrary chunking, v1/v2/EVF/large event blocks,
// concatenated sections, unknown blocks, every process-list version and every fd-list entry kind.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { test } from "node:test";
import { BlockType, type FdEntry, type ThreadEntry } from "../../src/syscall/scap/blocks.js";
import type { ScapEvent } from "../../src/syscall/scap/event.js";
import { EventCode } from "../../src/syscall/scap/event-table.js";
import { readScap, readScapSync, ScapParser } from "../../src/syscall/scap/reader.js";
import * as w from "../../src/syscall/scap/writer.js";
import { sample, sampleBytes, smallCapture } from "./helpers.js";

/** Digest of everything the reader exposes about events, to compare two reads. */
function eventDigest() {
  const h = createHash("sha256");
  let n = 0;
  let done: string | undefined;
  return {
    onEvent(e: ScapEvent) {
      n++;
      h.update(`${e.num} ${e.type} ${e.tid} ${e.ts} ${e.cpu} ${e.flags} ${e.nparams}|`);
      for (let i = 0; i < e.nparams; i++) h.update(e.param(i));
      return undefined;
    },
    get count() {
      return n;
    },
    digest: () => {
      done ??= h.digest("hex");
      return done;
    },
  };
}

const EXPECTED: Record<
  string,
  { blocks: Record<string, number>; meta: number[]; types: Record<number, number> }
> = {
  // Reference §1.9 and §2: blocks, threads/fds/users/groups/interfaces, event type codes.
  cat_write: {
    blocks: { SHB: 1, MI: 1, IL: 1, UL: 1, PL_V6: 1, FDL: 73, EV: 345 },
    meta: [73, 384, 32, 61, 5],
    types: {
      234: 260,
      160: 10,
      161: 10,
      0: 7,
      1: 6,
      4: 6,
      5: 6,
      70: 5,
      71: 5,
      2: 4,
      3: 4,
      158: 3,
      159: 3,
      264: 3,
      265: 3,
      6: 2,
      7: 2,
      164: 2,
      165: 2,
      231: 1,
      186: 1,
    },
  },
  connect_localhost: {
    blocks: { SHB: 1, MI: 1, IL: 1, UL: 1, PL_V7: 1, FDL: 184, EV: 374 },
    meta: [184, 690, 41, 71, 7],
    types: { 234: 366, 18: 3, 19: 3, 22: 1, 23: 1 },
  },
  empty: {
    blocks: { SHB: 1, MI: 1, IL_V2: 1, UL_V2: 1, PL_V9: 1, FDL_V2: 218, EV_V2: 143 },
    meta: [218, 883, 45, 77, 11],
    types: { 234: 143 },
  },
  "open-multiple-files": {
    blocks: { SHB: 1, MI: 1, IL: 1, UL: 1, PL_V6: 1, FDL: 128, EV: 1272 },
    meta: [128, 685, 40, 70, 8],
    types: {
      234: 1183,
      2: 13,
      3: 13,
      70: 13,
      71: 13,
      4: 13,
      5: 13,
      272: 3,
      0: 2,
      1: 1,
      83: 1,
      158: 1,
      159: 1,
      152: 1,
      186: 1,
    },
  },
  ping_sendto: {
    blocks: { SHB: 1, MI: 1, IL_V2: 1, UL_V2: 1, PL_V9: 1, FDL_V2: 136, EV_V2: 1526 },
    meta: [136, 674, 42, 72, 10],
    types: { 234: 1506, 48: 10, 49: 10 },
  },
  syscall: {
    blocks: { SHB: 1, MI: 1, IL: 1, UL: 1, PL_V8: 1, FDL: 229, EV: 368 },
    meta: [229, 773, 41, 71, 7],
    types: { 234: 356, 2: 4, 3: 4, 0: 2, 1: 2 },
  },
};

for (const [name, want] of Object.entries(EXPECTED)) {
  test(`sample ${name}: blocks, metadata and event types`, async () => {
    const blocks: Record<string, number> = {};
    const meta = [0, 0, 0, 0, 0];
    const types: Record<number, number> = {};
    let lastNum = 0;
    let monotonic = true;
    const { blockTypeName } = await import("../../src/syscall/scap/blocks.js");
    const r = await readScap(sample(name), {
      onBlock: (t) => {
        const k = blockTypeName(t);
        blocks[k] = (blocks[k] ?? 0) + 1;
      },
      onThread: () => void meta[0]++,
      onFd: () => void meta[1]++,
      onUser: () => void meta[2]++,
      onGroup: () => void meta[3]++,
      onInterface: () => void meta[4]++,
      onEvent: (e) => {
        types[e.type] = (types[e.type] ?? 0) + 1;
        if (e.num !== lastNum + 1) monotonic = false;
        lastNum = e.num;
        return undefined;
      },
    });
    assert.equal(r.error, undefined);
    assert.equal(r.gzip, true);
    assert.equal(r.sections, 1);
    assert.deepEqual(blocks, want.blocks);
    assert.deepEqual(meta, want.meta);
    assert.deepEqual(types, want.types);
    assert.ok(monotonic, "evt.num counts from 1 without gaps");
  });
}

test("gzip file, plain bytes, gzip bytes, a stream and any chunking give the same events", async () => {
  const raw = sampleBytes("cat_write");
  const a = eventDigest();
  await readScap(sample("cat_write"), a);
  const b = eventDigest();
  await readScap(raw, b);
  const c = eventDigest();
  await readScap(readFileSync(sample("cat_write")), c);
  const d = eventDigest();
  await readScap(createReadStream(sample("cat_write"), { highWaterMark: 1000 }), d);
  assert.equal(a.count, 345);
  for (const x of [b, c, d]) assert.equal(x.digest(), a.digest());
  // Chunk sizes from 1 byte up, including chunk boundaries inside block headers.
  for (const size of [1, 3, 7, 8, 13, 100, 4096]) {
    const e = eventDigest();
    const p = new ScapParser(e);
    for (let o = 0; o < raw.length; o += size) p.push(raw.subarray(o, o + size));
    const r = p.end();
    assert.equal(r.error, undefined, `chunk ${size}`);
    assert.equal(e.digest(), a.digest(), `chunk ${size}`);
  }
});

test("event fields and parameters: ts, tid, cpu, params, clone", () => {
  const kept: ScapEvent[] = [];
  const seen: string[] = [];
  const r = readScapSync(smallCapture(), {
    onEvent(e) {
      seen.push(`${e.num}:${e.type}:${e.isEnter ? ">" : "<"}:${e.nparams}`);
      kept.push(e.clone());
      return undefined;
    },
  });
  assert.equal(r.error, undefined);
  assert.deepEqual(seen, ["1:2:>:3", "2:3:<:5", "3:6:>:2", "4:7:<:2", "5:4:>:1", "6:5:<:1"]);
  const open = kept[1] as ScapEvent;
  assert.equal(open.ts, 1_600_000_000_000_000_002n);
  assert.equal(open.tid, 100);
  assert.equal(open.paramI64(0), 4);
  assert.equal(open.paramString(1), "/etc/passwd");
  assert.equal(open.paramUint(2), 1);
  assert.equal(open.info.name, "open");
  const read = kept[3] as ScapEvent;
  assert.equal(read.param(1).toString(), "root:");
  assert.equal(read.paramLength(1), 5);
});

test("v1 event blocks (no nparams) decode like v2; EVF blocks carry flags", () => {
  const collect = (buf: Buffer) => {
    const out: string[] = [];
    const r = readScapSync(buf, {
      onEvent(e) {
        const ps: string[] = [];
        for (let i = 0; i < e.nparams; i++) ps.push(e.param(i).toString("hex"));
        out.push(`${e.num} ${e.type} ${e.flags} ${ps.join(",")}`);
        return undefined;
      },
    });
    assert.equal(r.error, undefined);
    return out;
  };
  const v2 = collect(smallCapture());
  assert.deepEqual(collect(smallCapture({ v1: true })), v2);
  assert.deepEqual(collect(smallCapture({ evf: true })), v2);
  // STATE_ONLY flag is exposed
  const buf = w.capture([
    w.sectionHeaderBlock(),
    w.eventBlock(
      { ts: 1n, tid: 5, type: EventCode.PPME_SYSCALL_CLOSE_E, params: [w.enc.u64(3)], flags: 1 },
      { v1: true },
    ),
  ]);
  const flags: number[] = [];
  readScapSync(buf, { onEvent: (e) => void flags.push(e.flags) });
  assert.deepEqual(flags, [1]);
});

test("v1 events: the parameter count is the one whose lengths add up, even below the table's count", () => {
  // An old-format open exit with 4 params (before `dev` existed) and an enter event with 0 params.
  const buf = w.capture([
    w.sectionHeaderBlock(0),
    w.eventBlock({ ts: 1n, tid: 5, type: EventCode.PPME_SYSCALL_OPEN_E, params: [] }, { v1: true }),
    w.eventBlock(
      {
        ts: 2n,
        tid: 5,
        type: EventCode.PPME_SYSCALL_OPEN_X,
        params: [w.enc.u64(3), w.enc.str("/x"), w.enc.u32(0), w.enc.u32(0)],
      },
      { v1: true },
    ),
  ]);
  const n: number[] = [];
  const r = readScapSync(buf, { onEvent: (e) => void n.push(e.nparams) });
  assert.equal(r.error, undefined);
  assert.deepEqual(n, [0, 4]);
});

test("large-payload events: u32 lengths and _LARGE blocks beyond 64 KiB", () => {
  const big = Buffer.alloc(100_000, 0x61);
  const buf = w.capture([
    w.sectionHeaderBlock(),
    w.eventBlock(
      { ts: 1n, tid: 1, type: EventCode.PPME_PLUGINEVENT_E, params: [w.enc.u32(7), big] },
      { large: true },
    ),
    w.eventBlock({
      ts: 2n,
      tid: 1,
      type: EventCode.PPME_CONTAINER_JSON_2_E,
      params: [w.enc.str('{"container":{}}')],
    }),
  ]);
  const got: string[] = [];
  const r = readScapSync(buf, {
    onEvent(e) {
      got.push(`${e.type} ${e.lenSize} ${e.paramLength(e.nparams - 1)}`);
      return undefined;
    },
  });
  assert.equal(r.error, undefined);
  assert.deepEqual(got, [
    `${EventCode.PPME_PLUGINEVENT_E} 4 100000`,
    `${EventCode.PPME_CONTAINER_JSON_2_E} 4 17`,
  ]);
  // The same event in a non-large block is refused (block limit 64 KiB, as libs).
  const bad = w.capture([
    w.sectionHeaderBlock(),
    w.eventBlock({ ts: 1n, tid: 1, type: EventCode.PPME_PLUGINEVENT_E, params: [w.enc.u32(7), big] }),
  ]);
  const r2 = readScapSync(bad, {});
  assert.equal(r2.error?.code, "BAD_BLOCK");
});

test("concatenated sections: evt.num keeps counting, metadata of each section is delivered", () => {
  const one = smallCapture();
  const nums: number[] = [];
  let threads = 0;
  const sections: number[] = [];
  const r = readScapSync(Buffer.concat([one, one]), {
    onSection: (_h, off) => void sections.push(off),
    onThread: () => void threads++,
    onEvent: (e) => void nums.push(e.num),
  });
  assert.equal(r.error, undefined);
  assert.equal(r.sections, 2);
  assert.deepEqual(sections, [0, one.length]);
  assert.equal(threads, 4);
  assert.deepEqual(nums, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test("unknown blocks are skipped, in the metadata phase and between events", () => {
  const base = smallCapture();
  const unknown = w.encodeBlock(0x999, Buffer.from("future block"));
  // after SHB+MI, and again at the end between events
  const shb = w.sectionHeaderBlock();
  const rest = base.subarray(shb.length);
  const buf = Buffer.concat([
    shb,
    unknown,
    rest,
    unknown,
    w.eventBlock({ ts: 9n, tid: 1, type: 4, params: [w.enc.u64(1)] }),
  ]);
  const types: number[] = [];
  const r = readScapSync(buf, { onBlock: (t) => void types.push(t), onEvent: () => undefined });
  assert.equal(r.error, undefined);
  assert.equal(r.events, 7);
  assert.equal(types.filter((t) => t === 0x999).length, 2);
});

test("events with a type beyond the table are skipped without taking an evt.num", () => {
  const buf = w.capture([
    w.sectionHeaderBlock(),
    w.eventBlock({ ts: 1n, tid: 1, type: 4, params: [w.enc.u64(1)] }),
    w.eventBlock({ ts: 2n, tid: 1, type: 60000, params: [w.enc.u64(1)] }),
    w.eventBlock({ ts: 3n, tid: 1, type: 5, params: [w.enc.u64(0)] }),
  ]);
  const got: string[] = [];
  const r = readScapSync(buf, { onEvent: (e) => void got.push(`${e.num}:${e.type}`) });
  assert.deepEqual(got, ["1:4", "2:5"]);
  assert.equal(r.skippedEvents, 1);
});

test("a handler can stop the read", () => {
  let n = 0;
  const r = readScapSync(smallCapture(), { onEvent: () => ++n < 2 });
  assert.equal(n, 2);
  assert.equal(r.stopped, true);
  assert.equal(r.error, undefined);
});

const fullThread: Partial<ThreadEntry> = {
  tid: 42,
  pid: 40,
  ptid: 1,
  sid: 7,
  vpgid: 8,
  comm: "nginx",
  exe: "nginx: worker",
  exepath: "/usr/sbin/nginx",
  args: ["-g", "daemon off;"],
  cwd: "/srv/",
  fdlimit: 65536,
  flags: 0x2000,
  uid: 33,
  gid: 34,
  vmsizeKb: 1000,
  vmrssKb: 500,
  vmswapKb: 1,
  pfmajor: 2,
  pfminor: 3,
  env: ["A=1", "B=2"],
  vtid: 4,
  vpid: 5,
  cgroups: ["cpu=/docker/abc", "memory=/docker/abc"],
  root: "/chroot",
  loginuid: 1000,
  exeWritable: true,
};

test("process lists of every version 1..9 keep the fields that version has", () => {
  for (let v = 1; v <= 9; v++) {
    const got: ThreadEntry[] = [];
    const r = readScapSync(
      w.capture([
        w.sectionHeaderBlock(),
        w.processListBlock([fullThread, { tid: 9, comm: "x" }], v),
        w.eventBlock({ ts: 1n, tid: 1, type: 4, params: [w.enc.u64(1)] }),
      ]),
      { onThread: (t) => void got.push(t) },
    );
    assert.equal(r.error, undefined, `v${v}`);
    assert.equal(got.length, 2, `v${v}`);
    const t = got[0] as ThreadEntry;
    assert.deepEqual(
      [t.tid, t.pid, t.ptid, t.comm, t.exe, t.cwd, t.fdlimit, t.uid, t.gid],
      [42, 40, 1, "nginx", "nginx: worker", "/srv/", 65536, 33, 34],
    );
    assert.deepEqual(t.args, ["-g", "daemon off;"]);
    assert.equal(t.vmsizeKb, v >= 2 ? 1000 : 0, `v${v} vmsize`);
    assert.equal(t.pfminor, v >= 2 ? 3 : 0);
    assert.deepEqual(t.env, v >= 3 ? ["A=1", "B=2"] : []);
    assert.equal(t.vpid, v >= 4 ? 5 : -1);
    assert.deepEqual(t.cgroups, v >= 4 ? ["cpu=/docker/abc", "memory=/docker/abc"] : []);
    assert.equal(t.root, v >= 5 ? "/chroot" : "");
    assert.equal(t.sid, v >= 6 ? 7 : -1);
    assert.equal(t.exepath, v >= 7 ? "/usr/sbin/nginx" : "");
    assert.equal(t.vpgid, v >= 8 ? 8 : -1);
    assert.equal(t.loginuid, v >= 9 ? 1000 : 0xffffffff);
    assert.equal(t.exeWritable, v >= 9);
    assert.equal((got[1] as ThreadEntry).comm, "x");
  }
});

test("PL_V9 entries in the libs >= 0.10 layout (pidns_init_start_ts and tty before loginuid)", () => {
  const b = new w.Bytes();
  b.u32(0)
    .u64(7)
    .u64(7)
    .u64(1)
    .u64(7)
    .u64(7)
    .str("sh")
    .str("/bin/sh")
    .str("/bin/sh")
    .list([])
    .str("/")
    .u64(1024);
  b.u32(0).u32(0).u32(0).u32(0).u32(0).u32(0).u64(0).u64(0).list([]).u64(7).u64(7).list([]).str("/");
  b.u64(123456789n)
    .u32(34816)
    .u32(1000)
    .u8(1)
    .u64(1n)
    .u64(2n)
    .u64(3n)
    .u8(1)
    .u64(99)
    .u64(5n)
    .u64(6n)
    .u8(1)
    .u8(0)
    .u64(77);
  b.patchU32(0, b.length);
  const got: ThreadEntry[] = [];
  const r = readScapSync(
    w.capture([
      w.sectionHeaderBlock(),
      w.encodeBlock(BlockType.PL_V9, b.toBuffer()),
      w.eventBlock({ ts: 1n, tid: 1, type: 4, params: [w.enc.u64(1)] }),
    ]),
    { onThread: (t) => void got.push(t) },
  );
  assert.equal(r.error, undefined);
  const t = got[0] as ThreadEntry;
  assert.deepEqual(
    [t.pidnsInitStartTs, t.tty, t.loginuid, t.exeWritable, t.capInheritable, t.capPermitted, t.capEffective],
    [123456789n, 34816, 1000, true, 1n, 2n, 3n],
  );
  assert.deepEqual(
    [t.exeUpperLayer, t.exeIno, t.exeInoCtime, t.exeInoMtime, t.exeFromMemfd, t.exeLowerLayer, t.pgid],
    [true, 99, 5n, 6n, true, false, 77],
  );
});

test("fd lists: files, sockets of every family, unix sockets, unknown types", () => {
  const six = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const fds: FdEntry[] = [
    { fd: 3, ino: 10, type: 16, name: "/var/log/x", openFlags: 0x441, dev: 0x803 },
    {
      fd: 4,
      ino: 11,
      type: 3,
      name: "",
      sip: 0x0100007f,
      dip: 0x0200007f,
      sport: 5000,
      dport: 80,
      l4proto: 2,
    },
    { fd: 5, ino: 12, type: 5, name: "", sip: 0, sport: 22, l4proto: 2 },
    { fd: 6, ino: 13, type: 4, name: "", sip: six, dip: six, sport: 1, dport: 2, l4proto: 3 },
    { fd: 7, ino: 14, type: 6, name: "", sip: six, sport: 53, l4proto: 3 },
    { fd: 8, ino: 15, type: 8, name: "/run/sock", source: 0xffff0001n, dest: 0xffff0002n },
    { fd: 9, ino: 16, type: 2, name: "/home" },
    { fd: 10, ino: 17, type: 42, name: "" },
  ];
  const got: [number, FdEntry][] = [];
  const r = readScapSync(
    w.capture([
      w.sectionHeaderBlock(),
      w.fdListBlock(77, fds),
      w.eventBlock({ ts: 1n, tid: 1, type: 4, params: [w.enc.u64(1)] }),
    ]),
    { onFd: (tid, f) => void got.push([tid, f]) },
  );
  assert.equal(r.error, undefined);
  assert.equal(got.length, 8);
  assert.ok(got.every(([tid]) => tid === 77));
  const f = got.map(([, x]) => x);
  assert.deepEqual(f[0], fds[0]);
  assert.deepEqual(f[1], fds[1]);
  assert.deepEqual(f[2], fds[2]);
  assert.deepEqual(f[3], fds[3]);
  assert.deepEqual(f[4], fds[4]);
  assert.deepEqual(f[5], fds[5]);
  assert.deepEqual(f[6], fds[6]);
  // libs turns unknown fd types into UNSUPPORTED with a made-up name
  assert.deepEqual([f[7]?.type, f[7]?.name], [10, "unknown-type:[42]"]);
});

test("machine info, interfaces, users and groups of a sample", async () => {
  const users: string[] = [];
  const groups: string[] = [];
  const ifaces: string[] = [];
  let host = "";
  await readScap(sample("cat_write"), {
    onMachineInfo: (m) => {
      host = `${m.hostname}/${m.numCpus}`;
    },
    onUser: (u) => void users.push(`${u.uid}:${u.name}:${u.homedir}:${u.shell}`),
    onGroup: (g) => void groups.push(`${g.gid}:${g.name}`),
    onInterface: (i) => void ifaces.push(`${i.name}/${i.type}`),
  });
  assert.match(host, /^.+\/\d+$/);
  assert.ok(users.includes("0:root:/root:/bin/bash"), users.slice(0, 3).join(" "));
  assert.ok(groups.includes("0:root"));
  assert.ok(ifaces.some((i) => i.startsWith("lo/")));
});
