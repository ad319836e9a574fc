// Compiles a macro-free condition tree into a JavaScript predicate, once, checking fields,
// operator/type compatibility and literals at load time.
import { FieldRegistry } from "../fields/registry.js";
import type { EventSchema, FieldValue, Scalar } from "../fields/types.js";
import type { CheckExpr, Expr, FieldRef, Literal, Transform, TransformArg } from "./ast.js";
import { computeEvttypes } from "./evttypes.js";
import { FieldCache } from "./field-cache.js";
import {
  checkComparable,
  convertLiteral,
  membershipTest,
  type Operand,
  pathPrefixTest,
  type ScalarTest,
  scalarTest,
} from "./operators.js";
import { buildTransformer, TransformerError, type ValueNode } from "./transformers.js";
import { computeValueSet, type ValueSet } from "./value-index.js";
import { categoryOf, LiteralError, parseNumber, toText } from "./values.js";

/**
 * A condition that does not compile. `unknownField` is set when the cause is a field the schema
 * does not have (message "filter_check called with nonexistent field X"), so the loader can honour
 * `skip-if-unknown-filter`.
 */
export class FilterCompileError extends Error {
  constructor(
    message: string,
    readonly unknownField?: string,
  ) {
    super(message);
  }
}

export interface CompiledFilter<E> {
  match: (evt: E) => boolean;
  /** Event types the filter can match (Falco's evttype analysis); undefined means every type. */
  evttypes: ReadonlySet<string> | undefined;
  /** Per index field of the schema (same order): its reader and the values the filter can match. */
  index: readonly IndexKey<E>[];
  /** Fields the condition reads, as written (`proc.aname[2]`). */
  fields: readonly string[];
  /** Operators the condition uses. */
  operators: readonly string[];
}

/** One index field of a compiled filter (see EventSchema.indexFields). */
export interface IndexKey<E> {
  field: string;
  /** The field's value for an event, read through the shared memo. */
  get: (evt: E) => FieldValue | undefined;
  /** What the filter can match; undefined when any value (or none) may match. */
  values: ValueSet;
}

export interface CompileOptions {
  /** Shared between the filters of one ruleset so each field is extracted once per event. */
  cache?: FieldCache;
}

type Pred<E> = (evt: E) => boolean;

/** `field op literal`: the generated code reads the field and calls `test` on its value (or values). */
interface PlainCheck<E> {
  node: ValueNode<E>;
  test: ScalarTest;
  /** How a list value is tested: `one` value only, `any` of its values, or `every` one (list fields under `in`). */
  values: "one" | "any" | "every";
}

const registries = new WeakMap<object, FieldRegistry>();

/** The registry of a schema, built once. */
export function registryOf(schema: EventSchema<unknown>): FieldRegistry {
  let r = registries.get(schema.classes);
  if (!r) {
    r = new FieldRegistry(schema.classes);
    registries.set(schema.classes, r);
  }
  return r;
}

/** Compiles a macro-free tree into a predicate, once; throws FilterCompileError. */
export function compileFilter<E>(
  expr: Expr,
  schema: EventSchema<E>,
  options: CompileOptions = {},
): CompiledFilter<E> {
  const cache = options.cache ?? new FieldCache();
  const c = new Compiler(schema, cache);
  const match = c.predicate(expr);
  return {
    match,
    evttypes: schema.eventTypes ? computeEvttypes(expr, schema.eventTypes) : undefined,
    index: (schema.indexFields ?? []).map((field) => {
      const node = bindField({ kind: "field", name: field, span: { start: 0, end: 0 } }, schema, cache);
      if (node.list || node.any || categoryOf(node.type) !== "str")
        throw new Error(`index field ${field} is not a single-valued string field`);
      return { field, get: node.get, values: computeValueSet(expr, field) };
    }),
    fields: [...c.fields],
    operators: [...c.operators],
  };
}

/** Where a field is used: libsinsp restricts some fields to conditions, outputs, or the left side. */
export type FieldUsage = "condition" | "output" | "rhs" | "transformer";

