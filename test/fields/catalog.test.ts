// The field catalogs against what upstream rules use and what sysdig lists.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { listFields } from "../../src/cli/fields.js";
import {
  fieldClassesBySource,
  syscallEventTypes,
  syscallFieldClasses,
} from "../../src/fields/catalog/index.js";
import { FieldRegistry } from "../../src/fields/registry.js";

// Tests run from the project root; ../shared sits beside it.
const USAGE_FILE = resolve(process.cwd(), "../shared/reference/fields-used-by-upstream-rules.txt");

function readUsage(): string {
  assert.ok(existsSync(USAGE_FILE), `missing ${USAGE_FILE} (run the tests from the project root)`);
  return readFileSync(USAGE_FILE, "utf8");
}

/** Field references of the usage tables: `proc.aname[2]`, `evt.arg.flags`, `jevt.value[/stage]`. */
function usedFields(text: string): string[] {
  const refs = new Set<string>();
  let inTables = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("## "))
      inTables = !line.startsWith("## Distinct evt.type") && !line.startsWith("## Operators");
    if (!inTables) continue;
    const m = /^\s*\d+(?:\s+\d+)*\s+([A-Za-z][\w.]*(?:\[[^\]]*\])?)\s*$/.exec(line);
    if (m?.[1]) refs.add(m[1]);
  }
  return [...refs];
}

/** The evt.type names of the "Distinct evt.type values" section. */
function usedEventTypes(text: string): string[] {
  const section = text.slice(text.indexOf("## Distinct evt.type values"));
  const names = new Set<string>();
  for (const line of section.split("\n").slice(1)) {
    if (line.startsWith("## ")) break;
    const m = /^[^:]+\(\d+\):\s*(.*)$/.exec(line);
    for (const n of m?.[1]?.split(/\s+/) ?? []) if (n) names.add(n);
  }
  return [...names];
}

function sourceOf(ref: string): string {
  return ref.startsWith("ka.") || ref.startsWith("jevt.") || ref.startsWith("json.")
    ? "k8s_audit"
    : "syscall";
}

const registries = new Map(
  Object.entries(fieldClassesBySource).map(([source, classes]) => [source, new FieldRegistry(classes)]),
);

