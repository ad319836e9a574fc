// The configuration schema (zod): every falco.yaml key Lanner reads, with Falco's defaults (the values
// of Falco's own falco.yaml) and messages that say what was expected and what was found.
// Scalars arrive as text and are typed here the way Falco types them (see scalars.ts).

import { isIP } from "node:net";
import * as z from "zod";
import { jsonScalar, parseYamlBool, parseYamlFloat, parseYamlInt } from "./scalars.js";
import { describeValue } from "./tree.js";
import type {
  AppendOutputEntry,
  DropAction,
  EngineKind,
  JsonValue,
  LannerConfig,
  LibsLogSeverity,
  LogLevel,
  MergeStrategy,
  PriorityName,
  RuleSelectionEntry,
} from "./types.js";

type Ctx = z.core.$RefinementCtx<unknown>;

function expected(ctx: Ctx, what: string, found: unknown): typeof z.NEVER {
  ctx.issues.push({
    code: "custom",
    message: `expected ${what}, found ${describeValue(found)}`,
    input: found,
  });
  return z.NEVER;
}

/**
 * A scalar leaf: text parsed by `parse` (undefined: not acceptable). An empty value takes the default;
 * so does empty text for non-string leaves (Falco falls back to the default when `${UNSET}` leaves a
 * boolean or a number empty).
 */
function scalar<T extends string | number | boolean>(
  what: string,
  parse: (text: string) => T | undefined,
  def: T,
  emptyText = false,
) {
  return z
    .unknown()
    .transform((v, ctx): T => {
      if (v === undefined) return def;
      if (typeof v !== "string") return expected(ctx, what, v);
      if (v === "" && !emptyText) return def;
      const r = parse(v);
      return r === undefined ? expected(ctx, what, v) : r;
    })
    .default(def as never);
}

/** A scalar leaf without a default (absent stays undefined). */
function optionalScalar<T>(what: string, parse: (text: string) => T | undefined) {
  return z
    .unknown()
    .transform((v, ctx): T | undefined => {
      if (v === undefined) return undefined;
      if (typeof v !== "string") return expected(ctx, what, v);
      const r = parse(v);
      return r === undefined ? expected(ctx, what, v) : r;
    })
    .optional();
}

/** A scalar that must be there (list items, required keys). */
function requiredScalar<T>(what: string, parse: (text: string) => T | undefined) {
  return z.unknown().transform((v, ctx): T => {
    if (typeof v !== "string") return expected(ctx, what, v);
    const r = parse(v);
    return r === undefined ? expected(ctx, what, v) : r;
  });
}

const asText = (s: string): string => s;

const bool = (def: boolean) => scalar("a boolean (true or false)", parseYamlBool, def);
const str = (def: string) => scalar("a string", asText, def, true);
const optStr = () => optionalScalar("a string", asText);
const reqStr = () => requiredScalar("a string", asText);

function intRange(min: number, max: number): string {
  if (min === 0 && max === Number.MAX_SAFE_INTEGER) return "an integer ≥ 0";
  if (max === Number.MAX_SAFE_INTEGER) return `an integer ≥ ${min}`;
  return `an integer from ${min} to ${max}`;
}

const U8 = 255;
const U16 = 65_535;
const U32 = 4_294_967_295;
const U64 = Number.MAX_SAFE_INTEGER;

function int(def: number, min: number, max: number) {
  return scalar(
    intRange(min, max),
    (s) => {
      const n = parseYamlInt(s);
      return n !== undefined && n >= min && n <= max ? n : undefined;
    },
    def,
  );
}

/** An optional integer in a range (absent stays undefined: the consumer's default applies). */
function optInt(min: number, max: number) {
  return optionalScalar(intRange(min, max), (s) => {
    const n = parseYamlInt(s);
    return n !== undefined && n >= min && n <= max ? n : undefined;
  });
}

/** An optional one of fixed words. */
function optOneOf<T extends string>(values: readonly T[]) {
  return optionalScalar(`one of ${values.join(", ")}`, (s) => values.find((v) => v === s));
}

const num = (def: number) => scalar("a number", parseYamlFloat, def);

