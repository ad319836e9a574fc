// Real receivers for the output tests: an HTTP(S) server on loopback that records every request byte
// for byte, UDP and TCP syslog listeners, a PKI made with the openssl CLI, and alerts to send.

import dgram from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Alert } from "../../src/outputs/alert.js";
import type { OutputLogLevel } from "../../src/outputs/options.js";

/** A scratch directory, removed by the returned function. */
export function scratch(prefix = "lanner-outputs-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Alert number `n`: a fixed time plus n ns, the number in the output and in a field. */
export function makeAlert(n: number, priority = "Warning"): Alert {
  return {
    rule: "Write below etc",
    priority,
    source: "syscall",
    tags: ["filesystem", "mitre_persistence"],
    timeNs: 1470327477881781397n + BigInt(n),
    message: `File below /etc opened for writing (n=${n} file=/etc/shadow proc=vi)`,
    fields: { "fd.name": "/etc/shadow", "proc.name": "vi", "proc.pid": n, "user.name": null },
  };
}

/** Collects the pipeline's log lines. */
export function logSink(): {
  lines: { level: OutputLogLevel; message: string }[];
  onLog: (l: OutputLogLevel, m: string) => void;
} {
  const lines: { level: OutputLogLevel; message: string }[] = [];
  return { lines, onLog: (level, message) => lines.push({ level, message }) };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (gzip included). */
  raw: Buffer;
  /** The body, gunzipped when Content-Encoding says gzip. */
  body: string;
  /** Subject CN of the client certificate (mTLS), if any. */
  clientCN?: string;
}

export interface Receiver {
  port: number;
  url: string;
  /** Requests answered 2xx (what was delivered), in arrival order. */
  received: ReceivedRequest[];
  /** Every request, whatever its answer. */
  all: ReceivedRequest[];
  /** Stops listening and cuts open connections (the receiver goes down). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export interface ReceiverOptions {
  port?: number;
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
  /** Status for the n-th request (0-based); default 200. */
  status?: (n: number, req: ReceivedRequest) => number;
  /** Delay before answering, ms. */
  delayMs?: number;
  /** Body of the answers (default `ok`). */
  answer?: string;
  /** Listen right away (default true). */
  listen?: boolean;
}

/** A real HTTP (or HTTPS) server on 127.0.0.1 recording every request. */
export async function httpReceiver(o: ReceiverOptions = {}): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const all: ReceivedRequest[] = [];
  let n = 0;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const gz = req.headers["content-encoding"] === "gzip";
      const r: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        raw,
        body: (gz ? gunzipSync(raw) : raw).toString("utf8"),
      };
      const sock = req.socket as import("node:tls").TLSSocket;
      if (typeof sock.getPeerCertificate === "function") {
        const cert = sock.getPeerCertificate();
        if (cert?.subject?.CN) r.clientCN = String(cert.subject.CN);
      }
      all.push(r);
      const status = o.status ? o.status(n++, r) : 200;
      if (status >= 200 && status < 300) received.push(r);
      const reply = () => {
        res.writeHead(status, { "Content-Type": "text/plain" });
        res.end(o.answer ?? "ok");
      };
      if (o.delayMs) setTimeout(reply, o.delayMs);
      else reply();
    });
  };
  const make = () =>
    o.tls
      ? https.createServer(
          {
            key: o.tls.key,
            cert: o.tls.cert,
            ca: o.tls.ca,
            requestCert: o.tls.requestCert,
            rejectUnauthorized: o.tls.requestCert,
          },
          handler,
        )
      : http.createServer(handler);
  let server: http.Server | https.Server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
  let port = o.port ?? 0;
  if (o.listen === false) {
    // Reserve a free port, then leave it closed: the receiver starts out down.
    port = await listen(0);
    await new Promise<void>((r) => server.close(() => r()));
  } else {
    port = await listen(port);
  }
  const scheme = o.tls ? "https" : "http";
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}/alerts`,
    received,
    all,
    stop: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
    start: async () => {
      server = make();
      await listen(port);
    },
  };
}

/** A UDP listener on 127.0.0.1 collecting datagrams. */
export async function udpListener(): Promise<{
  port: number;
  messages: Buffer[];
  close: () => Promise<void>;
}> {
  const sock = dgram.createSocket("udp4");
  const messages: Buffer[] = [];
  sock.on("message", (m) => messages.push(m));
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  return {
    port: sock.address().port,
    messages,
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}

/** A TCP listener on 127.0.0.1 (or a unix stream socket) collecting the bytes of every connection. */
export async function streamListener(
  path?: string,
  port = 0,
): Promise<{ port: number; data: () => Buffer; connections: () => number; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    connections++;
    sockets.add(s);
    s.on("data", (c: Buffer) => chunks.push(c));
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) =>
    path ? server.listen(path, () => r()) : server.listen(port, "127.0.0.1", () => r()),
  );
  const addr = server.address();
  return {
    port: typeof addr === "object" && addr !== null ? addr.port : 0,
    data: () => Buffer.concat(chunks),
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Polls until `cond()` holds or `ms` pass. */
export async function until(cond: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export { makePki, type TestPki } from "../helpers/pki.js";