test("every field upstream rules use resolves in its source, with a valid argument", () => {
  const refs = usedFields(readUsage());
  assert.ok(refs.length >= 140, `expected the usage tables to list about 148 fields, parsed ${refs.length}`);
  for (const ref of refs) {
    const bracket = /^([^[]+)\[(.*)\]$/.exec(ref);
    const name = bracket?.[1] ?? ref;
    const arg = bracket?.[2];
    const registry = registries.get(sourceOf(ref));
    assert.ok(registry);
    const resolved = registry.resolve(name, arg);
    assert.ok(resolved, `${ref} does not resolve in source ${sourceOf(ref)}`);
    const spec = resolved.def.arg;
    if (resolved.arg !== undefined) {
      assert.ok(spec, `${ref}: ${resolved.def.name} takes no argument`);
      if (spec.kind === "index") assert.match(resolved.arg, /^\d+$/, `${ref}: the argument must be an index`);
      if (spec.kind === "path")
        assert.match(resolved.arg, /^\//, `${ref}: the argument must be a JSON pointer`);
    } else {
      assert.ok(!spec?.required, `${ref}: ${resolved.def.name} needs an argument`);
    }
  }
});

test("argument forms follow libsinsp", () => {
  const sys = registries.get("syscall");
  const ka = registries.get("k8s_audit");
  assert.ok(sys && ka);
  assert.deepEqual(
    [sys.resolve("evt.arg.flags")?.def.name, sys.resolve("evt.arg.flags")?.arg],
    ["evt.arg", "flags"],
  );
  assert.equal(sys.resolve("evt.arg", "0")?.def.name, "evt.arg");
  assert.equal(sys.resolve("evt.args")?.def.name, "evt.args");
  assert.equal(sys.resolve("evt.rawarg.res")?.arg, "res");
  assert.equal(sys.resolve("evt.type.is.open")?.def.name, "evt.type.is");
  assert.equal(sys.resolve("thread.cgroup.cpuacct")?.arg, "cpuacct");
  assert.equal(sys.resolve("evt.abspath.dst")?.def.name, "evt.abspath.dst");
  assert.equal(sys.resolve("proc.aname")?.def.anyWithoutArg, true);
  assert.equal(sys.resolve("proc.aexepath", "2")?.def.arg?.kind, "index");
  assert.equal(sys.resolve("k8s.pod.label", "app")?.def.name, "k8s.pod.label");
  // Plugin fields take bracket arguments only.
  assert.equal(sys.resolve("k8s.pod.label.app"), undefined);
  assert.equal(sys.resolve("container.mount.dest", "/var/run/docker.sock")?.def.arg?.required, true);
  assert.equal(ka.resolve("ka.req.pod.containers.image")?.def.isList, true);
  assert.equal(ka.resolve("ka.uri.param", "command")?.def.arg?.required, true);
  assert.equal(ka.resolve("jevt.value", "/stage")?.def.arg?.kind, "path");
  assert.equal(ka.resolve("proc.name"), undefined);
  assert.equal(sys.resolve("ka.verb"), undefined);
  assert.equal(sys.resolve("fd.net")?.def.filterOnly, true);
});

test("every evt.type value upstream rules use is a known syscall event type", () => {
  const types = usedEventTypes(readUsage());
  assert.ok(types.length >= 41, `expected 41 evt.type values, parsed ${types.length}`);
  const unknown = types.filter((t) => !syscallEventTypes.has(t));
  assert.deepEqual(unknown, []);
  for (const t of [
    "mmap",
    "clone3",
    "memfd_create",
    "io_uring_setup",
    "procexit",
    "container",
    "asyncevent",
  ]) {
    assert.ok(syscallEventTypes.has(t), `${t} should be a syscall event type`);
  }
  assert.ok(!syscallEventTypes.has("NA") && !syscallEventTypes.has("nosuchcall"));
});

test("field names are unique within each source", () => {
  for (const [source, classes] of Object.entries(fieldClassesBySource)) {
    const seen = new Set<string>();
    for (const f of classes.flatMap((c) => c.fields)) {
      assert.ok(!seen.has(f.name), `${f.name} is defined twice in source ${source}`);
      seen.add(f.name);
      assert.ok(f.desc.length > 0, `${f.name} has no description`);
    }
  }
});

/** `sysdig -l`, or why it cannot run. */
function sysdigList(): { text: string } | { skip: string } {
  try {
    return { text: execFileSync("sysdig", ["-l"], { encoding: "utf8", maxBuffer: 16 << 20 }) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skip: code === "ENOENT" ? "sysdig is not installed" : `sysdig -l failed: ${String(err)}` };
  }
}

const sysdig = sysdigList();

test("every field sysdig lists in the evt, process, fd, fdlist, user, group and fs.path classes is in the catalog", {
  skip: "skip" in sysdig ? `${sysdig.skip}; the oracle check needs it` : false,
}, () => {
  assert.ok("text" in sysdig);
  const wanted = new Set(["evt", "process", "proc", "thread", "fd", "fdlist", "user", "group", "fs.path"]);
  const catalog = new Set(syscallFieldClasses.flatMap((c) => c.fields.map((f) => f.name)));
  let cls = "";
  const missing: string[] = [];
  let checked = 0;
  for (const line of sysdig.text.split("\n")) {
    const header = /^Field Class:\s+(\S+)/.exec(line);
    if (header?.[1]) {
      cls = header[1];
      continue;
    }
    const field = /^([a-z][\w.]*)(?:\s|$)/.exec(line);
    if (!field?.[1] || !wanted.has(cls)) continue;
    checked++;
    if (!catalog.has(field[1])) missing.push(field[1]);
  }
  assert.ok(checked > 100, `parsed only ${checked} fields from sysdig -l`);
  assert.deepEqual(missing, []);
});

test("listFields renders text, names and JSON, and rejects unknown sources", () => {
  const text = listFields({ source: "syscall" });
  assert.match(text, /^Field Class: +proc$/m);
  assert.match(text, /^proc\.name +CHARBUF +\S/m);
  assert.doesNotMatch(text, /^evt\.outputtime/m);
  assert.ok(text.split("\n").every((l) => l.length <= 120));

  const names = listFields({ source: "k8s_audit", namesOnly: true }).trimEnd().split("\n");
  assert.ok(names.includes("ka.verb") && names.includes("evt.time"));
  assert.ok(!names.includes("proc.name") && !names.includes("ka.req.container.image"));

  const json = JSON.parse(listFields({ json: true })) as {
    fieldclasses: { name: string; event_sources: string[]; fields: { name: string; is_list: boolean }[] }[];
  };
  const generic = json.fieldclasses[0];
  assert.deepEqual(generic?.event_sources, ["k8s_audit", "syscall"]);
  const ka = json.fieldclasses.find((c) => c.name === "ka");
  assert.equal(ka?.fields.find((f) => f.name === "ka.user.groups")?.is_list, true);

  assert.throws(() => listFields({ source: "nope" }), /known sources: syscall, k8s_audit/);
});
