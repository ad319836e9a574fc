// The typed configuration: falco.yaml's keys (snake_case, as written in the file) plus Lanner's own
// `k8s_audit` section, and the error and warning values loading produces.

import type { SyslogOutputOptions } from "../outputs/options.js";

/** How a `config_files` entry merges into what was loaded before it. */
export type MergeStrategy = "append" | "override" | "add-only";

/** One `config_files` entry: a file or a directory of files (lexicographic order). */
export interface ConfigFileEntry {
  path: string;
  strategy: MergeStrategy;
}

/** Rule names/tags an entry of `rules:` applies to (`rule` is a glob with `*` and `?`). */
export interface RuleMatcher {
  rule?: string;
  tag?: string;
}

/** One `rules:` entry, applied in order after every rules file has loaded. */
export type RuleSelectionEntry = { enable: RuleMatcher } | { disable: RuleMatcher };

/** A JSON value (plugin `init_config` maps keep Falco's scalar typing: int, double, bool, string). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One `append_output` entry: extra text and fields for the alerts it matches. */
export interface AppendOutputEntry {
  match?: { source?: string; tags?: string[]; rule?: string };
  extra_output?: string;
  /** Either a field name (`proc.aname[2]`) or a one-key map `name: format`. */
  extra_fields?: (string | Record<string, string>)[];
  suggested_output?: boolean;
}

/** One `plugins` entry. Lanner does not load plugin libraries (see `notApplicablePlugins`). */
export interface PluginEntry {
  name: string;
  library_path: string;
  init_config?: JsonValue;
  open_params?: string;
}

export type PriorityName =
  | "emergency"
  | "alert"
  | "critical"
  | "error"
  | "warning"
  | "notice"
  | "informational"
  | "debug";

export type LogLevel = "emergency" | "alert" | "critical" | "error" | "warning" | "notice" | "info" | "debug";
export type LibsLogSeverity =
  | "fatal"
  | "critical"
  | "error"
  | "warning"
  | "notice"
  | "info"
  | "debug"
  | "trace";
export type EngineKind = "modern_ebpf" | "kmod" | "replay" | "nodriver";
export type DropAction = "ignore" | "log" | "alert" | "exit";

export interface HttpOutputConfig {
  enabled: boolean;
  minimum_priority?: string;
  url: string;
  user_agent: string;
  insecure: boolean;
  ca_cert: string;
  ca_bundle: string;
  ca_path: string;
  mtls: boolean;
  client_cert: string;
  client_key: string;
  echo: boolean;
  compress_uploads: boolean;
  keep_alive: boolean;
  max_consecutive_timeouts: number;
  /** Lanner: request timeout (ms), extra headers, batching. */
  timeout_ms?: number;
  headers?: Record<string, string>;
  batch?: { max_alerts?: number; max_wait_ms?: number };
}

/** falco.yaml's syslog_output, with Lanner's transport keys (see docs/outputs.md); the facility as written. */
export type SyslogOutputConfig = Omit<SyslogOutputOptions, "enabled" | "facility"> & {
  enabled: boolean;
  facility?: string;
};

export interface WebserverConfig {
  enabled: boolean;
  /** 0: one per CPU. */
  threadiness: number;
  listen_port: number;
  listen_address: string;
  k8s_healthz_endpoint: string;
  prometheus_metrics_enabled: boolean;
  ssl_enabled: boolean;
  /** One PEM file holding the key and the certificate. */
  ssl_certificate: string;
}

export interface MetricsConfig {
  enabled: boolean;
  /** A Prometheus duration (`1h`, `30s`, `1m30s`); see `metricsIntervalMs`. */
  interval: string;
  output_rule: boolean;
  output_file: string;
  rules_counters_enabled: boolean;
  resource_utilization_enabled: boolean;
  state_counters_enabled: boolean;
  kernel_event_counters_enabled: boolean;
  kernel_event_counters_per_cpu_enabled: boolean;
  libbpf_stats_enabled: boolean;
  plugins_metrics_enabled: boolean;
  kernel_iter_event_counters_enabled: boolean;
  jemalloc_stats_enabled: boolean;
  convert_memory_to_mb: boolean;
  include_empty_values: boolean;
}

export interface EngineConfig {
  kind: EngineKind;
  kmod: { buf_size_preset: number; drop_failed_exit: boolean };
  modern_ebpf: {
    cpus_for_each_buffer: number;
    buf_size_preset: number;
    drop_failed_exit: boolean;
    disable_iterators: boolean;
  };
  replay: { capture_file: string };
}

/** Lanner's Kubernetes audit webhook (no Falco equivalent: Falco uses the k8saudit plugin's open_params). */
export interface K8sAuditConfig {
  enabled: boolean;
  listen_address: string;
  listen_port: number;
  /** URL path the API server posts event batches to. */
  path: string;
  /** PEM certificate (with the key inside when `ssl_key` is empty); empty: plain HTTP. */
  ssl_certificate: string;
  ssl_key: string;
  /** CA of client certificates; when set, clients must present one it signed. */
  ca_cert: string;
  /** File holding the token clients must send as `Authorization: Bearer`; empty: no token. */
  bearer_token_file: string;
  max_body_bytes: number;
}

