// The syscall field schema: every catalog field has an extractor; container ids from every cgroup form;
// events only newer drivers send (dup2/dup3, pipe2, memfd_create, pidfd, capset, accept4_6) and the
// "either end" socket fields, on synthetic captures.
import assert from "node:assert/strict";
import { test } from "node:test";
import { syscallFieldClasses } from "../../src/fields/catalog/index.js";
import type { FieldValue } from "../../src/fields/types.js";
import { compileFilter, compileOutputTemplate, parseCondition } from "../../src/filter/index.js";
import { SyscallEvent } from "../../src/syscall/fields/event.js";
import { bindSyscallField, createSyscallSchema } from "../../src/syscall/fields/schema.js";
import { FdType } from "../../src/syscall/scap/blocks.js";
import { EventCode as C } from "../../src/syscall/scap/event-table.js";
import { readScapSync } from "../../src/syscall/scap/reader.js";
import * as w from "../../src/syscall/scap/writer.js";
import {
  containerIdFromCgroups,
  parseContainerJson,
  resolveContainer,
} from "../../src/syscall/state/container.js";
import { StateEngine } from "../../src/syscall/state/engine.js";
import { parseCgroups } from "../../src/syscall/state/threads.js";

test("every field of the syscall catalog binds to an extractor", () => {
  const missing: string[] = [];
  for (const cls of syscallFieldClasses)
    for (const f of cls.fields) {
      const arg = f.arg?.required ? (f.arg.kind === "index" ? "0" : "x") : undefined;
      if (bindSyscallField(f.name, arg) === undefined) missing.push(f.name);
    }
  assert.deepEqual(missing, []);
});

const ID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

test("container.id from cgroups: docker, systemd docker, containerd, cri-o, podman, kubepods slices, lxc; host otherwise", () => {
  const id = (paths: string[]) => containerIdFromCgroups(parseCgroups(paths.map((p) => `cpu=${p}`)));
  assert.equal(id([`/docker/${ID}`]), "3ad7b26ded6d");
  assert.equal(id([`/system.slice/docker-${ID}.scope`]), "3ad7b26ded6d");
  assert.equal(id([`/kubepods/besteffort/pod1234/${ID}`]), "3ad7b26ded6d");
  assert.equal(
    id([`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-${ID}.scope`]),
    "3ad7b26ded6d",
  );
  assert.equal(id([`/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope`]), "3ad7b26ded6d");
  assert.equal(id([`/kubepods/pod1/crio-${ID}`]), "3ad7b26ded6d");
  assert.equal(
    id([`/system.slice/containerd.service/kubepods-pod1.slice:cri-containerd:${ID}`]),
    "3ad7b26ded6d",
  );
  assert.equal(id([`/machine.slice/libpod-${ID}.scope`]), "3ad7b26ded6d");
  assert.equal(resolveContainer(parseCgroups([`cpu=/machine.slice/libpod-${ID}.scope`]))?.engine, "podman");
  assert.equal(id(["/lxc/web01/init.scope"]), "web01");
  assert.equal(id(["/user.slice/user-1000.slice/session-1.scope"]), "");
  assert.equal(id([`/docker/${ID.slice(1)}`]), "", "63 characters are not an id");
  assert.equal(id([]), "");
  const info = parseContainerJson(
    JSON.stringify({
      container: { id: "3ad7b26ded6d", name: "web", image: "nginx:1.25", type: 0, privileged: true },
    }),
  );
  assert.equal(info?.name, "web");
  assert.equal(info?.type, "docker");
  assert.equal(info?.privileged, true);
});

