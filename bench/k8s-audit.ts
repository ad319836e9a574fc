// Kubernetes audit benchmarks. (a) A 1M-event audit log made by repeating the sample events (each
// with its own auditID), read from disk and run through the upstream k8s audit rules: events/s.
// (b) The webhook endpoint fed by a separate load process (EventList batches of 100 over a few
// keep-alive connections): events/s through the rules, then the response time at a fixed offered
// rate of 5,000 events/s.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Agent } from "../src/agent/agent.js";
import { PipelineSink } from "../src/agent/pipeline-sink.js";
import { defaultConfig, type LannerConfig } from "../src/config/index.js";
import { Engine } from "../src/engine/engine.js";
import { defaultSchemas } from "../src/engine/sources.js";
import { type AuditEvent, auditObject, K8S_AUDIT_SOURCE, readAuditFile } from "../src/k8saudit/index.js";
import { startAuditWebhook } from "../src/k8saudit/server.js";
import { buildAlert, detachAlert } from "../src/outputs/alert.js";
import { alertLine, lineFormat } from "../src/outputs/line-format.js";
import { type LoadedRule, loadRules, readRulesFiles } from "../src/rules/index.js";
import type { BenchResult } from "./rules-engine.js";

const shared = path.resolve(process.cwd(), "../shared");
const traceDir = path.join(shared, "conformance/falco-regression/trace_files/k8s_audit");
const k8sRules = path.join(shared, "rules/upstream/k8s_audit_rules.yaml");

/** Events in the generated log (LANNER_BENCH_K8S_EVENTS overrides). */
const LOG_EVENTS = Number(process.env.LANNER_BENCH_K8S_EVENTS ?? 1_000_000);
const THROUGHPUT_MS = 5000;
const RATE_MS = 4000;
const BATCH = 100;
const CONNECTIONS = 4;

/** Each sample event's compact text cut around its auditID value: [before, after]. */
async function sampleTemplates(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const f of readdirSync(traceDir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    for (const e of (await readAuditFile(path.join(traceDir, f))).events) {
      const text = JSON.stringify({ ...auditObject(e), auditID: "\u0000" });
      const [a, b] = text.split('"\\u0000"');
      out.push([`${a}"`, `"${b}`]);
    }
  }
  return out;
}

