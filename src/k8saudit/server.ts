// The endpoint kube-apiserver's audit webhook backend posts to: `POST /k8s-audit` with an EventList.
// The apiserver waits for the answer (30 s timeout) and retries the whole batch on any error, so the
// receiver answers as soon as a batch is parsed and queued: rules run later, off the request path,
// from a bounded queue (full: 503 and Retry-After, never a silent drop), and events the apiserver
// sends again are recognised by auditID + stage and dropped.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { type BodyRead, BodyReader } from "./body-thread.js";
import { DedupWindow, type DedupWindowOptions } from "./dedup.js";
import { type AuditDiagnostic, type AuditEvent, AuditEventSequence } from "./events.js";
import { bearerMatcher, createEndpointServer, readBoundedBody, replyJson } from "./http-body.js";

/** TLS of the endpoint. Each value is PEM text or the path of a PEM file. */
export interface AuditWebhookTls {
  cert: string;
  key: string;
  /** CA of client certificates: when set, clients must present a certificate it signed. */
  ca?: string;
}

export interface AuditWebhookOptions {
  /** Address to listen on (default 127.0.0.1). */
  listenAddress?: string;
  /** Port (default 9765; 0 picks a free one). */
  listenPort?: number;
  /** URL path events are posted to (default /k8s-audit). */
  path?: string;
  /** Largest request body accepted (default 16 MiB); larger bodies get 413 without being buffered. */
  maxBodyBytes?: number;
  tls?: AuditWebhookTls;
  /** Token required as `Authorization: Bearer <token>` (the caller reads bearer_token_file). */
  bearerToken?: string;
  /** Largest single event, in bytes of compact JSON (the plugin's maxEventSize); unset: no limit. */
  maxEventSize?: number;
  /** Events queued for the rules before new batches get 503 (default 100,000). */
  maxQueuedEvents?: number;
  /** Retry-After of a 503, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Window of recently seen auditID + stage keys; false: no deduplication. */
  dedup?: DedupWindowOptions | false;
  /** Numbering shared with the other readers of the k8s_audit source (evt.num). */
  sequence?: AuditEventSequence;
  /** Receives queued events in order, on a later tick than the request that brought them. */
  onEvents: (events: AuditEvent[]) => void;
  /** Input in an accepted or rejected body that is not an audit event. */
  onDiagnostic?: (diagnostic: AuditDiagnostic, remoteAddress: string) => void;
  /**
   * An exception thrown by onEvents (the events are counted as processed; serving goes on), or the
   * failure of the thread that reads bodies (they are read in this thread from then on).
   */
  onError?: (error: unknown) => void;
  /** Read bodies in a worker thread (default true): the rules then have this thread to themselves. */
  threadedReading?: boolean;
}

/** Counters of the endpoint since it started. */
export interface AuditWebhookStats {
  /** Requests received, on any path. */
  requests: number;
  /** Events read from posted bodies (duplicates and refused batches included). */
  received: number;
  /** Events queued for the rules. */
  accepted: number;
  /** Events dropped because the same auditID + stage was accepted before. */
  duplicates: number;
  /** Events handed to onEvents. */
  processed: number;
  /** Events queued and not yet handed to onEvents. */
  queueDepth: number;
  /** Events in batches refused with 503 because the queue was full. */
  refusedQueueFull: number;
  /** Inputs that were not audit events (one diagnostic each). */
  notEvents: number;
  /** Requests answered with an error, by HTTP status. */
  rejected: Record<string, number>;
  /** TLS handshakes that failed (no client certificate, unknown CA, not TLS…). */
  tlsErrors: number;
  /** Exceptions thrown by onEvents. */
  callbackErrors: number;
}