/** Runs a capture through the engine and collects the values of `fields` for every event. */
function collect(cap: Buffer, fields: string[]): Record<string, FieldValue | undefined>[] {
  const engine = new StateEngine();
  const ex = fields.map((f) => {
    const m = /^([^[]+)(?:\[(.*)\])?$/.exec(f) as RegExpExecArray;
    return bindSyscallField(m[1] as string, m[2]);
  });
  const out: Record<string, FieldValue | undefined>[] = [];
  readScapSync(cap, {
    ...engine.metadataHandlers(),
    onEvent(e) {
      engine.process(e);
      const ctx = new SyscallEvent(engine, e);
      const row: Record<string, FieldValue | undefined> = {};
      fields.forEach((f, i) => {
        row[f] = ex[i]?.(ctx);
      });
      out.push(row);
      return undefined;
    },
  });
  return out;
}

let clock = 1_700_000_000_000_000_000n;
function ev(tid: number, type: number, params: Uint8Array[]): Buffer {
  clock += 1000n;
  return w.eventBlock({ ts: clock, tid, type, params });
}

const e = w.enc;

test("newer-driver events: dup2/dup3 copy fds, pipe2, memfd_create, pidfd_open/getfd, capset, accept4 without enter events", () => {
  const cap = w.capture([
    w.sectionHeaderBlock(),
    w.processListBlock([{ tid: 10, pid: 10, ptid: 1, comm: "app", exe: "/app", cwd: "/srv" }]),
    w.fdListBlock(10, [
      { fd: 3, ino: 1, type: FdType.FILE_V2, name: "/srv/data.db", openFlags: 2 },
      { fd: 4, ino: 2, type: FdType.IPV4_SERVSOCK, name: "", sip: 0, sport: 8080, l4proto: 2 },
    ]),
    // pipe2 first: an exit with more parameters than sysdig 0.29 knew marks the capture as coming
    // from a newer driver, whose unpaired exits carry the fd they used
    ev(10, C.PPME_SYSCALL_PIPE2_X, [e.u64(0), e.u64(9), e.u64(10), e.u64(555), e.u32(0)]),
    // dup2(3, 7) and dup3(3, 8, O_CLOEXEC): exits only, carrying the old fd; the copy becomes the event's fd
    ev(10, C.PPME_SYSCALL_DUP2_X, [e.u64(7), e.u64(3), e.u64(7)]),
    ev(10, C.PPME_SYSCALL_DUP3_X, [e.u64(8), e.u64(3), e.u64(8), e.u32(1 << 12)]),
    ev(10, C.PPME_SYSCALL_MEMFD_CREATE_X, [e.u64(11), e.str("payload"), e.u32(0)]),
    ev(10, C.PPME_SYSCALL_PIDFD_OPEN_X, [e.u64(12), e.u64(10), e.u32(0)]),
    ev(10, C.PPME_SYSCALL_PIDFD_GETFD_X, [e.u64(13), e.u64(12), e.u64(3), e.u32(0)]),
    ev(10, C.PPME_SYSCALL_CAPSET_X, [e.u64(0), e.u64(0), e.u64(1n << 21n), e.u64((1n << 21n) | 1n)]),
    ev(10, C.PPME_SOCKET_ACCEPT4_6_X, [
      e.u64(14),
      e.tuple4("10.0.0.7", 5555, "10.0.0.5", 8080),
      e.u8(0),
      e.u32(0),
      e.u32(5),
      e.u32(0),
    ]),
    ev(10, C.PPME_SYSCALL_READ_X, [e.u64(1), e.bytes("x"), e.u64(14), e.u32(1)]),
  ]);
  const rows = collect(cap, [
    "evt.type",
    "fd.num",
    "fd.name",
    "fd.typechar",
    "fd.type",
    "thread.cap_effective",
    "fd.cip",
    "fd.sport",
    "fd.is_server",
    "fd.ip",
    "fd.port",
  ]);
  assert.deepEqual(
    rows.map((r) => [r["evt.type"], r["fd.num"], r["fd.name"], r["fd.typechar"]]),
    [
      ["pipe2", 10, "", "p"],
      ["dup2", 7, "/srv/data.db", "f"],
      ["dup3", 8, "/srv/data.db", "f"],
      ["memfd_create", 11, "payload", "m"],
      ["pidfd_open", 12, "/proc/10", "P"],
      ["pidfd_getfd", 13, "/srv/data.db", "f"],
      ["capset", undefined, undefined, undefined],
      ["accept4", 14, "10.0.0.7:5555->10.0.0.5:8080", "4"],
      ["read", 14, "10.0.0.7:5555->10.0.0.5:8080", "4"],
    ],
  );
  assert.equal(rows[6]?.["thread.cap_effective"], "CAP_CHOWN CAP_SYS_ADMIN");
  const acc = rows[7] as Record<string, FieldValue | undefined>;
  assert.equal(acc["fd.cip"], "10.0.0.7");
  assert.equal(acc["fd.sport"], 8080);
  assert.equal(acc["fd.is_server"], false, "no interface list: 10.0.0.5 is not known as local");
  assert.deepEqual(acc["fd.ip"], ["10.0.0.7", "10.0.0.5"]);
  assert.deepEqual(acc["fd.port"], [5555, 8080]);
});

test("the either-end fields match either side in conditions (fd.ip, fd.port, fd.net)", () => {
  const schema = createSyscallSchema();
  const cap = w.capture([
    w.sectionHeaderBlock(),
    w.processListBlock([{ tid: 10, pid: 10, ptid: 1, comm: "curl", exe: "curl", cwd: "/" }]),
    ev(10, C.PPME_SOCKET_SOCKET_E, [e.u32(2), e.u32(1), e.u32(0)]),
    ev(10, C.PPME_SOCKET_SOCKET_X, [e.u64(3)]),
    ev(10, C.PPME_SOCKET_CONNECT_E, [e.u64(3), e.sockaddr4("93.184.216.34", 443)]),
    ev(10, C.PPME_SOCKET_CONNECT_X, [e.u64(0), e.tuple4("192.168.1.2", 50000, "93.184.216.34", 443)]),
  ]);
  const conds = [
    "fd.ip = 93.184.216.34",
    "fd.ip = 192.168.1.2",
    "fd.port = 443",
    "fd.port in (50000, 1)",
    "fd.net = 93.184.216.0/24",
    "fd.snet = 93.184.0.0/16",
    "fd.cnet = 192.168.0.0/16",
  ];
  const filters = conds.map((c) => compileFilter(parseCondition(c), schema));
  const engine = new StateEngine();
  let last: boolean[] = [];
  readScapSync(cap, {
    ...engine.metadataHandlers(),
    onEvent(evt) {
      engine.process(evt);
      const ctx = new SyscallEvent(engine, evt);
      last = filters.map((f) => f.match(ctx));
      return undefined;
    },
  });
  assert.deepEqual(last, [true, true, true, true, true, true, true]);
});

test("output templates print list values and missing ones as <NA>", () => {
  const schema = createSyscallSchema();
  const tpl = compileOutputTemplate("%proc.name %fd.name %container.id %k8s.pod.name", schema);
  const cap = w.capture([
    w.sectionHeaderBlock(),
    w.processListBlock([{ tid: 10, pid: 10, ptid: 1, comm: "ls", exe: "ls", cwd: "/" }]),
    ev(10, C.PPME_SYSCALL_OPEN_E, [e.str("/etc/hosts"), e.u32(1), e.u32(0)]),
  ]);
  const engine = new StateEngine();
  const lines: string[] = [];
  readScapSync(cap, {
    ...engine.metadataHandlers(),
    onEvent(evt) {
      engine.process(evt);
      lines.push(tpl.render(new SyscallEvent(engine, evt)));
      return undefined;
    },
  });
  assert.deepEqual(lines, ["ls <NA> host <NA>"]);
});
