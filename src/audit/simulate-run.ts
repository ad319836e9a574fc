// Running a simulation over log files: streams each file through the simulator, hands output lines
// to a writer, and reports progress by bytes read. A file whose first line is a complete JSON value
// is read line by line (kube-apiserver's log format), one-line Events through the simulator's text
// path and any other line through the full audit event reader; other files (pretty-printed
// EventLists) go through the full reader.
import { createReadStream, statSync } from "node:fs";
import {
  type AuditDiagnostic,
  AuditEventReader,
  auditObject,
  type ReadResult,
  readAuditEvents,
} from "../k8saudit/index.js";
import { TEXT_CHUNK_BYTES, Utf8Stream } from "../k8saudit/utf8.js";
import type { AuditLevel, AuditPolicy } from "./policy.js";
import { AuditSimulator, type SimulationReport } from "./simulate.js";

export interface SimulateRunOptions {
  /** Receives the output log, a batch of JSON lines at a time; may return a promise (backpressure). */
  write?: (lines: string) => void | Promise<void>;
  /** Called now and then with bytes read so far, the total of all files, and events read. */
  onProgress?: (done: number, total: number, events: number) => void;
  /** How many users, resources and verbs the report lists. */
  top?: number;
}

export interface SimulateRunResult {
  report: SimulationReport;
  /** Input that was not an audit event (with file and line). */
  diagnostics: AuditDiagnostic[];
}

/** Feeds one log's text, piece by piece, to a simulator, collecting output lines and diagnostics. */
export class SimulationFeed {
  out = "";
  private mode: "undecided" | "lines" | "reader" = "undecided";
  private readonly reader: AuditEventReader;
  private partial = "";
  private lineNo = 0;

  constructor(
    readonly sim: AuditSimulator,
    private readonly file: string,
    private readonly diagnostics: AuditDiagnostic[],
    private readonly keepOutput: boolean,
  ) {
    this.reader = new AuditEventReader({ file });
  }

  /** Counts and keeps an output line; `ascii`: its input was ASCII, so it is too (bytes = length). */
  private emit(line: string, level: AuditLevel, ascii = false): void {
    this.sim.wrote(level, (ascii ? line.length : Buffer.byteLength(line)) + 1);
    if (this.keepOutput) this.out += `${line}\n`;
  }

  private readerResult(r: ReadResult, lineOffset = 0): void {
    for (const ev of r.events) {
      const out = this.sim.process(auditObject(ev), Buffer.byteLength(ev.text) + 1);
      if (out !== undefined) this.emit(JSON.stringify(out), out.level as AuditLevel);
    }
    for (const d of r.diagnostics) this.diagnostics.push({ ...d, line: d.line + lineOffset });
  }

  private line(raw: string): void {
    this.lineNo++;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.length === 0 || (text.charCodeAt(0) <= 0x20 && text.trim() === "")) return;
    const bytes = Buffer.byteLength(text) + 1;
    const out = this.sim.processText(text, bytes);
    if (out === null) this.readerResult(readAuditEvents(text, { file: this.file }), this.lineNo - 1);
    else if (out !== undefined) this.emit(out, this.sim.lastLevel, bytes === text.length + 1);
  }

  /** The next piece of the log (any split: lines may straddle pieces). */
  push(chunk: string): void {
    if (this.mode === "reader") {
      this.readerResult(this.reader.push(chunk));
      return;
    }
    let text = this.partial + chunk;
    this.partial = "";
    if (this.mode === "undecided") {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const firstContent = text.search(/\S/);
      if (firstContent < 0) {
        this.partial = text;
        return;
      }
      const nl = text.indexOf("\n", firstContent);
      if (nl < 0) {
        this.partial = text;
        return;
      }
      let complete = true;
      try {
        JSON.parse(text.slice(firstContent, nl));
      } catch {
        complete = false;
      }
      this.mode = complete ? "lines" : "reader";
      if (this.mode === "reader") {
        this.readerResult(this.reader.push(text));
        return;
      }
    }
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      this.line(text.slice(from, nl));
      from = nl + 1;
    }
    this.partial = text.slice(from);
  }

  /** The end of the log. */
  end(): void {
    if (this.mode === "reader") this.readerResult(this.reader.end());
    else if (this.mode === "lines") {
      if (this.partial !== "") this.line(this.partial);
    } else if (this.partial.trim() !== "") {
      // One document without a newline after it.
      this.readerResult(readAuditEvents(this.partial, { file: this.file }));
    }
    this.partial = "";
  }

  /** Output lines produced since the last take. */
  take(): string {
    const o = this.out;
    this.out = "";
    return o;
  }
}

/** Replays the logs, in order, through the policy. */
export async function simulateLogs(
  policy: AuditPolicy,
  files: readonly string[],
  options: SimulateRunOptions = {},
): Promise<SimulateRunResult> {
  const sim = new AuditSimulator(policy);
  const diagnostics: AuditDiagnostic[] = [];
  const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
  let done = 0;
  for (const file of files) {
    const feeder = new SimulationFeed(sim, file, diagnostics, options.write !== undefined);
    const decoder = new Utf8Stream();
    const flush = async () => {
      const text = feeder.take();
      if (text !== "" && options.write !== undefined) await options.write(text);
    };
    for await (const chunk of createReadStream(file, { highWaterMark: TEXT_CHUNK_BYTES })) {
      const buf = chunk as Buffer;
      done += buf.length;
      feeder.push(decoder.push(buf));
      await flush();
      options.onProgress?.(done, total, sim.eventsRead);
    }
    feeder.push(decoder.end());
    feeder.end();
    await flush();
  }
  return { report: sim.report(options.top ?? 10), diagnostics };
}

/** Simulates a log held in memory (for tests and benchmarks): the output text and the report. */
export function simulateText(
  policy: AuditPolicy,
  text: string,
  file = "log",
): SimulateRunResult & { output: string } {
  const sim = new AuditSimulator(policy);
  const diagnostics: AuditDiagnostic[] = [];
  const feeder = new SimulationFeed(sim, file, diagnostics, true);
  feeder.push(text);
  feeder.end();
  return { output: feeder.take(), report: sim.report(), diagnostics };
}