/** The whole configuration, every key filled (absent keys take their defaults). */
export interface LannerConfig {
  config_files: ConfigFileEntry[];
  watch_config_files: boolean;
  /** From `rules_files`, or the deprecated `rules_file`. */
  rules_files: string[];
  rules: RuleSelectionEntry[];
  /** Minimum priority a rule needs to be loaded (lower-case canonical name). */
  priority: PriorityName;
  rule_matching: "first" | "all";
  json_output: boolean;
  json_include_output_property: boolean;
  json_include_message_property: boolean;
  json_include_output_fields_property: boolean;
  json_include_tags_property: boolean;
  time_format_iso_8601: boolean;
  buffer_format_base64: boolean;
  buffered_outputs: boolean;
  /** 0: unbounded. */
  outputs_queue: { capacity: number };
  append_output: AppendOutputEntry[];
  static_fields: Record<string, string>;
  /** Milliseconds an output may block before it is reported. */
  output_timeout: number;
  stdout_output: { enabled: boolean; minimum_priority?: string };
  syslog_output: SyslogOutputConfig;
  file_output: { enabled: boolean; keep_alive: boolean; filename: string; minimum_priority?: string };
  program_output: { enabled: boolean; keep_alive: boolean; program: string; minimum_priority?: string };
  http_output: HttpOutputConfig;
  webserver: WebserverConfig;
  metrics: MetricsConfig;
  log_level: LogLevel;
  log_stderr: boolean;
  log_syslog: boolean;
  libs_logger: { enabled: boolean; severity: LibsLogSeverity };
  engine: EngineConfig;
  capture: {
    enabled: boolean;
    path_prefix: string;
    mode: "rules" | "all_rules";
    /** Milliseconds. */
    default_duration: number;
    max_file_size_mb: number;
  };
  base_syscalls: { custom_set: string[]; repair: boolean; all: boolean };
  falco_libs: {
    thread_table_size: number;
    thread_table_auto_purging_interval_s: number;
    thread_table_auto_purging_thread_timeout_s: number;
    snaplen: number;
  };
  syscall_event_drops: {
    threshold: number;
    /** Never empty: Falco reads an empty list as `[ignore]`. */
    actions: DropAction[];
    rate: number;
    max_burst: number;
    simulate_drops: boolean;
  };
  syscall_event_timeouts: { max_consecutives: number };
  load_plugins: string[];
  plugins: PluginEntry[];
  plugins_hostinfo: boolean;
  k8s_audit: K8sAuditConfig;
  /** Lanner's output sections (Slack, generic webhook, disk spool, retries), validated by the outputs. */
  slack_output: Record<string, unknown>;
  webhook_output: Record<string, unknown>;
  spool: Record<string, unknown>;
  retry: Record<string, unknown>;
}

/** Where a value came from: a place in a file, a `-o` option, or the embedded defaults. */
export type ConfigOrigin =
  | { kind: "file"; file: string; line: number; col: number }
  | { kind: "option"; option: string }
  | { kind: "defaults" };

export type ConfigErrorCode =
  /** A file could not be read. */
  | "CONFIG_READ"
  /** A file is not valid YAML. */
  | "CONFIG_YAML"
  /** A `config_files` problem: self-inclusion, nested includes, bad entry. */
  | "CONFIG_INCLUDE"
  /** A `-o` option that is not `key=value` or whose key or value does not parse. */
  | "CONFIG_OPTION"
  /** A value of the wrong type or out of range. */
  | "CONFIG_INVALID_VALUE"
  /** Values that do not make sense together (Falco's "Error reading config file"). */
  | "CONFIG_INVALID";

export type ConfigWarningCode =
  | "CONFIG_UNKNOWN_KEY"
  /** Still read, but replaced by another key. */
  | "CONFIG_DEPRECATED_KEY"
  /** A key Falco no longer reads; ignored. */
  | "CONFIG_REMOVED_KEY"
  /** A Falco setting with no meaning in Lanner (plugins it has built in, kernel driver knobs). */
  | "CONFIG_NOT_APPLICABLE"
  | "CONFIG_DUPLICATE_KEY"
  /** A `config_files` entry that does not exist (skipped, as Falco does). */
  | "CONFIG_INCLUDE_MISSING"
  /** Accepted, but probably not what was meant (Falco warns the same way). */
  | "CONFIG_AMBIGUOUS"
  | "CONFIG_YAML";

/** A configuration error: what went wrong, at which key, and where the value came from. */
export interface ConfigError {
  code: ConfigErrorCode;
  message: string;
  /** Key path in Falco's `-o` notation (`http_output.url`, `rules[0].disable.tag`). */
  path?: string;
  origin?: ConfigOrigin;
}

export interface ConfigWarning {
  code: ConfigWarningCode;
  message: string;
  path?: string;
  origin?: ConfigOrigin;
}
