// The field transformers of the condition and output languages (libsinsp 0.17–0.25).
import type { Extractor, FieldType, FieldValue, Scalar } from "../fields/types.js";
import type { TransformerName } from "./ast.js";
import type { CacheSlot } from "./field-cache.js";
import { categoryOf, toBytes, toText } from "./values.js";

/** A value-producing node after compilation: a field, a constant, or a transformer over them. */
export interface ValueNode<E> {
  get: (evt: E) => FieldValue | undefined;
  type: FieldType;
  /** Produces a list (list fields, `getopt` without selector, transformer lists). */
  list: boolean;
  /** Stands for several values where any may match (`proc.aname` without index). */
  any: boolean;
  /** Both ends of a connection: `!=` means no value equals (FieldDef.eitherEnd). */
  eitherEnd?: boolean;
  /** A field's memo slot and raw extractor (`get` reads through them), for generated code to inline. */
  memo?: { slot: CacheSlot<E>; extract: Extractor<E> };
}

export class TransformerError extends Error {}

const isText = (t: FieldType) => {
  const c = categoryOf(t);
  return c === "str" || c === "buf";
};

/** A node whose values are `a`'s through `fn`: its shape, not its field memo (the values differ). */
function mapped<E>(a: ValueNode<E>, type: FieldType, fn: (s: Scalar) => Scalar): ValueNode<E> {
  const node: ValueNode<E> = { type, list: a.list, any: a.any, get: (e) => mapValue(a.get(e), fn) };
  if (a.eitherEnd !== undefined) node.eitherEnd = a.eitherEnd;
  return node;
}

/** Applies `fn` to each value of a list or to the single value. */
function mapValue(v: FieldValue | undefined, fn: (s: Scalar) => Scalar): FieldValue | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(fn);
  return fn(v as Scalar);
}

/** Builds a transformer node; argument types are checked here, once. */
export function buildTransformer<E>(
  fn: TransformerName,
  args: ValueNode<E>[],
  selector?: string,
): ValueNode<E> {
  const one = (): ValueNode<E> => {
    if (args.length !== 1) throw new TransformerError(`transformer '${fn}' requires exactly 1 argument`);
    return args[0] as ValueNode<E>;
  };
  if (selector !== undefined && fn !== "getopt") {
    throw new TransformerError(`transformer '${fn}' does not support field arguments`);
  }
  switch (fn) {
    case "tolower":
    case "toupper": {
      const a = one();
      if (!isText(a.type))
        throw new TransformerError(`field type '${a.type}' not supported by '${fn}' transformer`);
      const f =
        fn === "tolower" ? (s: Scalar) => toText(s).toLowerCase() : (s: Scalar) => toText(s).toUpperCase();
      return mapped(a, "CHARBUF", f);
    }
    case "b64": {
      const a = one();
      if (!isText(a.type))
        throw new TransformerError(`field type '${a.type}' not supported by '${fn}' transformer`);
      const f = (s: Scalar) => Buffer.from(toText(s), "base64").toString("latin1");
      return mapped(a, "CHARBUF", f);
    }
    case "basename": {
      const a = one();
      if (!isText(a.type))
        throw new TransformerError(`field type '${a.type}' not supported by '${fn}' transformer`);
      const f = (s: Scalar) => {
        const t = toText(s);
        return t.slice(t.lastIndexOf("/") + 1);
      };
      return mapped(a, "CHARBUF", f);
    }
    case "len": {
      const a = one();
      if (!a.list && !isText(a.type)) {
        throw new TransformerError(`field type '${a.type}' not supported by '${fn}' transformer`);
      }
      if (a.list) {
        return { type: "UINT64", list: false, any: false, get: (e) => lenOf(a.get(e)) };
      }
      return mapped(a, "UINT64", (s) => toBytes(s).length);
    }
    case "join": {
      if (args.length !== 2)
        throw new TransformerError("join() requires exactly 2 arguments: separator and list");
      const [sep, list] = args as [ValueNode<E>, ValueNode<E>];
      if (sep.list)
        throw new TransformerError("join() first argument (separator) must be a single value, not a list");
      if (!list.list) throw new TransformerError("join() second argument must be a list");
      return {
        type: "CHARBUF",
        list: false,
        any: false,
        get: (e) => {
          const s = sep.get(e);
          const l = list.get(e);
          if (s === undefined || l === undefined) return undefined;
          return asArray(l)
            .map(toText)
            .join(toText(s as Scalar));
        },
      };
    }
    case "concat": {
      if (args.length < 2) throw new TransformerError("concat() requires at least 2 arguments");
      for (const a of args) {
        if (a.list || categoryOf(a.type) !== "str")
          throw new TransformerError("concat() arguments must be strings");
      }
      return {
        type: "CHARBUF",
        list: false,
        any: false,
        get: (e) => {
          let out = "";
          for (const a of args) {
            const v = a.get(e);
            if (v === undefined) return undefined;
            out += toText(Array.isArray(v) ? (v[0] as Scalar) : (v as Scalar));
          }
          return out;
        },
      };
    }
    case "getopt":
      return buildGetopt(args, selector);
  }
}

