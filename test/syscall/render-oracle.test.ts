// evt.args against sysdig 0.29.3: a synthetic capture holds three events of every event type sysdig knows
// (codes 0..335), each parameter filled with values picked to hit the rendering corners of its type
// (signedness, hex/octal, flag tables, errno and signal names, socket families, IPv6 text, long and
// binary buffers, relative paths, dyn parameters). sysdig prints `evt.args` for each; Lanner's
// renderArgs must print the same, byte for byte. Every event runs in its own thread, so the only state
// involved is sysdig's placeholder thread (cwd unknown, no fds) and the capture's user list.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { ScapEvent } from "../../src/syscall/scap/event.js";
import { EVENT_TABLE } from "../../src/syscall/scap/event-table.js";
import { EC, EF, type EventInfo, type ParamInfo, PT } from "../../src/syscall/scap/event-types.js";
import { isInternalEventType } from "../../src/syscall/scap/info.js";
import { EMPTY_CONTEXT, type RenderContext, renderArgs } from "../../src/syscall/scap/params.js";
import { readScapSync } from "../../src/syscall/scap/reader.js";
import * as w from "../../src/syscall/scap/writer.js";
import { HAVE_SYSDIG, sysdig } from "./helpers.js";

const OLD_MAX = 336;
const CLONES = new Set(["clone", "fork", "vfork", "clone3"]);
const SOCKET_IO = new Set([
  "sendto",
  "sendmsg",
  "recvfrom",
  "recvmsg",
  "send",
  "recv",
  "connect",
  "accept",
  "bind",
]);
const VARIANTS = 3;

/** Event types left out, and why. */
const SKIP: Record<number, string> = {};
for (const e of EVENT_TABLE.slice(0, OLD_MAX)) {
  if (e.flags & EF.UNUSED) SKIP[e.code] = "unused slot";
  else if (e.params.some((p) => p.type === PT.CHARBUFARRAY || p.type === PT.CHARBUF_PAIR_ARRAY))
    SKIP[e.code] = "in-memory pointer parameters (never in files)";
  else if (e.name === "k8s" || e.name === "mesos")
    SKIP[e.code] =
      "internal event whose JSON sysdig parses, aborting the capture when it is not k8s/mesos state";
  else if (e.code === 0 || e.code === 1)
    SKIP[e.code] = "generic events print empty args (tested in unit tests)";
}

function u64(v: bigint): Uint8Array {
  return w.enc.u64(v);
}

function ipv6(words: number[]): Uint8Array {
  const b = Buffer.alloc(16);
  for (const [i, x] of words.entries()) b.writeUInt16BE(x, 2 * i);
  return b;
}

/** The bytes of parameter `p` in variant `k`. */
function value(p: ParamInfo, k: number, code: number): Uint8Array {
  const flags = p.flags ?? [];
  const fv = (i: number) => (flags.length ? (flags[i % flags.length] as readonly [string, number])[1] : 0);
  switch (p.type) {
    case PT.INT8:
      return w.enc.u8([-5, 127, 0][k] as number);
    case PT.INT16:
      return w.enc.u16([-300, 32767, 0][k] as number);
    case PT.INT32:
      return w.enc.u32([-70000, 2147483647, 0][k] as number);
    case PT.INT64:
      return u64([-5n, 1n << 62n, 0n][k] as bigint);
    case PT.UINT8:
      return w.enc.u8([200, 1, 0][k] as number);
    case PT.UINT16:
      return w.enc.u16([65000, 1, 0][k] as number);
    case PT.UINT32:
      return w.enc.u32([0xfffffff0, 1, 0o644][k] as number);
    case PT.UINT64:
      return u64([0xfffffffffffffffen, 0x7fad48782000n, 0n][k] as bigint);
    case PT.ERRNO:
      return u64([-2n, 5n, -115n][k] as bigint);
    case PT.FD:
      return u64([17n, -2n, -100n][k] as bigint);
    case PT.PID:
      return u64([99999n, -1n, 0n][k] as bigint);
    case PT.CHARBUF:
      return w.enc.str(["hello", "", "x=y z"][k] as string);
    case PT.FSPATH:
    case PT.FSRELPATH:
      return w.enc.str(["/etc/passwd", "rel/./a/../b", "<NA>"][k] as string);
    case PT.BYTEBUF:
      return [
        Buffer.from("abc\0\x01\x7fdef\xff", "latin1"),
        Buffer.from("0123456789".repeat(10 + (code % 3))),
        Buffer.alloc(0),
      ][k] as Uint8Array;
    case PT.SOCKADDR:
      return [
        w.enc.sockaddr4("10.1.2.3", 8080),
        w.enc.sockaddrUnix("/run/x.sock"),
        Buffer.concat([Buffer.from([10]), ipv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), w.enc.u16(443)]),
      ][k] as Uint8Array;
    case PT.SOCKTUPLE:
      return [
        w.enc.tuple4("127.0.0.1", 40000, "192.168.0.1", 53),
        Buffer.concat([
          Buffer.from([10]),
          ipv6([0xfe80, 0, 0, 0, 0x1, 0, 0, 0x2]),
          w.enc.u16(1),
          ipv6([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]),
          w.enc.u16(2),
        ]),
        Buffer.concat([
          Buffer.from([1]),
          u64(0xffff9a0011223344n),
          u64(0xffff9a0055667788n),
          w.enc.str("@/tmp/.X11"),
        ]),
      ][k] as Uint8Array;
    case PT.FDLIST:
      return [
        Buffer.concat([w.enc.u16(2), u64(3n), w.enc.u16(1), u64(4n), w.enc.u16(0x41)]),
        w.enc.u16(0),
        Buffer.concat([w.enc.u16(1), u64(7n), w.enc.u16(0xffff)]),
      ][k] as Uint8Array;
    case PT.SYSCALLID:
      return w.enc.u16([75, 0, 298][k] as number);
    case PT.SIGTYPE:
      return w.enc.u8([9, 0, 64][k] as number);
    case PT.RELTIME:
      return u64([1500000000n, 0xffffffffffffffffn, 1n][k] as bigint);
    case PT.FLAGS8:
      return w.enc.u8([(fv(0) | fv(1)) & 0xff, 0, fv(2) & 0xff][k] as number);
    case PT.FLAGS16:
      return w.enc.u16([(fv(0) | fv(1)) & 0xffff, 0, fv(2) & 0xffff][k] as number);
    case PT.FLAGS32:
      return w.enc.u32([(fv(0) | fv(1)) >>> 0, 0, fv(2)][k] as number);
    case PT.UID:
    case PT.GID:
      return w.enc.u32([0, 1234, 0xffffffff][k] as number);
    case PT.SIGSET:
      return w.enc.u32([0x5, 0, 0xffffffff][k] as number);
    case PT.MODE:
      return w.enc.u32([0o755, 0, 0o4777][k] as number);
    case PT.DYN: {
      const dyn = p.dyn ?? [];
      if (k === 2) return Buffer.from([200, 1, 2, 3]);
      const idx = k % Math.max(dyn.length, 1);
      const sub = dyn[idx];
      return Buffer.concat([Buffer.from([idx]), sub ? value(sub, 0, code) : Buffer.alloc(0)]);
    }
    default:
      throw new Error(`no test value for type ${p.type}`);
  }
}

