// Parity with sysdig 0.29.3 (the libs inside it are the reference for the syscall fields):
//  - fields: one `-p` format of 60 fields across evt, proc, thread, fd, fdlist, user, group and
//    container prints the same lines from `sysdig -r` and `lanner inspect` on each of the six sample
//    captures and on a synthetic capture that exercises the state engine (clone, execve, dup, pipe,
//    sockets, chdir, set*id, threads, containers…);
//  - filters: the macro and rule conditions of the stable rules (lists substituted, macros expanded)
//    that sysdig accepts, plus generated ones over the fields above, select the same event numbers in
//    sysdig and Lanner on a concatenation of all seven captures — with sysdig's default capture filter
//    and, for a share of them, its display filter (`-d`, what Falco's rules see).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { EventSchema } from "../../src/fields/types.js";
import { printExpr } from "../../src/filter/index.js";
import { loadRules } from "../../src/rules/index.js";
import { createSyscallSchema } from "../../src/syscall/fields/schema.js";
import { inspectCapture } from "../../src/syscall/inspect.js";
import { HAVE_SYSDIG, SAMPLES, SHARED, sampleBytes } from "./helpers.js";
import { scenarioCapture } from "./scenario.js";

/**
 * Fields sysdig 0.29.3 prints wrongly by design, left out of the format:
 *  - fd.dev, fd.dev.major, fd.dev.minor: socket fds carry uninitialised memory as their device (55B4…);
 *  - group.gid on the synthetic capture: printed as a 64-bit read of a 32-bit gid, the neighbouring
 *    field leaks into the high bits after setgid (4294967329 for gid 33) — kept for the samples;
 *  - evt.type.is.X, proc.apid and proc.aname without an index: the formatter prints <NA> followed by
 *    the field name as literal text;
 *  - evt.rawarg.fd (any FD-typed raw argument): sysdig aborts with "wrong event type 14";
 *  - evt.buffer: printed through sysdig's buffer formatter (-P/-X options), not as a field value;
 *  - fd.*ip.name: needs DNS resolution, which neither does on a capture.
 */
const FIELDS = [
  "evt.num",
  "evt.time",
  "evt.datetime.s",
  "evt.rawtime",
  "evt.rawtime.ns",
  "evt.reltime",
  "evt.latency",
  "evt.latency.human",
  "evt.deltatime",
  "evt.dir",
  "evt.type",
  "syscall.type",
  "evt.category",
  "evt.cpu",
  "evt.rawarg.res",
  "evt.res",
  "evt.rawres",
  "evt.failed",
  "evt.buflen",
  "evt.is_io_write",
  "evt.io_dir",
  "evt.is_wait",
  "evt.count.error",
  "evt.count.error.file",
  "evt.count.error.net",
  "evt.count.error.other",
  "evt.is_open_read",
  "evt.is_open_exec",
  "proc.pid",
  "proc.exe",
  "proc.name",
  "proc.args",
  "proc.env",
  "proc.cmdline",
  "proc.exeline",
  "proc.cwd",
  "proc.nthreads",
  "proc.nchilds",
  "proc.ppid",
  "proc.pname",
  "proc.pcmdline",
  "proc.apid[1]",
  "proc.aname[2]",
  "proc.aname[3]",
  "proc.loginshellid",
  "proc.duration",
  "proc.fdopencount",
  "proc.fdlimit",
  "proc.fdusage",
  "proc.vmsize",
  "proc.vmrss",
  "proc.sid",
  "proc.sname",
  "proc.tty",
  "proc.exepath",
  "proc.vpgid",
  "proc.vpid",
  "proc.is_exe_writable",
  "thread.tid",
  "thread.ismain",
  "thread.vtid",
  "thread.pfminor",
  "thread.cgroups",
  "thread.cgroup.cpu",
  "thread.vmsize",
  "thread.nametid",
  "user.uid",
  "user.name",
  "user.homedir",
  "user.shell",
  "user.loginuid",
  "user.loginname",
  "group.name",
  "container.id",
  "container.name",
  "container.image",
  "container.type",
  "fd.num",
  "fd.type",
  "fd.typechar",
  "fd.name",
  "fd.directory",
  "fd.filename",
  "fd.cip",
  "fd.sip",
  "fd.lip",
  "fd.rip",
  "fd.cport",
  "fd.sport",
  "fd.lport",
  "fd.rport",
  "fd.l4proto",
  "fd.sockfamily",
  "fd.is_server",
  "fd.uid",
  "fd.containername",
  "fd.containerdirectory",
  "fd.cproto",
  "fd.sproto",
  "fd.connected",
  "fd.name_changed",
  "fdlist.nums",
  "fdlist.names",
  "fdlist.cips",
  "fdlist.sports",
  // Rendered arguments and evt.abspath come last: resolving a path relative to a dirfd makes sysdig
  // take the dirfd as the event's fd, so fd.* fields printed after them change (print-order side effect).
  "evt.abspath",
  "evt.args",
  "evt.arg.fd",
  "evt.arg[1]",
  "evt.arg.flags",
];

