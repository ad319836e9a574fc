// syslog_output. Falco calls syslog(3): facility user, severity = the rule's priority (Falco's eight
// levels are syslog's), the alert line as the message. Lanner writes the protocol itself:
//
// - local (default /dev/log): RFC 3164 as glibc writes it, `<PRI>Mmm dd hh:mm:ss ident: msg`. Node
//   cannot open a unix *datagram* socket, which is what /dev/log is under systemd-journald and rsyslog;
//   it can open a unix *stream* socket (syslog-ng's unix-stream), where messages are NUL-terminated as
//   glibc does. For a datagram socket, Lanner feeds a long-running util-linux `logger --prio-prefix`
//   (which writes the same RFC 3164 header) unless `logger_fallback: off`; without `logger` the channel
//   reports every alert as dropped and says why.
// - udp: one RFC 5424 (or 3164) message per datagram. Fire and forget: at most once.
// - tcp: RFC 5424 with octet-counting framing (RFC 6587) or LF-terminated; a network channel with
//   retries and the spool. A write the kernel accepted counts as delivered (syslog has no ack).

import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import net from "node:net";
import type { RenderInput } from "./channel.js";
import { LocalChannel, type LocalChannelSettings, type WriteResult } from "./local-channel.js";
import { type Delivery, NetworkChannel, type NetworkChannelSettings } from "./network-channel.js";
import { OutputConfigError } from "./options.js";

const FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** A facility by name (`user`, `local0`) or number (0–23). */
export function parseFacility(f: string | number | undefined): number {
  if (f === undefined) return 1;
  const n = typeof f === "number" ? f : (FACILITIES[f.toLowerCase()] ?? Number(f));
  if (!Number.isInteger(n) || n < 0 || n > 23) {
    throw new OutputConfigError("syslog_output.facility", `unknown facility '${f}'`);
  }
  return n;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** RFC 3164 TIMESTAMP in local time, as glibc writes it: `Aug  4 16:17:57`. */
export function rfc3164Time(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

/** RFC 5424 TIMESTAMP, UTC with milliseconds: `2016-08-04T16:17:57.881Z`. */
export function rfc5424Time(ms: number): string {
  return new Date(ms).toISOString();
}

/** An RFC 5424 header field: printable ASCII without spaces, bounded, `-` when empty. */
function headerField(s: string, max: number): string {
  const clean = s.replace(/[^\x21-\x7e]/g, "").slice(0, max);
  return clean === "" ? "-" : clean;
}

export interface SyslogFormat {
  format: "rfc3164" | "rfc5424";
  facility: number;
  ident: string;
  hostname: string;
  /** RFC 3164 without HOSTNAME: what syslog(3) sends to the local socket. */
  local: boolean;
}

/** One syslog message (no framing): `<PRI>` header and the alert line. */
export function syslogMessage(f: SyslogFormat, severity: number, ms: number, msg: string): string {
  const pri = f.facility * 8 + severity;
  if (f.format === "rfc5424") {
    return `<${pri}>1 ${rfc5424Time(ms)} ${headerField(f.hostname, 255)} ${headerField(f.ident, 48)} ${process.pid} - - ${msg}`;
  }
  return `<${pri}>${rfc3164Time(ms)} ${f.local ? "" : `${f.hostname} `}${f.ident}: ${msg}`;
}

/** RFC 6587 octet counting: `LEN SP MSG`. */
export function octetCounted(msg: string): string {
  return `${Buffer.byteLength(msg, "utf8")} ${msg}`;
}

/** Local syslog socket (stream socket, or `logger` for a datagram socket). */
export class LocalSyslogChannel extends LocalChannel {
  readonly socketPath: string;
  private readonly fmt: SyslogFormat;
  private readonly now: () => number;
  private readonly loggerFallback: boolean;
  private socket: net.Socket | null = null;
  private helper: ChildProcess | null = null;

  constructor(
    s: LocalChannelSettings,
    socketPath: string,
    fmt: SyslogFormat,
    now: () => number,
    loggerFallback: boolean,
  ) {
    super(s);
    this.socketPath = socketPath;
    this.fmt = fmt;
    this.now = now;
    this.loggerFallback = loggerFallback;
  }

  /** `severity SP line`: the header is made when written, as syslog(3) in Falco's output thread. */
  render(i: RenderInput): string {
    return `${i.priority} ${i.line()}`;
  }

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({ path: this.socketPath });
      sock.once("connect", () => {
        sock.removeListener("error", reject);
        sock.on("error", () => {});
        sock.on("close", () => {
          if (this.socket === sock) this.socket = null;
        });
        sock.unref();
        resolve(sock);
      });
      sock.once("error", reject);
    });
  }

  private startLogger(): ChildProcess {
    const child = spawn(
      "logger",
      ["--socket", this.socketPath, "--socket-errors=on", "--prio-prefix", "-t", this.fmt.ident],
      { stdio: ["pipe", "ignore", "pipe"] },
    );
    child.stdin?.on("error", () => {});
    child.stderr?.on("data", (d: Buffer) => this.log("error", `logger: ${d.toString("utf8").trim()}`));
    child.on("error", (e) => this.log("error", `cannot run logger: ${e.message}`));
    child.on("exit", () => {
      if (this.helper === child) this.helper = null;
    });
    return child;
  }

  protected async write(lines: string[]): Promise<WriteResult | undefined> {
    if (this.helper === null && this.socket === null) {
      try {
        this.socket = await this.connect();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EPROTOTYPE" || !this.loggerFallback) {
          throw new Error(
            code === "EPROTOTYPE"
              ? `${this.socketPath} is a datagram socket, which Node cannot write; enable logger_fallback or use transport udp/tcp`
              : `cannot connect to ${this.socketPath}: ${(e as Error).message}`,
          );
        }
        this.helper = this.startLogger();
        this.log("info", `${this.socketPath} is a datagram socket: writing through util-linux logger`);
      }
    }
    const parsed = lines.map((l) => {
      const sp = l.indexOf(" ");
      return { severity: Number(l.slice(0, sp)), msg: l.slice(sp + 1) };
    });
    if (this.helper !== null) {
      const data = parsed.map((p) => `<${this.fmt.facility * 8 + p.severity}>${p.msg}\n`).join("");
      const stdin = this.helper.stdin;
      await new Promise<void>((resolve, reject) => {
        if (!stdin || stdin.destroyed) reject(new Error("logger is not running"));
        else stdin.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
      });
      return undefined;
    }
    const ms = this.now();
    const data = parsed.map((p) => `${syslogMessage(this.fmt, p.severity, ms, p.msg)}\0`).join("");
    const sock = this.socket as net.Socket;
    await new Promise<void>((resolve, reject) =>
      sock.write(data, (err?: Error | null) => (err ? reject(err) : resolve())),
    );
    return undefined;
  }

  protected async shutdown(): Promise<void> {
    this.socket?.end();
    this.socket = null;
    const helper = this.helper;
    this.helper = null;
    if (helper !== null && helper.exitCode === null) {
      helper.stdin?.end();
      await new Promise((r) => helper.once("close", r));
    }
  }
}