/** Binds a field reference to a value node (shared by conditions and output templates). */
export function bindField<E>(
  f: FieldRef,
  schema: EventSchema<E>,
  cache: FieldCache,
  usage: FieldUsage = "condition",
): ValueNode<E> {
  const resolved = registryOf(schema as EventSchema<unknown>).resolve(f.name, f.arg);
  const written = f.arg === undefined ? f.name : `${f.name}[${f.arg}]`;
  if (!resolved)
    throw new FilterCompileError(`filter_check called with nonexistent field ${written}`, written);
  const { def, arg } = resolved;
  if (usage === "output" && def.filterOnly) {
    throw new FilterCompileError(`${written} is filter only and cannot be used as a display field`);
  }
  if (usage !== "output" && def.formatOnly) {
    throw new FilterCompileError(`${written} can only be used in outputs, not in conditions`);
  }
  if (usage === "rhs" && def.noRhs)
    throw new FilterCompileError(`${written} cannot be compared through val()`);
  if (usage === "transformer" && def.noTransformer) {
    throw new FilterCompileError(`${written} cannot be used inside a transformer`);
  }
  if (arg === undefined && def.arg?.required) {
    throw new FilterCompileError(
      `filter_check called with nonexistent field ${written}: '${def.name}' requires an argument`,
    );
  }
  if (arg !== undefined) {
    if (!def.arg) throw new FilterCompileError(`field '${def.name}' does not accept an argument`);
    if (def.arg.kind === "index" && !/^[0-9]+$/.test(arg)) {
      throw new FilterCompileError(`field '${def.name}' requires a numeric index argument, got '${arg}'`);
    }
    if (def.arg.kind === "path" && !arg.startsWith("/")) {
      throw new FilterCompileError(
        `field '${def.name}' requires a JSON pointer argument starting with '/', got '${arg}'`,
      );
    }
  }
  const raw = schema.bind(def, arg);
  const key = `${def.name}\u0000${arg ?? ""}`;
  return {
    get: cache.wrap(key, raw),
    memo: { slot: cache.slot<E>(key), extract: raw },
    type: def.type,
    list: def.isList === true,
    any: def.anyWithoutArg === true && arg === undefined,
    eitherEnd: def.eitherEnd === true,
  };
}

/** Binds a transformer argument or a field/transformer to a value node. */
export function bindValue<E>(
  a: TransformArg,
  schema: EventSchema<E>,
  cache: FieldCache,
  usage: FieldUsage = "condition",
): ValueNode<E> {
  switch (a.kind) {
    case "field":
      return bindField(a, schema, cache, usage);
    case "literal": {
      const quotedOrText = a.quoted || Number.isNaN(Number(a.value));
      const v: Scalar = quotedOrText ? a.value : (parseNumber(a.value) as Scalar);
      return { get: () => v, type: quotedOrText ? "CHARBUF" : "INT64", list: false, any: false };
    }
    case "tlist": {
      const items = a.items.map((i) =>
        bindValue(i, schema, cache, usage === "output" ? usage : "transformer"),
      );
      return {
        type: items[0]?.type ?? "CHARBUF",
        list: true,
        any: false,
        get: (e) => {
          const out: Scalar[] = [];
          for (const i of items) {
            const v = i.get(e);
            if (v === undefined) continue;
            if (Array.isArray(v)) out.push(...v);
            else out.push(v as Scalar);
          }
          return out;
        },
      };
    }
    case "transform": {
      const args = a.args.map((x) => bindValue(x, schema, cache, usage === "output" ? usage : "transformer"));
      try {
        return buildTransformer(a.fn, args, a.arg);
      } catch (e) {
        if (e instanceof TransformerError) throw new FilterCompileError(e.message);
        throw e;
      }
    }
  }
}

class Compiler<E> {
  readonly fields = new Set<string>();
  readonly operators = new Set<string>();

  constructor(
    private readonly schema: EventSchema<E>,
    private readonly cache: FieldCache,
  ) {}

  /** Values the generated code reads (closures, memo slots), by name `k0`, `k1`… */
  private readonly consts = new Map<unknown, string>();
  /** Functions of the generated source that test list values, `f0`, `f1`… */
  private readonly helpers: string[] = [];