const FORMAT = `*${FIELDS.map((f) => `%${f}`).join("\t")}`;

let dir = "";
const captures = new Map<string, string>();
let combined = "";
const schema = createSyscallSchema();

before(() => {
  if (!HAVE_SYSDIG) return;
  dir = mkdtempSync(path.join(tmpdir(), "lanner-parity-"));
  const parts: Buffer[] = [];
  for (const name of SAMPLES) {
    const bytes = sampleBytes(name);
    const file = path.join(dir, `${name}.scap`);
    writeFileSync(file, bytes);
    captures.set(name, file);
    parts.push(bytes);
  }
  const scenario = scenarioCapture();
  const file = path.join(dir, "scenario.scap");
  writeFileSync(file, scenario);
  captures.set("scenario", file);
  parts.push(scenario);
  combined = path.join(dir, "all.scap");
  writeFileSync(combined, Buffer.concat(parts));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function sysdigAsync(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn("sysdig", args, { env: { ...process.env, TZ: "UTC" } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on("data", (d: Buffer) => out.push(d));
    p.stderr.on("data", (d: Buffer) => err.push(d));
    p.on("close", (status) =>
      resolve({
        status,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/** Runs `jobs` with at most `n` at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

async function lannerLines(
  file: string,
  format: string,
  filter?: string,
  display = false,
): Promise<string[]> {
  const lines: string[] = [];
  const r = await inspectCapture(file, {
    format,
    filter,
    filterMode: display ? "display" : "capture",
    schema,
    write: (l) => lines.push(l),
  });
  assert.equal(r.error, undefined, `${file}: ${r.error?.message}`);
  return lines;
}

function splitLines(s: string): string[] {
  return s.split("\n").filter((l) => l !== "");
}

for (const name of [...SAMPLES, "scenario"]) {
  test(`fields: sysdig -r and lanner inspect print the same ${FIELDS.length} fields on ${name}`, {
    skip: !HAVE_SYSDIG && "sysdig not installed",
  }, async () => {
    process.env.TZ = "UTC";
    const file = captures.get(name) as string;
    const format = name === "scenario" ? FORMAT : `${FORMAT}\t%group.gid`;
    const theirs = await sysdigAsync(["-r", file, "-p", format.replace(/\t/g, "\\t")]);
    assert.equal(theirs.status, 0, theirs.stderr);
    const want = splitLines(theirs.stdout);
    const got = await lannerLines(file, format);
    const diffs: string[] = [];
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (want[i] === got[i]) continue;
      const a = (want[i] ?? "").split("\t");
      const b = (got[i] ?? "").split("\t");
      const fields = [...FIELDS, "group.gid"];
      const d = fields.flatMap((f, j) => (a[j] === b[j] ? [] : [`${f}: sysdig=${a[j]} lanner=${b[j]}`]));
      diffs.push(`line ${i + 1} (evt.num ${a[0]}): ${d.join("; ")}`);
    }
    assert.equal(got.length, want.length, "line count");
    assert.deepEqual(diffs.slice(0, 10), []);
  });
}

test("default line format: sysdig -r and lanner inspect print the same lines, with and without -D", {
  skip: !HAVE_SYSDIG && "sysdig not installed",
}, async () => {
  process.env.TZ = "UTC";
  for (const name of [...SAMPLES, "scenario"]) {
    const file = captures.get(name) as string;
    for (const debug of [false, true]) {
      const theirs = await sysdigAsync(debug ? ["-r", file, "-D"] : ["-r", file]);
      assert.equal(theirs.status, 0, theirs.stderr);
      // -D also prints sysdig's own log lines (timestamps, "starting offline capture"): only events.
      const want = splitLines(theirs.stdout).filter((l) => /^\d+ \d\d:\d\d:\d\d\.\d{9} /.test(l));
      const got: string[] = [];
      const r = await inspectCapture(file, { debug, schema, write: (l) => got.push(l) });
      assert.equal(r.error, undefined, `${name}: ${r.error?.message}`);
      const diffs = want.flatMap((w, i) =>
        w === got[i] ? [] : [`line ${i + 1}: sysdig=${w} lanner=${got[i]}`],
      );
      assert.deepEqual(diffs.slice(0, 5), [], `${name}${debug ? " -D" : ""}`);
      assert.equal(got.length, want.length, `${name}${debug ? " -D" : ""}: line count`);
    }
  }
});

/** Conditions of the stable rules' macros and rules, with lists substituted and macros expanded. */
function ruleFilters(): string[] {
  const file = path.join(SHARED, "rules/upstream/falco_rules.yaml");
  const res = loadRules(
    [{ name: file, content: readFileSync(file, "utf8") }],
    new Map([["syscall", schema as EventSchema<unknown>]]),
  );
  const out = new Set<string>();
  for (const m of res.macros) out.add(printExpr(m.resolved));
  for (const r of res.rules) if (r.source === "syscall") out.add(printExpr(r.expr));
  return [...out];
}

/** Filters over the fields of the format, with values the captures hold. */
function generatedFilters(): string[] {
  const f: string[] = [];
  const eq = (field: string, values: readonly (string | number)[]) => {
    for (const v of values) f.push(`${field} = ${v}`, `${field} != ${v}`);
  };
  eq("evt.type", [
    "open",
    "close",
    "execve",
    "connect",
    "socket",
    "mmap",
    "sendmsg",
    "clone",
    "read",
    "write",
  ]);
  eq("evt.dir", [">", "<"]);
  eq("proc.name", ["cat", "bash", "python", "nginx", "sh", "<NA>", "systemd-logind"]);
  eq("proc.pname", ["bash", "sshd", "nginx", "python"]);
  eq("user.name", ["root", "user", "www-data", "mstemm"]);
  eq("user.uid", [0, 33, 1000, 4294967295]);
  eq("group.name", ["root", "dialout", "www-data"]);
  eq("container.id", ["host", "3ad7b26ded6d"]);
  eq("fd.typechar", ["f", "4", "u", "p", "d", "o"]);
  eq("fd.type", ["file", "ipv4", "unix", "pipe", "directory"]);
  eq("fd.l4proto", ["tcp", "udp", "<NA>"]);
  eq("evt.res", ["SUCCESS", "ENOENT", "EINPROGRESS", "EACCES"]);
  eq("evt.category", ["file", "net", "memory", "process", "ipc"]);
  eq("fd.sockfamily", ["ip", "unix"]);
  eq("proc.tty", [0, 34816]);
  eq("evt.is_open_read", ["true", "false"]);
  eq("evt.failed", ["true"]);
  eq("fd.is_server", ["true"]);
  eq("thread.ismain", ["false"]);
  eq("evt.arg.flags", ["O_RDONLY", "O_RDONLY|O_CLOEXEC", "O_CREAT|O_WRONLY"]);
  for (const [field, v] of [
    ["fd.name", "/etc"],
    ["fd.name", "/tmp/file"],
    ["fd.name", "127.0.0.1"],
    ["fd.directory", "/usr/lib"],
    ["proc.cmdline", "cat"],
    ["proc.cwd", "/home"],
    ["proc.exepath", "/usr"],
    ["evt.args", '"fd=3"'],
    ["proc.args", "-"],
    ["thread.cgroups", "user.slice"],
  ] as const) {
    f.push(`${field} startswith ${v}`, `${field} contains ${v}`, `not ${field} contains ${v}`);
  }
  f.push(
    "fd.name endswith .so.6",
    "fd.filename endswith .txt",
    "fd.name icontains ETC",
    "proc.name icontains CAT",
    "fd.name glob /etc/*",
    "fd.name glob '/lib/x86_64-linux-gnu/lib?.so.*'",
    "fd.name glob *passwd",
    "proc.name glob 'py*'",
    "fd.name pmatch (/etc, /tmp)",
    "fd.directory pmatch (/usr/lib, /var)",
    "evt.type in (open, openat, creat)",
    "evt.type in (socket, connect, accept, bind)",
    "proc.name in (cat, bash, sh)",
    "user.uid in (0, 1000)",
    "fd.typechar in (4, 6, u)",
    "fd.num in (0, 1, 2)",
    "evt.num > 200",
    "evt.num <= 150",
    "evt.num >= 1096 and evt.num < 1110",
    "fd.num >= 3",
    "fd.num < 0",
    "fd.num = -1",
    "evt.rawres < 0",
    "evt.rawres >= 0",
    "evt.rawres > 100000",
    "evt.buflen > 100",
    "evt.latency > 3000",
    "evt.cpu = 1",
    "proc.pid > 10000",
    "proc.pid < 200",
    "proc.ppid = 1",
    "proc.sid = proc.pid",
    "proc.vpgid = -1",
    "proc.nthreads > 1",
    "proc.fdopencount > 10",
    "proc.vmsize > 1000",
    "proc.loginshellid exists",
    "proc.duration exists",
    "fd.name exists",
    "fd.cip exists",
    "container.image exists",
    "not fd.name exists",
    "thread.tid != proc.pid",
    "thread.vtid = 7",
    "proc.aname[1] = bash",
    "proc.aname[2] = sshd",
    "proc.aname[3] = systemd",
    "proc.aname = sshd",
    "proc.aname = bash",
    "proc.aname in (sshd, systemd)",
    "proc.apid[1] = 100",
    "proc.apid = 1",
    "proc.sname = bash",
    "user.loginuid = -1",
    "user.loginname = user",
    "fd.sip = 127.0.0.1",
    "fd.cip = 10.0.0.5",
    "fd.sport = 443",
    "fd.cport = 40000",
    "fd.lport = 8080",
    "fd.rport = 5555",
    "fd.lip = 10.0.0.5",
    "fd.rip = 8.8.8.8",
    "fd.ip = 127.0.0.1",
    "fd.port = 80",
    "fd.net = 127.0.0.0/8",
    "fd.snet = 10.0.0.0/24",
    "fd.cnet = 10.0.0.0/8",
    "fd.connected = true",
    "fd.name_changed = true",
    "fd.sproto = 443",
    "fdlist.names contains /etc",
    "evt.is_io = true and fd.typechar = f",
    "evt.io_dir = write",
    "evt.is_wait = true",
    "evt.count.error = 1",
    "syscall.type = execve",
    "evt.abspath exists",
    "evt.arg.name contains etc",
    "evt.arg.fd contains /etc",
    "evt.arg[0] = 3",
    "evt.rawarg.res < 0",
    "evt.rawarg.size > 100",
    "thread.cgroup.cpu = /user.slice",
    "container.name = host",
    "proc.exe = -bash",
    "proc.env contains HOME",
    "(evt.type = open or evt.type = openat) and evt.dir = < and fd.name startswith /etc",
    "evt.type = execve and evt.dir = < and proc.pname in (bash, nginx)",
    "not (proc.name = cat or proc.name = python) and evt.dir = <",
    "fd.typechar = 4 and (fd.sport = 443 or fd.sport = 80 or fd.sport = 53)",
    "proc.name = cat and fd.typechar = f and evt.dir = < and not fd.name contains libc",
    "evt.type = close and evt.dir = > and fd.name startswith /tmp",
    "evt.failed = true and evt.type in (open, openat)",
  );
  return f;
}

test("filters: conditions of the stable rules and generated ones select the same events in sysdig and lanner", {
  skip: !HAVE_SYSDIG && "sysdig not installed",
}, async (t) => {
  process.env.TZ = "UTC";
  const fromRules = ruleFilters();
  const candidates = [...fromRules, ...generatedFilters()];
  const format = "%evt.num";
  const runs = await pool(
    candidates.map((flt) => () => sysdigAsync(["-r", combined, "-p", format, flt])),
    4,
  );
  const accepted: { filter: string; want: string[] }[] = [];
  const rejected: string[] = [];
  candidates.forEach((flt, i) => {
    const r = runs[i] as Run;
    if (r.status === 0) accepted.push({ filter: flt, want: splitLines(r.stdout) });
    else rejected.push(flt);
  });
  const rulesAccepted = accepted.filter((a) => fromRules.includes(a.filter)).length;
  t.diagnostic(
    `${candidates.length} filters (${fromRules.length} from the stable rules' macros and rules); sysdig accepts ${accepted.length} (${rulesAccepted} from the rules); ${rejected.length} rejected (fields or operators newer than sysdig 0.29)`,
  );
  assert.ok(accepted.length >= 200, `only ${accepted.length} filters accepted by sysdig`);
  const mismatches: string[] = [];
  for (const { filter, want } of accepted) {
    let got: string[];
    try {
      got = await lannerLines(combined, format, filter);
    } catch (e) {
      mismatches.push(`${filter}: lanner rejects it: ${(e as Error).message}`);
      continue;
    }
    if (want.join(",") !== got.join(","))
      mismatches.push(
        `${filter}: sysdig ${want.length} events [${want.slice(0, 8).join(",")}…], lanner ${got.length} [${got.slice(0, 8).join(",")}…]`,
      );
  }
  assert.deepEqual(mismatches, [], `${mismatches.length} of ${accepted.length} filters differ`);
  // sysdig 0.29 rejects what it does not know (newer fields and operators): they are not compared.
  assert.ok(rejected.length < candidates.length / 2, `sysdig rejected ${rejected.length} filters`);
});

test("filters: with sysdig's display filter (-d, evaluated after parsing, as Falco's rules) too", {
  skip: !HAVE_SYSDIG && "sysdig not installed",
}, async () => {
  process.env.TZ = "UTC";
  const candidates = generatedFilters().filter((_, i) => i % 3 === 0);
  const format = "%evt.num";
  const runs = await pool(
    candidates.map((flt) => () => sysdigAsync(["-d", "-r", combined, "-p", format, flt])),
    4,
  );
  const mismatches: string[] = [];
  let compared = 0;
  for (const [i, flt] of candidates.entries()) {
    const r = runs[i] as Run;
    if (r.status !== 0) continue;
    compared++;
    const want = splitLines(r.stdout);
    const got = await lannerLines(combined, format, flt, true);
    if (want.join(",") !== got.join(","))
      mismatches.push(`${flt}: sysdig ${want.length}, lanner ${got.length}`);
  }
  assert.ok(compared >= 50, `only ${compared} compared`);
  assert.deepEqual(mismatches, []);
});
