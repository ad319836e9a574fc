// The HTTP(S) client behind http_output, Slack and the webhook: one reused connection (as Falco's
// single curl handle), TLS verification with falco.yaml's CA keys, mutual TLS, gzip bodies, a timeout,
// and a classification of each answer: delivered, worth retrying, or rejected for good.

import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Delivery } from "./network-channel.js";
import { OutputConfigError, type TlsClientOptions } from "./options.js";

const gzipAsync = promisify(gzip);
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface HttpClientSettings {
  /** Config section, for errors (`http_output`). */
  section: string;
  url: string;
  method: "POST" | "PUT";
  contentType: string;
  userAgent: string;
  headers: Record<string, string>;
  tls: TlsClientOptions;
  compress: boolean;
  timeoutMs: number;
  /** Where response bodies are echoed (http_output.echo); null: not echoed. */
  echo: NodeJS.WritableStream | null;
}

function readConfigFile(section: string, key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new OutputConfigError(`${section}.${key}`, `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The CA certificates falco.yaml names: `ca_cert`, else `ca_bundle`, else every PEM file in `ca_path`. */
export function loadCaCertificates(section: string, tls: TlsClientOptions): string[] | undefined {
  if (tls.ca_cert) return [readConfigFile(section, "ca_cert", tls.ca_cert).toString("utf8")];
  if (tls.ca_bundle) return [readConfigFile(section, "ca_bundle", tls.ca_bundle).toString("utf8")];
  if (!tls.ca_path) return undefined;
  let names: string[];
  try {
    names = readdirSync(tls.ca_path);
  } catch {
    // Falco's default (/etc/ssl/certs) may be absent: Node's own CA store is used then.
    return undefined;
  }
  const certs = new Set<string>();
  for (const name of names.sort()) {
    const path = join(tls.ca_path, name);
    try {
      if (!statSync(path).isFile()) continue;
      for (const m of readFileSync(path, "utf8").matchAll(PEM_CERT)) certs.add(m[0]);
    } catch {
      // Unreadable entries are skipped, as curl's CAPATH lookup would.
    }
  }
  return certs.size > 0 ? [...certs] : undefined;
}

/** Whether an HTTP status is worth retrying: the receiver is down, overloaded, or not ready for us. */
export function retryableStatus(status: number): boolean {
  return (
    status >= 500 ||
    status === 408 ||
    status === 425 ||
    status === 429 ||
    status === 401 ||
    status === 403 ||
    status === 404
  );
}

export class HttpClient {
  readonly url: URL;
  private readonly s: HttpClientSettings;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;

  constructor(s: HttpClientSettings) {
    this.s = s;
    try {
      this.url = new URL(s.url.replace(/^(['"])(.*)\1$/, "$2"));
    } catch {
      throw new OutputConfigError(`${s.section}.url`, `not a URL: '${s.url}'`);
    }
    if (this.url.protocol === "https:") {
      const tls = s.tls;
      const options: https.AgentOptions = { keepAlive: true, maxSockets: 1 };
      if (tls.insecure) {
        options.rejectUnauthorized = false;
        options.checkServerIdentity = () => undefined;
      }
      const ca = loadCaCertificates(s.section, tls);
      if (ca) options.ca = ca;
      if (tls.mtls) {
        if (!tls.client_cert || !tls.client_key) {
          throw new OutputConfigError(`${s.section}.mtls`, "mtls needs client_cert and client_key");
        }
        options.cert = readConfigFile(s.section, "client_cert", tls.client_cert);
        options.key = readConfigFile(s.section, "client_key", tls.client_key);
      }
      this.agent = new https.Agent(options);
      this.request = https.request;
    } else if (this.url.protocol === "http:") {
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.request = http.request;
    } else {
      throw new OutputConfigError(
        `${s.section}.url`,
        `unsupported scheme '${this.url.protocol}' (http or https)`,
      );
    }
  }

  /** Sends one body; a connection the server closed while idle is retried once at once. */
  async send(body: string): Promise<Delivery> {
    let payload = Buffer.from(body, "utf8");
    const headers: Record<string, string | number> = {
      "Content-Type": this.s.contentType,
      "User-Agent": this.s.userAgent,
      ...this.s.headers,
    };
    if (this.s.compress) {
      payload = await gzipAsync(payload);
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = payload.length;
    const first = await this.once(payload, headers);
    if (!first.ok && first.staleSocket) return this.once(payload, headers);
    return first;
  }

  private once(
    payload: Buffer,
    headers: Record<string, string | number>,
  ): Promise<Delivery & { staleSocket?: boolean }> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (d: Delivery & { staleSocket?: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(d);
      };
      const req = this.request(this.url, { method: this.s.method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => done({ ok: false, retryable: true, error: e.message }));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (this.s.echo && chunks.length > 0) this.s.echo.write(Buffer.concat(chunks));
          if (status >= 200 && status < 300) done({ ok: true });
          else {
            const text = Buffer.concat(chunks).toString("utf8").slice(0, 200).trim();
            done({
              ok: false,
              retryable: retryableStatus(status),
              error: `HTTP ${status}${text ? `: ${text}` : ""}`,
            });
          }
        });
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${this.s.timeoutMs} ms`)),
        this.s.timeoutMs,
      );
      req.on("error", (e: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && (e.code === "ECONNRESET" || e.code === "EPIPE");
        done({
          ok: false,
          retryable: true,
          error: e.code ? `${e.code}: ${e.message}` : e.message,
          staleSocket: stale,
        });
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
