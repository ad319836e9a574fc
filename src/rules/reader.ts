// Reads rules items from YAML into the collector, with Falco's checks and messages for each key.
import {
  type Collector,
  type CollectorEnv,
  ERROR_OVERRIDE_APPEND,
  type ExceptionEntry,
  type ExceptionInfo,
  emptyEntry,
  type RuleUpdate,
} from "./collector.js";
import { type Context, type ItemType, RuleLoadError } from "./diagnostics.js";
import { type Priority, parsePriority } from "./priority.js";
import { parseVersion, type Version } from "./versions.js";
import { getKey, mapKeys, type Place, parseYamlDocuments, type YMap, type YNode } from "./yaml.js";

const WARNING_APPEND =
  "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_ENABLED =
  "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under " +
  "the 'override' key (i.e. 'enabled: replace').";

const RX_LIST_NAME = /^[^()"'\t\n\v\f\r =,]+$/;
const RX_MACRO_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;

const RULE_APPENDABLE = ["condition", "output", "desc", "tags", "exceptions"];
const RULE_REPLACEABLE = [
  "condition",
  "output",
  "desc",
  "priority",
  "capture",
  "capture_duration",
  "tags",
  "exceptions",
  "enabled",
  "warn_evttypes",
  "skip-if-unknown-filter",
];
const RULE_KEYS = [
  "rule",
  "condition",
  "output",
  "desc",
  "priority",
  "source",
  "enabled",
  "capture",
  "capture_duration",
  "warn_evttypes",
  "skip-if-unknown-filter",
  "tags",
  "exceptions",
  "override",
  "append",
];

function structureError(message: string, ctx: Context): RuleLoadError {
  return new RuleLoadError("LOAD_ERR_YAML_VALIDATE", message, ctx);
}

/** yaml-cpp's boolean words: y/yes/true/on and n/no/false/off, all lower, all upper or capitalised. */
function toBool(text: string): boolean | undefined {
  const flexible =
    text === text.toLowerCase() ||
    text === text.toUpperCase() ||
    (text[0] === text[0].toUpperCase() && text.slice(1) === text.slice(1).toLowerCase());
  if (!flexible) return undefined;
  const lower = text.toLowerCase();
  if (["y", "yes", "true", "on"].includes(lower)) return true;
  if (["n", "no", "false", "off"].includes(lower)) return false;
  return undefined;
}

/** An unsigned 32-bit integer as C++ streams read it (decimal, 0x hex, leading-0 octal). */
function toUint32(text: string): number | undefined {
  const t = text.startsWith("+") ? text.slice(1) : text;
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) n = Number.parseInt(t.slice(2), 16);
  else if (/^0[0-7]*$/.test(t)) n = Number.parseInt(t, 8);
  else if (/^[1-9][0-9]*$/.test(t)) n = Number(t);
  else return undefined;
  return n <= 0xffffffff ? n : undefined;
}

const asString = (text: string): string => text;

interface DecodeOptions {
  optional?: boolean;
  canBeEmpty?: boolean;
}

/** Reads one scalar key of an item with Falco's checks (missing, empty, not a scalar, not decodable). */
function decode<T>(
  item: YMap,
  key: string,
  ctx: Context,
  convert: (text: string) => T | undefined,
  opts: DecodeOptions = {},
): T | undefined {
  const val = getKey(item, key);
  if (val === undefined) {
    if (opts.optional) return undefined;
    throw structureError(`Item has no mapping for key '${key}'`, ctx);
  }
  if (val.kind === "null") {
    if (opts.canBeEmpty) return undefined;
    throw structureError(`Mapping for key '${key}' is empty`, ctx);
  }
  const valCtx = ctx.at(val, "value for", key);
  if (val.kind !== "scalar") throw structureError("Value is not a scalar value", valCtx);
  if (val.value === "") {
    if (opts.canBeEmpty) return undefined;
    throw structureError("Value must be non-empty", valCtx);
  }
  const out = convert(val.value);
  if (out === undefined) throw structureError("Can't decode YAML scalar value", valCtx);
  return out;
}

function required<T>(item: YMap, key: string, ctx: Context, convert: (text: string) => T | undefined): T {
  return decode(item, key, ctx, convert) as T;
}

