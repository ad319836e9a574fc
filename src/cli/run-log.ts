// Lanner's own messages in `lanner run`: on stderr (log_stderr) and to the local syslog socket
// (log_syslog, as Falco's syslog(3) calls: facility user, ident lanner), both filtered by log_level.
import { existsSync } from "node:fs";
import type { LogLevel } from "../agent/agent.js";
import type { LannerConfig } from "../config/index.js";
import { alertHostname } from "../outputs/alert.js";
import { LocalSyslogChannel } from "../outputs/syslog-channel.js";

/** Syslog severities of Falco's log_level names: a message is written when its severity ≤ the level's. */
const SEVERITY: Record<LannerConfig["log_level"], number> = {
  emergency: 0,
  alert: 1,
  critical: 2,
  error: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** log_level and log_stderr of the configuration in force (info on stderr until one is loaded). */
let settings = { max: SEVERITY.info, stderr: true };
let syslog: { socket: string; channel: LocalSyslogChannel } | undefined;

function toStderr(level: LogLevel, message: string): void {
  process.stderr.write(`${new Date().toISOString()}: ${level === "info" ? "" : `${level}: `}${message}\n`);
}

export function log(level: LogLevel, message: string): void {
  const severity = SEVERITY[level];
  if (severity > settings.max) return;
  if (settings.stderr) toStderr(level, message);
  syslog?.channel.push(`${severity} ${message}`);
}

/** Puts a configuration's log_level, log_stderr and log_syslog in force. */
export function applyLogSettings(c: LannerConfig): void {
  settings = { max: SEVERITY[c.log_level], stderr: c.log_stderr };
  const socket = c.syslog_output.socket ?? "/dev/log";
  if (syslog && (!c.log_syslog || syslog.socket !== socket)) void closeSyslog();
  if (!c.log_syslog || syslog) return;
  // syslog(3) without a syslog daemon loses the messages quietly; Lanner says so once, at debug level.
  if (!existsSync(socket)) {
    log("debug", `log_syslog: ${socket} does not exist; Lanner's messages are not sent to syslog`);
    return;
  }
  const channel = new LocalSyslogChannel(
    {
      name: "syslog",
      minPriority: 7,
      capacity: 10_000,
      // The channel's own trouble goes to stderr only: reporting it to syslog could loop.
      log: (level, message) => toStderr(level, `log_syslog: ${message}`),
      outputTimeoutMs: 0,
      buffered: false,
    },
    socket,
    { format: "rfc3164", facility: 1, ident: "lanner", hostname: alertHostname(), local: true },
    Date.now,
    c.syslog_output.logger_fallback !== "off",
  );
  syslog = { socket, channel };
}

/** Delivers the messages still queued for syslog (at exit). */
export async function closeSyslog(): Promise<void> {
  const s = syslog;
  syslog = undefined;
  await s?.channel.close(Date.now() + 2000);
}
