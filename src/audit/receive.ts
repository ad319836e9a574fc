// `lanner audit receive`: an audit webhook backend that stores what kube-apiserver posts. The
// endpoint has the detection webhook's shape and refusals (POST of an EventList, Content-Type
// application/json, bearer token, TLS with optional client certificates; 404, 405, 401, 415, 413,
// 400), but a different contract: the answer is 200 only once the batch's events are written to the
// JSON-lines log AND fsync'ed. The apiserver retries a batch until it gets a 2xx, so an event it was
// told was received is on disk; one it was not told about is sent again (and recognised by auditID
// and stage when it did reach the disk before the crash or the timeout).
//
// The detection webhook (k8saudit/server.ts) answers as soon as a batch is queued and hands events
// over later; it has no hook to answer after a promise resolves, hence this server. It reuses the
// detection webhook's Content-Type check, event reader and deduplication window.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { auditEventKey, DedupWindow, type DedupWindowOptions } from "../k8saudit/dedup.js";
import {
  type AuditDiagnostic,
  type AuditEvent,
  AuditEventReader,
  AuditEventSequence,
} from "../k8saudit/events.js";
import {
  bearerMatcher,
  bodyText,
  createEndpointServer,
  readBoundedBody,
  replyJson,
} from "../k8saudit/http-body.js";
import { compactJson } from "../k8saudit/json-text.js";
import { type AuditWebhookTls, DEFAULT_MAX_BODY_BYTES, isJsonContentType } from "../k8saudit/server.js";
import type { RotatingLog } from "./rotating-log.js";

export const DEFAULT_RECEIVE_ADDRESS = "127.0.0.1";
export const DEFAULT_RECEIVE_PORT = 9766;
export const DEFAULT_RECEIVE_PATH = "/audit";
/** Bodies waiting for their turn to be written before new ones get 503 (default 64 MiB). */
export const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;

export interface AuditReceiverOptions {
  /** Where events go; the caller closes it after the receiver. */
  log: RotatingLog;
  /** Address to listen on (default 127.0.0.1). */
  listenAddress?: string;
  /** Port (default 9766; 0 picks a free one). */
  listenPort?: number;
  /** URL path events are posted to (default /audit). */
  path?: string;
  /** Largest request body (default 16 MiB, as the detection webhook). */
  maxBodyBytes?: number;
  /** Bytes of bodies waiting to be written before new batches get 503 + Retry-After. */
  maxPendingBytes?: number;
  tls?: AuditWebhookTls;
  /** Token required as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Window of written auditID + stage keys, to drop the apiserver's retries; false: keep every copy. */
  dedup?: DedupWindowOptions | false;
  /** Input in a body that is not an audit event (skipped). */
  onDiagnostic?: (diagnostic: AuditDiagnostic, remoteAddress: string) => void;
  /** A batch that could not be written (answered 500, so the apiserver retries it). */
  onWriteError?: (error: unknown) => void;
}

/** Counters since the receiver started. */
export interface AuditReceiverStats {
  requests: number;
  /** Events read from accepted bodies. */
  received: number;
  /** Events written and fsync'ed (acknowledged). */
  written: number;
  /** Events dropped because the same auditID + stage was written before. */
  duplicates: number;
  /** Batches answered 200. */
  batches: number;
  notEvents: number;
  /** Batches that failed to be written (answered 500). */
  writeErrors: number;
  /** Requests refused, by HTTP status. */
  rejected: Record<string, number>;
  tlsErrors: number;
}

export interface AuditReceiver {
  readonly port: number;
  readonly address: string;
  readonly protocol: "http" | "https";
  readonly stats: AuditReceiverStats;
  /** Stops listening; resolves once every batch being written is written (the log stays open). */
  close(): Promise<void>;
}

const KEEP_ALIVE_MS = 65_000;
const CLOSE_GRACE_MS = 5000;

const remoteOf = (req: IncomingMessage) =>
  req.socket.remoteAddress === undefined
    ? "unknown"
    : `${req.socket.remoteAddress}:${req.socket.remotePort ?? 0}`;

