// A large audit log evaluated by worker threads, each taking every Nth chunk of the file: reading,
// rules and alert rendering run on every core, and the main thread hands the alerts to the outputs
// in file order. A chunk holds the lines that start in it; one that cannot be read on its own (a
// line that is no event, whose diagnostic needs its line number, or a document spanning lines) ends
// the parallel part, and the agent reads the rest of the file in order from that chunk on. Every
// chunk used therefore began where a sequential reader would have had nothing pending, and gives
// what that reader would have given.
import { closeSync, openSync, readSync } from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { LannerConfig } from "../config/index.js";
import type { RuleSelection } from "../engine/ruleset.js";
import { ackWindow } from "../k8saudit/ack-window.js";
import { AuditEventReader, AuditEventSequence, K8S_AUDIT_SOURCE } from "../k8saudit/index.js";
import { type Alert, buildAlert } from "../outputs/alert.js";
import { alertLine, lineFormat } from "../outputs/line-format.js";
import { type LoadedRule, priorityName } from "../rules/index.js";
import { agentEngine, loadAgentRules } from "./agent-rules.js";
import { outputsOptions } from "./pipeline-sink.js";

/**
 * A worker holds a chunk's alerts until it posts them, and a slice's events: with V8's default
 * young generation many outlive a scavenge and are promoted. 32 MB did as well as 64 or 128 and
 * better than 16 (200,000 events by two workers, interleaved runs), with 200 MB less memory than 128.
 */
const WORKER_YOUNG_GENERATION_MB = 32;

/** Chunks a worker may have sent and not seen consumed: bounds memory when the outputs are slower. */
const IN_FLIGHT = 4;

interface Start {
  lannerAuditWorkers: true;
  path: string;
  file: string;
  /** Bytes to evaluate: the file's size when it was opened. */
  size: number;
  chunkBytes: number;
  /** Lines are read and evaluated this many bytes at a time, so that events die young. */
  sliceBytes: number;
  /** This worker takes chunks index, index + workers, … */
  index: number;
  workers: number;
  config: LannerConfig;
  rulesPaths: readonly string[];
  sources: readonly string[];
  selection: readonly RuleSelection[];
  firstTsNs: bigint;
}

/** What a worker made of one chunk. */
interface ChunkResult {
  kind: "chunk";
  chunk: number;
  /** Byte offsets of the chunk's first line and of the end of its last. */
  start: number;
  end: number;
  /** Lines in the chunk (newlines), and events read from them. */
  lines: number;
  events: number;
  /** Why the chunk cannot be read on its own (see the top of the file); its alerts are not used. */
  alone: string | undefined;
  /**
   * Per alert: the rule's index among the enabled rules, the event time, the rendered output and
   * the alert's line (rendering it is a good part of an alert's cost). The output fields' values
   * follow each other in `values`, in the order of each rule's `outputTemplate.fields`: flat
   * values cost less to post than an object per alert with its keys.
   */
  rules: number[];
  times: bigint[];
  messages: string[];
  values: Alert["fields"][string][];
  texts: string[];
  /** Time spent evaluating the rules and rendering the alerts. */
  seconds: number;
}

/**
 * What a worker says: `ready` lists its enabled rules' identities (ruleIdentity), which must be
 * the main thread's.
 */
type WorkerMessage =
  | { kind: "ready"; rules: string[]; format: string }
  | ChunkResult
  | { kind: "error"; message: string };

/** A rule's name and output fields: the flat values of a chunk are read back by those fields. */
const ruleIdentity = (r: LoadedRule) => `${r.name}\u0000${r.outputTemplate.fields.join("\u0000")}`;

/** Where reading in order resumes: the first chunk not evaluated. */
export interface ResumePoint {
  offset: number;
  line: number;
}

/** The alerts of one chunk, ready for the outputs, and where the file goes on after it. */
export interface ChunkAlerts {
  events: number;
  seconds: number;
  alerts: { rule: LoadedRule; alert: Alert }[];
  next: ResumePoint;
}

export interface AuditWorkersOptions {
  path: string;
  /** File name for diagnostics. */
  file: string;
  size: number;
  workers: number;
  config: LannerConfig;
  rulesPaths: readonly string[];
  sources: readonly string[];
  selection: readonly RuleSelection[];
  /** The enabled k8s_audit rules of the agent's engine, which the workers' must equal. */
  rules: readonly LoadedRule[];
  /** Time of the stream's first event (evt.reltime counts from it). */
  firstTsNs: bigint;
  chunkBytes: number;
  sliceBytes: number;
}

/**
 * Whether the rules allow events to be evaluated out of order: none reads evt.num, the one field
 * that depends on the events before it (evt.reltime only needs the first event's time).
 */
