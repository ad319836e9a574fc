// Audit logs evaluated by worker threads give what reading them in order gives: the same alerts in
// the same order (their lines too, rendered in the workers), the same diagnostics with the same
// line numbers, the same counts; and a log the workers cannot cut (a bad line, a document spanning
// lines, a rule reading evt.num) is finished in order from the chunk that stopped them.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { Agent, type AgentOptions } from "../../src/agent/agent.js";
import { defaultConfig } from "../../src/config/index.js";
import { readAuditEvents } from "../../src/k8saudit/index.js";
import { alertLine, lineFormat } from "../../src/outputs/line-format.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import { SHARED, traceLines } from "../k8saudit/helpers.js";

const UPSTREAM = path.join(SHARED, "rules/upstream/k8s_audit_rules.yaml");
const dir = makeTempDir("lanner-audit-workers");
const EVERY_VERB = path.join(dir, "every-verb.yaml");
writeFileSync(
  EVERY_VERB,
  `- rule: Every verb
  desc: an alert per event with its time from the start
  condition: ka.verb exists
  output: "%ka.verb %evt.reltime %evt.reltime.s %evt.time"
  priority: NOTICE
  source: k8s_audit
`,
);

/** Sample lines that are one audit event each. */
const samples = traceLines().filter((l) => {
  const r = readAuditEvents(l);
  return r.events.length === 1 && r.diagnostics.length === 0;
});

/** A log of the samples repeated to some 200 KB, each line made unique by its auditID. */
function sampleLog(name: string, edit: (lines: string[]) => string[] = (l) => l, eol = "\n"): string {
  const lines: string[] = [];
  for (let i = 0; lines.join("\n").length < 200_000 || lines.length % samples.length !== 0; i++) {
    const obj = JSON.parse(samples[i % samples.length] as string) as Record<string, unknown>;
    lines.push(JSON.stringify({ ...obj, auditID: `workers-${i}` }));
  }
  const file = path.join(dir, name);
  writeFileSync(file, `${edit(lines).join(eol)}${eol}`);
  return file;
}

interface Run {
  lines: string[];
  alerts: string[];
  warnings: string[];
  debug: string[];
  summary: string;
}

/** Replays `files` through an agent, evaluated by workers in 16 KiB chunks or (threads: 1) in order. */
async function run(
  files: string[],
  threads: number,
  rulesPaths = [UPSTREAM],
  onAlert?: (agent: Agent, n: number) => void,
): Promise<Run> {
  const config = { ...defaultConfig(), rules_files: rulesPaths, json_output: true };
  const format = lineFormat(config);
  const out: Run = { lines: [], alerts: [], warnings: [], debug: [], summary: "" };
  const opts: AgentOptions = {
    config,
    rulesPaths,
    sources: ["k8s_audit"],
    version: "test",
    sink: {
      emit(alert, priority) {
        out.lines.push(alertLine(alert, format));
        onAlert?.(agent, out.lines.length);
        const { line: _line, ...rest } = alert;
        out.alerts.push(
          `${priority} ${JSON.stringify(rest, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`,
        );
      },
      async close() {},
    },
    log: (level, message) => {
      if (level === "warning") out.warnings.push(message);
      if (level === "debug") out.debug.push(message);
    },
    replay: files,
    auditWorkers: { threads, minBytes: 0, chunkBytes: 16 * 1024, sliceBytes: 3000 },
  };
  const agent: Agent = new Agent(opts);
  await agent.start();
  await agent.stop();
  out.summary = agent.summary();
  return out;
}

/** Both runs of `files`, compared; returns the workers' run. */
async function same(files: string[], rulesPaths?: string[]): Promise<Run> {
  const inOrder = await run(files, 1, rulesPaths);
  const workers = await run(files, 2, rulesPaths);
  assert.ok(inOrder.alerts.length > 0, "the log raises alerts");
  assert.deepEqual(workers.alerts, inOrder.alerts);
  assert.deepEqual(workers.lines, inOrder.lines);
  assert.deepEqual(workers.warnings, inOrder.warnings);
  assert.equal(workers.summary, inOrder.summary);
  assert.ok(!inOrder.debug.some((m) => m.includes("worker threads")), "threads: 1 reads in order");
  return workers;
}

