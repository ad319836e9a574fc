// scap reader benchmark: events/s reading ../shared/bench/cat_write-x20000.scap.gz (1.7 M events) with
// headers only and with every parameter decoded, peak RSS of each run (each in a fresh child process,
// so the figure is the reader's own), and in the same run `sysdig -r` of the same file with the filter
// `evt.type in (open,openat) and fd.name startswith /etc` as the reference (best of 3), with the ratio.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decodeParam } from "../src/syscall/scap/params.js";
import { readScap } from "../src/syscall/scap/reader.js";
import type { BenchResult } from "./rules-engine.js";

const shared = path.resolve(process.cwd(), "../shared");
const BIG = path.join(shared, "bench/cat_write-x20000.scap.gz");
const SMALL = path.join(shared, "conformance/falco-regression/trace_files/cat_write.scap");
const SYSDIG_FILTER = "evt.type in (open,openat) and fd.name startswith /etc";

interface ChildResult {
  events: number;
  ms: number;
  maxRssKb: number;
  error?: string;
}

/** The measured run, inside the child process: read the file and report time and peak RSS. */
async function child(file: string, mode: string): Promise<ChildResult> {
  let sink = 0;
  const t0 = performance.now();
  const r = await readScap(file, {
    onEvent:
      mode === "params"
        ? (e) => {
            for (let i = 0; i < e.nparams; i++) {
              const v = decodeParam(e, i);
              if (v !== undefined) sink++;
            }
            return undefined;
          }
        : () => {
            sink++;
            return undefined;
          },
  });
  const ms = performance.now() - t0;
  const out: ChildResult = { events: r.events, ms, maxRssKb: process.resourceUsage().maxRSS };
  if (r.error) out.error = r.error.message;
  if (sink < 0) out.error = "unreachable";
  return out;
}

function runChild(file: string, mode: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const p = spawnSync(process.execPath, [self, "--child", file, mode], { encoding: "utf8" });
  if (p.status !== 0) throw new Error(`bench child failed: ${p.stderr}`);
  return JSON.parse(p.stdout) as ChildResult;
}

function best(runs: ChildResult[]): ChildResult {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** sysdig's time on the same file (best of 3), or undefined when sysdig is not installed. */
function sysdigMs(file: string): number | undefined {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const p = spawnSync("sysdig", ["-r", file, "-q", SYSDIG_FILTER], { stdio: "ignore" });
    if (p.error || p.status !== 0) return undefined;
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}

/** Reader throughput, peak RSS and the sysdig reference. */
export async function benchScap(): Promise<BenchResult[]> {
  const headers = best([runChild(BIG, "headers"), runChild(BIG, "headers"), runChild(BIG, "headers")]);
  const params = best([runChild(BIG, "params"), runChild(BIG, "params"), runChild(BIG, "params")]);
  const small = runChild(SMALL, "params");
  for (const r of [headers, params, small]) if (r.error) throw new Error(`scap bench: ${r.error}`);
  const evs = (r: ChildResult) => (r.events / r.ms) * 1000;
  const out: BenchResult[] = [
    {
      name: `scap read ${path.basename(BIG)} (${headers.events} events), headers only`,
      value: evs(headers),
      unit: "events/s",
    },
    { name: "scap read, every parameter decoded", value: evs(params), unit: "events/s" },
    { name: "scap read wall time, headers only (gunzip included)", value: headers.ms, unit: "ms" },
    { name: "peak RSS, reading 1.7 M events with parameters", value: params.maxRssKb / 1024, unit: "MiB" },
    { name: "peak RSS, reading the 345-event cat_write sample", value: small.maxRssKb / 1024, unit: "MiB" },
  ];
  const ref = sysdigMs(BIG);
  if (ref !== undefined) {
    const refEvs = (headers.events / ref) * 1000;
    out.push({ name: `sysdig -r (filter "${SYSDIG_FILTER}")`, value: refEvs, unit: "events/s" });
    out.push({ name: "ratio scap read headers only / sysdig", value: evs(headers) / refEvs, unit: "x" });
    out.push({ name: "ratio scap read with parameters / sysdig", value: evs(params) / refEvs, unit: "x" });
  } else {
    out.push({ name: "sysdig reference", value: 0, unit: "(sysdig not installed)" });
  }
  return out;
}

if (process.argv[2] === "--child") {
  const [file, mode] = process.argv.slice(3) as [string, string];
  process.stdout.write(JSON.stringify(await child(file, mode)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await benchScap())
    console.log(`${r.name}: ${r.value.toFixed(r.value >= 1000 ? 0 : 2)} ${r.unit}`);
}