export function rulesAllowWorkers(rules: readonly LoadedRule[]): boolean {
  const ordered = (f: string) => f === "evt.num" || f.startsWith("evt.num[");
  return !rules.some((r) => r.filter.fields.some(ordered) || r.outputTemplate.fields.some(ordered));
}

/**
 * Evaluates the file in `options.workers` threads and yields each chunk's alerts in file order.
 * Returns undefined when the whole file was evaluated; otherwise why it stopped at a chunk that must
 * be read in order (or a worker failed), and the last `next` yielded (offset 0, line 1 before any)
 * is where.
 */
export async function* evaluateAuditLogInWorkers(
  options: AuditWorkersOptions,
): AsyncGenerator<ChunkAlerts, string | undefined> {
  const { chunkBytes } = options;
  const chunks = Math.max(1, Math.ceil(options.size / chunkBytes));
  const threads = Math.min(options.workers, chunks);
  const names = options.rules.map(ruleIdentity).join("\n");
  const results = new Map<number, ChunkResult>();
  let ready = 0;
  let format = "";
  let failed: string | undefined;
  let wake: (() => void) | undefined;
  const workers: Worker[] = [];
  for (let index = 0; index < threads; index++) {
    const start: Start = {
      lannerAuditWorkers: true,
      path: options.path,
      file: options.file,
      size: options.size,
      chunkBytes,
      sliceBytes: options.sliceBytes,
      index,
      workers: threads,
      config: options.config,
      rulesPaths: options.rulesPaths,
      sources: options.sources,
      selection: options.selection,
      firstTsNs: options.firstTsNs,
    };
    const worker = new Worker(new URL(import.meta.url), {
      workerData: start,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    worker.on("message", (m: WorkerMessage) => {
      if (m.kind === "chunk") results.set(m.chunk, m);
      else if (m.kind === "error") failed = `a worker failed: ${m.message}`;
      // Both compiled the same files; a difference means they changed in between.
      else if (m.rules.join("\n") === names) {
        ready++;
        format = m.format;
      } else failed = "the rules files changed while the workers loaded them";
      wake?.();
    });
    worker.on("error", (e) => {
      failed = `a worker failed: ${e.message}`;
      wake?.();
    });
    workers.push(worker);
  }
  const byIndex = options.rules;
  let line = 1;
  try {
    for (let k = 0; k < chunks; k++) {
      let r = results.get(k);
      while (r === undefined || ready < workers.length) {
        if (failed) return failed;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        r = results.get(k);
      }
      results.delete(k);
      if (r.alone) return r.alone;
      const alerts: ChunkAlerts["alerts"] = [];
      let v = 0;
      for (let i = 0; i < r.rules.length; i++) {
        const rule = byIndex[r.rules[i] as number] as LoadedRule;
        const fields: Alert["fields"] = {};
        for (const key of rule.outputTemplate.fields) fields[key] = r.values[v++] ?? null;
        alerts.push({
          rule,
          alert: {
            rule: rule.name,
            priority: priorityName(rule.priority),
            source: rule.source,
            tags: rule.tags,
            timeNs: r.times[i] as bigint,
            message: r.messages[i] as string,
            fields,
            line: { format, text: r.texts[i] as string },
          },
        });
      }
      line += r.lines;
      workers[k % workers.length]?.postMessage("ack");
      yield { events: r.events, seconds: r.seconds, alerts, next: { offset: r.end, line } };
    }
    return undefined;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * The worker's read buffer, used for every chunk (the lines are decoded into strings before the
 * next is read): a fresh 2 MB buffer per chunk was page-faulted in twice, by the read and by the
 * copy that joined the pieces, and that cost as much as a tenth of a worker's time.
 */
interface ReadBuffer {
  bytes: Buffer;
}

/** Bytes read at a time past a chunk's end, looking for the end of its last line. */
const TAIL_STEP = 64 * 1024;

/** `buf.bytes` with room for `size` bytes, its first `keep` kept. */
function ensureRoom(buf: ReadBuffer, size: number, keep: number): Buffer {
  if (buf.bytes.length < size) {
    const bigger = Buffer.allocUnsafe(Math.max(size, buf.bytes.length * 2));
    buf.bytes.copy(bigger, 0, 0, keep);
    buf.bytes = bigger;
  }
  return buf.bytes;
}

/** The bytes of the lines that start in chunk k (the last runs past the chunk to its newline). */
function chunkLines(
  fd: number,
  k: number,
  s: Start,
  buf: ReadBuffer,
): { start: number; bytes: Buffer; alone: string | undefined } {
  const from = k * s.chunkBytes;
  const to = Math.min(from + s.chunkBytes, s.size);
  // One byte before the chunk says whether a line starts at its first byte.
  const before = from > 0 ? 1 : 0;
  let bytes = ensureRoom(buf, to - from + before + TAIL_STEP, 0);
  let got = readSync(fd, bytes, 0, to - from + before, from - before);
  let first = 0;
  if (before === 1) {
    const nl = bytes.indexOf(0x0a);
    first = nl < 0 || nl >= got ? got : nl + 1;
  }
  let alone: string | undefined;
  // The last line goes on to the next newline, wherever the file ends now.
  if (got > first && bytes[got - 1] !== 0x0a) {
    const tailFrom = got;
    for (;;) {
      bytes = ensureRoom(buf, got + TAIL_STEP, got);
      const n = readSync(fd, bytes, got, TAIL_STEP, from - before + got);
      if (n === 0) break;
      const nl = bytes.indexOf(0x0a, got);
      if (nl >= 0 && nl < got + n) {
        got = nl + 1;
        break;
      }
      got += n;
      if (got - tailFrom > s.chunkBytes) {
        // A line longer than a chunk: left to the reader in order, which reports it if too long.
        alone = "a line longer than a chunk";
        break;
      }
    }
  }
  return { start: from - before + first, bytes: bytes.subarray(first, got), alone };
}

/** Newlines in `bytes`. */
function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** The worker: compiles the rules and evaluates its chunks, pausing while too many wait. */
async function runWorker(s: Start): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const post = (m: WorkerMessage) => port.postMessage(m);
  const loaded = loadAgentRules(s.rulesPaths, s.config);
  if (!loaded.ok) {
    post({ kind: "error", message: "the rules did not load in the worker" });
    return;
  }
  const engine = agentEngine(loaded.rules, s.config, s.sources, s.selection);
  const enabled = engine.enabledRules(K8S_AUDIT_SOURCE);
  const indexOf = new Map(enabled.map((r, i) => [r, i]));
  const format = lineFormat(outputsOptions(s.config));
  post({ kind: "ready", rules: enabled.map(ruleIdentity), format: format.key });
  const acks = ackWindow(port, IN_FLIGHT);
  const fd = openSync(s.path, "r");
  const buf: ReadBuffer = { bytes: Buffer.alloc(0) };
  try {
    for (let k = s.index; k * s.chunkBytes < s.size; k += s.workers) {
      const { start, bytes, alone } = chunkLines(fd, k, s, buf);
      const result: ChunkResult = {
        kind: "chunk",
        chunk: k,
        start,
        end: start + bytes.length,
        lines: countLines(bytes),
        events: 0,
        alone,
        rules: [],
        times: [],
        messages: [],
        values: [],
        texts: [],
        seconds: 0,
      };
      if (!alone) {
        const sequence = new AuditEventSequence();
        sequence.firstTsNs = s.firstTsNs;
        // Any line but the file's first (its number is known to the main thread only) keeps a BOM.
        const reader = new AuditEventReader({ file: s.file, sequence, startLine: k === 0 ? 1 : 2 });
        // Read and evaluated slice by slice: a whole chunk's events read at once lived through
        // scavenges and were promoted (15-20 % of the time, with the page faults of the growing heap).
        for (let at = 0, done = false; !done; ) {
          const cut = bytes.indexOf(0x0a, at + s.sliceBytes);
          const to = cut < 0 ? bytes.length : cut + 1;
          done = to === bytes.length;
          const read = reader.push(bytes.subarray(at, to));
          const last = done ? reader.end() : undefined;
          at = to;
          const d = read.diagnostics[0] ?? last?.diagnostics[0];
          if (d) {
            result.alone = `a line that is no event, or a document spanning lines (${d.reason})`;
            break;
          }
          const t0 = process.hrtime.bigint();
          for (const events of [read.events, last?.events]) {
            if (events === undefined) continue;
            result.events += events.length;
            for (const e of events) {
              for (const rule of engine.process(K8S_AUDIT_SOURCE, e)) {
                const alert = buildAlert(rule, e, e.tsNs);
                result.rules.push(indexOf.get(rule) as number);
                result.times.push(e.tsNs);
                result.messages.push(alert.message);
                for (const key of rule.outputTemplate.fields) result.values.push(alert.fields[key] ?? null);
                result.texts.push(alertLine(alert, format));
              }
            }
          }
          result.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
        }
      }
      post(result);
      if (result.alone) return;
      await acks.posted();
    }
  } catch (e) {
    post({ kind: "error", message: (e as Error).message });
  } finally {
    closeSync(fd);
  }
}

if (!isMainThread && (workerData as Start | undefined)?.lannerAuditWorkers === true) {
  void runWorker(workerData as Start);
}