/** Starts the receiver; resolves once it listens. */
export async function startAuditReceiver(options: AuditReceiverOptions): Promise<AuditReceiver> {
  const urlPath = options.path ?? DEFAULT_RECEIVE_PATH;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  const log = options.log;
  const dedup = options.dedup === false ? undefined : new DedupWindow(options.dedup ?? {});
  if (options.bearerToken !== undefined && options.bearerToken.trim() === "")
    throw new Error("audit receiver: the bearer token is empty");
  const authorized =
    options.bearerToken === undefined ? undefined : bearerMatcher(options.bearerToken.trim());
  const stats: AuditReceiverStats = {
    requests: 0,
    received: 0,
    written: 0,
    duplicates: 0,
    batches: 0,
    notEvents: 0,
    writeErrors: 0,
    rejected: {},
    tlsErrors: 0,
  };
  let pendingBytes = 0;

  const reply = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: object,
    headers?: Record<string, string>,
    awaitingContinue?: boolean,
  ) => {
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

  // Group commit: batches that arrive while a write is under way are written together after it,
  // with one fsync, and each is answered once that fsync is done.
  interface Pending {
    events: AuditEvent[];
    resolve: (r: { written: number; duplicates: number }) => void;
    reject: (e: unknown) => void;
  }
  let queue: Pending[] = [];
  let writing: Promise<void> | undefined;
  const writeGroup = async (group: Pending[]): Promise<void> => {
    const records: string[] = [];
    const keys: string[] = [];
    const seen = new Set<string>();
    const results = group.map((p) => {
      let written = 0;
      let duplicates = 0;
      for (const e of p.events) {
        const key = dedup ? auditEventKey(e) : undefined;
        if (key !== undefined) {
          if (seen.has(key) || dedup?.has(key)) {
            duplicates++;
            continue;
          }
          seen.add(key);
          keys.push(key);
        }
        records.push(compactJson(e.text));
        written++;
      }
      return { written, duplicates };
    });
    try {
      await log.write(records);
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    // Only what is on disk counts as seen: a failed batch's retry must be written.
    if (dedup) for (const k of keys) dedup.add(k);
    group.forEach((p, i) => {
      p.resolve(results[i] as { written: number; duplicates: number });
    });
  };
  const pump = async (): Promise<void> => {
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      await writeGroup(group);
    }
    writing = undefined;
  };
  const writeBatch = (events: AuditEvent[]): Promise<{ written: number; duplicates: number }> =>
    new Promise((resolve, reject) => {
      queue.push({ events, resolve, reject });
      writing ??= pump();
    });

  const accept = (req: IncomingMessage, res: ServerResponse, text: string, size: number): void => {
    const remote = remoteOf(req);
    const read = new AuditEventReader({ sequence: new AuditEventSequence() }).readPayload(text);
    stats.notEvents += read.diagnostics.length;
    if (options.onDiagnostic) for (const d of read.diagnostics) options.onDiagnostic(d, remote);
    if (read.events.length === 0) {
      const first = read.diagnostics[0];
      const why =
        first === undefined
          ? "no events"
          : first.reason.startsWith("invalid JSON")
            ? `malformed JSON: ${first.reason.replace(/^invalid JSON: /, "")}`
            : `${first.message}: ${first.reason}`;
      if (first === undefined) {
        // An EventList with no items: nothing to store, and nothing to retry.
        reply(req, res, 200, { accepted: 0, duplicates: 0 });
        return;
      }
      fail(req, res, 400, why.length > 200 ? `${why.slice(0, 197)}...` : why);
      return;
    }
    stats.received += read.events.length;
    pendingBytes += size;
    writeBatch(read.events).then(
      (r) => {
        pendingBytes -= size;
        stats.written += r.written;
        stats.duplicates += r.duplicates;
        stats.batches++;
        reply(req, res, 200, { accepted: r.written, duplicates: r.duplicates });
      },
      (e: unknown) => {
        pendingBytes -= size;
        stats.writeErrors++;
        options.onWriteError?.(e);
        fail(req, res, 500, `could not store the batch: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  const refusal = (req: IncomingMessage): [number, string, Record<string, string>?] | undefined => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    if ((q < 0 ? url : url.slice(0, q)) !== urlPath) return [404, "not found"];
    if (req.method !== "POST") return [405, `method ${req.method ?? ""} not allowed`, { Allow: "POST" }];
    if (authorized && !authorized(req.headers.authorization))
      return [401, "missing or wrong bearer token", { "WWW-Authenticate": "Bearer" }];
    if (!isJsonContentType(req.headers["content-type"]))
      return [415, "expected Content-Type: application/json"];
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBody)
      return [413, `body larger than ${maxBody} bytes`];
    if (pendingBytes > maxPending)
      return [503, "too many batches waiting to be written, retry later", { "Retry-After": "1" }];
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    stats.requests++;
    req.on("error", () => {});
    const refused = refusal(req);
    if (refused) {
      fail(req, res, refused[0], refused[1], refused[2], expectsContinue);
      return;
    }
    if (expectsContinue) res.writeContinue();
    readBoundedBody(req, res, maxBody, {
      fail: (status, message) => fail(req, res, status, message),
      accept: (body) => accept(req, res, bodyText(body), body.length),
    });
  };

  const tls = options.tls;
  const server = createEndpointServer(tls, handle, stats, KEEP_ALIVE_MS);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(
      options.listenPort ?? DEFAULT_RECEIVE_PORT,
      options.listenAddress ?? DEFAULT_RECEIVE_ADDRESS,
      () => {
        server.off("error", reject);
        resolve();
      },
    );
  });
  const bound = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port: bound.port,
    address: bound.address,
    protocol: tls ? "https" : "http",
    get stats(): AuditReceiverStats {
      return { ...stats, rejected: { ...stats.rejected } };
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          (writing ?? Promise.resolve()).then(resolve, resolve);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
