// An audit log read in a worker thread: decoding, line splitting, JSON validation and event timing
// run beside the rules instead of before them, and the main thread gets events ready to evaluate
// (their text and top-level index). Worth it for large files, where reading is half the cost.
import { createReadStream } from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { ackWindow } from "./ack-window.js";
import { type EventPack, EventPacker, unpackEvents } from "./event-pack.js";
import {
  type AuditDiagnostic,
  type AuditEvent,
  AuditEventSequence,
  type AuditReaderOptions,
  type ReadResult,
  readAuditStream,
} from "./events.js";
import { TEXT_CHUNK_BYTES } from "./utf8.js";

interface Start {
  lannerAuditReader: true;
  path: string;
  file: string;
  nextNum: number;
  firstTsNs: bigint | undefined;
  maxEventSize: number | undefined;
  maxDocumentSize: number | undefined;
  startLine: number | undefined;
  /** Byte offset reading starts at (a line's start). */
  startByte: number;
}

/** Events of one or more read results and their diagnostics. */
interface Batch extends EventPack {
  kind: "batch";
  /** evt.num of the first event (the others follow it). */
  firstNum: number;
  firstTsNs: bigint;
  diagnostics: AuditDiagnostic[];
}

/** A batch being filled in the worker. */
class BatchBuilder extends EventPacker {
  firstNum = 0;
  firstTsNs = 0n;
  diagnostics: AuditDiagnostic[] = [];

  override add(e: AuditEvent): void {
    if (this.count === 0) {
      this.firstNum = e.num;
      this.firstTsNs = e.firstTsNs;
    }
    super.add(e);
  }

  get empty(): boolean {
    return this.count === 0 && this.diagnostics.length === 0;
  }

  finish(): Batch {
    return {
      kind: "batch",
      ...this.pack(),
      firstNum: this.firstNum,
      firstTsNs: this.firstTsNs,
      diagnostics: this.diagnostics,
    };
  }
}

type Message = Batch | { kind: "done" } | { kind: "error"; message: string };

/** Characters of event text per message: enough that copying dominates the per-message cost. */
const BATCH_CHARS = 96 * 1024;
/** Messages the worker may have sent and not seen processed: bounds memory when the rules are slower. */
const IN_FLIGHT = 8;

/** The worker: reads the file and posts batches, pausing while too many wait. */
async function runWorker(start: Start): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const acks = ackWindow(port, IN_FLIGHT);
  const sequence = new AuditEventSequence();
  sequence.nextNum = start.nextNum;
  sequence.firstTsNs = start.firstTsNs;
  const options: AuditReaderOptions = { file: start.file, sequence };
  if (start.maxEventSize !== undefined) options.maxEventSize = start.maxEventSize;
  if (start.maxDocumentSize !== undefined) options.maxDocumentSize = start.maxDocumentSize;
  if (start.startLine !== undefined) options.startLine = start.startLine;
  let batch = new BatchBuilder();
  const send = async () => {
    if (batch.empty) return;
    port.postMessage(batch.finish());
    batch = new BatchBuilder();
    await acks.posted();
  };
  try {
    for await (const r of readAuditStream(
      createReadStream(start.path, { highWaterMark: TEXT_CHUNK_BYTES, start: start.startByte }),
      options,
    )) {
      for (const e of r.events) batch.add(e);
      for (const d of r.diagnostics) batch.diagnostics.push(d);
      if (batch.size >= BATCH_CHARS) await send();
    }
    await send();
    port.postMessage({ kind: "done" } satisfies Message);
  } catch (e) {
    port.postMessage({ kind: "error", message: (e as Error).message } satisfies Message);
  }
}

/**
 * Reads an audit file like readAuditStream over it, the reading done in a worker thread. Events
 * and diagnostics come in the same order and with the same numbers; `options.sequence` is advanced.
 * `startByte` (a line's start; `options.startLine` its number) reads the file from there on.
 */
export async function* readAuditFileThreaded(
  path: string,
  options: AuditReaderOptions = {},
  startByte = 0,
): AsyncGenerator<ReadResult> {
  const sequence = options.sequence ?? new AuditEventSequence();
  const file = options.file ?? path;
  const start: Start = {
    lannerAuditReader: true,
    path,
    file,
    nextNum: sequence.nextNum,
    firstTsNs: sequence.firstTsNs,
    maxEventSize: options.maxEventSize,
    maxDocumentSize: options.maxDocumentSize,
    startLine: options.startLine,
    startByte,
  };
  const worker = new Worker(new URL(import.meta.url), { workerData: start });
  const queue: Message[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const push = (m: Message) => {
    queue.push(m);
    wake?.();
  };
  worker.on("message", push);
  worker.on("error", (e) => {
    failure = e;
    wake?.();
  });
  worker.on("exit", (code) => {
    if (code !== 0) failure ??= new Error(`audit log reader thread exited with ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (failure) throw failure;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
        continue;
      }
      if (m.kind === "error") throw new Error(m.message);
      if (m.kind === "done") return;
      const events = unpackEvents(m, { firstNum: m.firstNum, firstTsNs: m.firstTsNs, file });
      const last = events.at(-1);
      if (last) {
        sequence.nextNum = last.num + 1;
        sequence.firstTsNs ??= last.firstTsNs;
      }
      yield { events, diagnostics: m.diagnostics };
      worker.postMessage("ack");
    }
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread && (workerData as Start | undefined)?.lannerAuditReader === true) {
  void runWorker(workerData as Start);
}