function k8sRulesLoaded(): LoadedRule[] {
  const loaded = loadRules(readRulesFiles([k8sRules]), defaultSchemas());
  if (!loaded.ok) throw new Error("k8s audit rules did not load");
  return loaded.rules;
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
/** CPU time (user + system) of this process since `from`, in seconds. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

/** The JSON line format of a pipeline with json_output (hostname fixed). */
const JSON_LINES = lineFormat({ json_output: true, hostname: "bench" });

/**
 * Evaluates one event, builds and detaches its alerts and renders their JSON lines as `lanner run`
 * does with json_output (the alerts' cost exceeds the rules'); returns how many there were.
 */
function raiseAlerts(engine: Engine, e: AuditEvent): number {
  let n = 0;
  for (const rule of engine.process(K8S_AUDIT_SOURCE, e)) {
    alertLine(detachAlert(buildAlert(rule, e, e.tsNs)), JSON_LINES);
    n++;
  }
  return n;
}

/** Writes `n` log lines cycling over the samples, auditIDs `bench-<i>`; returns the byte size. */
function writeLog(file: string, templates: [string, string][], n: number): number {
  const fd = openSync(file, "w");
  let size = 0;
  try {
    let parts: string[] = [];
    let pending = 0;
    for (let i = 0; i < n; i++) {
      const t = templates[i % templates.length] as [string, string];
      const line = `${t[0]}bench-${i}${t[1]}\n`;
      parts.push(line);
      pending += line.length;
      if (pending >= 8 << 20) {
        size += writeSync(fd, parts.join(""));
        parts = [];
        pending = 0;
      }
    }
    size += writeSync(fd, parts.join(""));
  } finally {
    closeSync(fd);
  }
  return size;
}

/** (a) The log replayed as `lanner run -e` does: every event through the rules, JSON alerts written out. */
async function benchLogFile(dir: string, templates: [string, string][]): Promise<BenchResult[]> {
  const file = path.join(dir, "audit.log");
  const tGen = process.hrtime.bigint();
  const bytes = writeLog(file, templates, LOG_EVENTS);
  const genS = seconds(tGen);

  // JSON.parse alone over lines held in memory: the bound of a reader that parses whole events.
  const sample = Array.from({ length: 50_000 }, (_, i) => {
    const t = templates[i % templates.length] as [string, string];
    return `${t[0]}p-${i}${t[1]}`;
  });
  const tParse = process.hrtime.bigint();
  for (const l of sample) JSON.parse(l);
  const parseRate = sample.length / seconds(tParse);

  /**
   * The agent replaying the log, alerts through the output pipeline as JSON into a file output
   * (/dev/null); by worker threads (the default for a log this large) or, with one thread, in order
   * (the reader in a thread of its own, the rules in the main thread).
   */
  const run = async (threads?: number) => {
    const config: LannerConfig = {
      ...defaultConfig(),
      rules_files: [k8sRules],
      json_output: true,
      stdout_output: { enabled: false },
      file_output: { enabled: true, keep_alive: true, filename: "/dev/null" },
    };
    const sink = new PipelineSink(config, () => {});
    let alerts = 0;
    const debug: string[] = [];
    const agent = new Agent({
      config,
      rulesPaths: [k8sRules],
      sources: [K8S_AUDIT_SOURCE],
      version: "bench",
      sink: {
        emit(a, p) {
          alerts++;
          sink.emit(a, p);
        },
        close: () => sink.close(),
      },
      log: (level, m) => level === "debug" && debug.push(m),
      replay: [file],
      ...(threads !== undefined ? { auditWorkers: { threads } } : {}),
    });
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await agent.start();
    await agent.stop();
    const secs = seconds(t0);
    const how = debug.find((m) => m.includes("evaluated in")) ?? "evaluated in order";
    return { alerts, secs, cpuS: cpuSeconds(cpu0), how: how.slice(how.indexOf("evaluated")) };
  };
  // The default for this machine, then the other way: in order, or by two workers forced.
  const chosen = await run();
  const other = await run(chosen.how === "evaluated in order" ? 2 : 1);
  rmSync(file, { force: true });
  const mb = (bytes / 1e6).toFixed(0);
  const n = LOG_EVENTS.toLocaleString("en-US");
  return [
    {
      name: `audit log: events/s replayed as lanner run -e does (${chosen.how}, the default here), ${n} events of a ${mb} MB log (written in ${genS.toFixed(1)} s) through the upstream k8s audit rules, ${chosen.alerts.toLocaleString("en-US")} alerts written as JSON`,
      value: LOG_EVENTS / chosen.secs,
      unit: "events/s",
      target: ">= 100,000",
    },
    {
      name: "audit log: the same per second of this process's CPU time (all threads)",
      value: LOG_EVENTS / chosen.cpuS,
      unit: "events/cpu-s",
    },
    {
      name: `audit log: events/s ${other.how} (the other way)`,
      value: LOG_EVENTS / other.secs,
      unit: "events/s",
    },
    {
      name: "audit log: the same per second of CPU time",
      value: LOG_EVENTS / other.cpuS,
      unit: "events/cpu-s",
    },
    {
      name: `audit log: JSON.parse alone of the same lines (the most a reader that parses whole events could do; avg ${Math.round(bytes / LOG_EVENTS)} bytes/event)`,
      value: parseRate,
      unit: "events/s",
    },
  ];
}

/** The load process: posts EventList batches built from the templates, prints a JSON report. */
const CLIENT_SCRIPT = String.raw`
import http from "node:http";
import { readFileSync } from "node:fs";
const cfg = JSON.parse(process.argv[2]);
const templates = JSON.parse(readFileSync(cfg.templates, "utf8"));
const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.connections });
let next = 0;
// The body is written as bytes straight from the encoded templates: building it as a string and
// encoding it made this process use much of the CPU the server was measured on.
const parts = templates.map(([a, b]) => [Buffer.from(a, "utf8"), Buffer.from(b, "utf8")]);
const head = Buffer.from('{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[');
const longest = Math.max(...parts.map(([a, b]) => a.length + b.length)) + cfg.prefix.length + 21;
const capacity = head.length + cfg.batch * longest + 2;
function body(into) {
  const buf = into ?? Buffer.allocUnsafe(capacity);
  let n = head.copy(buf, 0);
  for (let k = 0; k < cfg.batch; k++) {
    if (k > 0) buf[n++] = 0x2c;
    const i = next++;
    const [a, b] = parts[i % parts.length];
    n += a.copy(buf, n);
    n += buf.write(cfg.prefix + i, n, "latin1");
    n += b.copy(buf, n);
  }
  n += buf.write("]}", n, "latin1");
  return buf.subarray(0, n);
}
const statuses = {};
const latencies = [];
function post(payload) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: "127.0.0.1", port: cfg.port, path: cfg.path, method: "POST", agent,
      headers: { "Content-Type": "application/json", "Content-Length": payload.length } }, (res) => {
      res.resume();
      res.on("end", () => {
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        resolve();
      });
    });
    req.on("error", (e) => { statuses[e.code ?? "error"] = (statuses[e.code ?? "error"] ?? 0) + 1; resolve(); });
    req.end(payload);
  });
}
const start = process.hrtime.bigint();
const elapsedMs = () => Number(process.hrtime.bigint() - start) / 1e6;
if (cfg.mode === "throughput") {
  // Each connection waits for its reply before it sends again, so it can reuse its buffer.
  await Promise.all(Array.from({ length: cfg.connections }, async () => {
    const own = Buffer.allocUnsafe(capacity);
    while (elapsedMs() < cfg.durationMs) await post(body(own));
  }));
} else {
  // Open loop: batch i leaves at i * interval whatever happened to the earlier ones.
  const interval = 1000 / cfg.batchesPerSecond;
  const total = Math.round(cfg.durationMs / interval);
  const pending = [];
  for (let i = 0; i < total; i++) {
    const wait = i * interval - elapsedMs();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(post(body()));
  }
  await Promise.all(pending);
}
const elapsed = elapsedMs();
agent.destroy();
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ requests: latencies.length, statuses, elapsedMs: elapsed,
  p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? 0, cpuS: (cpu.user + cpu.system) / 1e6 }) + "\n");
`;

interface ClientReport {
  requests: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time the load process used. */
  cpuS: number;
}

function runClient(script: string, cfg: Record<string, unknown>): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(cfg)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`load process exited with ${code}`));
      else resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as ClientReport);
    });
  });
}

