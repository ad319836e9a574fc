// The agent's webserver (Falco's `webserver:`): /healthz, /versions and Prometheus /metrics.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { ENGINE_VERSION, formatVersion } from "../rules/index.js";
import type { AgentMetrics } from "./metrics.js";

export interface WebserverOptions {
  listenAddress?: string;
  /** 0 picks a free port (tests). */
  listenPort?: number;
  healthzEndpoint?: string;
  /** Serve /metrics (Falco: `webserver.prometheus_metrics_enabled` and `metrics.enabled`). */
  metrics?: AgentMetrics;
  /** PEM file holding the certificate and the key (Falco's `ssl_certificate`). */
  sslCertificate?: string;
  version: string;
  /** False while the agent is starting or stopping: /healthz answers 503. */
  healthy?: () => boolean;
}

export interface Webserver {
  port: number;
  address: string;
  close(): Promise<void>;
}

/** Starts the webserver; resolves once it listens. */
export async function startWebserver(opts: WebserverOptions): Promise<Webserver> {
  const healthz = opts.healthzEndpoint ?? "/healthz";
  const versions = JSON.stringify({
    lanner_version: opts.version,
    engine_version: String(ENGINE_VERSION.minor),
    engine_version_semver: formatVersion(ENGINE_VERSION),
    plugin_versions: {},
  });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = (req.url ?? "/").split("?")[0];
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      send(405, "text/plain", "method not allowed\n");
      return;
    }
    if (url === healthz) {
      const ok = opts.healthy ? opts.healthy() : true;
      send(ok ? 200 : 503, "application/json", ok ? '{"status":"ok"}' : '{"status":"unavailable"}');
    } else if (url === "/versions") {
      send(200, "application/json", versions);
    } else if (url === "/metrics" && opts.metrics) {
      opts.metrics.text().then(
        (text) => send(200, opts.metrics?.registry.contentType ?? "text/plain", text),
        (err: unknown) => send(500, "text/plain", `metrics failed: ${String(err)}\n`),
      );
    } else {
      send(404, "text/plain", "not found\n");
    }
  };
  let server: http.Server | https.Server;
  if (opts.sslCertificate) {
    const pem = readFileSync(opts.sslCertificate);
    server = https.createServer({ cert: pem, key: pem }, handler);
  } else {
    server = http.createServer(handler);
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.listenPort ?? 8765, opts.listenAddress ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    port: addr.port,
    address: addr.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