/** Reads a sequence of scalars (`items`, `tags`). */
function decodeSequence(item: YMap, key: string, ctx: Context, optional: boolean): string[] | undefined {
  const val = getKey(item, key);
  if (val === undefined) {
    if (optional) return undefined;
    throw structureError(`Item has no mapping for key '${key}'`, ctx);
  }
  const valCtx = ctx.at(val, "value for", key);
  if (val.kind !== "seq") throw structureError("Value is not a sequence", valCtx);
  return val.items.map((v) => {
    if (v.kind !== "scalar") throw structureError("sequence value is not scalar", valCtx.at(v, "list item"));
    return v.value;
  });
}

function nodeOf(item: YMap, key: string): Place {
  return getKey(item, key) ?? item;
}

/** Reads rules content into the collector. Returns false (after reporting the error) on the first error. */
export function readRulesContent(
  content: string,
  root: Context,
  collector: Collector,
  env: CollectorEnv,
  onError: (e: RuleLoadError) => void,
): boolean {
  const parsed = parseYamlDocuments(content);
  if ("error" in parsed) {
    onError(
      new RuleLoadError("LOAD_ERR_YAML_PARSE", parsed.error.message, root.at(parsed.error, "value for")),
    );
    return false;
  }
  const reader = new ItemReader(collector, env);
  for (const doc of parsed.docs) {
    if (doc.kind === "null") continue;
    try {
      if (doc.kind !== "map" && doc.kind !== "seq") throw structureError("Rules content is not yaml", root);
      if (doc.kind !== "seq") throw structureError("Rules content is not yaml array of objects", root);
      for (const item of doc.items) if (item.kind !== "null") reader.read(item, root);
    } catch (e) {
      if (e instanceof RuleLoadError) onError(e);
      else onError(new RuleLoadError("LOAD_ERR_VALIDATE", e instanceof Error ? e.message : String(e), root));
      // Like Falco, stop at the first error of a content, even if later documents are fine.
      return false;
    }
  }
  return true;
}

class ItemReader {
  constructor(
    private readonly collector: Collector,
    private readonly env: CollectorEnv,
  ) {}

  read(item: YNode, parent: Context): void {
    if (item.kind !== "map") {
      throw structureError(
        "Unexpected element type. Each element should be a yaml associative array.",
        parent.at(item, "rules content item"),
      );
    }
    if (getKey(item, "required_engine_version") !== undefined) this.readEngineVersion(item, parent);
    else if (getKey(item, "required_plugin_versions") !== undefined) this.readPluginVersions(item, parent);
    else if (getKey(item, "list") !== undefined) this.readList(item, parent);
    else if (getKey(item, "macro") !== undefined) this.readMacro(item, parent);
    else if (getKey(item, "rule") !== undefined) this.readRule(item, parent);
    else this.env.warn(parent.at(item, "rules content item"), "LOAD_UNKNOWN_ITEM", "Unknown top level item");
  }

  private warnUnknownKeys(item: YMap, expected: readonly string[], ctx: Context): void {
    for (const key of mapKeys(item)) {
      if (!expected.includes(key)) {
        this.env.warn(ctx, "LOAD_UNKNOWN_KEY", `Unknown key '${key}'. The key will be ignored.`);
      }
    }
  }

  private readEngineVersion(item: YMap, parent: Context): void {
    const key = "required_engine_version";
    const ctx = parent.at(item, "required_engine_version");
    let version: Version | undefined;
    try {
      version = { major: 0, minor: required(item, key, ctx, toUint32), patch: 0 };
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      const text = required(item, key, ctx, asString);
      version = parseVersion(text);
      if (!version) {
        throw structureError(
          `Unable to parse engine version '${text}' as a semver string. Expected "x.y.z" semver format.`,
          ctx,
        );
      }
    }
    this.collector.defineEngineVersion(version, ctx);
    this.warnUnknownKeys(item, [key], ctx);
  }

  private readPluginVersions(item: YMap, parent: Context): void {
    const node = getKey(item, "required_plugin_versions") as YNode;
    const ctx = parent.at(node, "required plugin versions");
    if (node.kind !== "seq")
      throw structureError("Value of required_plugin_versions must be a sequence", ctx);
    for (const plugin of node.items) {
      const tmp = ctx.at(plugin, "required plugin versions entry");
      if (plugin.kind !== "map") throw structureError("Plugin version must be a mapping", tmp);
      const name = required(plugin, "name", tmp, asString);
      const pctx = ctx.at(plugin, "required plugin versions entry", name);
      const alternatives = [{ name, version: required(plugin, "version", pctx, asString) }];
      const alts = getKey(plugin, "alternatives");
      if (alts !== undefined) {
        if (alts.kind !== "seq")
          throw structureError("Value of plugin version alternatives must be a sequence", pctx);
        for (const alt of alts.items) {
          const atmp = pctx.at(alt, "required plugin versions alternative");
          if (alt.kind !== "map") throw structureError("Plugin version alternative must be a mapping", atmp);
          const altName = required(alt, "name", atmp, asString);
          const actx = pctx.at(alt, "required plugin versions alternative", altName);
          alternatives.push({ name: altName, version: required(alt, "version", actx, asString) });
        }
      }
      this.collector.definePluginRequirement({ ctx: pctx, alternatives });
    }
    this.warnUnknownKeys(item, ["required_plugin_versions"], parent.at(item, "required plugin versions"));
  }

