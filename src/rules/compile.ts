// Turns what the collector gathered into lists, macros and compiled rules: list inlining, textual list
// substitution, macro expansion with Falco's visibility, exceptions, output and condition compilation.
import { FieldRegistry } from "../fields/registry.js";
import type { EventSchema } from "../fields/types.js";
import {
  type CompiledFilter,
  compileFilter,
  compileOutputTemplate,
  type Expr,
  FieldCache,
  FilterCompileError,
  FilterSyntaxError,
  MacroError,
  type OutputTemplate,
  OutputTemplateError,
  parseCondition,
  resolveMacros,
} from "../filter/index.js";
import type { Collector, ListInfo, MacroInfo, RuleInfo } from "./collector.js";
import {
  compilerWarnings,
  DEPRECATED_FIELD_NOTES,
  DEPRECATED_FIELDS,
  resolverWarnings,
} from "./condition-warnings.js";
import { type Context, RuleLoadError, type WarningCode } from "./diagnostics.js";
import { applyExceptions, type RuleException, toRuleException } from "./exceptions.js";
import { substituteLists } from "./lists.js";
import type { Priority } from "./priority.js";

/** A place in a rules file, 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface LoadedList {
  name: string;
  /** Items after inlining the lists named in them. */
  items: string[];
  used: boolean;
  position: SourcePosition;
}

export interface LoadedMacro {
  name: string;
  /** The condition text after appends. */
  condition: string;
  /** The parsed condition (lists substituted, macros not expanded). */
  expr: Expr;
  /** The condition with every macro expanded. */
  resolved: Expr;
  used: boolean;
  position: SourcePosition;
}

/** A rule ready to run, generic over the event type of its source. */
export interface LoadedRule {
  name: string;
  desc: string;
  /** The condition after appends, with exceptions added (before list substitution). */
  condition: string;
  /** The condition with lists substituted and macros expanded. */
  expr: Expr;
  filter: CompiledFilter<unknown>;
  output: string;
  outputTemplate: OutputTemplate<unknown>;
  priority: Priority;
  source: string;
  enabled: boolean;
  /** Sorted and without duplicates, as Falco keeps them. */
  tags: string[];
  exceptions: RuleException[];
  /** Fields the exceptions compare. */
  exceptionFields: string[];
  /** Event types the rule can match; undefined means every type. */
  evttypes: ReadonlySet<string> | undefined;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  capture: boolean;
  captureDuration: number;
  position: SourcePosition;
}

export interface CompileOutput {
  lists: LoadedList[];
  macros: LoadedMacro[];
  rules: LoadedRule[];
}

/** Where compile-time warnings go. */
export type WarningSink = (
  ctx: Context,
  code: WarningCode,
  message: string,
  extra?: { deprecatedField?: string },
) => void;

const CONTAINER_INFO = "%container.info";
const SYSCALL_SOURCE = "syscall";
/** More event types than this counts as "no restriction" (Falco's threshold). */
const MAX_EVTTYPES = 100;

function positionOf(ctx: Context): SourcePosition {
  return ctx.filePlace();
}

/** Falco skips a rule with skip-if-unknown-filter only for these errors. */
function isUnknownFieldOrType(message: string): boolean {
  return (
    message.includes("nonexistent field") ||
    message.includes("invalid formatting token") ||
    message.includes("unknown event type") ||
    message.includes("unknown filter:")
  );
}

function findMacroRef(expr: Expr, name: string): Expr | undefined {
  switch (expr.kind) {
    case "macro":
      return expr.name === name ? expr : undefined;
    case "and":
    case "or":
      for (const c of expr.children) {
        const found = findMacroRef(c, name);
        if (found) return found;
      }
      return undefined;
    case "not":
      return findMacroRef(expr.child, name);
    default:
      return undefined;
  }
}

interface CompiledList {
  info: ListInfo;
  items: string[];
  used: boolean;
}

/** A condition parsed after list substitution, with the text the tree's offsets refer to. */
interface ParsedCondition {
  expr: Expr;
  text: string;
}

interface ParsedMacro {
  info: MacroInfo;
  parsed: ParsedCondition;
  expr: Expr;
  resolved: Expr;
  used: boolean;
}