  /**
   * The condition as one generated function: and/or/not as JavaScript operators, plain checks
   * inline with their field memo. A tree of closures made from the same few function literals
   * would share V8's call-site feedback across every rule and check (megamorphic calls); here each
   * rule's function has its own, and each check its own call sites.
   */
  predicate(e: Expr): Pred<E> {
    const body = this.emit(e);
    const names = [...this.consts.values()];
    const src = `"use strict"; const [${names.join(", ")}] = k; ${this.helpers.join(" ")} return function match(v) { let x; return ${body}; };`;
    const make = new Function("k", src) as (k: unknown[]) => Pred<E>;
    return make([...this.consts.keys()]);
  }

  private ref(value: unknown): string {
    let name = this.consts.get(value);
    if (name === undefined) {
      name = `k${this.consts.size}`;
      this.consts.set(value, name);
    }
    return name;
  }

  /** A JavaScript expression of `v` (the event) for the condition. */
  private emit(e: Expr): string {
    switch (e.kind) {
      case "and":
        if (e.children.length === 0) return "true";
        return `(${e.children.map((c) => this.emit(c)).join(" && ")})`;
      case "or":
        if (e.children.length === 0) return "false";
        return `(${e.children.map((c) => this.emit(c)).join(" || ")})`;
      case "not":
        return `!${this.emit(e.child)}`;
      case "macro":
        throw new FilterCompileError(`Undefined macro '${e.name}' used in filter.`);
      case "check": {
        let c: Pred<E> | PlainCheck<E>;
        try {
          c = this.check(e);
        } catch (err) {
          if (err instanceof LiteralError) throw new FilterCompileError(err.message);
          throw err;
        }
        if (typeof c === "function") return `${this.ref(c)}(v)`;
        const t = this.ref(c.test);
        if (c.values === "one") return `((x = ${this.read(c)}) !== undefined && ${t}(x))`;
        // A list check gets a function of its own in the source (its own feedback), as listAware tests.
        const f = `f${this.helpers.length}`;
        this.helpers.push(
          c.values === "any"
            ? `function ${f}(x) { if (!Array.isArray(x)) return ${t}(x); for (const s of x) if (${t}(s)) return true; return false; }`
            : `function ${f}(x) { if (!Array.isArray(x)) return ${t}(x); if (x.length === 0) return false; for (const s of x) if (!${t}(s)) return false; return true; }`,
        );
        return `((x = ${this.read(c)}) !== undefined && ${f}(x))`;
      }
    }
  }

  /** A field read through its memo, inline (as FieldCache.wrap does). */
  private read(c: PlainCheck<E>): string {
    const memo = c.node.memo;
    if (memo === undefined) return `${this.ref(c.node.get)}(v)`;
    const s = this.ref(memo.slot);
    return `(${s}.evt === v ? ${s}.value : (x = ${this.ref(memo.extract)}(v), ${s}.evt = v, ${s}.value = x))`;
  }

  private value(a: FieldRef | Transform, usage: FieldUsage = "condition"): ValueNode<E> {
    this.noteFields(a);
    return bindValue(a, this.schema, this.cache, usage);
  }

  private noteFields(a: TransformArg): void {
    if (a.kind === "field") this.fields.add(a.arg === undefined ? a.name : `${a.name}[${a.arg}]`);
    else if (a.kind === "transform") for (const x of a.args) this.noteFields(x);
    else if (a.kind === "tlist") for (const x of a.items) this.noteFields(x);
  }

