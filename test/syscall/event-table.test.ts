// The generated event table and the parameter rendering: table facts, sysdig's notations for flags,
// errno, fds, paths, sockets and generic events, and the C-compatible helpers (flag walk, %g, inet_ntop,
// path folding).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ipv6At } from "../../src/syscall/net.js";
import { concatenatePaths, sanitizeString } from "../../src/syscall/paths.js";
import type { ScapEvent } from "../../src/syscall/scap/event.js";
import {
  EVENT_TABLE,
  EVENT_TYPE_MAX,
  EventCode,
  eventTypeNames,
} from "../../src/syscall/scap/event-table.js";
import { EF, PT } from "../../src/syscall/scap/event-types.js";
import { file_flags_old } from "../../src/syscall/scap/flag-tables.js";
import { eventTypeName } from "../../src/syscall/scap/info.js";
import {
  argValue,
  bitNames,
  formatG,
  type RenderContext,
  renderArg,
  renderArgs,
} from "../../src/syscall/scap/params.js";
import { readScapSync } from "../../src/syscall/scap/reader.js";
import * as w from "../../src/syscall/scap/writer.js";

/** Reads one event built from `type` and `params` and passes it to `f` (the event is valid only there). */
function withEvent<T>(type: number, params: Uint8Array[], f: (e: ScapEvent) => T, tid = 100): T {
  let out: T | undefined;
  const r = readScapSync(w.capture([w.sectionHeaderBlock(), w.eventBlock({ ts: 1n, tid, type, params })]), {
    onEvent: (e) => {
      out = f(e);
      return undefined;
    },
  });
  assert.equal(r.error, undefined);
  return out as T;
}

const ctx: RenderContext = {
  hasThread: () => true,
  fd: (_e, fd) =>
    fd === 3
      ? { typeChar: "f", l4Char: "", name: "/etc/ld.so.cache" }
      : fd === 5
        ? { typeChar: "4", l4Char: "t", name: "127.0.0.1:40000->127.0.0.1:80" }
        : undefined,
  comm: (tid) => (tid === 1 ? "systemd" : undefined),
  cwd: () => "/home/user/",
  dirFdPath: (_e, fd) => (fd === 9 ? "/var/lib" : ""),
  userName: (uid) => (uid === 0 ? "root" : undefined),
  groupName: () => undefined,
};

test("the table has every libs event code, with names, versions and payload widths", () => {
  assert.equal(EVENT_TABLE.length, 454);
  assert.equal(EVENT_TYPE_MAX, 454);
  for (const [i, e] of EVENT_TABLE.entries()) assert.equal(e.code, i);
  assert.equal(eventTypeNames[EventCode.PPME_SYSCALL_OPEN_X], "open");
  assert.equal(eventTypeNames[EventCode.PPME_SYSCALL_OPENAT_2_X], "openat");
  assert.equal(eventTypeNames[EventCode.PPME_SYSCALL_EXECVE_19_X], "execve");
  assert.equal(eventTypeNames[EventCode.PPME_PROCINFO_E], "procinfo");
  assert.equal(eventTypeNames[EventCode.PPME_CONTAINER_JSON_E], "container");
  const large = EVENT_TABLE.filter((e) => e.flags & EF.LARGE_PAYLOAD).map((e) => e.code);
  assert.deepEqual(large, [322, 324, 402]);
  // sysdig 0.29.3's parameter counts, and what later libs appended
  const openX = EVENT_TABLE[3];
  assert.deepEqual([openX?.params.length, openX?.oldParams], [6, 5]);
  const execve19 = EVENT_TABLE[EventCode.PPME_SYSCALL_EXECVE_19_X];
  assert.equal(execve19?.oldParams, 20);
  assert.equal(execve19?.params[17]?.name, "pgid"); // the 0.29 name (later libs: vpgid)
  assert.ok((execve19?.params.length ?? 0) > 20);
  const openat2 = EVENT_TABLE[EventCode.PPME_SYSCALL_OPENAT_2_X];
  assert.deepEqual(
    openat2?.params.map((p) => p.name),
    ["fd", "dirfd", "name", "flags", "mode", "dev", "ino"],
  );
  assert.equal(openat2?.params[2]?.type, PT.FSRELPATH);
  assert.equal(openat2?.params[2]?.dirfd, 1);
  // enter events are even, exits odd; unused slots are flagged
  assert.ok(EVENT_TABLE[187]?.flags !== undefined && (EVENT_TABLE[187].flags & EF.UNUSED) !== 0);
});

