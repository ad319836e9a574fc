// The output pipeline: alerts in, fanned out to every enabled channel whose minimum priority they meet.
// `emit` formats the alert once (Falco's text line or JSON) and hands each channel its payload; it
// never blocks and never throws. Each channel drains its own bounded queue asynchronously.

import { join } from "node:path";
import { Priority, parsePriority } from "../rules/index.js";
import type { Alert } from "./alert.js";
import type { Channel, ChannelName, ChannelSettings, ChannelStats } from "./channel.js";
import { FileChannel } from "./file-channel.js";
import { HttpChannel } from "./http-channel.js";
import { HttpClient } from "./http-client.js";
import { alertLine, type LineFormat, lineFormat } from "./line-format.js";
import type { LocalChannelSettings } from "./local-channel.js";
import type { NetworkChannelSettings } from "./network-channel.js";
import {
  OutputConfigError,
  type OutputHooks,
  type OutputLogger,
  type OutputsOptions,
  type SyslogOutputOptions,
} from "./options.js";
import { slackMessage, webhookPayload } from "./payloads.js";
import { ProgramChannel } from "./program-channel.js";
import { StdoutChannel } from "./stdout-channel.js";
import {
  LocalSyslogChannel,
  parseFacility,
  type SyslogFormat,
  TcpSyslogChannel,
  UdpSyslogChannel,
} from "./syslog-channel.js";

const DEFAULT_SPOOL_BYTES = 256 * 1024 * 1024;
const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;
const DEFAULT_DRAIN_MS = 5000;
const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** Default logger: the pipeline's messages on stderr (never silent). */
const stderrLogger: OutputLogger = (level, message) => {
  process.stderr.write(`lanner: ${level}: ${message}\n`);
};

function minPriority(section: string, value: string | undefined): Priority {
  if (value === undefined || value === "") return Priority.Debug;
  const p = parsePriority(value);
  if (p === undefined)
    throw new OutputConfigError(`${section}.minimum_priority`, `unknown priority '${value}'`);
  return p;
}

function positive(key: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v < 0) throw new OutputConfigError(key, `expected a number ≥ 0, got ${v}`);
  return v;
}

/** Totals over every channel, plus each channel's counters. */
export interface PipelineStats {
  channels: Partial<Record<ChannelName, ChannelStats>>;
  sent: number;
  failed: number;
  dropped: number;
  spooled: number;
}

export class OutputPipeline {
  private readonly channelList: Channel[] = [];
  private readonly format: LineFormat;
  private readonly drainMs: number;
  private readonly log: OutputLogger;
  private closed = false;