/** One of fixed words (`aliases` maps other accepted spellings to them). */
function oneOf<T extends string>(
  values: readonly T[],
  def: T,
  options: { ignoreCase?: boolean; aliases?: Record<string, T> } = {},
) {
  const what = `one of ${values.join(", ")}`;
  return scalar(
    what,
    (s) => {
      const key = options.ignoreCase ? s.toLowerCase() : s;
      const alias = options.aliases?.[key];
      if (alias) return alias;
      return values.find((v) => (options.ignoreCase ? v.toLowerCase() : v) === key);
    },
    def,
  );
}

/** A list of strings; a single scalar counts as a one-item list (Falco's get_sequence). */
function strList(def: string[]) {
  return z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(reqStr())).default(() => [...def]);
}

/** A map of sections: an empty value means every key takes its default. */
function section<S extends z.core.$ZodLooseShape>(shape: S) {
  // An empty map is valid input for every section: all its keys have defaults.
  return z.object(shape).prefault({} as never);
}

/** A Lanner section whose keys the consuming module validates (naming the key in its errors). */
function lannerSection() {
  return z.record(z.string(), z.unknown()).prefault({} as never);
}

function ipAddress(def: string) {
  return scalar(
    "an IP address (such as 127.0.0.1, 0.0.0.0 or ::1)",
    (s) => (isIP(s.trim()) ? s.trim() : undefined),
    def,
  );
}

function urlPath(def: string) {
  return scalar("a URL path starting with /", (s) => (s.startsWith("/") ? s : undefined), def);
}

// ---------------------------------------------------------------------------------------------
// Items of lists.

const STRATEGIES: readonly MergeStrategy[] = ["append", "override", "add-only"];

const configFileEntry = z.preprocess(
  (v) => (typeof v === "string" ? { path: v } : v),
  z.object({
    path: reqStr(),
    strategy: oneOf(STRATEGIES, "append"),
  }),
);

const ruleMatcher = z
  .object({ rule: optStr(), tag: optStr() })
  .refine((m) => m.rule !== undefined || m.tag !== undefined, { message: "expected a `rule:` or a `tag:`" });

const ruleSelection = z
  .object({ enable: ruleMatcher.optional(), disable: ruleMatcher.optional() })
  .transform((e, ctx): RuleSelectionEntry => {
    if (e.enable && e.disable) {
      ctx.issues.push({
        code: "custom",
        message: "an entry is either `enable:` or `disable:`, not both",
        input: e,
      });
      return z.NEVER;
    }
    if (e.enable) return { enable: e.enable };
    if (e.disable) return { disable: e.disable };
    ctx.issues.push({ code: "custom", message: "expected `enable:` or `disable:`", input: e });
    return z.NEVER;
  });

/** `extra_fields` items: a field name, or a one-key map `name: format`. */
const extraField = z.unknown().transform((v, ctx): string | Record<string, string> => {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v);
    if (entries.length === 1 && typeof entries[0][1] === "string") return { [entries[0][0]]: entries[0][1] };
  }
  return expected(ctx, "a field name or a one-key map name: format", v);
});

const appendOutput = z
  .object({
    match: z
      .object({
        source: optStr(),
        tags: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(reqStr())).optional(),
        rule: optStr(),
      })
      .optional(),
    extra_output: optStr(),
    extra_fields: z.array(extraField).optional(),
    suggested_output: optionalScalar("a boolean (true or false)", parseYamlBool),
  })
  .transform((e, ctx): AppendOutputEntry => {
    const names = new Set<string>();
    for (const f of e.extra_fields ?? []) {
      const name = typeof f === "string" ? f : Object.keys(f)[0];
      if (names.has(name)) {
        ctx.issues.push({ code: "custom", message: `extra field '${name}' is defined twice`, input: e });
        return z.NEVER;
      }
      names.add(name);
    }
    const out: AppendOutputEntry = {};
    if (e.match) {
      const match: NonNullable<AppendOutputEntry["match"]> = {};
      if (e.match.source !== undefined) match.source = e.match.source;
      if (e.match.tags !== undefined) match.tags = e.match.tags;
      if (e.match.rule !== undefined) match.rule = e.match.rule;
      out.match = match;
    }
    if (e.extra_output !== undefined) out.extra_output = e.extra_output;
    if (e.extra_fields !== undefined) out.extra_fields = e.extra_fields;
    if (e.suggested_output !== undefined) out.suggested_output = e.suggested_output;
    return out;
  });

