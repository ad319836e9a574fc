// metrics snapshots: the fields as Falco names them, computed from this machine's /proc; and the
// agent as a real process writing them every metrics.interval, as internal alerts and to output_file.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { MetricsSnapshotter, sanitizeMetricName } from "../../src/agent/metrics-snapshot.js";
import { loadConfig } from "../../src/config/index.js";
import { formatAlertText } from "../../src/outputs/alert.js";
import { replayScap } from "../../src/syscall/replay.js";
import { StateEngine } from "../../src/syscall/state/engine.js";
import { SECRET_RULE } from "../helpers/audit-rules.js";
import { Watcher } from "../helpers/processes.js";
import { makeTempDir } from "../helpers/temp-dirs.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const events = path.resolve(process.cwd(), "../shared/conformance/falco-regression/trace_files/k8s_audit");

function snapshotter(overrides: string[] = []): MetricsSnapshotter {
  const r = loadConfig({ overrides: ["metrics.enabled=true", ...overrides] });
  assert.ok(r.ok);
  const config = r.config;
  return new MetricsSnapshotter(
    {
      version: "9.9.9",
      hostname: "node-a",
      startNs: 1_000_000_000_000n,
      reloadNs: () => 1_000_000_000_000n,
      configFiles: () => [],
      rulesFiles: () => [path.join(events, "create_secret.json"), "/nonexistent/rules.yaml"],
    },
    () => config.metrics,
  );
}

test("snapshot fields: Falco's names, rates from the previous snapshot, empty values left out", () => {
  const s = snapshotter();
  const rules = new Map([
    ["Create Secret (k8s)", 2],
    ["Never matched", 0],
  ]);
  const first = s.fields({
    source: "k8s_audit",
    nowNs: 3_000_000_000_000n,
    events: 10,
    rules,
    outputDrops: 0,
  });
  assert.equal(first["evt.source"], "k8s_audit");
  assert.equal(first["evt.hostname"], "node-a");
  assert.equal(first["falco.version"], "9.9.9");
  assert.equal(first["falco.duration_sec"], 2000);
  assert.equal(first["falco.num_evts"], 10);
  assert.equal(first["falco.num_evts_prev"], 0);
  assert.equal(first["falco.evts_rate_sec"], undefined, "no rate before a second snapshot");
  assert.equal(first["falco.rules.Create_Secret__k8s_"], 2);
  assert.equal(first["falco.rules.matches_total"], 2);
  assert.equal(first["falco.rules.Never_matched"], undefined, "include_empty_values is false");
  const digest = createHash("sha256")
    .update(readFileSync(path.join(events, "create_secret.json")))
    .digest("hex");
  assert.equal(first["falco.sha256_rules_file.create_secret_json"], digest);
  assert.equal((first["falco.host_num_cpus"] as number) > 0, true);
  assert.ok((first["falco.memory_rss_mb"] as number) > 1, "this process' RSS from /proc/self/status");
  assert.equal(first["scap.engine_name"], undefined, "not a syscall source");
  assert.deepEqual(Object.keys(first), [...Object.keys(first)].sort(), "keys sorted as Falco's JSON");

  const second = s.fields({
    source: "k8s_audit",
    nowNs: 3_002_000_000_000n,
    events: 30,
    rules,
    outputDrops: 1,
  });
  assert.equal(second["falco.evts_rate_sec"], 10);
  assert.equal(second["falco.num_evts_prev"], 10);
  assert.equal(second["falco.outputs_queue_num_drops"], 1);

  const kernel = s.fields({
    source: "syscall",
    nowNs: 3_000_000_000_000n,
    events: 900,
    rules: new Map(),
    outputDrops: 0,
    engine: "modern_ebpf",
    kernel: { events: 900, drops: 100 },
  });
  assert.equal(kernel["scap.engine_name"], "modern_ebpf");
  assert.equal(kernel["scap.n_evts"], 1000);
  assert.equal(kernel["scap.n_drops"], 100);
  assert.equal(kernel["scap.n_drops_perc"], 10);
});