  /**
   * Builds the enabled channels. Throws OutputConfigError for a bad key (unknown priority, bad URL,
   * unreadable certificate); a spool left by an earlier run is resumed and delivered first.
   */
  constructor(o: OutputsOptions, hooks: OutputHooks = {}) {
    this.log = hooks.onLog ?? stderrLogger;
    const stdout = hooks.stdout ?? process.stdout;
    const now = hooks.now ?? Date.now;
    this.format = lineFormat(o);
    this.drainMs = positive("drain_timeout_ms", o.drain_timeout_ms, DEFAULT_DRAIN_MS);
    const cap = o.outputs_queue?.capacity;
    // 0 (falco.yaml) or Infinity (the config's outputsQueueCapacity()) mean unbounded.
    const capacity =
      cap === undefined || cap === 0 || cap === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : positive("outputs_queue.capacity", cap, 0);
    const base = (name: ChannelName, section: string, minimum: string | undefined): ChannelSettings => ({
      name,
      minPriority: minPriority(section, minimum),
      capacity,
      log: this.log,
      outputTimeoutMs: positive("output_timeout", o.output_timeout, 2000),
    });
    const local = (
      name: ChannelName,
      section: string,
      minimum: string | undefined,
    ): LocalChannelSettings => ({
      ...base(name, section, minimum),
      buffered: o.buffered_outputs === true,
    });
    const spoolDir = o.spool?.directory;
    const maxBytes = positive("spool.max_bytes", o.spool?.max_bytes, DEFAULT_SPOOL_BYTES);
    const network = (
      name: ChannelName,
      section: string,
      minimum: string | undefined,
      maxBatch: number,
      batchWaitMs: number,
      maxAttempts: number,
    ): NetworkChannelSettings => ({
      ...base(name, section, minimum),
      maxBatch,
      batchWaitMs,
      maxAttempts,
      retryInitialMs: positive("retry.initial_delay_ms", o.retry?.initial_delay_ms, 250),
      retryMaxMs: positive("retry.max_delay_ms", o.retry?.max_delay_ms, 30_000),
      spool: spoolDir
        ? {
            directory: join(spoolDir, name),
            maxBytes,
            segmentBytes: Math.min(
              positive("spool.segment_bytes", o.spool?.segment_bytes, DEFAULT_SEGMENT_BYTES),
              Math.max(4096, Math.floor(maxBytes / 4)),
            ),
            whenFull: o.spool?.when_full ?? "drop_oldest",
          }
        : undefined,
      writeAhead: o.spool?.write_ahead === true,
    });

    try {
      if (o.stdout_output?.enabled) {
        this.channelList.push(
          new StdoutChannel(local("stdout", "stdout_output", o.stdout_output.minimum_priority), stdout),
        );
      }
      const file = o.file_output;
      if (file?.enabled) {
        if (!file.filename)
          throw new OutputConfigError("file_output.filename", "file output enabled but no filename");
        this.channelList.push(
          new FileChannel(
            local("file", "file_output", file.minimum_priority),
            file.filename,
            file.keep_alive === true,
          ),
        );
      }
      const prog = o.program_output;
      if (prog?.enabled) {
        if (!prog.program)
          throw new OutputConfigError("program_output.program", "program output enabled but no program");
        this.channelList.push(
          new ProgramChannel(
            local("program", "program_output", prog.minimum_priority),
            prog.program,
            prog.keep_alive === true,
          ),
        );
      }
      if (o.syslog_output?.enabled)
        this.channelList.push(this.syslogChannel(o.syslog_output, local, network, now));
      const h = o.http_output;
      if (h?.enabled) {
        if (!h.url) throw new OutputConfigError("http_output.url", "http output enabled but no url");
        const maxBatch = Math.max(1, Math.floor(h.batch?.max_alerts ?? 1));
        const client = new HttpClient({
          section: "http_output",
          url: h.url,
          method: "POST",
          contentType: this.format.json ? "application/json" : "text/plain",
          userAgent: h.user_agent ?? "falcosecurity/falco",
          headers: h.headers ?? {},
          tls: h,
          compress: h.compress_uploads === true,
          timeoutMs: positive("http_output.timeout_ms", h.timeout_ms, DEFAULT_HTTP_TIMEOUT_MS),
          echo: h.echo ? stdout : null,
        });
        this.channelList.push(
          new HttpChannel({
            ...network(
              "http",
              "http_output",
              h.minimum_priority,
              maxBatch,
              h.batch?.max_wait_ms ?? 0,
              h.max_consecutive_timeouts ?? 5,
            ),
            client,
            render: (i) => i.line(),
            batchBody: maxBatch === 1 ? "single" : this.format.json ? "json-array" : "lines",
          }),
        );
      }
      const sl = o.slack_output;
      if (sl?.enabled) {
        if (!sl.webhook_url)
          throw new OutputConfigError("slack_output.webhook_url", "slack output enabled but no webhook_url");
        const client = new HttpClient({
          section: "slack_output",
          url: sl.webhook_url,
          method: "POST",
          contentType: "application/json",
          userAgent: sl.user_agent ?? "lanner",
          headers: {},
          tls: sl,
          compress: false,
          timeoutMs: positive("slack_output.timeout_ms", sl.timeout_ms, DEFAULT_HTTP_TIMEOUT_MS),
          echo: null,
        });
        const msgOpts = {
          hostname: this.format.fmt.hostname,
          format: this.format.fmt,
          outputFormat: sl.output_format ?? "all",
          channel: sl.channel,
          username: sl.username ?? "Lanner",
          iconUrl: sl.icon_url,
          footer: sl.footer,
        } as const;
        this.channelList.push(
          new HttpChannel({
            ...network("slack", "slack_output", sl.minimum_priority, 1, 0, 5),
            client,
            render: (i) => slackMessage(i.alert, msgOpts),
            batchBody: "single",
          }),
        );
      }
      const wh = o.webhook_output;
      if (wh?.enabled) {
        if (!wh.url) throw new OutputConfigError("webhook_output.url", "webhook output enabled but no url");
        const client = new HttpClient({
          section: "webhook_output",
          url: wh.url,
          method: wh.method ?? "POST",
          contentType: "application/json",
          userAgent: wh.user_agent ?? "lanner",
          headers: wh.headers ?? {},
          tls: wh,
          compress: wh.compress_uploads === true,
          timeoutMs: positive("webhook_output.timeout_ms", wh.timeout_ms, DEFAULT_HTTP_TIMEOUT_MS),
          echo: null,
        });
        this.channelList.push(
          new HttpChannel({
            ...network("webhook", "webhook_output", wh.minimum_priority, 1, 0, 5),
            client,
            render: (i) => webhookPayload(i.alert, this.format.fmt),
            batchBody: "single",
          }),
        );
      }
    } catch (e) {
      // Release what was opened (spool locks, sockets) before reporting the configuration error.
      for (const ch of this.channelList) void ch.close(0);
      throw e;
    }
  }

