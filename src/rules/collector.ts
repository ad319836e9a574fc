// What the reader collects from rules files before compiling: lists, macros and rules in definition
// order, with Falco's define / append / replace / enable semantics and visibility indices.
import { type Context, RuleLoadError, type WarningCode } from "./diagnostics.js";
import type { Priority } from "./priority.js";
import {
  compareVersions,
  ENGINE_VERSION,
  formatVersion,
  isCompatible,
  type PluginInfo,
  parseVersion,
  type Version,
} from "./versions.js";

/**
 * An exception's `fields`, `comps` or one of its `values`: a scalar or a (nested) list. Falco keeps
 * this dynamic shape; an entry is "valid" when it is a non-empty list or a non-empty scalar.
 */
export interface ExceptionEntry {
  isList: boolean;
  item: string;
  items: ExceptionEntry[];
}

/** Falco's validity test: a non-empty list or a non-empty scalar. */
export function isValidEntry(e: ExceptionEntry): boolean {
  return e.isList ? e.items.length > 0 : e.item !== "";
}

/** An absent entry (not valid). */
export function emptyEntry(): ExceptionEntry {
  return { isList: false, item: "", items: [] };
}

export interface ExceptionInfo {
  ctx: Context;
  name: string;
  fields: ExceptionEntry;
  comps: ExceptionEntry;
  values: ExceptionEntry[];
}

export interface ListInfo {
  ctx: Context;
  /** Position in definition order (kept when the list is redefined). */
  index: number;
  /** Index of the last definition or append: which lists this one may refer to. */
  visibility: number;
  name: string;
  items: string[];
}

export interface MacroInfo {
  ctx: Context;
  condCtx: Context;
  index: number;
  visibility: number;
  name: string;
  cond: string;
}

export interface RuleInfo {
  ctx: Context;
  condCtx: Context;
  outputCtx: Context;
  index: number;
  visibility: number;
  unknownSource: boolean;
  name: string;
  cond: string;
  source: string;
  desc: string;
  output: string;
  tags: Set<string>;
  exceptions: ExceptionInfo[];
  priority: Priority;
  capture: boolean;
  captureDuration: number;
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
}

/** An append to or a replace of some keys of an existing rule. */
export interface RuleUpdate {
  ctx: Context;
  name: string;
  /** The `source` written in the update ("" when absent). */
  source: string;
  cond?: string;
  output?: string;
  desc?: string;
  tags?: Set<string>;
  exceptions?: ExceptionInfo[];
  priority?: Priority;
  capture?: boolean;
  captureDuration?: number;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
}

function hasAnyValue(u: RuleUpdate): boolean {
  return (
    u.cond !== undefined ||
    u.output !== undefined ||
    u.desc !== undefined ||
    u.tags !== undefined ||
    u.exceptions !== undefined ||
    u.priority !== undefined ||
    u.capture !== undefined ||
    u.captureDuration !== undefined ||
    u.enabled !== undefined ||
    u.warnEvttypes !== undefined ||
    u.skipIfUnknownFilter !== undefined
  );
}

export interface PluginRequirementInfo {
  ctx: Context;
  /** The required plugin first, then its alternatives. */
  alternatives: PluginInfo[];
}

/** What the collector needs from its surroundings: event sources and a place for warnings. */
export interface CollectorEnv {
  hasSource(source: string): boolean;
  /** Whether `field` (possibly wrapped in transformers) can stand left of an operator in `source`. */
  isValidLhsField(source: string, field: string): boolean;
  warn(ctx: Context, code: WarningCode, message: string): void;
}

/** Items in definition order, looked up by name. */
export class Indexed<T extends { name: string }> {
  readonly items: T[] = [];
  private readonly byName = new Map<string, T>();

  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  /** Adds a new item, or replaces the one with the same name in place. */
  set(item: T): void {
    const prev = this.byName.get(item.name);
    if (prev) this.items[this.items.indexOf(prev)] = item;
    else this.items.push(item);
    this.byName.set(item.name, item);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }
}

const LIST_OPERATORS = new Set(["in", "intersects", "pmatch"]);
const OPERATORS = new Set([
  "exists",
  "<=",
  "<",
  ">=",
  ">",
  "==",
  "=",
  "!=",
  "glob",
  "iglob",
  "contains",
  "icontains",
  "bcontains",
  "startswith",
  "bstartswith",
  "endswith",
  "regex",
  ...LIST_OPERATORS,
]);
const MODIFIABLE_OPERATORS = new Set([
  "=",
  "==",
  "!=",
  "contains",
  "icontains",
  "bcontains",
  "startswith",
  "bstartswith",
  "endswith",
  "glob",
  "iglob",
  "regex",
]);

/** `startswith oneof`, `contains allof`…: a string operator and a list modifier, one space apart. */
export function isOperatorWithModifier(op: string): boolean {
  const space = op.indexOf(" ");
  if (space < 0) return false;
  const mod = op.slice(space + 1);
  return (
    MODIFIABLE_OPERATORS.has(op.slice(0, space)) && (mod === "oneof" || mod === "anyof" || mod === "allof")
  );
}