test("sysdig's notations: flags, errno, fds with type, octal modes", () => {
  const args = withEvent(
    EventCode.PPME_SYSCALL_OPEN_X,
    [w.enc.u64(3), w.enc.str("/etc/ld.so.cache"), w.enc.u32(4097), w.enc.u32(0), w.enc.u32(0x803)],
    (e) => renderArgs(e, { context: ctx }),
  );
  assert.equal(
    args,
    "fd=3(<f>/etc/ld.so.cache) name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=803 ",
  );
  const failed = withEvent(
    EventCode.PPME_SYSCALL_OPENAT_2_X,
    [w.enc.u64(-2), w.enc.u64(-100), w.enc.str("x.conf"), w.enc.u32(0o101), w.enc.u32(0o644), w.enc.u32(0)],
    (e) => [
      renderArg(e, 0),
      renderArg(e, 1, { context: ctx }),
      renderArg(e, 2, { context: ctx }),
      renderArg(e, 4),
      argValue(e, 0),
    ],
  );
  assert.deepEqual(failed, ["-2(ENOENT)", "-100(AT_FDCWD)", "x.conf(/home/user/x.conf)", "0644", "ENOENT"]);
  // without a context: bare fds and raw paths
  const bare = withEvent(EventCode.PPME_SYSCALL_READ_E, [w.enc.u64(3), w.enc.u32(10)], (e) => renderArgs(e));
  assert.equal(bare, "fd=3 size=10 ");
});

test("paths relative to a dirfd, socket tuples, pids, uids", () => {
  const rel = withEvent(
    EventCode.PPME_SYSCALL_OPENAT_2_X,
    [w.enc.u64(4), w.enc.u64(9), w.enc.str("../etc/./x"), w.enc.u32(1), w.enc.u32(0), w.enc.u32(0)],
    (e) => renderArg(e, 2, { context: ctx }),
  );
  assert.equal(rel, "../etc/./x(/var/etc/x)");
  const connect = withEvent(
    EventCode.PPME_SOCKET_CONNECT_X,
    [w.enc.u64(-115), w.enc.tuple4("127.0.0.1", 40000, "127.0.0.1", 80)],
    (e) => renderArgs(e, { context: ctx }),
  );
  assert.equal(connect, "res=-115(EINPROGRESS) tuple=127.0.0.1:40000->127.0.0.1:80 ");
  const kill = withEvent(EventCode.PPME_SYSCALL_KILL_E, [w.enc.u64(1), w.enc.u8(9)], (e) =>
    renderArgs(e, { context: ctx }),
  );
  assert.equal(kill, "pid=1(systemd) sig=9(SIGKILL) ");
  const setuid = withEvent(EventCode.PPME_SYSCALL_SETUID_E, [w.enc.u32(0)], (e) =>
    renderArgs(e, { context: ctx }),
  );
  assert.equal(setuid, "uid=0(root) ");
  const setuidNone = withEvent(EventCode.PPME_SYSCALL_SETUID_E, [w.enc.u32(0xffffffff)], (e) =>
    renderArgs(e, { context: ctx }),
  );
  assert.equal(setuidNone, "uid=-1(<NONE>) ");
  const sendto = withEvent(
    EventCode.PPME_SOCKET_SENDTO_E,
    [w.enc.u64(5), w.enc.u32(10), w.enc.tuple4("1.2.3.4", 1, "5.6.7.8", 2)],
    (e) => renderArg(e, 0, { context: ctx }),
  );
  assert.equal(sendto, "5(<4t>127.0.0.1:40000->127.0.0.1:80)");
});