  private syslogChannel(
    s: SyslogOutputOptions,
    local: (name: ChannelName, section: string, minimum: string | undefined) => LocalChannelSettings,
    network: (
      name: ChannelName,
      section: string,
      minimum: string | undefined,
      maxBatch: number,
      batchWaitMs: number,
      maxAttempts: number,
    ) => NetworkChannelSettings,
    now: () => number,
  ): Channel {
    const transport = s.transport ?? "local";
    const fmt: SyslogFormat = {
      format: s.format ?? (transport === "local" ? "rfc3164" : "rfc5424"),
      facility: parseFacility(s.facility),
      ident: s.ident ?? "lanner",
      hostname: this.format.fmt.hostname,
      local: transport === "local",
    };
    const settings = local("syslog", "syslog_output", s.minimum_priority);
    if (transport === "local") {
      return new LocalSyslogChannel(settings, s.socket ?? "/dev/log", fmt, now, s.logger_fallback !== "off");
    }
    if (!s.host) throw new OutputConfigError("syslog_output.host", `transport ${transport} needs a host`);
    const port = s.port ?? 514;
    if (transport === "udp") return new UdpSyslogChannel(settings, s.host, port, fmt, now);
    if (transport !== "tcp")
      throw new OutputConfigError(
        "syslog_output.transport",
        `expected local, udp or tcp, got '${transport}'`,
      );
    return new TcpSyslogChannel({
      ...network("syslog", "syslog_output", s.minimum_priority, 256, 0, 5),
      host: s.host,
      port,
      fmt,
      framing: s.framing ?? "octet-counting",
      now,
      timeoutMs: positive("syslog_output.timeout_ms", s.timeout_ms, DEFAULT_HTTP_TIMEOUT_MS),
    });
  }

  /** Names of the running channels. */
  get channels(): ChannelName[] {
    return this.channelList.map((c) => c.name);
  }

  /**
   * Sends an alert to every channel whose minimum priority it meets. `priority` defaults to the
   * alert's priority name. Returns at once; delivery happens in the background.
   */
  emit(alert: Alert, priority?: Priority): void {
    const p = priority ?? parsePriority(alert.priority) ?? Priority.Debug;
    let line: string | undefined;
    const lineOf = () => {
      line ??= alertLine(alert, this.format);
      return line;
    };
    for (const ch of this.channelList) {
      if (p > ch.minPriority) continue;
      if (this.closed) {
        ch.drop(1, "pipeline closed");
        continue;
      }
      let payload: string;
      try {
        payload = ch.render({ alert, priority: p, line: lineOf });
      } catch (e) {
        ch.drop(1, `cannot format the alert: ${(e as Error).message}`);
        continue;
      }
      ch.push(payload);
    }
  }

  /**
   * Delivers everything emitted so far: queues drained, buffers written, spools sent. Receivers that
   * are down are retried with their backoff until `timeoutMs`; what is left stays spooled (or queued).
   */
  async flush(timeoutMs = this.drainMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await Promise.all(this.channelList.map((c) => c.flush(deadline)));
  }

  /**
   * Flushes (up to `timeoutMs`), then stops: alerts still undelivered are kept in the spool (fsynced)
   * for the next start, or counted as dropped when the channel has no spool. For SIGINT/SIGTERM.
   */
  async close(timeoutMs = this.drainMs): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const deadline = Date.now() + timeoutMs;
    await Promise.all(this.channelList.map((c) => c.close(deadline)));
  }

  /** SIGUSR1: the file output is reopened and the program output respawned. */
  async reopen(): Promise<void> {
    await Promise.all(this.channelList.map((c) => c.reopen()));
  }

  stats(): PipelineStats {
    const out: PipelineStats = { channels: {}, sent: 0, failed: 0, dropped: 0, spooled: 0 };
    for (const c of this.channelList) {
      const s = c.stats();
      out.channels[c.name] = s;
      out.sent += s.sent;
      out.failed += s.failed;
      out.dropped += s.dropped;
      out.spooled += s.spooled;
    }
    return out;
  }
}
