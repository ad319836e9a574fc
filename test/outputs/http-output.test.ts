// http_output against a real server on loopback: Falco's POST (JSON or text/plain, User-Agent) byte for
// byte, HTTPS verified with a CA made by openssl (ca_cert, ca_bundle, ca_path, insecure), mutual TLS,
// gzip bodies, batches as JSON arrays, echo, retries with backoff and rejected alerts counted.
import assert from "node:assert/strict";
import { copyFileSync, createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { formatAlertJson, formatAlertText } from "../../src/outputs/alert.js";
import type { HttpOutputOptions } from "../../src/outputs/options.js";
import { OutputPipeline } from "../../src/outputs/pipeline.js";
import { httpReceiver, logSink, makeAlert, makePki, scratch, type TestPki } from "./receivers.js";

let dir: string;
let cleanup: () => void;
let pki: TestPki;
before(() => {
  ({ dir, cleanup } = scratch("lanner-http-"));
  pki = makePki(dir);
});
after(() => cleanup());

const fmt = { timeFormatIso8601: true, hostname: "h" };
const json = (n: number) => formatAlertJson(makeAlert(n), fmt);
const base = {
  hostname: "h",
  time_format_iso_8601: true,
  retry: { initial_delay_ms: 5, max_delay_ms: 20 },
} as const;

test("one JSON POST per alert, as Falco's http_output sends it", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({ ...base, json_output: true, http_output: { enabled: true, url: rx.url } });
  p.emit(makeAlert(0));
  p.emit(makeAlert(1));
  await p.close();
  await rx.stop();
  assert.equal(rx.received.length, 2);
  for (const [i, r] of rx.received.entries()) {
    assert.equal(r.method, "POST");
    assert.equal(r.url, "/alerts");
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.headers["user-agent"], "falcosecurity/falco");
    assert.equal(r.headers["content-length"], String(Buffer.byteLength(json(i))));
    assert.equal(r.raw.toString("utf8"), json(i));
  }
  assert.equal(p.stats().channels.http?.sent, 2);
});

test("text output is posted as text/plain; user_agent and extra headers are sent", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    http_output: { enabled: true, url: rx.url, user_agent: "lanner-test/1", headers: { "X-Token": "t0k" } },
  });
  p.emit(makeAlert(0));
  await p.close();
  await rx.stop();
  const r = rx.received[0];
  assert.equal(r?.headers["content-type"], "text/plain");
  assert.equal(r?.headers["user-agent"], "lanner-test/1");
  assert.equal(r?.headers["x-token"], "t0k");
  assert.equal(r?.raw.toString("utf8"), formatAlertText(makeAlert(0), fmt));
});

async function deliversOver(tls: HttpOutputOptions, rxTls: Parameters<typeof httpReceiver>[0] = {}) {
  const rx = await httpReceiver({ tls: { key: pki.serverKey, cert: pki.serverCert }, ...rxTls });
  const log = logSink();
  const p = new OutputPipeline(
    {
      ...base,
      json_output: true,
      http_output: { enabled: true, url: rx.url, max_consecutive_timeouts: 1, ...tls },
    },
    { onLog: log.onLog },
  );
  p.emit(makeAlert(0));
  await p.close();
  await rx.stop();
  return { rx, log: log.lines.map((l) => l.message).join("\n"), stats: p.stats().channels.http };
}

test("HTTPS: the server is verified with ca_cert, ca_bundle or ca_path; unknown CAs are refused", async () => {
  const viaCert = await deliversOver({ ca_cert: pki.caCertPath });
  assert.equal(viaCert.rx.received[0]?.raw.toString("utf8"), json(0));

  const viaBundle = await deliversOver({ ca_bundle: pki.caCertPath });
  assert.equal(viaBundle.rx.received.length, 1);

  const caDir = join(dir, "cas");
  mkdirSync(caDir);
  copyFileSync(pki.caCertPath, join(caDir, "test-ca.pem"));
  const viaPath = await deliversOver({ ca_path: caDir });
  assert.equal(viaPath.rx.received.length, 1);

  const refused = await deliversOver({ ca_path: join(dir, "no-such-dir") });
  assert.equal(refused.rx.received.length, 0);
  assert.equal(refused.stats?.dropped, 1);
  assert.match(refused.log, /not delivered after 1 attempts: .*certificate/);

  const insecure = await deliversOver({ insecure: true });
  assert.equal(insecure.rx.received.length, 1);
});

test("mutual TLS: the client certificate is presented; without it the server refuses", async () => {
  const rxTls = {
    tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true },
  };
  const ok = await deliversOver(
    { ca_cert: pki.caCertPath, mtls: true, client_cert: pki.clientCertPath, client_key: pki.clientKeyPath },
    rxTls,
  );
  assert.equal(ok.rx.received.length, 1);
  assert.equal(ok.rx.received[0]?.clientCN, "client");

  const none = await deliversOver({ ca_cert: pki.caCertPath }, rxTls);
  assert.equal(none.rx.received.length, 0);
  assert.equal(none.stats?.dropped, 1);

  const rogue = await deliversOver(
    { ca_cert: pki.caCertPath, mtls: true, client_cert: pki.rogueCertPath, client_key: pki.rogueKeyPath },
    rxTls,
  );
  assert.equal(rogue.rx.received.length, 0);
});