/** The placeholder thread sysdig makes for each event's tid: it exists, has no fds, and an empty cwd. */
const placeholder: RenderContext = {
  ...EMPTY_CONTEXT,
  userName: (uid) => (uid === 0 ? "root" : undefined),
  groupName: (gid) => (gid === 0 ? "root" : undefined),
};

test("evt.args of every event type matches sysdig 0.29.3", {
  skip: !HAVE_SYSDIG && "sysdig not installed",
}, () => {
  const blocks: Uint8Array[] = [
    w.sectionHeaderBlock(),
    w.machineInfoBlock(),
    w.userListBlock(
      [{ uid: 0, gid: 0, name: "root", homedir: "/root", shell: "/bin/sh" }],
      [{ gid: 0, name: "root" }],
    ),
    w.processListBlock([{ tid: 1, pid: 1, comm: "init", cwd: "/" }]),
  ];
  let ts = 1_700_000_000_000_000_000n;
  const expectedCodes: number[] = [];
  // Enter and exit of a pair share a thread and follow each other (sysdig's parsers expect the enter event).
  for (let pair = 0; pair < OLD_MAX; pair += 2) {
    for (let k = 0; k < VARIANTS; k++) {
      for (const info of [EVENT_TABLE[pair], EVENT_TABLE[pair + 1]] as EventInfo[]) {
        if (SKIP[info.code] !== undefined) continue;
        const params = info.params.slice(0, info.oldParams).map((p, i) => {
          // An exit that creates an fd gets a failed result, so that no fd state appears.
          if (
            i === 0 &&
            info.code & 1 &&
            info.flags & EF.CREATES_FD &&
            (p.type === PT.FD || p.type === PT.ERRNO)
          )
            return u64([-2n, -13n, -100n][k] as bigint);
          // A clone that succeeds creates the child thread (its comm would then name PID parameters).
          if (i === 0 && info.code & 1 && CLONES.has(info.name)) return u64([-2n, -11n, -12n][k] as bigint);
          // sendto/sendmsg and friends on an unknown fd make sysdig invent a socket for it.
          if (p.type === PT.FD && SOCKET_IO.has(info.name)) return u64([-2n, -9n, -100n][k] as bigint);
          // Container events carry JSON that sysdig parses (and aborts on when invalid).
          if (p.name === "json")
            return w.enc.str(`{"container":{"id":"c${k}0123456789a","type":0,"name":"n${k}","image":"img"}}`);
          return value(p, k, info.code);
        });
        blocks.push(w.eventBlock({ ts: ts++, tid: 10_000 + pair * 4 + k, type: info.code, params }));
        expectedCodes.push(info.code);
      }
    }
  }
  const buf = w.capture(blocks);
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-render-"));
  try {
    const file = path.join(dir, "all-events.scap");
    writeFileSync(file, buf);
    if (process.env.LANNER_KEEP_CAPTURE) writeFileSync(process.env.LANNER_KEEP_CAPTURE, buf);
    // -D shows internal events too.
    const lines = sysdig(file, ["-D", "-p", "*%evt.num\t%evt.type\t%evt.args"]);
    const theirs = new Map<number, string>();
    for (const l of lines) {
      const [num, , args] = l.split("\t");
      if (num !== undefined && /^\d+$/.test(num)) theirs.set(Number(num), args ?? "");
    }
    const mismatches: string[] = [];
    let compared = 0;
    readScapSync(buf, {
      onEvent(e: ScapEvent) {
        const t = theirs.get(e.num);
        if (t === undefined) {
          if (!isInternalEventType(e.type))
            mismatches.push(`#${e.num} ${e.info.name}(${e.type}): not printed by sysdig`);
          return undefined;
        }
        compared++;
        const mine = renderArgs(e, { context: placeholder });
        if (mine !== t)
          mismatches.push(`#${e.num} ${e.info.name}(${e.type})\n  sysdig: ${t}\n  lanner: ${mine}`);
        return undefined;
      },
    });
    assert.ok(compared > 600, `compared ${compared} events`);
    assert.deepEqual(mismatches, []);
    void EC;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