  /** Reads `override: {key: append|replace}`, checking each key against what may be appended or replaced. */
  private readOverrides(
    item: YMap,
    appendable: readonly string[],
    replaceable: readonly string[],
    ctx: Context,
  ): { append: Set<string>; replace: Set<string> } {
    const out = { append: new Set<string>(), replace: new Set<string>() };
    const val = getKey(item, "override");
    if (val === undefined || val.kind === "null") return out;
    const overrideCtx = ctx.at(item, "overrides");
    if (val.kind !== "map")
      throw structureError(
        "Value of override must be a mapping",
        overrideCtx.at(val, "value for", "override"),
      );
    for (const { key: keyNode, value } of val.entries) {
      const key = keyNode.kind === "scalar" ? keyNode.value : "";
      const operation = value.kind === "scalar" ? value.value : "";
      const keyCtx = overrideCtx.at(keyNode, "overrides", key);
      if (operation === "append") {
        if (!appendable.includes(key)) {
          throw structureError(`Key '${key}' cannot be appended to, use 'replace' instead`, keyCtx);
        }
        out.append.add(key);
      } else if (operation === "replace") {
        if (!replaceable.includes(key)) throw structureError(`Key '${key}' cannot be replaced`, keyCtx);
        out.replace.add(key);
      } else {
        const allowed = `${appendable.includes(key) ? "append " : ""}${replaceable.includes(key) ? "replace " : ""}`;
        throw structureError(
          `Invalid override operation for key '${key}': '${operation}'. Allowed values are: ${allowed}`,
          overrideCtx.at(value, "value for", key),
        );
      }
    }
    return out;
  }

  private readAppendFlag(item: YMap, ctx: Context): boolean {
    const append = decode(item, "append", ctx, toBool, { optional: true }) ?? false;
    if (append) this.env.warn(ctx, "LOAD_DEPRECATED_ITEM", WARNING_APPEND);
    return append;
  }

  private readList(item: YMap, parent: Context): void {
    const name = required(item, "list", parent.at(item, "list"), asString);
    const ctx = parent.at(item, "list", name);
    if (!RX_LIST_NAME.test(name)) {
      this.env.warn(
        ctx,
        "LOAD_INVALID_LIST_NAME",
        "List has an invalid name. List names should match a regular expression: ([^()\"'[:space:]=,]+)",
      );
    }
    const items = decodeSequence(item, "items", ctx, false) as string[];
    let append = this.readAppendFlag(item, ctx);
    const overrides = this.readOverrides(item, ["items"], ["items"], ctx);
    if (append && overrides.append.size + overrides.replace.size > 0)
      throw structureError(ERROR_OVERRIDE_APPEND, ctx);
    append ||= overrides.append.has("items");
    if (append) this.collector.appendList({ ctx, name, items });
    else this.collector.defineList({ ctx, name, items });
    this.warnUnknownKeys(item, ["list", "items", "append", "override"], ctx);
  }

  private readMacro(item: YMap, parent: Context): void {
    const name = required(item, "macro", parent.at(item, "macro"), asString);
    const ctx = parent.at(item, "macro", name);
    if (!RX_MACRO_NAME.test(name)) {
      this.env.warn(
        ctx,
        "LOAD_INVALID_MACRO_NAME",
        "Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)",
      );
    }
    const cond = required(item, "condition", ctx, asString);
    const condCtx = ctx.at(nodeOf(item, "condition"), "macro condition");
    let append = this.readAppendFlag(item, ctx);
    const overrides = this.readOverrides(item, ["condition"], ["condition"], ctx);
    if (append && overrides.append.size + overrides.replace.size > 0)
      throw structureError(ERROR_OVERRIDE_APPEND, ctx);
    append ||= overrides.append.has("condition");
    if (append) this.collector.appendMacro({ ctx, condCtx, name, cond });
    else this.collector.defineMacro({ ctx, condCtx, name, cond });
    this.warnUnknownKeys(item, ["macro", "condition", "append", "override"], ctx);
  }