test("state counters: a real capture's thread and fd tables, under libsinsp's names", async () => {
  const state = new StateEngine();
  const capture = path.resolve(
    process.cwd(),
    "../shared/conformance/falco-regression/trace_files/cat_write.scap",
  );
  await replayScap(capture, { state, onEvent: () => undefined });
  const f = snapshotter().fields({
    source: "syscall",
    nowNs: 2_000_000_000_000n,
    events: 345,
    rules: new Map(),
    outputDrops: 0,
    engine: "savefile",
    state: { threads: state.threads.size, fds: state.threads.fdCount(), counters: state.counters },
  });
  // The capture lists 73 threads and 384 fds (`lanner capture info`); cat's one procexit removes a thread.
  assert.ok((f["falco.n_added_threads"] as number) >= 73);
  assert.equal(f["falco.n_removed_threads"], 1);
  assert.equal(f["falco.n_threads"], (f["falco.n_added_threads"] as number) - 1);
  assert.ok((f["falco.n_added_fds"] as number) >= 384);
  assert.ok(
    (f["falco.n_fds"] as number) >= (f["falco.n_added_fds"] as number) - (f["falco.n_removed_fds"] as number),
  );
  assert.ok((f["falco.n_cached_thread_lookups"] as number) > 0, "events come in runs per thread");
  assert.equal(f["falco.n_stored_evts"], undefined, "no event store: 0, left out");
});

test("include_empty_values and convert_memory_to_mb=false: zero counters kept, memory in kB", () => {
  const s = snapshotter(["metrics.include_empty_values=true", "metrics.convert_memory_to_mb=false"]);
  const f = s.fields({
    source: "k8s_audit",
    nowNs: 2_000_000_000_000n,
    events: 0,
    rules: new Map([["Never matched", 0]]),
    outputDrops: 0,
  });
  assert.equal(f["falco.rules.Never_matched"], 0);
  assert.ok((f["falco.memory_rss_kb"] as number) > 1024);
  assert.equal(f["falco.memory_rss_mb"], undefined);
  // output_file lines: the fields object and a sample number; 64-bit times as JSON numbers.
  const line = JSON.parse(s.fileLine(f, true)) as { output_fields: Record<string, unknown>; sample: number };
  assert.equal(line.sample, 1);
  assert.equal(line.output_fields["falco.start_ts"], 1_000_000_000_000);
  // The text line lists the fields as JSON values, as Falco's internal messages do.
  const text = formatAlertText(s.alert(f, 2_000_000_000_000_000_000n));
  assert.match(text, /: Informational Falco metrics snapshot \(evt\.hostname="node-a" /);
  assert.match(text, / falco\.start_ts=1000000000000 /);
  assert.equal(sanitizeMetricName("Read sensitive file (untrusted)"), "Read_sensitive_file__untrusted_");
});

test("lanner run with metrics: snapshots every interval as internal alerts and output_file lines", async () => {
  const dir = makeTempDir("lanner-metrics");
  const rules = path.join(dir, "rules.yaml");
  writeFileSync(rules, SECRET_RULE);
  const log = path.join(dir, "audit.log");
  writeFileSync(log, readFileSync(path.join(events, "create_secret.json")));
  const out = path.join(dir, "metrics.jsonl");
  const w = new Watcher(
    spawn(process.execPath, [
      bin,
      "run",
      "-r",
      rules,
      "--disable-source",
      "syscall",
      "--follow",
      log,
      "-o",
      "json_output=true",
      "-o",
      "webserver.enabled=false",
      "-o",
      "k8s_audit.enabled=false",
      "-o",
      "metrics.enabled=true",
      "-o",
      "metrics.interval=250ms",
      "-o",
      `metrics.output_file=${out}`,
      "-M",
      "2",
    ]),
  );
  const code = await w.closed;
  assert.equal(code, 0, w.err);
  const stdout = w.out;
  const alerts = stdout
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          rule: string;
          source: string;
          priority: string;
          output_fields: Record<string, unknown>;
        },
    );
  assert.equal(alerts.filter((a) => a.rule === "secret created").length, 1);
  const snaps = alerts.filter((a) => a.rule === "Falco internal: metrics snapshot");
  assert.ok(snaps.length >= 3, `${snaps.length} snapshots in 2 s at 250ms:\n${stdout}`);
  const last = snaps.at(-1) as (typeof snaps)[number];
  assert.equal(last.source, "internal");
  assert.equal(last.priority, "Informational");
  assert.equal(last.output_fields["evt.source"], "k8s_audit");
  assert.equal(last.output_fields["falco.num_evts"], 1);
  assert.equal(last.output_fields["falco.rules.secret_created"], 1);
  const digest = createHash("sha256").update(readFileSync(rules)).digest("hex");
  assert.equal(last.output_fields["falco.sha256_rules_file.rules_yaml"], digest);

  const lines = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { output_fields: Record<string, unknown>; sample: number });
  assert.equal(lines.length, snaps.length, "one file line per alert");
  assert.deepEqual(
    lines.map((l) => l.sample),
    lines.map((_, i) => i + 1),
  );
  assert.equal(lines.at(-1)?.output_fields["falco.rules.matches_total"], 1);
});
