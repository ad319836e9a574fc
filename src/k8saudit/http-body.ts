// Pieces shared by the HTTP endpoints that receive audit batches (the detection webhook and
// `lanner audit receive`): PEM settings, the bearer-token check, bounded body reading and replies.
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { utf8Text } from "./utf8.js";

/** PEM text as is, anything else read as a file. */
export function pem(value: string): string {
  return value.includes("-----BEGIN") ? value : readFileSync(value, "utf8");
}

/** Compares a presented `Authorization` header with the token in constant time (over SHA-256 digests). */
export function bearerMatcher(token: string): (header: string | undefined) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (header) => {
    if (header === undefined) return false;
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
    const got = createHash("sha256")
      .update(m ? (m[1] as string) : "")
      .digest();
    // Compare even when the scheme is wrong, so that timing tells nothing.
    return timingSafeEqual(got, expected) && m !== null;
  };
}

export interface BodyHandlers {
  /** Refuses with a status and a message (413 over the limit, 400 for an empty body). */
  fail: (status: number, message: string) => void;
  /** The whole body (bodyText makes it text). */
  accept: (body: Buffer) => void;
}

/** A body as text: UTF-8, a byte-order mark removed. */
export function bodyText(body: Buffer): string {
  const text = utf8Text(body);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Gathers a request body up to `maxBody` bytes. Over the limit it answers 413 at once and discards
 * the rest instead of buffering it; an exception thrown by `accept` becomes a 500.
 */
export function readBoundedBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBody: number,
  h: BodyHandlers,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on("data", (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size > maxBody) {
      over = true;
      chunks.length = 0;
      h.fail(413, `body larger than ${maxBody} bytes`);
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (over || res.headersSent) return;
    if (size === 0) {
      h.fail(400, "empty body");
      return;
    }
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
    try {
      h.accept(body);
    } catch (e) {
      if (!res.headersSent) h.fail(500, `internal error: ${(e as Error).message}`);
    }
  });
}

/** How much of a refused body is read and thrown away before the connection is cut. */
const LINGER_BYTES = 256 * 1024 * 1024;
const LINGER_MS = 30_000;

/**
 * Sends a JSON reply. A client that still waits for `100 Continue` never sends its body, so the
 * connection is closed. A client already sending a body that will not be read (413, early refusals)
 * must get to read the reply first, so the rest of the body is read and thrown away (up to
 * LINGER_BYTES or LINGER_MS) before the connection goes.
 */
export function replyJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
  awaitingContinue = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  const close = awaitingContinue && !req.complete;
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(text)),
    ...headers,
    ...(close ? { Connection: "close" } : {}),
  });
  if (!close && !req.complete) lingeringClose(req);
  res.end(text);
}

/**
 * Node closes a `Connection: close` exchange as soon as the reply is written; with body bytes still
 * arriving that close is a reset, which can reach the client before it has read the reply. Only
 * half-close instead, and read out the rest of the body.
 */
function lingeringClose(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
  };
  let left = LINGER_BYTES;
  const cut = () => socket.destroy();
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) cut();
  });
  req.once("end", () => {
    clearTimeout(timer);
    // All read: a connection closed by the reply can go now, a kept-alive one stays.
    if (socket.writableEnded) socket.destroy();
  });
  socket.once("close", () => clearTimeout(timer));
  req.resume();
}

/** Counters the shared server setup updates. */
export interface EndpointStats {
  rejected: Record<string, number>;
  tlsErrors: number;
}

/**
 * The HTTP(S) server of an audit endpoint: TLS with optional client certificates, `Expect:
 * 100-continue` answered by the handler before the body is sent, malformed requests counted and
 * refused with 400, and keep-alive long enough for the apiserver's client (which keeps idle
 * connections 90 s).
 */
export function createEndpointServer(
  tls: { cert: string; key: string; ca?: string } | undefined,
  handle: (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => void,
  stats: EndpointStats,
  keepAliveMs: number,
): http.Server | https.Server {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => handle(req, res, false);
  const server = tls
    ? https.createServer(
        {
          cert: pem(tls.cert),
          key: pem(tls.key),
          ...(tls.ca !== undefined ? { ca: pem(tls.ca), requestCert: true, rejectUnauthorized: true } : {}),
        },
        onRequest,
      )
    : http.createServer(onRequest);
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    stats.rejected["400"] = (stats.rejected["400"] ?? 0) + 1;
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  if (tls) server.on("tlsClientError", () => stats.tlsErrors++);
  server.keepAliveTimeout = keepAliveMs;
  server.headersTimeout = keepAliveMs + 5000;
  return server;
}
