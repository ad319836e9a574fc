// The output pipeline's configuration: falco.yaml's keys as written in the file (`stdout_output`,
// `file_output`, `program_output`, `http_output`, `syslog_output`, `outputs_queue`, `json_*`), plus
// Lanner's own sections (`slack_output`, `webhook_output`, `spool`, `retry`). Every key is optional so
// a LannerConfig can be passed as it is; a channel runs only when its section says `enabled: true`.

/** Levels of the pipeline's own log lines (not alerts). */
export type OutputLogLevel = "error" | "warning" | "info" | "debug";

/** Where the pipeline reports drops, failures and recoveries. Never silent: the default writes to stderr. */
export type OutputLogger = (level: OutputLogLevel, message: string) => void;

/** Keys every channel section accepts. */
export interface ChannelSectionOptions {
  enabled?: boolean;
  /** Lanner: the least severe priority this channel receives (`warning`, `info`…); default `debug` (all). */
  minimum_priority?: string;
}

/** TLS keys of falco.yaml's `http_output`, shared by every HTTPS client here. */
export interface TlsClientOptions {
  /** Skip verification of the server's certificate and name. */
  insecure?: boolean;
  /** A PEM file of CA certificates (curl's CAINFO). Wins over `ca_bundle` and `ca_path`. */
  ca_cert?: string;
  /** A PEM bundle of CA certificates, used when `ca_cert` is empty. */
  ca_bundle?: string;
  /** A directory of PEM CA certificates, used when both files are empty. */
  ca_path?: string;
  /** Present `client_cert`/`client_key` to the server. */
  mtls?: boolean;
  client_cert?: string;
  client_key?: string;
}

export interface StdoutOutputOptions extends ChannelSectionOptions {}

export interface FileOutputOptions extends ChannelSectionOptions {
  /** Keep the file open between alerts (else opened and closed around each write). */
  keep_alive?: boolean;
  filename?: string;
}

export interface ProgramOutputOptions extends ChannelSectionOptions {
  /** One long-running program fed every alert (else one program per alert, as popen/pclose). */
  keep_alive?: boolean;
  /** Run with `sh -c`; each alert is one line on its standard input. */
  program?: string;
}

/** Lanner: batching for HTTP outputs. One POST per alert unless `max_alerts` > 1. */
export interface HttpBatchOptions {
  /** Alerts per POST; above 1 the body is a JSON array (json output) or newline-separated lines. */
  max_alerts?: number;
  /** How long a partial batch may wait for more alerts, in ms (default 0: send what is queued). */
  max_wait_ms?: number;
}

export interface HttpOutputOptions extends ChannelSectionOptions, TlsClientOptions {
  url?: string;
  user_agent?: string;
  /** Print the receiver's response bodies on stdout. */
  echo?: boolean;
  /** Gzip request bodies (`Content-Encoding: gzip`). */
  compress_uploads?: boolean;
  /** Turn on TCP keepalive probes on the (always reused) connection. */
  keep_alive?: boolean;
  /** Without a spool: attempts after which an alert that cannot be delivered is dropped (counted). */
  max_consecutive_timeouts?: number;
  /** Lanner: request timeout in ms (default 10000). */
  timeout_ms?: number;
  /** Lanner: extra request headers. */
  headers?: Record<string, string>;
  batch?: HttpBatchOptions;
}

export interface SlackOutputOptions extends ChannelSectionOptions, TlsClientOptions {
  /** The incoming-webhook URL (`https://hooks.slack.com/services/…`). */
  webhook_url?: string;
  /** Overrides the webhook's default channel (`#security`). */
  channel?: string;
  username?: string;
  icon_url?: string;
  /** `all` (text and fields, default), `text` (output only) or `fields` (the fields table only). */
  output_format?: "all" | "text" | "fields";
  footer?: string;
  user_agent?: string;
  timeout_ms?: number;
}

export interface WebhookOutputOptions extends ChannelSectionOptions, TlsClientOptions {
  url?: string;
  /** `POST` (default) or `PUT`. */
  method?: "POST" | "PUT";
  /** Custom headers (`Authorization: Bearer …`). */
  headers?: Record<string, string>;
  user_agent?: string;
  compress_uploads?: boolean;
  timeout_ms?: number;
}

