// Lanner's own syscall rules: each fires on a synthetic capture's event and stays quiet on a benign one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_RULES_DIR } from "../../src/cli/rules.js";
import { Engine } from "../../src/engine/engine.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { replayScap } from "../../src/syscall/replay.js";
import { EventCode as C } from "../../src/syscall/scap/event-table.js";
import { CaptureBuilder, EXE, O, type Proc, PTS0 } from "./syscall-capture.js";

const loaded = loadRules(readRulesFiles([DEFAULT_RULES_DIR]), defaultSchemas());

const SENSITIVE = "Sensitive File Read By Untrusted Program";
const LOG = "Log File Truncated Or Removed";
const SHELL = "Shell Spawned In Container";
const PKG = "Package Manager Run In Container";
const WRITE = "Write Below Binary Or Etc Directory";
const UPPER = "Drift Executable From Upper Layer In Container";
const MEMFD = "Fileless Execution Via Memfd";
const TEMP = "Executable From Writable Temp Directory In Container";
const DRIFT = "Write Outside Writable Mounts In Container";

/** The processes every capture starts with: tids below 400 on the host, 400 and up in a container. */
const PROCS: Proc[] = [
  { tid: 200, comm: "cat", exepath: "/usr/bin/cat" },
  { tid: 201, comm: "sshd", exepath: "/usr/sbin/sshd" },
  { tid: 202, comm: "vi", exepath: "/usr/bin/vi", tty: PTS0 },
  { tid: 203, comm: "logrotate", exepath: "/usr/sbin/logrotate" },
  { tid: 204, comm: "curl", exepath: "/usr/bin/curl" },
  { tid: 205, comm: "dpkg", exepath: "/usr/bin/dpkg" },
  { tid: 206, comm: "rm", exepath: "/usr/bin/rm" },
  { tid: 207, comm: "sudo", exepath: "/usr/bin/sudo", tty: PTS0 },
  { tid: 400, comm: "runc", exepath: "/usr/bin/runc", container: true, tty: PTS0 },
  { tid: 401, comm: "nginx", exepath: "/usr/sbin/nginx", container: true },
  { tid: 402, comm: "cat", exepath: "/usr/bin/cat", container: true },
];

/**
 * Replays the capture the callback builds and returns, per event that fired something, its
 * `evt.type` and the names of the default rules it fired (every rule evaluated).
 */
async function fired(build: (c: CaptureBuilder) => void): Promise<string[][]> {
  assert.equal(loaded.ok, true, JSON.stringify(loaded.perFile.map((f) => f.errors)));
  const engine = new Engine(loaded.rules, { matching: "all" });
  const c = new CaptureBuilder(PROCS);
  build(c);
  const out: string[][] = [];
  const res = await replayScap(c.build(), {
    onEvent(evt, typeName) {
      const names = engine.process("syscall", evt, typeName).map((r) => r.name);
      if (names.length > 0) out.push([typeName, ...names]);
      return undefined;
    },
  });
  assert.equal(res.error, undefined);
  return out;
}

test("the default rules load and include syscall rules tagged lanner; drift rules tagged container+drift", () => {
  assert.equal(loaded.ok, true);
  const sys = loaded.rules.filter((r) => r.source === "syscall");
  assert.ok(sys.length >= 8);
  for (const r of sys) assert.ok(r.tags.includes("lanner"), r.name);
  for (const name of [UPPER, MEMFD, TEMP]) {
    const r = sys.find((x) => x.name === name);
    assert.ok(r, name);
    assert.ok(r.tags.includes("container") && r.tags.includes("drift"), name);
  }
});

test(`${SENSITIVE}: cat reading /etc/shadow fires; sshd, failed opens and /etc/passwd do not`, async () => {
  assert.deepEqual(await fired((c) => c.openat(200, "/etc/shadow", O.RDONLY)), [["openat", SENSITIVE]]);
  assert.deepEqual(await fired((c) => c.open(200, "/etc/sudoers.d/admins", O.RDONLY)), [["open", SENSITIVE]]);
  assert.deepEqual(await fired((c) => c.openat(402, "/etc/gshadow", O.RDONLY)), [["openat", SENSITIVE]]);
  // read-write is a read too (and a write below /etc)
  assert.deepEqual(await fired((c) => c.openat(200, "/etc/shadow", O.RDWR)), [["openat", SENSITIVE, WRITE]]);
  assert.deepEqual(await fired((c) => c.openat(201, "/etc/shadow", O.RDONLY)), []);
  assert.deepEqual(await fired((c) => c.openat(207, "/etc/sudoers", O.RDONLY)), []);
  assert.deepEqual(await fired((c) => c.openat(200, "/etc/shadow", O.RDONLY, -13)), []);
  assert.deepEqual(await fired((c) => c.openat(200, "/etc/passwd", O.RDONLY)), []);
});

