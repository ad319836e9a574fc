// From the merged document to a LannerConfig: deprecated and removed keys, unknown keys (warnings,
// never fatal), the schema (types and ranges), then Falco's checks of values that go together.

import type * as z from "zod";
import { formatKeyPath } from "./keypath.js";
import { parsePrometheusDuration } from "./scalars.js";
import { configObjectSchema, configSchema, DROP_ACTIONS } from "./schema.js";
import { type ConfigNode, describeValue, keyOriginAt, nodeAt, type PlainValue, toPlain } from "./tree.js";
import type { ConfigError, ConfigOrigin, ConfigWarning, DropAction, LannerConfig } from "./types.js";

/** Keys Falco no longer reads, with what became of them. */
const REMOVED_KEYS: Record<string, string> = {
  grpc: "the gRPC server was removed in Falco 0.44; ignored",
  grpc_output: "the gRPC output was removed in Falco 0.44; ignored",
  outputs: "alert rate limiting (outputs.rate, outputs.max_burst) was removed in Falco 0.37; ignored",
  metadata_download: "removed in Falco 0.37; ignored",
  syscall_buf_size_preset: "replaced by engine.<kind>.buf_size_preset in Falco 0.38; ignored",
  syscall_drop_failed_exit: "replaced by engine.<kind>.drop_failed_exit in Falco 0.38; ignored",
  modern_bpf: "replaced by engine.modern_ebpf in Falco 0.38; ignored",
  "webserver.k8s_audit_endpoint":
    "removed in Falco 0.32 (audit events come through the k8saudit plugin); Lanner's audit webhook is configured under k8s_audit; ignored",
};

/** Falco plugins whose sources and fields Lanner has built in. */
const BUILTIN_PLUGIN_NOTES: Record<string, string> = {
  k8saudit:
    "is built into Lanner (the k8s_audit source and the ka.* fields); its library, init_config and open_params are not used: the audit webhook is configured under k8s_audit",
  json: "is built into Lanner (the json.* fields); its library is not used",
  container: "is built into Lanner (the container.* fields); its library and init_config are not used",
};

export interface ValidateResult {
  config?: LannerConfig;
  errors: ConfigError[];
  warnings: ConfigWarning[];
}

/** Loose view of a zod schema's definition, enough to walk object shapes. */
interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}

function defOf(schema: z.ZodType): LooseDef {
  return (schema as unknown as { def: LooseDef }).def;
}

function isPlainMap(v: unknown): v is Record<string, PlainValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = keep;
    }
  }
  return prev[b.length];
}

function suggestion(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  const limit = Math.max(2, Math.floor(key.length / 4));
  return best !== undefined && bestDist <= limit ? ` (did you mean '${best}'?)` : "";
}

/** Reports keys the schema does not know, walking the value alongside the schema's object shapes. */
function findUnknownKeys(
  schema: z.ZodType,
  value: unknown,
  path: PropertyKey[],
  report: (p: PropertyKey[], known: string[]) => void,
): void {
  const def = defOf(schema);
  switch (def.type) {
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
      if (def.innerType) findUnknownKeys(def.innerType, value, path, report);
      return;
    case "pipe":
      if (def.in && def.out) {
        findUnknownKeys(defOf(def.out).type === "transform" ? def.in : def.out, value, path, report);
      }
      return;
    case "object": {
      if (!isPlainMap(value) || !def.shape) return;
      const known = Object.keys(def.shape);
      for (const [k, v] of Object.entries(value)) {
        const child = def.shape[k];
        if (child) findUnknownKeys(child, v, [...path, k], report);
        else report([...path, k], known);
      }
      return;
    }
    case "array":
      if (Array.isArray(value) && def.element) {
        const element = def.element;
        value.forEach((v, i) => {
          findUnknownKeys(element, v, [...path, i], report);
        });
      }
      return;
    default:
      return;
  }
}

