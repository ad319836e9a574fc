// A small HTTP(S) client for the webhook tests: posts like kube-apiserver's webhook backend does and
// reports the status, headers and body; errors after the response has arrived (the server closing a
// connection whose body it refused) are ignored, as a real client's would be.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";
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
    const write = () => {
      // Large bodies go in pieces, as a streaming client sends them.
      const step = 1 << 20;
      let at = 0;
      const next = (): void => {
        while (at < body.length) {
          const piece = body.subarray(at, at + step);
          at += step;
          if (!req.write(piece)) {
            req.once("drain", next);
            return;
          }
        }
        req.end();
      };
      next();
    };
    if (o.expectContinue) req.on("continue", write);
    else write();
  });
}

/** An EventList holding the given event texts, as the webhook backend sends it. */
export function eventList(texts: readonly string[]): string {
  return `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${texts.join(",")}]}`;
}

export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate from a CA the server does not trust. */
  rogueCert: string;
  rogueKey: string;
}

/** A CA, a server certificate for 127.0.0.1/localhost and client certificates, made with the openssl CLI. */
export function makePki(dir: string): TestPki {
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const ca = (name: string) =>
    ssl(
      "req",
      "-x509",
      ...ec,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
  const leaf = (name: string, signer: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl("req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    ssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${signer}.crt`,
      "-CAkey",
      `${signer}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    );
  };
  ca("test-ca");
  ca("rogue-ca");
  leaf("server", "test-ca", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  leaf("client", "test-ca", "extendedKeyUsage=clientAuth\n");
  leaf("rogue", "rogue-ca", "extendedKeyUsage=clientAuth\n");
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  return {
    caCert: read("test-ca.crt"),
    serverCert: read("server.crt"),
    serverKey: read("server.key"),
    clientCert: read("client.crt"),
    clientKey: read("client.key"),
    rogueCert: read("rogue.crt"),
    rogueKey: read("rogue.key"),
  };
}
