// Rules engine benchmarks: load+compile time of the upstream rules, and rule evaluations per
// second of the compiled stable ruleset over an in-memory array of syscall-like events.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ruleset } from "../src/engine/ruleset.js";
import { defaultSchemas } from "../src/engine/sources.js";
import { syscallEventTypes, syscallFieldClasses } from "../src/fields/catalog/index.js";
import type { EventSchema, FieldValue } from "../src/fields/types.js";
import { loadRules, type RulesSource } from "../src/rules/index.js";

const shared = path.resolve(process.cwd(), "../shared");
const upstream = ["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"].map((f) =>
  path.join(shared, "rules/upstream", f),
);
const k8sRules = path.join(shared, "rules/upstream/k8s_audit_rules.yaml");

function read(files: string[]): RulesSource[] {
  return files.map((name) => ({ name, content: readFileSync(name, "utf8") }));
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** Load and compile the four upstream files together: first run (cold) and best of 10 (warm). */
export function benchLoad(): BenchResult[] {
  const sources = read([...upstream, k8sRules]);
  const schemas = defaultSchemas();
  const times: number[] = [];
  let rules = 0;
  for (let i = 0; i < 11; i++) {
    const t0 = process.hrtime.bigint();
    const res = loadRules(sources, schemas);
    times.push(ms(t0));
    if (!res.ok)
      throw new Error(`upstream rules did not load: ${JSON.stringify(res.perFile.map((f) => f.errors))}`);
    rules = res.rules.length;
  }
  const warm = Math.min(...times.slice(1));
  return [
    { name: `load+compile 4 upstream files (${rules} rules), cold`, value: times[0] as number, unit: "ms" },
    {
      name: "load+compile 4 upstream files, warm (best of 10)",
      value: warm,
      unit: "ms",
      target: "<= 200 ms",
    },
  ];
}

type PlainEvent = Record<string, FieldValue | undefined>;

/** A syscall schema over plain objects keyed by field name (`proc.aname[2]`, `evt.arg[flags]`). */
const plainSchema: EventSchema<PlainEvent> = {
  source: "syscall",
  classes: syscallFieldClasses,
  eventTypes: syscallEventTypes,
  bind(field, arg) {
    const key = arg === undefined ? field.name : `${field.name}[${arg}]`;
    return (e) => e[key];
  },
};

/** Deterministic pseudo-random events resembling a busy node's syscall mix. */
function makeEvents(n: number): PlainEvent[] {
  let seed = 42;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
  const types = [
    "open",
    "openat",
    "openat",
    "openat",
    "execve",
    "connect",
    "accept4",
    "close",
    "unlinkat",
    "renameat2",
    "mkdir",
    "setuid",
    "ptrace",
    "sendto",
  ];
  const procs = [
    "bash",
    "cat",
    "nginx",
    "python3",
    "sshd",
    "curl",
    "node",
    "java",
    "sh",
    "containerd-shim",
    "kubelet",
    "ls",
  ];
  const files = [
    "/etc/passwd",
    "/etc/shadow",
    "/var/log/syslog",
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/tmp/x",
    "/proc/self/status",
    "/root/.ssh/id_rsa",
    "/dev/null",
    "/bin/ls",
  ];
  const events: PlainEvent[] = [];
  for (let i = 0; i < n; i++) {
    const name = pick(procs);
    const pname = pick(procs);
    const fd = pick(files);
    events.push({
      "evt.type": pick(types),
      "evt.num": i + 1,
      "evt.res": rnd(10) === 0 ? "ENOENT" : "SUCCESS",
      "evt.rawres": rnd(10) === 0 ? -2 : 3,
      "evt.dir": "<",
      "evt.is_open_read": rnd(2) === 0 ? "true" : "false",
      "evt.is_open_write": rnd(3) === 0 ? "true" : "false",
      "evt.arg[flags]": "O_RDONLY|O_CLOEXEC",
      "proc.name": name,
      "proc.exe": `/usr/bin/${name}`,
      "proc.exepath": `/usr/bin/${name}`,
      "proc.pname": pname,
      "proc.pexe": `/usr/bin/${pname}`,
      "proc.cmdline": `${name} -c something ${fd}`,
      "proc.pcmdline": `${pname} --flag`,
      "proc.args": `-c something ${fd}`,
      "proc.aname": [pname, "systemd"],
      "proc.aname[2]": "systemd",
      "proc.aname[3]": undefined,
      "proc.tty": rnd(4) === 0 ? 34816 : 0,
      "proc.vpid": 1 + rnd(50),
      "proc.sname": "bash",
      "proc.cwd": "/root/",
      "user.name": rnd(3) === 0 ? "root" : "www-data",
      "user.uid": rnd(3) === 0 ? 0 : 33,
      "user.loginuid": -1,
      "fd.name": fd,
      "fd.nameraw": fd,
      "fd.directory": fd.slice(0, fd.lastIndexOf("/")) || "/",
      "fd.filename": fd.slice(fd.lastIndexOf("/") + 1),
      "fd.typechar": "f",
      "fd.type": "file",
      "fd.num": 3 + rnd(20),
      "container.id": rnd(2) === 0 ? "host" : "3ad7b26ded6d",
      "container.image.repository": rnd(2) === 0 ? "" : "docker.io/library/nginx",
      "thread.cap_effective": "CAP_CHOWN CAP_NET_BIND_SERVICE",
    });
  }
  return events;
}

/** Rule evaluations per second of the stable ruleset (every candidate rule evaluated per event). */
export function benchEvaluate(): BenchResult[] {
  const schemas = new Map<string, EventSchema<unknown>>([["syscall", plainSchema as EventSchema<unknown>]]);
  const res = loadRules(read([upstream[0] as string]), schemas);
  if (!res.ok) throw new Error("stable rules did not load");
  const ruleset = new Ruleset(res.rules, { matching: "all" });
  const events = makeEvents(200_000);
  let evaluations = 0;
  let matches = 0;
  const run = () => {
    for (const e of events) {
      const type = e["evt.type"] as string;
      for (const r of ruleset.candidates(type)) {
        evaluations++;
        if (r.filter.match(e)) matches++;
      }
    }
  };
  run(); // warm-up
  evaluations = 0;
  matches = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 3; i++) run();
  const secs = ms(t0) / 1000;
  return [
    {
      name: `rule evaluations/s, stable ruleset (${ruleset.rules.length} rules, ${evaluations} evaluations, ${matches} matches)`,
      value: evaluations / secs,
      unit: "evals/s",
      target: ">= 2,000,000",
    },
    {
      name: "events/s through the stable ruleset (all candidate rules per event)",
      value: (events.length * 3) / secs,
      unit: "events/s",
    },
  ];
}