/** Operators whose right-hand side is a parenthesised list. */
export function isListOperator(op: string): boolean {
  return LIST_OPERATORS.has(op) || isOperatorWithModifier(op);
}

function validationError(message: string, ctx: Context): RuleLoadError {
  return new RuleLoadError("LOAD_ERR_VALIDATE", message, ctx);
}

/** Checks an exception's fields and comps (filling in default comps), as Falco does when collecting. */
function validateException(env: CollectorEnv, source: string | undefined, ex: ExceptionInfo): void {
  if (ex.fields.isList) {
    if (!isValidEntry(ex.comps)) {
      ex.comps = {
        isList: true,
        item: "",
        items: ex.fields.items.map(() => ({ ...emptyEntry(), item: "=" })),
      };
    }
    if (ex.fields.items.length !== ex.comps.items.length) {
      throw validationError("Fields and comps lists must have equal length", ex.ctx);
    }
    for (const c of ex.comps.items) {
      c.item = c.item.trim();
      if (!OPERATORS.has(c.item) && !isOperatorWithModifier(c.item)) {
        throw validationError(`'${c.item}' is not a supported comparison operator`, ex.ctx);
      }
    }
    if (source !== undefined) {
      for (const f of ex.fields.items) {
        if (!env.isValidLhsField(source, f.item)) {
          throw validationError(`'${f.item}' is not a supported filter field`, ex.ctx);
        }
      }
    }
  } else {
    if (!isValidEntry(ex.comps)) ex.comps = { ...emptyEntry(), item: "in" };
    if (ex.comps.isList) throw validationError("Fields and comps must both be strings", ex.ctx);
    ex.comps.item = ex.comps.item.trim();
    if (!LIST_OPERATORS.has(ex.comps.item) && !isOperatorWithModifier(ex.comps.item)) {
      throw validationError(
        "When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)",
        ex.ctx,
      );
    }
    if (source !== undefined && !env.isValidLhsField(source, ex.fields.item)) {
      throw validationError(`'${ex.fields.item}' is not a supported filter field`, ex.ctx);
    }
  }
}

/** Falco's messages for updates of items that do not exist. */
export const ERROR_OVERRIDE_APPEND =
  "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const ERROR_NO_PREVIOUS_MACRO =
  "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists";
const ERROR_NO_PREVIOUS_LIST =
  "List uses 'append' or 'override.items: append' but no list by that name already exists";
const ERROR_NO_PREVIOUS_RULE_APPEND =
  "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists";
const ERROR_NO_PREVIOUS_RULE_REPLACE =
  "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists";

/** Everything read so far, across files. */
export class Collector {
  readonly lists = new Indexed<ListInfo>();
  readonly macros = new Indexed<MacroInfo>();
  readonly rules = new Indexed<RuleInfo>();
  readonly pluginRequirements: PluginRequirementInfo[] = [];
  requiredEngineVersion: Version = { major: 0, minor: 0, patch: 0 };
  /** Shared counter of list, macro and rule definitions and updates. */
  private nextIndex = 0;

  defineEngineVersion(version: Version, ctx: Context): void {
    if (!isCompatible(ENGINE_VERSION, version)) {
      throw validationError(
        `Rules require engine version ${formatVersion(version)}, but engine version is ${formatVersion(ENGINE_VERSION)}`,
        ctx,
      );
    }
    if (compareVersions(version, this.requiredEngineVersion) > 0) this.requiredEngineVersion = version;
  }

  definePluginRequirement(req: PluginRequirementInfo): void {
    const seen = new Set<string>();
    for (const alt of req.alternatives) {
      if (!parseVersion(alt.version)) {
        throw validationError(`Invalid required version '${alt.version}' for plugin '${alt.name}'`, req.ctx);
      }
      if (seen.has(alt.name)) {
        throw validationError(
          `Defined multiple alternative version requirements for plugin '${alt.name}'`,
          req.ctx,
        );
      }
      seen.add(alt.name);
    }
    this.pluginRequirements.push(req);
  }

  defineList(info: Omit<ListInfo, "index" | "visibility">): void {
    this.define(this.lists, info);
  }

  appendList(info: Omit<ListInfo, "index" | "visibility">): void {
    const prev = this.lists.get(info.name);
    if (!prev) throw validationError(ERROR_NO_PREVIOUS_LIST, info.ctx);
    prev.items.push(...info.items);
    prev.visibility = this.nextIndex++;
  }

  defineMacro(info: Omit<MacroInfo, "index" | "visibility">): void {
    this.define(this.macros, info);
  }

  appendMacro(info: Omit<MacroInfo, "index" | "visibility">): void {
    const prev = this.macros.get(info.name);
    if (!prev) throw validationError(ERROR_NO_PREVIOUS_MACRO, info.ctx);
    prev.cond += ` ${info.cond}`;
    prev.visibility = this.nextIndex++;
  }