/** Compiles everything collected so far. Throws RuleLoadError on the first error, like Falco. */
export function compileCollected(
  collector: Collector,
  schemas: ReadonlyMap<string, EventSchema<unknown>>,
  warn: WarningSink,
): CompileOutput {
  const lists = compileLists(collector);
  const macros = new Map<string, ParsedMacro>();
  const markListUsed = (name: string) => {
    const l = lists.get(name);
    if (l) l.used = true;
  };
  const listValues = [...lists.values()].map((l) => ({ name: l.info.name, items: l.items }));

  const parse = (condition: string, ctx: Context): ParsedCondition => {
    const text = substituteLists(condition, listValues, markListUsed);
    try {
      return { expr: parseCondition(text), text };
    } catch (e) {
      if (e instanceof FilterSyntaxError) {
        throw new RuleLoadError("LOAD_ERR_COMPILE_CONDITION", e.message, ctx.inCondition(text, e.offset));
      }
      throw e;
    }
  };

  // Offsets in the parsed tree are offsets in the condition after list substitution, so diagnostics
  // show that text (Falco pairs them with the text before substitution, which misplaces the caret).
  const expand = (parsed: ParsedCondition, ctx: Context, visible: (m: ParsedMacro) => boolean): Expr => {
    const { expr, text } = parsed;
    try {
      const r = resolveMacros(expr, (name) => {
        const m = macros.get(name);
        return m && visible(m) ? m.expr : undefined;
      });
      for (const name of r.used) {
        const m = macros.get(name);
        if (m) m.used = true;
      }
      return r.expr;
    } catch (e) {
      if (e instanceof MacroError) {
        const name = /'([^']*)'/.exec(e.message)?.[1] ?? "";
        const at = findMacroRef(expr, name)?.span.start ?? 0;
        throw new RuleLoadError("LOAD_ERR_VALIDATE", e.message, ctx.inCondition(text, at));
      }
      throw e;
    }
  };

  for (const info of collector.macros) {
    const parsed = parse(info.cond, info.condCtx);
    macros.set(info.name, { info, parsed, expr: parsed.expr, resolved: parsed.expr, used: false });
  }
  for (const m of macros.values()) {
    const visibility = m.info.visibility;
    m.resolved = expand(m.parsed, m.info.ctx, (other) => other.info.index < visibility);
  }

  const rules: LoadedRule[] = [];
  const registries = new Map<string, FieldRegistry>();
  // One field memo per source: every rule of a source reads each field once per event.
  const caches = new Map<string, FieldCache>();
  for (const info of collector.rules) {
    if (info.unknownSource) continue;
    const schema = schemas.get(info.source);
    if (!schema)
      throw new RuleLoadError("LOAD_ERR_VALIDATE", `Unknown source at compile-time${info.source}`, info.ctx);
    let registry = registries.get(info.source);
    if (!registry) {
      registry = new FieldRegistry(schema.classes);
      registries.set(info.source, registry);
    }
    let cache = caches.get(info.source);
    if (!cache) {
      cache = new FieldCache();
      caches.set(info.source, cache);
    }
    const rule = compileRule(
      info,
      schema,
      registry,
      cache,
      parse,
      (parsed) => expand(parsed, info.ctx, () => true),
      warn,
    );
    if (rule) rules.push(rule);
  }

  for (const m of macros.values()) {
    if (!m.used) warn(m.info.ctx, "LOAD_UNUSED_MACRO", "Macro not referred to by any other rule/macro");
  }
  for (const l of lists.values()) {
    if (!l.used) warn(l.info.ctx, "LOAD_UNUSED_LIST", "List not referred to by any other rule/macro");
  }

  return {
    lists: [...lists.values()].map((l) => ({
      name: l.info.name,
      items: l.items,
      used: l.used,
      position: positionOf(l.info.ctx),
    })),
    macros: [...macros.values()].map((m) => ({
      name: m.info.name,
      condition: m.info.cond,
      expr: m.expr,
      resolved: m.resolved,
      used: m.used,
      position: positionOf(m.info.ctx),
    })),
    rules,
  };
}

/** Inlines lists named in list items (only lists defined before, one level), in definition order. */
function compileLists(collector: Collector): Map<string, CompiledList> {
  const out = new Map<string, CompiledList>();
  const referenced: string[] = [];
  for (const info of collector.lists) {
    const items: string[] = [];
    for (const item of info.items) {
      const ref = collector.lists.get(item);
      if (ref && ref.index < info.visibility) {
        referenced.push(ref.name);
        items.push(...ref.items);
      } else {
        items.push(item);
      }
    }
    out.set(info.name, { info, items, used: false });
  }
  for (const name of referenced) {
    const l = out.get(name);
    if (l) l.used = true;
  }
  return out;
}

