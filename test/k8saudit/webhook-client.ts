import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Writable } from "node:stream";
import type { AuditWebhook } from "../../src/k8saudit/server.js";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface PostOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Sent as is. */
  body?: string | Buffer;
  /** Send without Content-Length (chunked). */
  chunked?: boolean;
  /** Send `Expect: 100-continue` and the body only when the server agrees. */
  expectContinue?: boolean;
  tls?: { ca?: string; cert?: string; key?: string };
  agent?: http.Agent;
}

/** One request to the webhook; resolves with the reply. */
export function request(hook: AuditWebhook, o: PostOptions = {}): Promise<Reply> {
  const body = o.body === undefined ? Buffer.alloc(0) : Buffer.from(o.body);
  const headers: Record<string, string> = { "Content-Type": "application/json", ...o.headers };
  if (!o.chunked) headers["Content-Length"] = String(body.length);
  if (o.expectContinue) headers.Expect = "100-continue";
  const options: https.RequestOptions = {
    host: "127.0.0.1",
    port: hook.port,
    method: o.method ?? "POST",
    path: o.path ?? "/k8s-audit",
    headers,
    ...(o.agent ? { agent: o.agent } : { agent: false }),
    ...(o.tls ? { ...o.tls, servername: "localhost" } : {}),
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = (hook.protocol === "https" ? https : http).request(options, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }),
      );
      res.on("error", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }),
      );
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    // Large bodies go in pieces, as a streaming client sends them.
    const write = () =>
      writeInPieces(
        req,
        body,
        (piece) => piece,
        () => req.end(),
      );
    if (o.expectContinue) req.on("continue", write);
    else write();
  });
}

/**
 * On one raw connection: a chunked POST of `big` written to its end whatever the server answers
 * meanwhile, then a POST of `next`; resolves with the statuses of the replies read on that
 * connection (the server closing it early shows as fewer replies).
 */
export function keptAliveAfter413(port: number, big: Buffer, next: string): Promise<{ status: number }[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    const replies: { status: number }[] = [];
    let input = Buffer.alloc(0);
    const done = () => {
      s.destroy();
      resolve(replies);
    };
    s.on("data", (d: Buffer) => {
      input = Buffer.concat([input, d]);
      for (;;) {
        const end = input.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = input.subarray(0, end).toString();
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (input.length < end + 4 + length) return;
        replies.push({ status: Number(head.split(" ")[1]) });
        input = input.subarray(end + 4 + length);
        if (replies.length === 2) done();
      }
    });
    s.on("end", done);
    s.on("error", (e) => (replies.length > 0 ? done() : reject(e)));
    s.write(
      "POST /k8s-audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    const chunk = (piece: Buffer) =>
      Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    writeInPieces(s, big, chunk, () => {
      s.write("0\r\n\r\n");
      s.write(
        `POST /k8s-audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(next)}\r\n\r\n${next}`,
      );
    });
  });
}

/** Writes `body` 1 MiB at a time (each piece through `frame`), waiting for drain; then `end()`. */
function writeInPieces(out: Writable, body: Buffer, frame: (piece: Buffer) => Buffer, end: () => void): void {
  const step = 1 << 20;
  let at = 0;
  const next = (): void => {
    while (at < body.length) {
      const piece = body.subarray(at, at + step);
      at += step;
      if (!out.write(frame(piece))) {
        out.once("drain", next);
        return;
      }
    }
    end();
  };
  next();
}

/** An EventList holding the given event texts, as the webhook backend sends it. */
export function eventList(texts: readonly string[]): string {
  return `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${texts.join(",")}]}`;
}

export { makePki, type TestPki } from "../helpers/pki.js";