describe("audit logs evaluated by worker threads", () => {
  test("a JSON-lines log: every chunk in the workers, the same alerts and lines", async () => {
    const w = await same([sampleLog("clean.log")]);
    assert.ok(
      w.debug.some((m) => m.endsWith("evaluated in 2 worker threads")),
      w.debug.join("\n"),
    );
    assert.ok(!w.debug.some((m) => m.includes("read in order")), w.debug.join("\n"));
  });

  test("CRLF line ends and a byte order mark read as in order", async () => {
    const file = sampleLog("crlf.log", (l) => [`\ufeff${l[0]}`, ...l.slice(1)], "\r\n");
    const w = await same([file]);
    assert.ok(!w.debug.some((m) => m.includes("read in order")), w.debug.join("\n"));
  });

  test("a bad line and a pretty-printed event: finished in order, diagnostics on the same lines", async () => {
    const file = sampleLog("mixed.log", (l) => {
      const mid = Math.floor(l.length / 2);
      const pretty = JSON.stringify(JSON.parse(l[mid] as string), null, 2);
      return [...l.slice(0, mid), "not json", pretty, ...l.slice(mid + 1)];
    });
    const w = await same([file]);
    assert.ok(
      w.warnings.some((m) => m.includes("data not recognized")),
      "the bad line is reported",
    );
    const resumed = w.debug.find((m) => m.includes("read in order from line"));
    assert.ok(resumed, w.debug.join("\n"));
    assert.match(resumed, /: a line that is no event, or a document spanning lines \(invalid JSON: /);
    const from = Number(/line (\d+)/.exec(resumed)?.[1]);
    assert.ok(from > 1, "the chunks before the bad line were the workers'");
  });

  test("evt.reltime counts from the first file's first event, across files", async () => {
    const w = await same([sampleLog("first.log"), sampleLog("second.log")], [EVERY_VERB]);
    assert.equal(w.debug.filter((m) => m.endsWith("evaluated in 2 worker threads")).length, 2);
  });

  test("a reload during the replay: the chunks after it are read in order with the new rules", async () => {
    const file = sampleLog("reloaded.log");
    const lines = readFileSync(file, "utf8").split("\n").length - 1;
    const config = { ...defaultConfig(), rules_files: [EVERY_VERB] };
    const w = await run([file], 2, [UPSTREAM], (agent, n) => {
      if (n === 1) assert.ok(agent.reload(config, [EVERY_VERB]));
    });
    const resumed = w.debug.find((m) => m.includes("read in order from line"));
    assert.ok(resumed, w.debug.join("\n"));
    assert.match(resumed, /: the rules were reloaded$/);
    const from = Number(/line (\d+)/.exec(resumed)?.[1]);
    assert.ok(from > 1 && from < lines, `resumed at line ${from} of ${lines}`);
    // Every event from that line on raised the new rule's alert, and no other rule's.
    const newRule = w.alerts.filter((a) => a.includes('"rule":"Every verb"')).length;
    assert.equal(newRule, lines - from + 1);
    assert.ok(w.alerts.slice(-newRule).every((a) => a.includes('"rule":"Every verb"')));
    assert.ok(w.alerts.length > newRule, "the first chunk's alerts came from the upstream rules");
  });

  test("a rule reading evt.num keeps the log in order", async () => {
    const rules = path.join(dir, "num.yaml");
    writeFileSync(
      rules,
      `- rule: Numbered
  desc: an alert per event with its number
  condition: ka.verb exists
  output: "%evt.num %ka.verb"
  priority: NOTICE
  source: k8s_audit
`,
    );
    const file = sampleLog("numbered.log");
    const w = await run([file], 2, [rules]);
    assert.ok(!w.debug.some((m) => m.includes("worker threads")), w.debug.join("\n"));
    assert.match(w.lines.at(-1) ?? "", new RegExp(`"output":"[^"]* ${w.lines.length} `));
  });
});

test("a pre-rendered line is used only by a pipeline of the same format", () => {
  const json = lineFormat({ json_output: true, hostname: "h" });
  const text = lineFormat({ json_output: false, hostname: "h" });
  const alert = {
    rule: "r",
    priority: "Notice",
    source: "k8s_audit",
    tags: [],
    timeNs: 1_700_000_000_123_456_789n,
    message: "m",
    fields: {},
  };
  const pre = { ...alert, line: { format: json.key, text: "made elsewhere" } };
  assert.equal(alertLine(pre, json), "made elsewhere");
  assert.equal(alertLine(pre, text), alertLine(alert, text));
  assert.match(alertLine(pre, text), / Notice m$/);
  assert.notEqual(lineFormat({ json_output: true, hostname: "other" }).key, json.key);
});