function compileRule(
  info: RuleInfo,
  schema: EventSchema<unknown>,
  registry: FieldRegistry,
  cache: FieldCache,
  parse: (condition: string, ctx: Context) => ParsedCondition,
  expand: (parsed: ParsedCondition) => Expr,
  warn: WarningSink,
): LoadedRule | undefined {
  let condition = info.cond;
  let exceptionFields: string[] = [];
  if (info.exceptions.length > 0) {
    const built = applyExceptions(condition, info.exceptions);
    condition = built.condition;
    exceptionFields = built.fields;
  }

  let output = info.output;
  if (output.includes(CONTAINER_INFO)) {
    warn(
      info.ctx,
      "LOAD_DEPRECATED_ITEM",
      "%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container " +
        "plugin will automatically add required fields to the output message.",
    );
    output = output.split(CONTAINER_INFO).join("");
  }

  let outputTemplate: OutputTemplate<unknown>;
  try {
    outputTemplate = compileOutputTemplate(output, schema, cache);
  } catch (e) {
    if (!(e instanceof OutputTemplateError)) throw e;
    if (isUnknownFieldOrType(e.message) && info.skipIfUnknownFilter) {
      warn(info.outputCtx, "LOAD_UNKNOWN_FILTER", e.message);
      return undefined;
    }
    throw new RuleLoadError("LOAD_ERR_COMPILE_OUTPUT", e.message, info.outputCtx);
  }
  for (const field of DEPRECATED_FIELDS) {
    if (output.includes(field)) {
      warn(
        info.outputCtx,
        "LOAD_DEPRECATED_ITEM",
        `usage of deprecated field '${field}' has been detected in the rule output`,
        { deprecatedField: field },
      );
    }
  }

  const parsed = parse(condition, info.condCtx);
  const expr = expand(parsed);
  const atStart = info.condCtx.inCondition(condition, 0);
  const { unsafeNa, deprecated } = resolverWarnings(expr);
  if (unsafeNa) warn(atStart, "LOAD_UNSAFE_NA_CHECK", "");
  for (const field of deprecated) {
    warn(
      atStart,
      "LOAD_DEPRECATED_ITEM",
      DEPRECATED_FIELD_NOTES[field as keyof typeof DEPRECATED_FIELD_NOTES],
      {
        deprecatedField: field,
      },
    );
  }

  let filter: CompiledFilter<unknown>;
  try {
    filter = compileFilter(expr, schema, { cache });
  } catch (e) {
    if (!(e instanceof FilterCompileError)) throw e;
    const ctx = info.condCtx.inCondition(condition, 0);
    if ((e.unknownField !== undefined || isUnknownFieldOrType(e.message)) && info.skipIfUnknownFilter) {
      warn(ctx, "LOAD_UNKNOWN_FILTER", e.message);
      return undefined;
    }
    throw new RuleLoadError("LOAD_ERR_COMPILE_CONDITION", e.message, ctx);
  }
  for (const w of compilerWarnings(expr, registry)) {
    warn(info.condCtx.inCondition(parsed.text, w.offset), "LOAD_COMPILE_CONDITION", w.message);
  }

  if (
    info.source === SYSCALL_SOURCE &&
    info.warnEvttypes &&
    (filter.evttypes === undefined || filter.evttypes.size > MAX_EVTTYPES)
  ) {
    warn(
      info.ctx,
      "LOAD_NO_EVTTYPE",
      "Rule matches too many evt.type values. This has a significant performance penalty.",
    );
  }

  return {
    name: info.name,
    desc: info.desc,
    condition,
    expr,
    filter,
    output,
    outputTemplate,
    priority: info.priority,
    source: info.source,
    enabled: info.enabled,
    tags: [...info.tags].sort(),
    exceptions: info.exceptions.map(toRuleException),
    exceptionFields,
    evttypes: filter.evttypes,
    warnEvttypes: info.warnEvttypes,
    skipIfUnknownFilter: info.skipIfUnknownFilter,
    capture: info.capture,
    captureDuration: info.captureDuration,
    position: positionOf(info.ctx),
  };
}
