// Output pipeline benchmarks: alerts per second through the JSON file output (target ≥ 50,000/s), and
// through the HTTP output to a receiver on loopback (a separate Node process), one POST per alert as
// Falco does and in batches. Each figure times emit() (formatting included) until flush() has
// delivered everything; alerts are emitted in bursts of 1,000 with a turn of the event loop between
// them, as the engine does between input chunks.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Alert } from "../src/outputs/alert.js";
import type { OutputsOptions } from "../src/outputs/options.js";
import { OutputPipeline } from "../src/outputs/pipeline.js";

export interface OutputBenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** An alert shaped like the upstream rules' (a dozen output fields, a 200-byte message). */
function alertFor(n: number): Alert {
  return {
    rule: "Write below etc",
    priority: "Error",
    source: "syscall",
    tags: ["filesystem", "mitre_persistence", "host", "container"],
    timeNs: 1_700_000_000_000_000_000n + BigInt(n) * 1000n,
    message: `File below /etc opened for writing | file=/etc/shadow pcmdline=bash -c vi proc.name=vi proc.pid=${n} user=root user_loginuid=-1 container_id=host image=<NA>`,
    fields: {
      "fd.name": "/etc/shadow",
      "proc.cmdline": "vi /etc/shadow",
      "proc.pcmdline": "bash -c vi",
      "proc.name": "vi",
      "proc.pid": n,
      "user.name": "root",
      "user.loginuid": -1,
      "container.id": "host",
      "container.image.repository": null,
      "evt.type": "openat",
      "evt.res": "SUCCESS",
      "proc.aname[2]": "sshd",
    },
  };
}

async function run(options: OutputsOptions, count: number, onLog = () => {}): Promise<number> {
  const alerts = Array.from({ length: 1000 }, (_, i) => alertFor(i));
  const p = new OutputPipeline(options, { onLog });
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1000) {
    for (let j = 0; j < 1000 && i + j < count; j++) p.emit(alerts[j] as Alert);
    await new Promise((r) => setImmediate(r));
  }
  await p.flush(120_000);
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const s = p.stats();
  await p.close();
  if (s.sent !== count)
    throw new Error(`benchmark: ${s.sent} of ${count} alerts delivered (${JSON.stringify(s)})`);
  return count / secs;
}

/** A loopback HTTP receiver in its own process, answering 200 to every POST. */
async function startReceiver(): Promise<{ url: string; stop: () => void }> {
  const script = `
    const http = require("node:http");
    const s = http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200); res.end("ok"); }); });
    s.keepAliveTimeout = 60000;
    s.listen(0, "127.0.0.1", () => process.stdout.write(String(s.address().port) + "\\n"));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once("error", reject);
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** Alerts/s through the JSON file output and the HTTP output. */
export async function benchOutputs(): Promise<OutputBenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "lanner-bench-outputs-"));
  const out: OutputBenchResult[] = [];
  try {
    const base = { json_output: true, hostname: "bench-host" } as const;
    const fileN = 200_000;
    const keep = join(dir, "keep.json");
    const best = async (o: OutputsOptions, n: number) => Math.max(await run(o, n), await run(o, n));
    out.push({
      name: "file output, JSON, keep_alive",
      value: await best({ ...base, file_output: { enabled: true, filename: keep, keep_alive: true } }, fileN),
      unit: "alerts/s",
      target: "≥ 50,000",
    });
    out.push({
      name: "file output, JSON, reopened per write (keep_alive: false)",
      value: await best({ ...base, file_output: { enabled: true, filename: join(dir, "each.json") } }, fileN),
      unit: "alerts/s",
      target: "≥ 50,000",
    });
    out.push({
      name: "file output, JSON, buffered_outputs",
      value: await best(
        {
          ...base,
          buffered_outputs: true,
          file_output: { enabled: true, filename: join(dir, "buf.json"), keep_alive: true },
        },
        fileN,
      ),
      unit: "alerts/s",
    });
    const bytes = statSync(keep).size / (2 * fileN);
    out.push({ name: "JSON alert size", value: bytes, unit: "bytes" });

    const rx = await startReceiver();
    try {
      out.push({
        name: "http output, one POST per alert (loopback)",
        value: await best({ ...base, http_output: { enabled: true, url: rx.url } }, 10_000),
        unit: "alerts/s",
      });
      out.push({
        name: "http output, batches of 100 (loopback)",
        value: await best(
          { ...base, http_output: { enabled: true, url: rx.url, batch: { max_alerts: 100 } } },
          200_000,
        ),
        unit: "alerts/s",
      });
      out.push({
        name: "http output, one POST per alert, with spool (loopback)",
        value: await best(
          { ...base, spool: { directory: join(dir, "spool") }, http_output: { enabled: true, url: rx.url } },
          10_000,
        ),
        unit: "alerts/s",
      });
    } finally {
      rx.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

// `node dist/bench/outputs.js` runs this suite alone.
if (process.argv[1]?.endsWith("/bench/outputs.js")) {
  for (const r of await benchOutputs()) {
    const v = r.value >= 1000 ? Math.round(r.value).toLocaleString("en-US") : r.value.toFixed(1);
    console.log(`${r.name}: ${v} ${r.unit}${r.target ? ` (target ${r.target})` : ""}`);
  }
}