function asArray(v: FieldValue): readonly Scalar[] {
  return Array.isArray(v) ? v : [v as Scalar];
}

function lenOf(v: FieldValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  return asArray(v).length;
}

/** getopt(3) over an argv list: `getopt(args, "t:n")` lists options and values; `[t]` selects one. */
function buildGetopt<E>(args: ValueNode<E>[], selector?: string): ValueNode<E> {
  if (args.length !== 2)
    throw new TransformerError("getopt() requires exactly 2 arguments: args list and optstring");
  const [argv, opts] = args as [ValueNode<E>, ValueNode<E>];
  if (!argv.list) throw new TransformerError("getopt() first argument must be a list");
  if (opts.list) throw new TransformerError("getopt() second argument (optstring) must be a single value");
  if (categoryOf(argv.type) !== "str" || categoryOf(opts.type) !== "str") {
    throw new TransformerError("getopt() arguments must be strings");
  }
  if (selector !== undefined && selector.length !== 1) {
    throw new TransformerError("getopt() field argument must be a single option character");
  }
  return {
    type: "CHARBUF",
    list: selector === undefined,
    any: false,
    get: (e) => {
      const o = opts.get(e);
      const a = argv.get(e);
      if (o === undefined || a === undefined) return undefined;
      return runGetopt(asArray(a).map(toText), toText(o as Scalar), selector);
    },
  };
}

function runGetopt(argv: string[], optstring: string, selector?: string): FieldValue | undefined {
  const valid = new Set<string>();
  const withArg = new Set<string>();
  const spec = optstring.startsWith(":") ? optstring.slice(1) : optstring;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === ":") continue;
    valid.add(c);
    if (spec[i + 1] === ":") withArg.add(c);
  }
  const out: string[] = [];
  let selected: string | undefined;
  const emit = (name: string, value?: string) => {
    if (selector !== undefined) selected = value ?? name;
    else {
      out.push(name);
      if (value !== undefined) out.push(value);
    }
  };
  outer: for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") break;
    if (arg.length > 2 && arg.startsWith("--")) continue;
    if (arg.length < 2 || arg[0] !== "-") break;
    for (let j = 1; j < arg.length; j++) {
      const opt = arg[j] as string;
      if (opt === ":" || !valid.has(opt)) {
        if (selector === undefined) out.push("?");
        continue;
      }
      const match = selector === undefined || opt === selector;
      if (!withArg.has(opt)) {
        if (match) emit(opt);
        continue;
      }
      let value: string | undefined;
      if (j + 1 < arg.length) value = arg.slice(j + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      if (value === undefined) {
        if (match) emit("", undefined);
        break outer;
      }
      if (match) emit(opt, value);
      continue outer;
    }
  }
  if (selector !== undefined) return selected;
  return out;
}