const statusText = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${v}×${k}`)
    .join(", ");

/** (b) The webhook: maximum throughput, then latency at 5,000 events/s. */
async function benchWebhook(
  dir: string,
  templates: [string, string][],
  rules: LoadedRule[],
): Promise<BenchResult[]> {
  const templatesFile = path.join(dir, "templates.json");
  writeFileSync(templatesFile, JSON.stringify(templates));
  const script = path.join(dir, "load-client.mjs");
  writeFileSync(script, CLIENT_SCRIPT);
  const engine = new Engine(rules);
  let firstAt: bigint | undefined;
  let detections = 0;
  const hook = await startAuditWebhook({
    listenPort: 0,
    onEvents: (events) => {
      firstAt ??= process.hrtime.bigint();
      for (const e of events) detections += raiseAlerts(engine, e);
    },
  });
  try {
    const base = { port: hook.port, path: "/k8s-audit", templates: templatesFile, batch: BATCH };
    const cpu0 = process.cpuUsage();
    const tp = await runClient(script, {
      ...base,
      mode: "throughput",
      connections: CONNECTIONS,
      durationMs: THROUGHPUT_MS,
      prefix: "tp-",
    });
    await hook.flushed();
    const processed = hook.stats.processed;
    const rate = processed / seconds(firstAt ?? process.hrtime.bigint());
    const cpuS = cpuSeconds(cpu0);
    const rt = await runClient(script, {
      ...base,
      mode: "rate",
      connections: CONNECTIONS,
      durationMs: RATE_MS,
      batchesPerSecond: 50,
      prefix: "rate-",
    });
    await hook.flushed();
    const st = hook.stats;
    return [
      {
        name: `webhook: events/s through the rules, alerts built and rendered as JSON lines, batches of ${BATCH} from a separate process over ${CONNECTIONS} keep-alive connections (${processed.toLocaleString("en-US")} events in ~${THROUGHPUT_MS / 1000} s, the load process using ${tp.cpuS.toFixed(1)} CPU-s; replies ${statusText(tp.statuses)}; ${detections.toLocaleString("en-US")} detections so far)`,
        value: rate,
        unit: "events/s",
        target: ">= 20,000",
      },
      {
        name: "webhook: the same per second of the server process's CPU time (HTTP, parsing, deduplication, rules)",
        value: processed / cpuS,
        unit: "events/cpu-s",
      },
      {
        name: `webhook: response time under full load (p50 ${tp.p50.toFixed(1)} ms, max ${tp.max.toFixed(1)} ms), p99`,
        value: tp.p99,
        unit: "ms",
      },
      {
        name: `webhook: response time at 5,000 events/s offered (50 batches/s for ${RATE_MS / 1000} s: ${rt.requests} replies ${statusText(rt.statuses)}; p50 ${rt.p50.toFixed(2)} ms, max ${rt.max.toFixed(1)} ms), p99`,
        value: rt.p99,
        unit: "ms",
        target: "< 20 ms",
      },
      {
        name: `webhook: events accepted ${st.accepted.toLocaleString("en-US")}, duplicates ${st.duplicates}, refused while the queue was full`,
        value: st.refusedQueueFull,
        unit: "events",
      },
    ];
  } finally {
    await hook.close();
  }
}

/** Every k8s audit figure: the log file, then the webhook. */
export async function benchK8sAudit(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-bench-k8s-"));
  try {
    const templates = await sampleTemplates();
    const rules = k8sRulesLoaded();
    const webhook = await benchWebhook(dir, templates, rules);
    return [...(await benchLogFile(dir, templates)), ...webhook];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/bench/k8s-audit.js` prints the figures on its own.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fmt = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
  for (const r of await benchK8sAudit()) {
    console.log(`${r.name}: ${fmt(r.value)} ${r.unit}${r.target ? ` (target ${r.target})` : ""}`);
  }
}