function toJson(v: unknown): JsonValue {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return jsonScalar(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return String(v);
}

/** `init_config`: a map (typed like Falco's YAML-to-JSON conversion) or an opaque string. */
const initConfig = z
  .unknown()
  .transform((v): JsonValue | undefined =>
    v === undefined ? undefined : typeof v === "string" ? v : toJson(v),
  )
  .optional();

const plugin = z.object({
  name: reqStr(),
  library_path: reqStr(),
  init_config: initConfig,
  open_params: optionalScalar("a string", (s) => s.trim()),
});

// ---------------------------------------------------------------------------------------------

const PRIORITIES: readonly PriorityName[] = [
  "emergency",
  "alert",
  "critical",
  "error",
  "warning",
  "notice",
  "informational",
  "debug",
];
const LOG_LEVELS: readonly LogLevel[] = [
  "emergency",
  "alert",
  "critical",
  "error",
  "warning",
  "notice",
  "info",
  "debug",
];
const LIBS_SEVERITIES: readonly LibsLogSeverity[] = [
  "fatal",
  "critical",
  "error",
  "warning",
  "notice",
  "info",
  "debug",
  "trace",
];
export const ENGINE_KINDS: readonly EngineKind[] = ["modern_ebpf", "kmod", "replay", "nodriver"];
export const DROP_ACTIONS: readonly DropAction[] = ["ignore", "log", "alert", "exit"];

/** The largest request body the k8s audit webhook accepts by default (16 MiB). */
export const DEFAULT_K8S_AUDIT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The top-level object schema (before the output is typed): also what the unknown-key check walks. */
export const configObjectSchema = z.object({
  config_files: z
    .preprocess((v) => (typeof v === "string" ? [v] : v), z.array(configFileEntry))
    .default(() => []),
  watch_config_files: bool(true),
  rules_files: strList([]),
  rules: z.array(ruleSelection).default(() => []),
  priority: oneOf(PRIORITIES, "debug", { ignoreCase: true, aliases: { info: "informational" } }),
  rule_matching: oneOf(["first", "all"] as const, "first"),
  json_output: bool(false),
  json_include_output_property: bool(true),
  json_include_message_property: bool(false),
  json_include_output_fields_property: bool(true),
  json_include_tags_property: bool(true),
  time_format_iso_8601: bool(false),
  buffer_format_base64: bool(false),
  buffered_outputs: bool(false),
  outputs_queue: section({ capacity: int(0, 0, U64) }),
  append_output: z.array(appendOutput).default(() => []),
  static_fields: z.record(z.string(), reqStr()).default(() => ({})),
  output_timeout: int(2000, 0, U32),
  stdout_output: section({ enabled: bool(true), minimum_priority: optStr() }),
  syslog_output: section({
    enabled: bool(true),
    minimum_priority: optStr(),
    // Lanner: where and how (Falco always calls syslog(3) on the local socket).
    transport: optOneOf(["local", "udp", "tcp"] as const),
    socket: optStr(),
    host: optStr(),
    port: optInt(1, U16),
    format: optOneOf(["rfc3164", "rfc5424"] as const),
    framing: optOneOf(["octet-counting", "non-transparent"] as const),
    facility: optStr(),
    ident: optStr(),
    logger_fallback: optOneOf(["auto", "off"] as const),
    timeout_ms: optInt(1, U32),
  }),
  file_output: section({
    enabled: bool(false),
    keep_alive: bool(false),
    filename: str("./events.txt"),
    minimum_priority: optStr(),
  }),
  program_output: section({
    enabled: bool(false),
    minimum_priority: optStr(),
    keep_alive: bool(false),
    program: str("jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX"),
  }),
  http_output: section({
    enabled: bool(false),
    minimum_priority: optStr(),
    url: str(""),
    user_agent: str("falcosecurity/falco"),
    insecure: bool(false),
    ca_cert: str(""),
    ca_bundle: str(""),
    ca_path: str("/etc/ssl/certs"),
    mtls: bool(false),
    client_cert: str("/etc/ssl/certs/client.crt"),
    client_key: str("/etc/ssl/certs/client.key"),
    echo: bool(false),
    compress_uploads: bool(false),
    keep_alive: bool(false),
    max_consecutive_timeouts: int(5, 0, U8),
    // Lanner's additions.
    timeout_ms: optInt(1, U32),
    headers: z.record(z.string(), reqStr()).optional(),
    batch: z.object({ max_alerts: optInt(1, U32), max_wait_ms: optInt(0, U32) }).optional(),
  }),
  webserver: section({
    enabled: bool(true),
    threadiness: int(0, 0, U32),
    listen_port: int(8765, 0, U16),
    listen_address: ipAddress("0.0.0.0"),
    k8s_healthz_endpoint: str("/healthz"),
    prometheus_metrics_enabled: bool(false),
    ssl_enabled: bool(false),
    ssl_certificate: str("/etc/falco/falco.pem"),
  }),
  metrics: section({
    enabled: bool(false),
    interval: str("1h"),
    output_rule: bool(true),
    output_file: str(""),
    rules_counters_enabled: bool(true),
    resource_utilization_enabled: bool(true),
    state_counters_enabled: bool(true),
    kernel_event_counters_enabled: bool(true),
    kernel_event_counters_per_cpu_enabled: bool(false),
    libbpf_stats_enabled: bool(true),
    plugins_metrics_enabled: bool(true),
    kernel_iter_event_counters_enabled: bool(true),
    jemalloc_stats_enabled: bool(false),
    convert_memory_to_mb: bool(true),
    include_empty_values: bool(false),
  }),
  log_level: oneOf(LOG_LEVELS, "info"),
  log_stderr: bool(true),
  log_syslog: bool(true),
  libs_logger: section({ enabled: bool(true), severity: oneOf(LIBS_SEVERITIES, "info") }),
  engine: section({
    kind: scalar(
      `one of ${ENGINE_KINDS.join(", ")}`,
      (s) => ENGINE_KINDS.find((k) => k === s),
      "modern_ebpf" as EngineKind,
    ),
    kmod: section({ buf_size_preset: int(4, -32_768, 32_767), drop_failed_exit: bool(false) }),
    modern_ebpf: section({
      cpus_for_each_buffer: int(2, 0, U16),
      buf_size_preset: int(4, -32_768, 32_767),
      drop_failed_exit: bool(false),
      disable_iterators: bool(false),
    }),
    replay: section({ capture_file: str("") }),
  }),
  capture: section({
    enabled: bool(false),
    path_prefix: str("/tmp/falco"),
    mode: oneOf(["rules", "all_rules"] as const, "rules"),
    default_duration: int(5000, 0, U32),
    max_file_size_mb: int(0, 0, 1_048_576),
  }),
  base_syscalls: section({ custom_set: strList([]), repair: bool(false), all: bool(false) }),
  falco_libs: section({
    thread_table_size: int(262_144, 0, U32),
    thread_table_auto_purging_interval_s: int(300, 0, U32),
    thread_table_auto_purging_thread_timeout_s: int(300, 0, U32),
    snaplen: int(80, 0, U64),
  }),
  syscall_event_drops: section({
    threshold: num(0.1),
    actions: strList(["log", "alert"]),
    rate: num(0.03333),
    max_burst: num(1),
    simulate_drops: bool(false),
  }),
  syscall_event_timeouts: section({ max_consecutives: int(1000, 0, U32) }),
  load_plugins: strList([]),
  plugins: z.array(plugin).default(() => []),
  plugins_hostinfo: bool(true),
  // Lanner's own output sections; the output pipeline validates their keys when it starts.
  slack_output: lannerSection(),
  webhook_output: lannerSection(),
  spool: lannerSection(),
  retry: lannerSection(),
  k8s_audit: section({
    enabled: bool(true),
    listen_address: ipAddress("127.0.0.1"),
    listen_port: int(9765, 0, U16),
    path: urlPath("/k8s-audit"),
    ssl_certificate: str(""),
    ssl_key: str(""),
    ca_cert: str(""),
    bearer_token_file: str(""),
    max_body_bytes: int(DEFAULT_K8S_AUDIT_MAX_BODY_BYTES, 1, U64),
  }),
});

/**
 * The schema with its output typed as LannerConfig. Drop actions are checked (with Falco's messages)
 * after parsing, so the schema keeps them as text; an empty list means `[ignore]`.
 */
export const configSchema: z.ZodType<LannerConfig, unknown> = configObjectSchema.transform(
  (c): LannerConfig => ({
    ...c,
    syscall_event_drops: {
      ...c.syscall_event_drops,
      actions: (c.syscall_event_drops.actions.length === 0
        ? ["ignore"]
        : c.syscall_event_drops.actions) as DropAction[],
    },
  }),
);
