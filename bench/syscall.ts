// Syscall source benchmark: events/s of reader + state engine + the full stable ruleset
// (../shared/rules/upstream/falco_rules.yaml) over ../shared/bench/cat_write-x20000.scap.gz (1.7 M events),
// against `sysdig -r` of the same file with the filter `evt.type in (open,openat) and fd.name startswith
// /etc`, in the same run (runs alternate, best of 3 each), and peak RSS. Each Lanner run is a fresh child
// process, so the RSS is the replay's own.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../src/engine/engine.js";
import type { EventSchema } from "../src/fields/types.js";
import { loadRules } from "../src/rules/index.js";
import { createSyscallSchema } from "../src/syscall/fields/schema.js";
import { interestingEventTypes, replayScap } from "../src/syscall/replay.js";
import type { BenchResult } from "./rules-engine.js";

const shared = path.resolve(process.cwd(), "../shared");
const BIG = path.join(shared, "bench/cat_write-x20000.scap.gz");
const RULES = path.join(shared, "rules/upstream/falco_rules.yaml");
const SYSDIG_FILTER = "evt.type in (open,openat) and fd.name startswith /etc";

interface ChildResult {
  events: number;
  /** Replay only (the capture read, parsed and evaluated). */
  ms: number;
  /** Since the process started: Node start-up, rules load and compile, replay. */
  wallMs: number;
  loadMs: number;
  rules: number;
  detections: number;
  maxRssKb: number;
  error?: string;
}

/** The measured run, inside the child: load the rules, replay the capture through them. */
async function child(file: string, mode: string): Promise<ChildResult> {
  const t0 = performance.now();
  const schema = createSyscallSchema();
  const loaded = loadRules(
    [{ name: RULES, content: readFileSync(RULES, "utf8") }],
    new Map([["syscall", schema as EventSchema<unknown>]]),
  );
  const engine = new Engine(loaded.rules);
  const loadMs = performance.now() - t0;
  const types = interestingEventTypes(engine.enabledRules("syscall"));
  const t1 = performance.now();
  const r = await replayScap(file, {
    ...(mode === "state" ? {} : { eventTypes: types }),
    onEvent(evt, type) {
      if (mode !== "state") engine.process("syscall", evt, type);
      return undefined;
    },
  });
  const ms = performance.now() - t1;
  const out: ChildResult = {
    events: r.events,
    ms,
    wallMs: performance.now(),
    loadMs,
    rules: engine.enabledRules("syscall").length,
    detections: engine.stats.detections,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  if (r.error) out.error = r.error.message;
  if (!loaded.ok) out.error = "rules did not load";
  return out;
}

function runChild(file: string, mode: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const p = spawnSync(process.execPath, [self, "--child", file, mode], { encoding: "utf8" });
  if (p.status !== 0) throw new Error(`bench child failed: ${p.stderr}`);
  return JSON.parse(p.stdout) as ChildResult;
}

function sysdigRun(file: string): number | undefined {
  const t0 = performance.now();
  const p = spawnSync("sysdig", ["-r", file, "-q", SYSDIG_FILTER], { stdio: "ignore" });
  if (p.error || p.status !== 0) return undefined;
  return performance.now() - t0;
}

function best(runs: ChildResult[]): ChildResult {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** Replay throughput with the stable ruleset, state only, the sysdig reference and the ratios. */
export async function benchSyscall(): Promise<BenchResult[]> {
  const rulesRuns: ChildResult[] = [];
  const sysdigTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    rulesRuns.push(runChild(BIG, "rules"));
    const s = sysdigRun(BIG);
    if (s !== undefined) sysdigTimes.push(s);
  }
  const state = best([runChild(BIG, "state"), runChild(BIG, "state")]);
  const rules = best(rulesRuns);
  for (const r of [rules, state]) if (r.error) throw new Error(`syscall bench: ${r.error}`);
  const evs = (events: number, ms: number) => (events / ms) * 1000;
  const out: BenchResult[] = [
    {
      name: `replay ${path.basename(BIG)} (${rules.events} events) through ${rules.rules} stable rules`,
      value: evs(rules.events, rules.ms),
      unit: "events/s",
    },
    {
      name: "  same, end to end (node start-up, rules load, replay)",
      value: evs(rules.events, rules.wallMs),
      unit: "events/s",
    },
    { name: "  rules load and compile", value: rules.loadMs, unit: "ms" },
    {
      name: "replay through the state engine only (no rules)",
      value: evs(state.events, state.ms),
      unit: "events/s",
    },
    { name: "peak RSS, replay with the stable rules", value: rules.maxRssKb / 1024, unit: "MiB" },
  ];
  if (sysdigTimes.length > 0) {
    const ref = evs(rules.events, Math.min(...sysdigTimes));
    out.push({ name: `sysdig -r (filter "${SYSDIG_FILTER}")`, value: ref, unit: "events/s" });
    out.push({
      name: "ratio replay with rules / sysdig",
      value: evs(rules.events, rules.ms) / ref,
      unit: "x",
      target: ">= 1.0",
    });
    out.push({ name: "ratio end to end / sysdig", value: evs(rules.events, rules.wallMs) / ref, unit: "x" });
  } else {
    out.push({ name: "sysdig reference", value: 0, unit: "(sysdig not installed)" });
  }
  return out;
}

if (process.argv[2] === "--child") {
  const [file, mode] = process.argv.slice(3) as [string, string];
  process.stdout.write(JSON.stringify(await child(file, mode)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await benchSyscall())
    console.log(
      `${r.name}: ${r.value.toFixed(r.value >= 1000 ? 0 : 2)} ${r.unit}${r.target ? ` (target ${r.target})` : ""}`,
    );
}
