// syslog_output against real listeners, byte for byte: RFC 5424 over UDP, octet-counted and
// LF-framed over TCP (with the spool while the listener is down), RFC 3164 on a local unix stream
// socket, and a unix datagram socket (what /dev/log is) through util-linux logger.
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { formatAlertJson, formatAlertText } from "../../src/outputs/alert.js";
import { OutputPipeline } from "../../src/outputs/pipeline.js";
import { rfc3164Time } from "../../src/outputs/syslog-channel.js";
import { logSink, makeAlert, scratch, streamListener, udpListener, until } from "./receivers.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = scratch("lanner-syslog-"));
});
afterEach(() => cleanup());

const NOW = Date.UTC(2016, 7, 4, 16, 17, 57, 881);
const now = () => NOW;
const text = (n: number, priority = "Warning") =>
  formatAlertText(makeAlert(n, priority), { timeFormatIso8601: true });
const base = { hostname: "h", time_format_iso_8601: true } as const;

test("UDP: one RFC 5424 message per datagram, facility user, severity from the priority", async () => {
  const rx = await udpListener();
  const p = new OutputPipeline(
    { ...base, syslog_output: { enabled: true, transport: "udp", host: "127.0.0.1", port: rx.port } },
    { now },
  );
  p.emit(makeAlert(0, "Warning"));
  p.emit(makeAlert(1, "Emergency"));
  p.emit(makeAlert(2, "Debug"));
  await p.close();
  await until(() => rx.messages.length === 3, 5000, "3 datagrams");
  await rx.close();
  assert.deepEqual(
    rx.messages.map((m) => m.toString("utf8")),
    [
      `<12>1 2016-08-04T16:17:57.881Z h lanner ${process.pid} - - ${text(0, "Warning")}`,
      `<8>1 2016-08-04T16:17:57.881Z h lanner ${process.pid} - - ${text(1, "Emergency")}`,
      `<15>1 2016-08-04T16:17:57.881Z h lanner ${process.pid} - - ${text(2, "Debug")}`,
    ],
  );
  assert.equal(p.stats().channels.syslog?.sent, 3);
});

test("UDP with RFC 3164, another facility and ident, JSON alerts", async () => {
  const rx = await udpListener();
  const p = new OutputPipeline(
    {
      ...base,
      json_output: true,
      syslog_output: {
        enabled: true,
        transport: "udp",
        host: "127.0.0.1",
        port: rx.port,
        format: "rfc3164",
        facility: "local3",
        ident: "falco",
      },
    },
    { now },
  );
  p.emit(makeAlert(0, "Critical"));
  await p.close();
  await until(() => rx.messages.length === 1, 5000, "a datagram");
  await rx.close();
  const json = formatAlertJson(makeAlert(0, "Critical"), { timeFormatIso8601: true, hostname: "h" });
  assert.equal(rx.messages[0]?.toString("utf8"), `<154>${rfc3164Time(NOW)} h falco: ${json}`);
});

test("TCP: RFC 5424 with octet counting (RFC 6587), or LF-terminated", async () => {
  const rx = await streamListener();
  const p = new OutputPipeline(
    { ...base, syslog_output: { enabled: true, transport: "tcp", host: "127.0.0.1", port: rx.port } },
    { now },
  );
  p.emit(makeAlert(0));
  p.emit(makeAlert(1, "Error"));
  await p.close();
  const m0 = `<12>1 2016-08-04T16:17:57.881Z h lanner ${process.pid} - - ${text(0)}`;
  const m1 = `<11>1 2016-08-04T16:17:57.881Z h lanner ${process.pid} - - ${text(1, "Error")}`;
  await until(() => rx.data().length >= Buffer.byteLength(m0 + m1), 5000, "the messages");
  assert.equal(rx.data().toString("utf8"), `${Buffer.byteLength(m0)} ${m0}${Buffer.byteLength(m1)} ${m1}`);
  await rx.close();

  const lf = await streamListener();
  const q = new OutputPipeline(
    {
      ...base,
      syslog_output: {
        enabled: true,
        transport: "tcp",
        host: "127.0.0.1",
        port: lf.port,
        framing: "non-transparent",
      },
    },
    { now },
  );
  q.emit(makeAlert(0));
  await q.close();
  await until(() => lf.data().length >= Buffer.byteLength(m0) + 1, 5000, "the message");
  assert.equal(lf.data().toString("utf8"), `${m0}\n`);
  await lf.close();
});