/** A running webhook endpoint. */
export interface AuditWebhook {
  /** The port listened on (the real one when 0 was asked). */
  readonly port: number;
  readonly address: string;
  /** `http` or `https`. */
  readonly protocol: "http" | "https";
  /** A snapshot of the counters. */
  readonly stats: AuditWebhookStats;
  /** Resolves once every event queued so far has been handed to onEvents. */
  flushed(): Promise<void>;
  /** Stops listening, ends connections, hands the queued events to onEvents, then resolves. */
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOK_PORT = 9765;
export const DEFAULT_WEBHOOK_ADDRESS = "127.0.0.1";
export const DEFAULT_WEBHOOK_PATH = "/k8s-audit";
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_QUEUED_EVENTS = 100_000;

/** Rules run for at most this long per event-loop turn, so that requests keep being answered. */
const DISPATCH_SLICE_MS = 2;
/** Events handed to onEvents at a time (a batch of 400 is split, so that the slice is kept). */
const DISPATCH_CHUNK = 25;
/** Idle keep-alive connections are kept this long. */
const KEEP_ALIVE_MS = 65_000;
/** Open connections still busy this long after close() are cut. */
const CLOSE_GRACE_MS = 2000;

/** `application/json`, with an optional UTF-8 charset: what the apiserver sends. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const parts = header.split(";");
  if ((parts[0] as string).trim().toLowerCase() !== "application/json") return false;
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    const key = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    if (key !== "charset") continue;
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
    if (value !== "utf-8" && value !== "utf8") return false;
  }
  return true;
}

function remoteOf(req: IncomingMessage): string {
  const s = req.socket;
  return s.remoteAddress === undefined ? "unknown" : `${s.remoteAddress}:${s.remotePort ?? 0}`;
}

/**
 * A body's events waiting for the rules: the read holds them packed, and each is made when its turn
 * comes (see BodyRead).
 */
interface QueuedBatch {
  read: BodyRead;
  /** Indexes in `read` of the events kept (not duplicates), in order. */
  kept: number[];
  /** evt.num of the first kept event; the others follow it. */
  firstNum: number;
  firstTsNs: bigint;
}

/** Starts the audit webhook endpoint; resolves once it listens. */
export async function startAuditWebhook(options: AuditWebhookOptions): Promise<AuditWebhook> {
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxQueued = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const sequence = options.sequence ?? new AuditEventSequence();
  const dedup = options.dedup === false ? undefined : new DedupWindow(options.dedup ?? {});
  if (options.bearerToken !== undefined && options.bearerToken.trim() === "")
    throw new Error("k8s audit webhook: the bearer token is empty");
  const authorized =
    options.bearerToken === undefined ? undefined : bearerMatcher(options.bearerToken.trim());
  const { onEvents, onDiagnostic, onError, maxEventSize } = options;
  const bodies = new BodyReader({
    keys: dedup !== undefined,
    threaded: options.threadedReading ?? true,
    onThreadFailure: (e) => onError?.(e),
    ...(maxEventSize !== undefined ? { maxEventSize } : {}),
  });
  let closed = false;

  const stats: AuditWebhookStats = {
    requests: 0,
    received: 0,
    accepted: 0,
    duplicates: 0,
    processed: 0,
    queueDepth: 0,
    refusedQueueFull: 0,
    notEvents: 0,
    rejected: {},
    tlsErrors: 0,
    callbackErrors: 0,
  };

  // Batches waiting for the rules, oldest first: queue[head] is read from `offset` (those before
  // head are done, and let go).
  let queue: Array<QueuedBatch | undefined> = [];
  let head = 0;
  let offset = 0;
  let scheduled = false;
  let idleWaiters: Array<() => void> = [];

  const dispatch = (budgetMs: number): void => {
    const deadline = performance.now() + budgetMs;
    while (head < queue.length) {
      const batch = queue[head] as QueuedBatch;
      const events: AuditEvent[] = [];
      const to = Math.min(offset + DISPATCH_CHUNK, batch.kept.length);
      for (let j = offset; j < to; j++)
        events.push(batch.read.event(batch.kept[j] as number, batch.firstNum + j, batch.firstTsNs));
      offset = to;
      if (offset >= batch.kept.length) {
        queue[head++] = undefined;
        offset = 0;
      }
      stats.queueDepth -= events.length;
      stats.processed += events.length;
      try {
        onEvents(events);
      } catch (e) {
        stats.callbackErrors++;
        onError?.(e);
      }
      if (performance.now() >= deadline) break;
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    } else if (head > 1024) {
      queue = queue.slice(head);
      head = 0;
    }
  };
  const onTick = (): void => {
    scheduled = false;
    dispatch(DISPATCH_SLICE_MS);
    if (head < queue.length) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(onTick);
  };

  const reply = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
    awaitingContinue?: boolean,
  ): void => {
    if (status >= 400) stats.rejected[status] = (stats.rejected[status] ?? 0) + 1;
    replyJson(req, res, status, body, headers, awaitingContinue);
  };
  const fail = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    error: string,
    headers?: Record<string, string>,
    awaitingContinue?: boolean,
  ) => reply(req, res, status, { error }, headers, awaitingContinue);

  const accept = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const remote = remoteOf(req);
    bodies.read(body).then(
      (read) => {
        // After close() the connection was cut: the client was not answered and will send again.
        if (!closed) queueBody(req, res, remote, read);
      },
      (e: unknown) => {
        if (!res.headersSent) fail(req, res, 500, `internal error: ${(e as Error).message}`);
      },
    );
  };

  const queueBody = (req: IncomingMessage, res: ServerResponse, remote: string, read: BodyRead): void => {
    stats.received += read.count;
    stats.notEvents += read.diagnostics.length;
    if (onDiagnostic) for (const d of read.diagnostics) onDiagnostic(d, remote);
    if (read.count === 0 && read.diagnostics.length > 0) {
      const first = read.diagnostics[0] as AuditDiagnostic;
      const malformed = first.reason.startsWith("invalid JSON");
      const why = malformed
        ? `malformed JSON: ${first.reason.replace(/^invalid JSON: /, "")}`
        : `${first.message}: ${first.reason}`;
      fail(req, res, 400, why.length > 200 ? `${why.slice(0, 197)}...` : why);
      return;
    }
    // Drop what was accepted before, and copies inside this batch.
    const fresh: number[] = [];
    const keys: string[] = [];
    let duplicates = 0;
    const inBatch = new Set<string>();
    for (let i = 0; i < read.count; i++) {
      const key = read.keys[i];
      if (key !== undefined) {
        if (inBatch.has(key) || dedup?.has(key)) {
          duplicates++;
          continue;
        }
        inBatch.add(key);
        keys.push(key);
      }
      fresh.push(i);
    }
    if (fresh.length > 0 && stats.queueDepth > 0 && stats.queueDepth + fresh.length > maxQueued) {
      stats.refusedQueueFull += read.count;
      fail(req, res, 503, "event queue full, retry later", { "Retry-After": retryAfter });
      return;
    }
    if (dedup) for (const k of keys) dedup.add(k);
    stats.duplicates += duplicates;
    if (fresh.length > 0) {
      // Numbered now, in the order they are queued: duplicates leave no holes in evt.num.
      sequence.firstTsNs ??= read.tsNs(fresh[0] as number);
      const batch: QueuedBatch = {
        read,
        kept: fresh,
        firstNum: sequence.nextNum,
        firstTsNs: sequence.firstTsNs,
      };
      sequence.nextNum += fresh.length;
      queue.push(batch);
      stats.accepted += fresh.length;
      stats.queueDepth += fresh.length;
      schedule();
    }
    reply(req, res, 200, { accepted: fresh.length, duplicates });
  };

  /** Why a request is refused from its headers alone: [status, message, headers], or undefined. */
  const refusal = (req: IncomingMessage): [number, string, Record<string, string>?] | undefined => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    if ((q < 0 ? url : url.slice(0, q)) !== path) return [404, "not found"];
    if (req.method !== "POST") return [405, `method ${req.method ?? ""} not allowed`, { Allow: "POST" }];
    if (authorized && !authorized(req.headers.authorization))
      return [401, "missing or wrong bearer token", { "WWW-Authenticate": "Bearer" }];
    if (!isJsonContentType(req.headers["content-type"]))
      return [415, "expected Content-Type: application/json"];
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBody)
      return [413, `body larger than ${maxBody} bytes`];
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    stats.requests++;
    req.on("error", () => {
      // The client went away mid-body: nothing to answer.
    });
    const refused = refusal(req);
    if (refused) {
      fail(req, res, refused[0], refused[1], refused[2], expectsContinue);
      return;
    }
    if (expectsContinue) res.writeContinue();
    readBoundedBody(req, res, maxBody, {
      fail: (status, message) => fail(req, res, status, message),
      accept: (body) => accept(req, res, body),
    });
  };

  const tls = options.tls;
  const server = createEndpointServer(tls, handle, stats, KEEP_ALIVE_MS);

  const listenAddress = options.listenAddress ?? DEFAULT_WEBHOOK_ADDRESS;
  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => {
      // Not listening: the reading thread goes too.
      void bodies.close();
      reject(e);
    };
    server.once("error", failed);
    server.listen(options.listenPort ?? DEFAULT_WEBHOOK_PORT, listenAddress, () => {
      server.off("error", failed);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    port: bound.port,
    address: bound.address,
    protocol: tls ? "https" : "http",
    get stats(): AuditWebhookStats {
      return { ...stats, rejected: { ...stats.rejected } };
    },
    flushed(): Promise<void> {
      if (head === queue.length) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          closed = true;
          // Whatever was accepted gets its rules run before close resolves.
          while (head < queue.length) dispatch(Number.POSITIVE_INFINITY);
          void bodies.close().then(resolve);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