  private check(c: CheckExpr): Pred<E> | PlainCheck<E> {
    const left = this.value(c.left);
    this.operators.add(c.modifier ? `${c.op} ${c.modifier}` : c.op);
    const get = left.get;
    if (c.op === "exists") {
      return (evt) => {
        const v = get(evt);
        return v !== undefined && !(Array.isArray(v) && v.length === 0);
      };
    }
    const op = c.op;
    const cat = categoryOf(left.type);
    const err = checkComparable(op, cat, left.list);
    if (err) throw new FilterCompileError(err);
    const right = c.right as NonNullable<CheckExpr["right"]>;

    if (right.kind === "val" || right.kind === "transform") {
      const r = right.kind === "val" ? this.value(right.field, "rhs") : this.value(right);
      return this.dynamicCheck(left, op, r);
    }
    const isEvtType = c.left.kind === "field" && c.left.name === "evt.type" && c.left.arg === undefined;
    const items = right.kind === "list" ? right.items : [right];
    if (isEvtType && this.schema.eventTypes) this.checkEventTypes(items);
    const operands = items.map((l) => convertLiteral(l.value, cat, op));

    let test: ScalarTest;
    if (c.modifier) {
      test = modifierTest(
        c.modifier,
        operands.map((o) => scalarTest(op, o)),
      );
    } else if (op === "in" || op === "intersects") {
      test = membershipTest(operands);
    } else if (op === "pmatch") {
      test = pathPrefixTest(operands.map((o) => toText(o.v as Scalar)));
    } else {
      if (right.kind === "list") throw new FilterCompileError(`operator '${op}' does not take a list`);
      if (op === "!=" && left.eitherEnd) {
        // libsinsp: "fd.ip != X" holds when neither end is X, not when one end differs.
        const anyEqual = listAware(get, scalarTest("=", operands[0] as Operand), left, "=");
        return (evt) => get(evt) !== undefined && !anyEqual(evt);
      }
      test = scalarTest(op, operands[0] as Operand);
    }
    const values = left.list && op === "in" ? "every" : left.list || left.any ? "any" : "one";
    return { node: left, test, values };
  }

  /** `field op val(other)` and `field op transformer(...)`: the right side is read per event. */
  private dynamicCheck(left: ValueNode<E>, op: CheckExpr["op"], right: ValueNode<E>): Pred<E> {
    const cat = categoryOf(left.type);
    const toOperand = (s: Scalar): Operand | undefined => {
      try {
        return convertLiteral(typeof s === "string" ? s : toText(s), cat, op as Exclude<typeof op, "exists">);
      } catch {
        return undefined;
      }
    };
    const binop = op as Exclude<typeof op, "exists">;
    return (evt) => {
      const r = right.get(evt);
      if (r === undefined) return false;
      const rs = Array.isArray(r) ? r : [r as Scalar];
      const operands: Operand[] = [];
      for (const s of rs) {
        const o = toOperand(s);
        if (o) operands.push(o);
      }
      if (operands.length === 0) return false;
      let test: ScalarTest;
      if (binop === "in" || binop === "intersects") test = membershipTest(operands);
      else if (binop === "pmatch") test = pathPrefixTest(operands.map((o) => toText(o.v as Scalar)));
      else test = scalarTest(binop, operands[0] as Operand);
      return listAware(left.get, test, left, binop)(evt);
    };
  }

  private checkEventTypes(items: readonly Literal[]): void {
    const known = this.schema.eventTypes as ReadonlySet<string>;
    for (const l of items) {
      if (!known.has(l.value)) throw new FilterCompileError(`unknown event type ${l.value}`);
    }
  }
}

function modifierTest(mod: NonNullable<CheckExpr["modifier"]>, tests: ScalarTest[]): ScalarTest {
  if (tests.length === 0) return () => false;
  switch (mod) {
    case "anyof":
      return (v) => {
        for (const t of tests) if (t(v)) return true;
        return false;
      };
    case "allof":
      return (v) => {
        for (const t of tests) if (!t(v)) return false;
        return true;
      };
    case "oneof":
      return (v) => {
        let n = 0;
        for (const t of tests) if (t(v) && ++n > 1) return false;
        return n === 1;
      };
  }
}

/**
 * Applies a scalar test to a field's value: a missing value never matches; a list field under
 * `in` needs every value to match and under `intersects` any one; a multi-valued field without
 * index (`proc.aname`) matches when any value does.
 */
function listAware<E>(
  get: (e: E) => FieldValue | undefined,
  test: ScalarTest,
  left: ValueNode<E>,
  op: string,
): Pred<E> {
  if (left.list && op === "in") {
    return (evt) => {
      const v = get(evt);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return test(v as Scalar);
      if (v.length === 0) return false;
      for (const s of v) if (!test(s)) return false;
      return true;
    };
  }
  if (left.list || left.any) {
    return (evt) => {
      const v = get(evt);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return test(v as Scalar);
      for (const s of v) if (test(s)) return true;
      return false;
    };
  }
  return (evt) => {
    const v = get(evt);
    return v !== undefined && test(v as Scalar);
  };
}