  defineRule(env: CollectorEnv, info: Omit<RuleInfo, "index" | "visibility" | "unknownSource">): void {
    this.findPreviousRule(info.name, info.source, info.ctx);
    const known = env.hasSource(info.source);
    if (!known) env.warn(info.ctx, "LOAD_UNKNOWN_SOURCE", `Unknown source ${info.source}, skipping`);
    for (const ex of info.exceptions) {
      if (!isValidEntry(ex.fields)) {
        throw validationError("Rule exception item must have fields property with a list of fields", ex.ctx);
      }
      validateException(env, known ? info.source : undefined, ex);
    }
    this.define(this.rules, { ...info, unknownSource: !known });
  }

  appendRule(env: CollectorEnv, update: RuleUpdate): void {
    const prev = this.findPreviousRule(update.name, update.source, update.ctx);
    if (!prev) throw validationError(ERROR_NO_PREVIOUS_RULE_APPEND, update.ctx);
    if (!hasAnyValue(update)) {
      throw validationError("Appended rule must have exceptions or condition property", update.ctx);
    }
    const source = this.sourceOf(env, prev, update.ctx);
    if (update.cond) prev.cond += ` ${update.cond}`;
    if (update.output) prev.output += ` ${update.output}`;
    if (update.desc) prev.desc += ` ${update.desc}`;
    if (update.tags) for (const t of update.tags) prev.tags.add(t);
    for (const ex of update.exceptions ?? []) {
      const existing = prev.exceptions.find((e) => e.name === ex.name);
      if (!existing) {
        if (!isValidEntry(ex.fields)) {
          throw validationError("Rule exception must have fields property with a list of fields", ex.ctx);
        }
        if (ex.values.length === 0) {
          throw validationError("Rule exception must have values property with a list of values", ex.ctx);
        }
        validateException(env, source, ex);
        prev.exceptions.push(ex);
      } else {
        if (isValidEntry(ex.fields)) {
          throw validationError("Can not append exception fields to existing exception, only values", ex.ctx);
        }
        if (isValidEntry(ex.comps)) {
          throw validationError("Can not append exception comps to existing exception, only values", ex.ctx);
        }
        existing.values.push(...ex.values);
      }
    }
    prev.visibility = this.nextIndex++;
  }

  replaceRule(env: CollectorEnv, update: RuleUpdate): void {
    const prev = this.findPreviousRule(update.name, update.source, update.ctx);
    if (!prev) throw validationError(ERROR_NO_PREVIOUS_RULE_REPLACE, update.ctx);
    if (!hasAnyValue(update)) {
      throw validationError("The rule must have at least one field that can be replaced", update.ctx);
    }
    const source = this.sourceOf(env, prev, update.ctx);
    // Falco does not check replaced exceptions and then builds garbage from them; check them as new ones.
    for (const ex of update.exceptions ?? []) {
      if (!isValidEntry(ex.fields)) {
        throw validationError("Rule exception item must have fields property with a list of fields", ex.ctx);
      }
      validateException(env, source, ex);
    }
    if (update.cond !== undefined) prev.cond = update.cond;
    if (update.output !== undefined) prev.output = update.output;
    if (update.desc !== undefined) prev.desc = update.desc;
    if (update.tags !== undefined) prev.tags = update.tags;
    if (update.exceptions !== undefined) prev.exceptions = update.exceptions;
    if (update.priority !== undefined) prev.priority = update.priority;
    if (update.capture !== undefined) prev.capture = update.capture;
    if (update.captureDuration !== undefined) prev.captureDuration = update.captureDuration;
    if (update.enabled !== undefined) prev.enabled = update.enabled;
    if (update.warnEvttypes !== undefined) prev.warnEvttypes = update.warnEvttypes;
    if (update.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = update.skipIfUnknownFilter;
    prev.visibility = this.nextIndex++;
  }

  /** The legacy `- rule: x` + `enabled: b` toggle. */
  enableRule(name: string, enabled: boolean, ctx: Context): void {
    const prev = this.rules.get(name);
    if (!prev) throw validationError("Rule has 'enabled' key but no rule by that name already exists", ctx);
    prev.enabled = enabled;
  }

  private define<T extends { name: string; index: number; visibility: number }>(
    into: Indexed<T>,
    info: Omit<T, "index" | "visibility">,
  ): void {
    const id = this.nextIndex++;
    const prev = into.get(info.name);
    into.set({ ...info, index: prev ? prev.index : id, visibility: id } as T);
  }

  private findPreviousRule(name: string, source: string, ctx: Context): RuleInfo | undefined {
    const prev = this.rules.get(name);
    if (prev && prev.source !== "" && source !== "" && prev.source !== source) {
      throw validationError("Rule has been re-defined with a different source", ctx);
    }
    return prev;
  }

  private sourceOf(env: CollectorEnv, prev: RuleInfo, ctx: Context): string | undefined {
    if (prev.unknownSource) return undefined;
    if (!env.hasSource(prev.source)) throw validationError(`Unknown source ${prev.source}`, ctx);
    return prev.source;
  }
}