test(`${LOG}: vi truncating, rm deleting, a rename of a log fire; logrotate and other paths do not`, async () => {
  assert.deepEqual(await fired((c) => c.openat(202, "/var/log/syslog", O.WRONLY | O.TRUNC)), [
    ["openat", LOG],
  ]);
  assert.deepEqual(await fired((c) => c.open(202, "/var/log/auth.log", O.WRONLY | O.CREAT | O.TRUNC)), [
    ["open", LOG],
  ]);
  assert.deepEqual(await fired((c) => c.unlinkat(206, "/var/log/auth.log")), [["unlinkat", LOG]]);
  assert.deepEqual(await fired((c) => c.unlink(206, "/var/log/wtmp")), [["unlink", LOG]]);
  assert.deepEqual(await fired((c) => c.rename(206, "/var/log/syslog", "/tmp/x")), [["rename", LOG]]);
  assert.deepEqual(await fired((c) => c.renameat2(206, "/var/log/syslog", "/tmp/x")), [["renameat2", LOG]]);
  // benign: logrotate, appending without truncation, other directories, failures
  assert.deepEqual(await fired((c) => c.openat(203, "/var/log/syslog", O.WRONLY | O.TRUNC)), []);
  assert.deepEqual(await fired((c) => c.renameat2(203, "/var/log/syslog", "/var/log/syslog.1")), []);
  assert.deepEqual(await fired((c) => c.openat(202, "/var/log/syslog", O.WRONLY)), []);
  assert.deepEqual(await fired((c) => c.openat(202, "/home/user/notes", O.WRONLY | O.TRUNC)), []);
  assert.deepEqual(await fired((c) => c.unlinkat(206, "/tmp/x")), []);
  assert.deepEqual(await fired((c) => c.unlinkat(206, "/var/log/auth.log", -13)), []);
});

test(`${SHELL}: bash with a tty in a container fires; on the host or without a tty it does not`, async () => {
  assert.deepEqual(await fired((c) => c.exec(400, "/bin/bash", { tty: PTS0 })), [["execve", SHELL]]);
  assert.deepEqual(await fired((c) => c.exec(202, "/bin/bash", { tty: PTS0 })), []);
  assert.deepEqual(await fired((c) => c.exec(401, "/bin/sh", { args: ["-c", "id"], tty: 0 })), []);
  assert.deepEqual(await fired((c) => c.exec(400, "/bin/bash", { tty: PTS0, res: -2 })), []);
});

test(`${PKG}: apt-get in a container fires; on the host it does not`, async () => {
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/bin/apt-get", { args: ["install", "nmap"] })), [
    ["execve", PKG],
  ]);
  assert.deepEqual(await fired((c) => c.exec(401, "/sbin/apk", { args: ["add", "curl"] })), [
    ["execve", PKG],
  ]);
  assert.deepEqual(await fired((c) => c.exec(204, "/usr/bin/apt-get", { args: ["install", "nmap"] })), []);
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/sbin/nginx", { args: ["-s", "reload"] })), []);
});

test(`${WRITE}: curl writing /usr/bin/x or /etc fires; dpkg, reads and other directories do not`, async () => {
  assert.deepEqual(await fired((c) => c.openat(204, "/usr/bin/x", O.WRONLY | O.CREAT)), [["openat", WRITE]]);
  assert.deepEqual(await fired((c) => c.open(402, "/etc/hosts", O.WRONLY | O.TRUNC)), [
    ["open", WRITE, DRIFT],
  ]);
  assert.deepEqual(await fired((c) => c.openat(205, "/usr/bin/x", O.WRONLY | O.CREAT)), []);
  assert.deepEqual(await fired((c) => c.openat(204, "/usr/bin/x", O.RDONLY)), []);
  assert.deepEqual(await fired((c) => c.openat(204, "/usr/bin/sub/x", O.WRONLY | O.CREAT)), []);
  assert.deepEqual(await fired((c) => c.openat(204, "/home/user/x", O.WRONLY | O.CREAT)), []);
  assert.deepEqual(await fired((c) => c.openat(204, "/usr/bin/x", O.WRONLY | O.CREAT, -13)), []);
});