test("byte buffers: non-printable bytes become dots, long ones end in ... at 80 characters", () => {
  const data = Buffer.concat([Buffer.from("\x7fELF\x02\x01", "latin1"), Buffer.alloc(100, 0x41)]);
  const s = withEvent(EventCode.PPME_SYSCALL_READ_X, [w.enc.u64(106), data], (e) => renderArg(e, 1));
  assert.equal(s.length, 80);
  assert.ok(s.startsWith(".ELF..AAAA"));
  assert.ok(s.endsWith("A..."));
  const full = withEvent(EventCode.PPME_SYSCALL_READ_X, [w.enc.u64(106), data], (e) =>
    renderArg(e, 1, { maxBufferLength: 0 }),
  );
  assert.equal(full.length, 106);
});

test("generic events: empty evt.args, evt.type is the syscall's name", () => {
  const r = withEvent(EventCode.PPME_GENERIC_E, [w.enc.u16(75), w.enc.u16(10)], (e) => [
    renderArgs(e),
    eventTypeName(e),
  ]);
  assert.deepEqual(r, ["", "mprotect"]);
  assert.equal(
    withEvent(EventCode.PPME_GENERIC_X, [w.enc.u16(0)], (e) => eventTypeName(e)),
    "<unknown>",
  );
  // Code 298 is sigreturn in sysdig 0.29.3's syscall table.
  assert.equal(
    withEvent(EventCode.PPME_GENERIC_X, [w.enc.u16(298)], (e) => eventTypeName(e)),
    "sigreturn",
  );
});

test("only the parameters sysdig 0.29.3 knows are shown, even when the event has more", () => {
  const args = withEvent(
    EventCode.PPME_SYSCALL_OPEN_X,
    [w.enc.u64(-2), w.enc.str("/x"), w.enc.u32(1), w.enc.u32(0), w.enc.u32(0), w.enc.u64(1234)],
    (e) => renderArgs(e),
  );
  assert.equal(args, "fd=-2(ENOENT) name=/x flags=1(O_RDONLY) mode=0 dev=0 ");
});

test("the flag walk follows libsinsp 0.29", () => {
  assert.equal(bitNames(4097, file_flags_old), "O_RDONLY|O_CLOEXEC");
  assert.equal(bitNames(0, file_flags_old), "O_NONE");
  assert.equal(bitNames(3, file_flags_old), "O_RDWR");
  assert.equal(bitNames(0x10441, file_flags_old), "O_DIRECTORY|O_NONBLOCK|O_RDONLY"); // bits not in the table drop out
  assert.equal(bitNames(5, undefined), "");
});

test("C helpers: %g, inet_ntop, path folding, sanitizing", () => {
  assert.equal(formatG(1.5), "1.5");
  assert.equal(formatG(1e-9), "1e-09");
  assert.equal(formatG(1234567), "1.23457e+06");
  assert.equal(formatG(0.0001), "0.0001");
  assert.equal(formatG(100000), "100000");
  const v6 = (words: number[]) => {
    const b = Buffer.alloc(16);
    for (const [i, x] of words.entries()) b.writeUInt16BE(x, 2 * i);
    return ipv6At(b);
  };
  assert.equal(v6([0, 0, 0, 0, 0, 0, 0, 1]), "::1");
  assert.equal(v6([0, 0, 0, 0, 0, 0, 0, 0]), "::");
  assert.equal(v6([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]), "::ffff:1.2.3.4");
  assert.equal(v6([0, 0, 0, 0, 0, 0, 0x0102, 0x0304]), "::1.2.3.4");
  assert.equal(v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), "2001:db8::1");
  assert.equal(v6([0xfe80, 0, 0, 0, 1, 0, 0, 2]), "fe80::1:0:0:2");
  assert.equal(v6([1, 0, 0, 1, 0, 0, 0, 1]), "1:0:0:1::1");
  assert.equal(concatenatePaths("/home/user/", "../etc//passwd").path, "/home/etc/passwd");
  assert.equal(concatenatePaths("/", "../../x").path, "/x");
  assert.equal(concatenatePaths("/a/", "b/./c/").path, "/a/b/c");
  assert.deepEqual(concatenatePaths("/a/", "/abs/x/.."), { path: "/abs", relative: false });
  assert.equal(concatenatePaths("/a/", "caf\u00e9").path, "/a/caf..");
  assert.equal(concatenatePaths("/a/".repeat(400), "x", 1024).path, "/PATH_TOO_LONG");
  assert.equal(sanitizeString("a\tb\u00e9c"), "abc");
});
