// Webhook bodies read in a worker thread: cutting an EventList into its events, checking each is
// JSON and timing it cost about as much as the rules the events then go through, so the thread that
// serves HTTP and runs the rules hands that reading to another core. Bodies are answered in the
// order they were given. Should the thread fail, what it had not answered and every later body is
// read in the calling thread instead: nothing is lost, it only gets slower.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { auditEventKey } from "./dedup.js";
import { type EventPack, EventPacker, packedDoc } from "./event-pack.js";
import type { AuditDiagnostic, AuditEvent } from "./events.js";
import { utf8Text } from "./utf8.js";
import { readWebhookBody } from "./webhook-body.js";

/**
 * A body read: how many events it holds, each one's deduplication key and time, and what in it was
 * not an event. The events themselves are made on demand: a receiver that queues a read until the
 * rules get to it then holds the body's bytes and a few arrays, not event objects that the garbage
 * collector would copy while they wait (under load, tens of thousands of them).
 */
export interface BodyRead {
  count: number;
  /** Per event, auditID + stage (auditEventKey); empty when keys were not asked for. */
  keys: Array<string | undefined>;
  diagnostics: AuditDiagnostic[];
  /** Event i's time (its stageTimestamp, ns). */
  tsNs(i: number): bigint;
  /** Event i, numbered `num` in a stream whose first event has time `firstTsNs`; a new object each call. */
  event(i: number, num: number, firstTsNs: bigint): AuditEvent;
}

/** A read of events already made (read in this thread). */
function madeRead(
  events: AuditEvent[],
  keys: Array<string | undefined>,
  diagnostics: AuditDiagnostic[],
): BodyRead {
  return {
    count: events.length,
    keys,
    diagnostics,
    tsNs: (i) => (events[i] as AuditEvent).tsNs,
    event(i, num, firstTsNs) {
      const e = events[i] as AuditEvent;
      return { text: e.text, doc: e.doc, num, tsNs: e.tsNs, firstTsNs };
    },
  };
}

/**
 * A read from the thread: each event's text from the pack, or, for a body cut into its items, from
 * its bytes in the body (`ranges`), decoded as the thread decoded them.
 */
function packedRead(
  pack: EventPack,
  body: Uint8Array,
  ranges: number[] | undefined,
  keys: Array<string | undefined>,
  diagnostics: AuditDiagnostic[],
): BodyRead {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return {
    count: pack.ts.length,
    keys,
    diagnostics,
    tsNs: (i) => pack.ts[i] as bigint,
    event(i, num, firstTsNs) {
      const text = ranges
        ? utf8Text(bytes.subarray(ranges[2 * i] as number, ranges[2 * i + 1] as number))
        : (pack.texts[i] as string);
      return { text, doc: packedDoc(pack, i, text), num, tsNs: pack.ts[i] as bigint, firstTsNs };
    },
  };
}

export interface BodyReaderOptions {
  /** Largest single event, in bytes of compact JSON; unset: no limit. */
  maxEventSize?: number;
  /** Compute each event's deduplication key too. */
  keys: boolean;
  /** Read in a worker thread (default true). */
  threaded?: boolean;
  /** The thread failed: bodies are read in the calling thread from now on. */
  onThreadFailure?: (error: Error) => void;
}

interface Start {
  lannerWebhookBodies: true;
  maxEventSize: number | undefined;
  keys: boolean;
}

interface Request {
  id: number;
  body: Uint8Array;
}

type Reply =
  | {
      id: number;
      /** The events; without their texts when `ranges` locates them in the body. */
      pack: EventPack;
      ranges: number[] | undefined;
      keys: Array<string | undefined>;
      diagnostics: AuditDiagnostic[];
    }
  | { id: number; error: string };

interface Waiting {
  body: Uint8Array;
  resolve: (r: BodyRead) => void;
  reject: (e: unknown) => void;
}

/** Reads webhook bodies, in a worker thread while it works. */
export class BodyReader {
  private worker: Worker | undefined;
  private nextId = 0;
  /** Bodies given to the thread and not answered yet, in the order given. */
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly options: BodyReaderOptions) {
    if (options.threaded === false) return;
    const start: Start = {
      lannerWebhookBodies: true,
      maxEventSize: options.maxEventSize,
      keys: options.keys,
    };
    const worker = new Worker(new URL(import.meta.url), { workerData: start });
    // The server keeps the process alive while there is work; an idle reader must not.
    worker.unref();
    worker.on("message", (m: Reply) => this.answer(m));
    worker.on("error", (e) => this.fallBack(e));
    worker.on("exit", (code) => this.fallBack(new Error(`webhook body reader thread exited with ${code}`)));
    this.worker = worker;
  }

  /** Whether bodies go to the thread. */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  /** Reads a body; results come in the order the bodies were given. */
  read(body: Uint8Array): Promise<BodyRead> {
    const worker = this.worker;
    if (!worker) return new Promise((resolve) => resolve(this.here(body)));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { body, resolve, reject });
      // A view is posted with its whole buffer (a socket's, a pool's): such a body is copied to a
      // buffer of its own first, which is then moved rather than copied again.
      if (body.byteOffset === 0 && body.byteLength === body.buffer.byteLength) {
        worker.postMessage({ id, body } satisfies Request);
      } else {
        const own = new Uint8Array(body);
        worker.postMessage({ id, body: own } satisfies Request, [own.buffer]);
      }
    });
  }

  /** Stops the thread; bodies it still held are read here. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.fallBack();
    await worker.terminate();
  }

  private here(body: Uint8Array): BodyRead {
    const r = readWebhookBody(body, this.options.maxEventSize);
    return madeRead(r.events, this.options.keys ? r.events.map((e) => auditEventKey(e)) : [], r.diagnostics);
  }

  private settleHere(w: Waiting): void {
    try {
      w.resolve(this.here(w.body));
    } catch (e) {
      w.reject(e);
    }
  }

  private answer(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if ("error" in m) {
      // The thread could not read it (a bug): the caller's thread reads it, and says the same.
      this.settleHere(w);
      return;
    }
    w.resolve(packedRead(m.pack, w.body, m.ranges, m.keys, m.diagnostics));
  }

  /** From now on bodies are read here, starting with those the thread held (in their order). */
  private fallBack(error?: Error): void {
    if (!this.worker) return;
    this.worker = undefined;
    if (error) this.options.onThreadFailure?.(error);
    const held = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of held) this.settleHere(w);
  }
}

/** The thread: reads each body it is given and posts its events packed, or why it could not. */
function runWorker(start: Start): void {
  const port = parentPort;
  if (!port) return;
  port.on("message", (m: Request) => {
    let reply: Reply;
    try {
      const r = readWebhookBody(m.body, start.maxEventSize);
      const packer = new EventPacker();
      for (const e of r.events) packer.add(e);
      const pack = packer.pack();
      // The caller has the body: texts it can cut from it are not sent.
      if (r.ranges) pack.texts = [];
      // No copy needed here (auditEventKey's own copy is for keys kept in this thread): the key
      // strings are copied when posted.
      const keys = start.keys ? r.events.map((e) => auditEventKey(e, false)) : [];
      reply = { id: m.id, pack, ranges: r.ranges, keys, diagnostics: r.diagnostics };
    } catch (e) {
      reply = { id: m.id, error: String(e) };
    }
    port.postMessage(reply);
  });
}

if (!isMainThread && (workerData as Start | undefined)?.lannerWebhookBodies === true) {
  runWorker(workerData as Start);
}