  private readPriority(item: YMap, ctx: Context): Priority {
    const text = required(item, "priority", ctx, asString);
    const priority = parsePriority(text);
    if (priority === undefined)
      throw structureError("Invalid priority", ctx.at(nodeOf(item, "priority"), "rule priority"));
    return priority;
  }

  private readRule(item: YMap, parent: Context): void {
    const name = required(item, "rule", parent.at(item, "rule"), asString);
    const ctx = parent.at(item, "rule", name);
    const source = decode(item, "source", ctx, asString, { optional: true, canBeEmpty: true }) ?? "";
    const hasAppendFlag = this.readAppendFlag(item, ctx);
    const overrides = this.readOverrides(item, RULE_APPENDABLE, RULE_REPLACEABLE, ctx);
    const hasOverrides = overrides.append.size + overrides.replace.size > 0;
    if (hasAppendFlag && hasOverrides) throw structureError(ERROR_OVERRIDE_APPEND, ctx);

    if (hasOverrides) {
      this.readRuleOverrides(item, ctx, name, source, overrides);
    } else if (hasAppendFlag) {
      const update: RuleUpdate = { ctx, name, source };
      if (getKey(item, "condition") !== undefined) update.cond = required(item, "condition", ctx, asString);
      if (getKey(item, "exceptions") !== undefined) update.exceptions = this.readExceptions(item, ctx, true);
      this.collector.appendRule(this.env, update);
    } else if (["condition", "output", "desc", "priority"].every((k) => getKey(item, k) === undefined)) {
      const enabled = required(item, "enabled", ctx, toBool);
      this.env.warn(ctx, "LOAD_DEPRECATED_ITEM", WARNING_ENABLED);
      this.collector.enableRule(name, enabled, ctx);
    } else {
      const cond = required(item, "condition", ctx, asString);
      const condCtx = ctx.at(nodeOf(item, "condition"), "rule condition");
      const output = required(item, "output", ctx, asString).trim();
      const outputCtx = ctx.at(nodeOf(item, "output"), "rule output");
      const desc = required(item, "desc", ctx, asString);
      const priority = this.readPriority(item, ctx);
      const opt = { optional: true };
      this.collector.defineRule(this.env, {
        ctx,
        condCtx,
        outputCtx,
        name,
        cond,
        output,
        desc,
        priority,
        source: decode(item, "source", ctx, asString, opt) ?? "syscall",
        enabled: decode(item, "enabled", ctx, toBool, opt) ?? true,
        capture: decode(item, "capture", ctx, toBool, opt) ?? false,
        captureDuration: decode(item, "capture_duration", ctx, toUint32, opt) ?? 0,
        warnEvttypes: decode(item, "warn_evttypes", ctx, toBool, opt) ?? true,
        skipIfUnknownFilter: decode(item, "skip-if-unknown-filter", ctx, toBool, opt) ?? false,
        tags: new Set(decodeSequence(item, "tags", ctx, true) ?? []),
        exceptions: this.readExceptions(item, ctx, false),
      });
    }
    this.warnUnknownKeys(item, RULE_KEYS, ctx);
  }