test("a missing certificate file is a configuration error naming the key", () => {
  assert.throws(
    () =>
      new OutputPipeline({
        http_output: { enabled: true, url: "https://127.0.0.1:1/", ca_cert: join(dir, "missing.pem") },
      }),
    /http_output\.ca_cert: cannot read .*missing\.pem/,
  );
  assert.throws(
    () => new OutputPipeline({ http_output: { enabled: true, url: "ftp://x/" } }),
    /http_output\.url/,
  );
});

test("compress_uploads gzips the body", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    json_output: true,
    http_output: { enabled: true, url: rx.url, compress_uploads: true },
  });
  p.emit(makeAlert(0));
  await p.close();
  await rx.stop();
  const r = rx.received[0];
  assert.equal(r?.headers["content-encoding"], "gzip");
  assert.equal(r?.raw[0], 0x1f);
  assert.equal(r?.body, json(0));
});

test("batches: up to max_alerts alerts per POST, as a JSON array", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    json_output: true,
    http_output: { enabled: true, url: rx.url, batch: { max_alerts: 3 } },
  });
  for (let i = 0; i < 7; i++) p.emit(makeAlert(i));
  await p.close();
  await rx.stop();
  assert.deepEqual(
    rx.received.map((r) => r.raw.toString("utf8")),
    [`[${json(0)},${json(1)},${json(2)}]`, `[${json(3)},${json(4)},${json(5)}]`, `[${json(6)}]`],
  );
});

test("batches wait up to max_wait_ms for more alerts", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    http_output: { enabled: true, url: rx.url, batch: { max_alerts: 10, max_wait_ms: 200 } },
  });
  p.emit(makeAlert(0));
  await new Promise((r) => setTimeout(r, 50));
  p.emit(makeAlert(1));
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(rx.received.length, 1);
  assert.equal(
    rx.received[0]?.raw.toString("utf8"),
    `${formatAlertText(makeAlert(0), fmt)}\n${formatAlertText(makeAlert(1), fmt)}`,
  );
  await p.close();
  await rx.stop();
});

test("echo writes the receiver's answers to stdout", async () => {
  const rx = await httpReceiver({ answer: '{"accepted":true}' });
  const echoed = join(dir, "echo.out");
  const stream = createWriteStream(echoed);
  const p = new OutputPipeline(
    { ...base, http_output: { enabled: true, url: rx.url, echo: true } },
    { stdout: stream },
  );
  p.emit(makeAlert(0));
  p.emit(makeAlert(1));
  await p.close();
  await rx.stop();
  await new Promise((r) => stream.end(r));
  assert.equal(readFileSync(echoed, "utf8"), '{"accepted":true}{"accepted":true}');
});

test("without a spool: 5xx answers are retried with backoff; 4xx rejections are dropped and logged", async () => {
  const rx = await httpReceiver({ status: (n) => (n < 2 ? 503 : n === 3 ? 400 : 200) });
  const log = logSink();
  const p = new OutputPipeline(
    { ...base, http_output: { enabled: true, url: rx.url } },
    { onLog: log.onLog },
  );
  p.emit(makeAlert(0));
  p.emit(makeAlert(1));
  p.emit(makeAlert(2));
  await p.close();
  await rx.stop();
  // Requests: 0 → 503, 0 → 503, 0 → 200, 1 → 400 (rejected), 2 → 200.
  assert.deepEqual(
    rx.all.map((r) => /n=(\d+)/.exec(r.body)?.[1]),
    ["0", "0", "0", "1", "2"],
  );
  assert.deepEqual(
    rx.received.map((r) => /n=(\d+)/.exec(r.body)?.[1]),
    ["0", "2"],
  );
  const s = p.stats().channels.http;
  assert.equal(s?.sent, 2);
  assert.equal(s?.failed, 3);
  assert.equal(s?.dropped, 1);
  const text = log.lines.map((l) => l.message).join("\n");
  assert.match(
    text,
    /http output: delivery failed \(HTTP 503: ok\); 3 alerts waiting in memory; retry 1 in \d+ ms/,
  );
  assert.match(text, /http output: receiver is back after 2 failed attempts/);
  assert.match(text, /http output: dropped 1 alert: 1 \(rejected by the receiver: HTTP 400: ok\)/);
});

test("without a spool: an unreachable receiver is given up after max_consecutive_timeouts attempts", async () => {
  const rx = await httpReceiver({ listen: false });
  const log = logSink();
  const p = new OutputPipeline(
    { ...base, http_output: { enabled: true, url: rx.url, max_consecutive_timeouts: 3 } },
    { onLog: log.onLog },
  );
  p.emit(makeAlert(0));
  await p.close();
  const s = p.stats().channels.http;
  assert.equal(s?.failed, 3);
  assert.equal(s?.dropped, 1);
  assert.match(log.lines.map((l) => l.message).join("\n"), /not delivered after 3 attempts: ECONNREFUSED/);
});