/** Remote syslog over UDP: one message per datagram, at most once. */
export class UdpSyslogChannel extends LocalChannel {
  private readonly host: string;
  private readonly port: number;
  private readonly fmt: SyslogFormat;
  private readonly now: () => number;
  private readonly socket: dgram.Socket;

  constructor(s: LocalChannelSettings, host: string, port: number, fmt: SyslogFormat, now: () => number) {
    super(s);
    this.host = host;
    this.port = port;
    this.fmt = fmt;
    this.now = now;
    this.socket = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    this.socket.on("error", (e) => this.log("error", `socket: ${e.message}`));
    this.socket.unref();
  }

  render(i: RenderInput): string {
    return syslogMessage(this.fmt, i.priority, this.now(), i.line());
  }

  protected async write(lines: string[]): Promise<WriteResult | undefined> {
    let failed = 0;
    let error = "";
    await Promise.all(
      lines.map(
        (l) =>
          new Promise<void>((resolve) =>
            this.socket.send(l, this.port, this.host, (err) => {
              if (err) {
                failed++;
                error = err.message;
              }
              resolve();
            }),
          ),
      ),
    );
    if (failed === lines.length) throw new Error(error);
    return failed > 0 ? { failed, error } : undefined;
  }

  protected async shutdown(): Promise<void> {
    await new Promise<void>((r) => this.socket.close(() => r()));
  }
}

export interface TcpSyslogSettings extends NetworkChannelSettings {
  host: string;
  port: number;
  fmt: SyslogFormat;
  framing: "octet-counting" | "non-transparent";
  now: () => number;
  timeoutMs: number;
}

/** Remote syslog over TCP with retries and the spool; the payload is the framed message. */
export class TcpSyslogChannel extends NetworkChannel {
  private readonly t: TcpSyslogSettings;
  private socket: net.Socket | null = null;

  constructor(s: TcpSyslogSettings) {
    super(s);
    this.t = s;
  }

  render(i: RenderInput): string {
    const msg = syslogMessage(this.t.fmt, i.priority, this.t.now(), i.line());
    return this.t.framing === "octet-counting" ? octetCounted(msg) : `${msg}\n`;
  }

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({ host: this.t.host, port: this.t.port });
      const timer = setTimeout(
        () => sock.destroy(new Error(`connect timeout after ${this.t.timeoutMs} ms`)),
        this.t.timeoutMs,
      );
      sock.once("connect", () => {
        clearTimeout(timer);
        sock.removeListener("error", reject);
        sock.on("error", () => {});
        sock.on("close", () => {
          if (this.socket === sock) this.socket = null;
        });
        sock.on("end", () => sock.destroy());
        resolve(sock);
      });
      sock.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  protected async deliver(payloads: string[]): Promise<Delivery> {
    try {
      if (this.socket === null || this.socket.destroyed) this.socket = await this.connect();
      const sock = this.socket;
      await new Promise<void>((resolve, reject) =>
        sock.write(payloads.join(""), (err?: Error | null) => (err ? reject(err) : resolve())),
      );
      return { ok: true };
    } catch (e) {
      this.socket?.destroy();
      this.socket = null;
      const err = e as NodeJS.ErrnoException;
      return { ok: false, retryable: true, error: err.code ? `${err.code}: ${err.message}` : err.message };
    }
  }

  protected async closeTransport(): Promise<void> {
    const sock = this.socket;
    this.socket = null;
    if (sock !== null && !sock.destroyed) await new Promise<void>((r) => sock.end(() => r()));
  }
}