  /** `override:` on a rule: every overridable key present must be listed, and every listed key present. */
  private readRuleOverrides(
    item: YMap,
    ctx: Context,
    name: string,
    source: string,
    overrides: { append: Set<string>; replace: Set<string> },
  ): void {
    const expected = new Set(
      [...RULE_APPENDABLE, ...RULE_REPLACEABLE].filter((k) => getKey(item, k) !== undefined),
    );
    const wants = (kind: "append" | "replace", key: string): boolean => {
      if (!overrides[kind].has(key)) return false;
      if (!expected.has(key)) {
        throw structureError(
          `An ${kind} override for '${key}' was specified but '${key}' is not defined`,
          ctx,
        );
      }
      expected.delete(key);
      return true;
    };
    if (overrides.append.size > 0) {
      const update: RuleUpdate = { ctx, name, source: "" };
      if (wants("append", "condition")) {
        update.source = source;
        update.cond = required(item, "condition", ctx, asString);
      }
      if (wants("append", "exceptions")) update.exceptions = this.readExceptions(item, ctx, true);
      if (wants("append", "output")) update.output = required(item, "output", ctx, asString);
      if (wants("append", "desc")) update.desc = required(item, "desc", ctx, asString);
      if (wants("append", "tags")) update.tags = new Set(decodeSequence(item, "tags", ctx, true));
      this.collector.appendRule(this.env, update);
    }
    if (overrides.replace.size > 0) {
      const update: RuleUpdate = { ctx, name, source: "" };
      if (wants("replace", "condition")) {
        update.source = source;
        update.cond = required(item, "condition", ctx, asString);
      }
      if (wants("replace", "exceptions")) update.exceptions = this.readExceptions(item, ctx, false);
      if (wants("replace", "output")) update.output = required(item, "output", ctx, asString);
      if (wants("replace", "desc")) update.desc = required(item, "desc", ctx, asString);
      if (wants("replace", "tags")) update.tags = new Set(decodeSequence(item, "tags", ctx, true));
      if (wants("replace", "priority")) update.priority = this.readPriority(item, ctx);
      if (wants("replace", "capture")) update.capture = required(item, "capture", ctx, toBool);
      if (wants("replace", "capture_duration")) {
        update.captureDuration = required(item, "capture_duration", ctx, toUint32);
      }
      if (wants("replace", "enabled")) update.enabled = required(item, "enabled", ctx, toBool);
      if (wants("replace", "warn_evttypes"))
        update.warnEvttypes = required(item, "warn_evttypes", ctx, toBool);
      if (wants("replace", "skip-if-unknown-filter")) {
        update.skipIfUnknownFilter = required(item, "skip-if-unknown-filter", ctx, toBool);
      }
      this.collector.replaceRule(this.env, update);
    }
    const missing = [...expected].sort()[0];
    if (missing !== undefined) {
      throw structureError(
        `Unexpected key '${missing}': no corresponding entry under 'override' is defined.`,
        ctx.at(nodeOf(item, missing), "overrides", missing),
      );
    }
  }

  private readExceptions(item: YMap, parent: Context, append: boolean): ExceptionInfo[] {
    const exs = getKey(item, "exceptions");
    const out: ExceptionInfo[] = [];
    if (exs === undefined || exs.kind === "null") return out;
    const exsCtx = parent.at(exs, "exceptions");
    if (exs.kind !== "seq") throw structureError("Rule exceptions must be a sequence", exsCtx);
    for (const ex of exs.items) {
      const tmp = exsCtx.at(ex, "exception");
      if (ex.kind !== "map") throw structureError("Rule exception must be a mapping", tmp);
      const name = required(ex, "name", tmp, asString);
      const ctx = parent.at(ex, "exception", name);
      if (out.some((e) => e.name === name)) {
        this.env.warn(
          ctx,
          "LOAD_EXCEPTION_NAME_NOT_UNIQUE",
          `Multiple definitions of exception '${name}' in the same rule`,
        );
      }
      const info: ExceptionInfo = {
        ctx,
        name,
        fields: decodeEntry(getKey(ex, "fields"), "fields", ctx, append),
        comps: decodeEntry(getKey(ex, "comps"), "comps", ctx, true),
        values: [],
      };
      const values = getKey(ex, "values");
      if (values !== undefined) {
        const valuesCtx = ctx.at(values, "exception values");
        if (values.kind !== "seq")
          throw structureError("Rule exception values must be a sequence", valuesCtx);
        for (const v of values.items) {
          info.values.push(decodeEntry(v, "", valuesCtx.at(v, "exception value"), false));
        }
      } else if (append) {
        this.env.warn(ctx, "LOAD_APPEND_NO_VALUES", "Overriding/appending exception with no values");
      }
      out.push(info);
    }
    return out;
  }
}

/** Reads an exception's fields, comps or value: a non-empty scalar, or a list of them (nested). */
function decodeEntry(val: YNode | undefined, key: string, ctx: Context, optional: boolean): ExceptionEntry {
  if (val === undefined) {
    if (optional) return emptyEntry();
    throw structureError(`Item has no mapping for key '${key}'`, ctx);
  }
  const valCtx = ctx.at(val, "value for", key);
  if (val.kind === "scalar") {
    if (val.value === "") throw structureError("Value must be non-empty", valCtx);
    return { isList: false, item: val.value, items: [] };
  }
  if (val.kind === "seq") {
    const type: ItemType = "exception";
    return {
      isList: true,
      item: "",
      items: val.items.map((v) => decodeEntry(v, "", valCtx.at(v, type), false)),
    };
  }
  return emptyEntry();
}