export interface SyslogOutputOptions extends ChannelSectionOptions {
  /** `local` (default: the `socket` path, as syslog(3)), `udp` or `tcp` to `host:port`. */
  transport?: "local" | "udp" | "tcp";
  /** Local socket path (default `/dev/log`). */
  socket?: string;
  host?: string;
  /** Default 514. */
  port?: number;
  /** Default: `rfc3164` locally (what glibc's syslog(3) writes), `rfc5424` remotely. */
  format?: "rfc3164" | "rfc5424";
  /** TCP framing: `octet-counting` (RFC 6587, default) or `non-transparent` (LF-terminated). */
  framing?: "octet-counting" | "non-transparent";
  /** Facility name (`user`, `daemon`, `local0`…) or number; default `user`, as Falco. */
  facility?: string | number;
  /** APP-NAME / TAG; default `lanner`. */
  ident?: string;
  /** Local socket is a datagram socket: `auto` (default) feeds it through util-linux `logger`; `off` fails. */
  logger_fallback?: "auto" | "off";
  timeout_ms?: number;
}

/** Lanner: the disk spool behind network channels. */
export interface SpoolOptions {
  /** Parent directory; each network channel spools in its own subdirectory. No directory: no spool. */
  directory?: string;
  /** Bound on the bytes of undelivered alerts per channel (default 256 MiB). */
  max_bytes?: number;
  /** Size at which a segment file is fsynced and a new one started (default 4 MiB). */
  segment_bytes?: number;
  /** When the spool is full: `drop_oldest` (default) or `drop_newest`. Counted and logged either way. */
  when_full?: "drop_oldest" | "drop_newest";
  /**
   * Append every alert to the spool before sending it, not only while the receiver is down: alerts
   * survive a crash (kill -9, OOM) too, at the cost of a disk write per alert (default false).
   */
  write_ahead?: boolean;
}

/** Lanner: retries of network channels, exponential backoff with jitter. */
export interface RetryOptions {
  /** Default 250 ms. */
  initial_delay_ms?: number;
  /** Default 30000 ms. */
  max_delay_ms?: number;
}

/** The pipeline's configuration (falco.yaml keys; a LannerConfig fits). */
export interface OutputsOptions {
  json_output?: boolean;
  time_format_iso_8601?: boolean;
  json_include_output_property?: boolean;
  json_include_message_property?: boolean;
  json_include_output_fields_property?: boolean;
  json_include_tags_property?: boolean;
  /** Hold stdout/file/program output in memory (up to 64 KiB or 1 s); `-U` turns it off. */
  buffered_outputs?: boolean;
  /** Per-channel bound on queued alerts; 0 or absent: unbounded (Falco's default). */
  outputs_queue?: { capacity?: number };
  /** Milliseconds a delivery may take before a warning is logged (Falco's watchdog; default 2000). */
  output_timeout?: number;
  /** Hostname in alerts; default FALCO_HOSTNAME/LANNER_HOSTNAME or the system's. */
  hostname?: string;
  stdout_output?: StdoutOutputOptions;
  file_output?: FileOutputOptions;
  program_output?: ProgramOutputOptions;
  http_output?: HttpOutputOptions;
  syslog_output?: SyslogOutputOptions;
  slack_output?: SlackOutputOptions;
  webhook_output?: WebhookOutputOptions;
  spool?: SpoolOptions;
  retry?: RetryOptions;
  /** How long `flush()`/`close()` keep trying to deliver by default, in ms (default 5000). */
  drain_timeout_ms?: number;
}

/** What the pipeline needs from its host besides configuration. */
export interface OutputHooks {
  onLog?: OutputLogger;
  /** Standard output of the stdout channel and of `echo` (default process.stdout). */
  stdout?: NodeJS.WritableStream;
  /** Clock for syslog timestamps, ms since the epoch (default Date.now). */
  now?: () => number;
}

/** A configuration mistake found when building the pipeline: which key and why. */
export class OutputConfigError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.name = "OutputConfigError";
    this.key = key;
  }
}