const ZOD_TYPE_NAMES: Record<string, string> = {
  object: "a map",
  record: "a map",
  array: "a list",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
};

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    const want = ZOD_TYPE_NAMES[issue.expected] ?? issue.expected;
    return `expected ${want}, found ${describeValue(issue.input)}`;
  }
  return issue.message;
}

/** Checks and types a merged configuration document. */
export function validateDocument(root: ConfigNode): ValidateResult {
  const errors: ConfigError[] = [];
  const warnings: ConfigWarning[] = [];
  if (root.kind !== "map" && root.kind !== "null") {
    errors.push({
      code: "CONFIG_INVALID_VALUE",
      message: `the configuration must be a map of keys, found ${root.kind === "seq" ? "a list" : "a scalar"}`,
      origin: root.origin,
    });
    return { errors, warnings };
  }
  const plain = (root.kind === "map" ? toPlain(root) : {}) as Record<string, PlainValue>;
  const originAt = (p: readonly PropertyKey[]): ConfigOrigin => nodeAt(root, p).node.origin;

  // Removed keys: a warning each, then out of the way.
  for (const [key, note] of Object.entries(REMOVED_KEYS)) {
    const parts = key.split(".");
    let holder: PlainValue = plain;
    for (const p of parts.slice(0, -1)) holder = isPlainMap(holder) ? holder[p] : undefined;
    const last = parts[parts.length - 1];
    if (isPlainMap(holder) && last in holder) {
      warnings.push({
        code: "CONFIG_REMOVED_KEY",
        message: note,
        path: key,
        origin: keyOriginAt(root, parts),
      });
      delete holder[last];
    }
  }

  // The deprecated singular rules_file.
  let renamedRulesFile = false;
  if ("rules_file" in plain) {
    if ("rules_files" in plain) {
      errors.push({
        code: "CONFIG_INVALID",
        message: "both 'rules_files' and 'rules_file' are set; keep 'rules_files'",
        path: "rules_file",
        origin: keyOriginAt(root, ["rules_file"]),
      });
      return { errors, warnings };
    }
    warnings.push({
      code: "CONFIG_DEPRECATED_KEY",
      message: "'rules_file' (singular) is deprecated; use 'rules_files'",
      path: "rules_file",
      origin: keyOriginAt(root, ["rules_file"]),
    });
    plain.rules_files = plain.rules_file;
    delete plain.rules_file;
    renamedRulesFile = true;
  }
  const treePath = (p: readonly PropertyKey[]): PropertyKey[] =>
    renamedRulesFile && p[0] === "rules_files" ? ["rules_file", ...p.slice(1)] : [...p];

  findUnknownKeys(configObjectSchema, plain, [], (p, known) => {
    warnings.push({
      code: "CONFIG_UNKNOWN_KEY",
      message: `unknown key '${String(p[p.length - 1])}'; ignored${suggestion(String(p[p.length - 1]), known)}`,
      path: formatKeyPath(p),
      origin: keyOriginAt(root, p),
    });
  });

  const parsed = configSchema.safeParse(plain, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const p = treePath(issue.path);
      errors.push({
        code: "CONFIG_INVALID_VALUE",
        message: issueMessage(issue),
        path: formatKeyPath(p),
        origin: originAt(p),
      });
    }
    return { errors, warnings };
  }
  const config = parsed.data;
  const invalid = (p: PropertyKey[], message: string) =>
    errors.push({
      code: "CONFIG_INVALID",
      message,
      path: formatKeyPath(treePath(p)),
      origin: originAt(treePath(p)),
    });

  // Falco's load_yaml checks, with its messages.
  if (config.engine.kind === "replay" && config.engine.replay.capture_file === "") {
    invalid(
      ["engine", "replay", "capture_file"],
      "engine.kind is 'replay' but no engine.replay.capture_file specified",
    );
  }
  if (config.file_output.enabled && config.file_output.filename === "") {
    invalid(["file_output", "filename"], "file output enabled but no filename in configuration block");
  }
  if (config.program_output.enabled && config.program_output.program === "") {
    invalid(["program_output", "program"], "program output enabled but no program in configuration block");
  }
  if (config.http_output.enabled && config.http_output.url === "") {
    invalid(["http_output", "url"], "http output enabled but no url in configuration block");
  }

  const seen = new Set<DropAction>();
  config.syscall_event_drops.actions.forEach((act, i) => {
    const action = DROP_ACTIONS.find((a) => a === act);
    if (!action) {
      invalid(
        ["syscall_event_drops", "actions", i],
        `available actions for syscall event drops are "ignore", "log", "alert", and "exit", found ${JSON.stringify(act)}`,
      );
      return;
    }
    if ((action === "log" || action === "alert") && seen.has("ignore")) {
      invalid(
        ["syscall_event_drops", "actions", i],
        `syscall event drop action "${action}" does not make sense with the "ignore" action`,
      );
    }
    seen.add(action);
  });
  const threshold = config.syscall_event_drops.threshold;
  if (!(threshold >= 0 && threshold <= 1)) {
    invalid(
      ["syscall_event_drops", "threshold"],
      `syscall event drops threshold must be a double in the range [0, 1], found ${threshold}`,
    );
  }
  if (config.syscall_event_timeouts.max_consecutives === 0) {
    invalid(
      ["syscall_event_timeouts", "max_consecutives"],
      "the maximum consecutive timeouts without an event must be an unsigned integer > 0",
    );
  }

  if (config.metrics.enabled) {
    const interval = config.metrics.interval;
    if (/^\s*\d+\s*$/.test(interval)) {
      invalid(
        ["metrics", "interval"],
        `metrics interval was passed as numeric value without Prometheus time unit (found "${interval}"); please specify a time unit, such as 30s or 1h`,
      );
    } else {
      const ms = parsePrometheusDuration(interval);
      if (ms === undefined || ms < 100) {
        invalid(
          ["metrics", "interval"],
          `metrics interval must have a minimum value of 100ms and be a Prometheus time duration (such as 1h, 30s, 1m30s), found "${interval}"`,
        );
      }
    }
    if (
      !config.metrics.output_rule &&
      config.metrics.output_file === "" &&
      !config.webserver.prometheus_metrics_enabled
    ) {
      invalid(
        ["metrics", "enabled"],
        "metrics are enabled with no output configured; enable at least one of metrics.output_rule, metrics.output_file or webserver.prometheus_metrics_enabled",
      );
    }
  }

  // Plugins: which entries are in effect (load_plugins picks them by name, in its order).
  const loadPluginsSet = "load_plugins" in plain && plain.load_plugins !== undefined;
  const effective = loadPluginsSet
    ? config.load_plugins.flatMap((name, i) => {
        const found = config.plugins.findIndex((p) => p.name === name);
        if (found < 0) {
          invalid(
            ["load_plugins", i],
            `cannot load plugin '${name}': plugin config not found for given name`,
          );
          return [];
        }
        return [found];
      })
    : config.plugins.map((_, i) => i);
  for (const i of effective) {
    const plugin = config.plugins[i];
    const note = BUILTIN_PLUGIN_NOTES[plugin.name];
    warnings.push({
      code: "CONFIG_NOT_APPLICABLE",
      message: note
        ? `plugin '${plugin.name}' ${note}`
        : `plugin '${plugin.name}' is not supported: Lanner does not load plugin libraries, so its event sources and fields are unavailable`,
      path: `plugins[${i}]`,
      origin: originAt(["plugins", i]),
    });
  }

  config.append_output.forEach((entry, i) => {
    if (entry.match?.rule && entry.match.tags && entry.match.tags.length > 0) {
      warnings.push({
        code: "CONFIG_AMBIGUOUS",
        message: `this entry names both a rule (${entry.match.rule}) and tags (${entry.match.tags.join(", ")}): its output is appended only to that rule, and only if it has all those tags`,
        path: `append_output[${i}]`,
        origin: originAt(["append_output", i]),
      });
    }
  });

  return errors.length > 0 ? { errors, warnings } : { config, errors, warnings };
}