test(`${UPPER}: an upper-layer binary in a container fires; lower layer or the host do not`, async () => {
  const flags = EXE.UPPER_LAYER | EXE.WRITABLE;
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/local/bin/xmrig", { flags })), [["execve", UPPER]]);
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/local/bin/xmrig", { flags: EXE.LOWER_LAYER })), []);
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/local/bin/xmrig", { flags: 0 })), []);
  assert.deepEqual(await fired((c) => c.exec(204, "/usr/local/bin/xmrig", { flags })), []);
});

test(`${MEMFD}: a memfd executable fires in a container and on the host; a file on disk does not`, async () => {
  const memfd = { comm: "3", flags: EXE.FROM_MEMFD };
  assert.deepEqual(await fired((c) => c.exec(401, "/proc/self/fd/3", memfd)), [["execve", MEMFD]]);
  assert.deepEqual(await fired((c) => c.exec(204, "/proc/self/fd/3", memfd)), [["execve", MEMFD]]);
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/bin/id", { flags: 0 })), []);
  assert.deepEqual(await fired((c) => c.exec(401, "/proc/self/fd/3", { ...memfd, res: -2 })), []);
});

test(`${TEMP}: /tmp, /var/tmp, /dev/shm, /run binaries in a container fire; elsewhere or on the host not`, async () => {
  for (const exe of ["/tmp/x", "/var/tmp/a/b", "/dev/shm/.x", "/run/app/x"])
    assert.deepEqual(await fired((c) => c.exec(401, exe)), [["execve", TEMP]], exe);
  // also in the upper layer (a /tmp that is not a mount): both rules
  assert.deepEqual(await fired((c) => c.exec(401, "/tmp/x", { flags: EXE.UPPER_LAYER })), [
    ["execve", UPPER, TEMP],
  ]);
  assert.deepEqual(await fired((c) => c.exec(401, "/tmpfoo/x")), []);
  assert.deepEqual(await fired((c) => c.exec(401, "/usr/bin/id")), []);
  assert.deepEqual(await fired((c) => c.exec(204, "/tmp/x")), []);
});

test(`${DRIFT}: a container changing its own filesystem fires; writable dirs, reads, failures, the host do not`, async () => {
  assert.deepEqual(await fired((c) => c.openat(401, "/var/cache/nginx/x", O.WRONLY | O.CREAT)), [
    ["openat", DRIFT],
  ]);
  assert.deepEqual(await fired((c) => c.unlinkat(401, "/usr/share/nginx/html/index.html")), [
    ["unlinkat", DRIFT],
  ]);
  assert.deepEqual(await fired((c) => c.rename(401, "/tmp/payload", "/usr/local/lib/x.so")), [
    ["rename", DRIFT],
  ]);
  assert.deepEqual(
    await fired((c) =>
      c
        .event(401, C.PPME_SYSCALL_MKDIR_2_E, { mode: 0o755 })
        .event(401, C.PPME_SYSCALL_MKDIR_2_X, { res: 0, path: "/opt/app/work" }),
    ),
    [["mkdir", DRIFT]],
  );
  // The usual writable places, a rename within them, reads, failed writes and host processes.
  for (const p of ["/tmp/x", "/var/tmp/x", "/dev/null", "/proc/self/oom_score_adj", "/run/nginx.pid"])
    assert.deepEqual(await fired((c) => c.openat(401, p, O.WRONLY | O.CREAT)), [], p);
  assert.deepEqual(await fired((c) => c.openat(401, "/tmpfoo/x", O.WRONLY | O.CREAT)), [["openat", DRIFT]]);
  assert.deepEqual(await fired((c) => c.rename(401, "/etc/nginx/x", "/tmp/x")), [["rename", DRIFT]]);
  assert.deepEqual(await fired((c) => c.rename(401, "/tmp/a", "/run/b")), []);
  assert.deepEqual(await fired((c) => c.openat(401, "/var/cache/nginx/x", O.RDONLY)), []);
  assert.deepEqual(await fired((c) => c.openat(401, "/var/cache/nginx/x", O.WRONLY | O.CREAT, -30)), []);
  assert.deepEqual(await fired((c) => c.openat(204, "/var/cache/nginx/x", O.WRONLY | O.CREAT)), []);
});