test("TCP: while the listener is down alerts are spooled, then delivered in order", async () => {
  const probe = await streamListener();
  const port = probe.port;
  await probe.close();
  const log = logSink();
  const p = new OutputPipeline(
    {
      ...base,
      retry: { initial_delay_ms: 10, max_delay_ms: 40 },
      spool: { directory: join(dir, "spool") },
      syslog_output: { enabled: true, transport: "tcp", host: "127.0.0.1", port, framing: "non-transparent" },
    },
    { now, onLog: log.onLog },
  );
  for (let i = 0; i < 50; i++) p.emit(makeAlert(i));
  await until(() => (p.stats().channels.syslog?.spooled ?? 0) === 50, 5000, "spooling");
  const rx = await streamListener(undefined, port);
  await p.flush(10_000);
  await p.close();
  assert.equal(p.stats().channels.syslog?.sent, 50);
  await until(() => rx.data().toString("utf8").split("\n").length > 50, 5000, "50 lines");
  const lines = rx.data().toString("utf8").trimEnd().split("\n");
  assert.deepEqual(
    lines.map((l) => Number(/\(n=(\d+) /.exec(l)?.[1])),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.match(log.lines.map((l) => l.message).join("\n"), /syslog output: delivery failed \(ECONNREFUSED/);
  await rx.close();
});

test("local unix stream socket: RFC 3164 as glibc's syslog(3) writes it, NUL-terminated", async () => {
  const path = join(dir, "log.sock");
  const rx = await streamListener(path);
  const p = new OutputPipeline({ ...base, syslog_output: { enabled: true, socket: path } }, { now });
  p.emit(makeAlert(0));
  p.emit(makeAlert(1, "Notice"));
  await p.close();
  const want = `<12>${rfc3164Time(NOW)} lanner: ${text(0)}\0<13>${rfc3164Time(NOW)} lanner: ${text(1, "Notice")}\0`;
  await until(() => rx.data().length >= Buffer.byteLength(want), 5000, "the messages");
  assert.equal(rx.data().toString("utf8"), want);
  assert.match(rfc3164Time(NOW), /^Aug {1,2}\d{1,2} \d\d:\d\d:57$/);
  await rx.close();
});

test("no local syslog daemon: every alert is counted as dropped and the reason logged", async () => {
  const log = logSink();
  const p = new OutputPipeline(
    { ...base, syslog_output: { enabled: true, socket: join(dir, "absent.sock") } },
    { onLog: log.onLog },
  );
  p.emit(makeAlert(0));
  await p.close();
  assert.equal(p.stats().channels.syslog?.dropped, 1);
  assert.match(
    log.lines.map((l) => l.message).join("\n"),
    /syslog output: dropped 1 alert: 1 \(write error: cannot connect to .*absent\.sock: .*ENOENT/,
  );
});

function have(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A unix datagram listener (Node cannot make one): python3 prints each datagram as hex. */
async function datagramListener(path: string): Promise<{ child: ChildProcess; messages: string[] }> {
  const script = join(dir, "dgram.py");
  writeFileSync(
    script,
    [
      "import socket, sys",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
      "s.bind(sys.argv[1])",
      "print('ready', flush=True)",
      "s.settimeout(10)",
      "while True:",
      "    try:",
      "        print(s.recv(65536).hex(), flush=True)",
      "    except socket.timeout:",
      "        break",
    ].join("\n"),
  );
  const child = spawn("python3", [script, path], { stdio: ["ignore", "pipe", "inherit"] });
  const messages: string[] = [];
  let buf = "";
  await new Promise<void>((resolve) => {
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString("utf8");
      let nl = buf.indexOf("\n");
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === "ready") resolve();
        else messages.push(Buffer.from(line, "hex").toString("utf8"));
        nl = buf.indexOf("\n");
      }
    });
  });
  return { child, messages };
}

const canDatagram = have("python3", ["-c", "import socket"]) && have("logger", ["--help"]);

test("local unix datagram socket (/dev/log under journald/rsyslog): written through util-linux logger", {
  skip: canDatagram ? false : "needs python3 (for the listener) and util-linux logger",
}, async () => {
  const path = join(dir, "dev-log");
  const rx = await datagramListener(path);
  const log = logSink();
  const p = new OutputPipeline(
    { ...base, syslog_output: { enabled: true, socket: path } },
    { onLog: log.onLog },
  );
  p.emit(makeAlert(0));
  p.emit(makeAlert(1, "Alert"));
  await p.close();
  await until(() => rx.messages.length === 2, 5000, "2 datagrams");
  rx.child.kill();
  const stamp = "[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d";
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  assert.match(rx.messages[0] ?? "", new RegExp(`^<12>${stamp} lanner: ${esc(text(0))}$`));
  assert.match(rx.messages[1] ?? "", new RegExp(`^<9>${stamp} lanner: ${esc(text(1, "Alert"))}$`));
  assert.match(
    log.lines.map((l) => l.message).join("\n"),
    /is a datagram socket: writing through util-linux logger/,
  );

  const strict = await datagramListener(join(dir, "dev-log-2"));
  const log2 = logSink();
  const q = new OutputPipeline(
    { ...base, syslog_output: { enabled: true, socket: join(dir, "dev-log-2"), logger_fallback: "off" } },
    { onLog: log2.onLog },
  );
  q.emit(makeAlert(0));
  await q.close();
  strict.child.kill();
  assert.equal(q.stats().channels.syslog?.dropped, 1);
  assert.match(log2.lines.map((l) => l.message).join("\n"), /is a datagram socket, which Node cannot write/);
});
