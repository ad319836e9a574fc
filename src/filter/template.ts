// Output templates: rule `output:` strings and `-p` formats with `%field` tokens.
import type { EventSchema, FieldValue, Scalar } from "../fields/types.js";
import type { FieldRef, Transform } from "./ast.js";
import { bindField, bindValue, FilterCompileError } from "./compiler.js";
import { FieldCache } from "./field-cache.js";
import { parseFieldAt, parseTransformerAt } from "./parser.js";
import { printArg } from "./print.js";
import { toText } from "./values.js";

/** An output template that does not compile: "invalid formatting token X". */
export class OutputTemplateError extends Error {}

export interface OutputTemplate<E> {
  /** The text line: `%field` tokens replaced, `<NA>` for missing values. */
  render(evt: E): string;
  /** One entry per `%field` token (key as written, `proc.aname[2]`), null for missing values. */
  values(evt: E): Record<string, Scalar | readonly Scalar[] | null>;
  /** Field names as written, in order of first appearance. */
  fields: readonly string[];
  /** False when the template started with `*`: missing values print `<NA>` instead of failing. */
  requireAll: boolean;
}

interface Token<E> {
  key: string;
  width: number;
  get: (evt: E) => FieldValue | undefined;
}

/** The text libsinsp prints for missing values. */
export const NOT_AVAILABLE = "<NA>";

/** Renders a value as text the way libsinsp prints field values: lists as `(a,b)`. */
export function valueText(v: FieldValue): string {
  if (Array.isArray(v)) return `(${v.map((s) => toText(s as Scalar)).join(",")})`;
  if (typeof v === "boolean") return v ? "true" : "false";
  return toText(v as Scalar);
}

/** Compiles a rule output (`%proc.name`, `%proc.aname[2]`, `%10evt.type`, `%tolower(fd.name)`); throws OutputTemplateError. */
export function compileOutputTemplate<E>(
  text: string,
  schema: EventSchema<E>,
  cache: FieldCache = new FieldCache(),
): OutputTemplate<E> {
  const requireAll = !text.startsWith("*");
  const fmt = requireAll ? text : text.slice(1);
  const parts: (string | Token<E>)[] = [];
  let lit = "";
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c !== "%") {
      lit += c;
      i++;
      continue;
    }
    if (i === fmt.length - 1)
      throw new OutputTemplateError("invalid formatting syntax: formatting cannot end with a %");
    let j = i + 1;
    let width = 0;
    while (j < fmt.length && /[0-9]/.test(fmt[j] as string)) width = width * 10 + Number(fmt[j++]);
    const tok = parseToken(fmt, j, schema, cache);
    if (lit) parts.push(lit);
    lit = "";
    parts.push({ key: tok.key, width, get: tok.get });
    i = tok.end;
  }
  if (lit) parts.push(lit);

  const tokens = parts.filter((p): p is Token<E> => typeof p !== "string");
  const fields = [...new Set(tokens.map((t) => t.key))];
  return {
    requireAll,
    fields,
    render(evt) {
      let out = "";
      for (const p of parts) {
        if (typeof p === "string") {
          out += p;
          continue;
        }
        const v = p.get(evt);
        let s = v === undefined ? NOT_AVAILABLE : valueText(v);
        if (p.width) s = s.length > p.width ? s.slice(0, p.width) : s.padEnd(p.width, " ");
        out += s;
      }
      return out;
    },
    values(evt) {
      const out: Record<string, Scalar | readonly Scalar[] | null> = {};
      for (const t of tokens) {
        const v = t.get(evt);
        out[t.key] = v === undefined ? null : (v as Scalar | readonly Scalar[]);
      }
      return out;
    },
  };
}

/** Reads the longest field or transformer at `pos` that the schema knows. */
function parseToken<E>(
  fmt: string,
  pos: number,
  schema: EventSchema<E>,
  cache: FieldCache,
): { key: string; end: number; get: (e: E) => FieldValue | undefined } {
  const bad = () => {
    const m = /^[^\s%]*/.exec(fmt.slice(pos));
    return new OutputTemplateError(`invalid formatting token ${m?.[0] ?? ""}`);
  };
  let t: { expr: Transform; end: number } | undefined;
  try {
    t = parseTransformerAt(fmt, pos);
  } catch {
    throw bad();
  }
  if (t) {
    try {
      const node = bindValue(t.expr, schema, cache, "output");
      return { key: printArg(t.expr), end: t.end, get: node.get };
    } catch (e) {
      if (e instanceof FilterCompileError) throw new OutputTemplateError(e.message);
      throw e;
    }
  }
  const f = parseFieldAt(fmt, pos);
  if (!f) throw bad();
  // Like libsinsp, shrink the name until it is a known field (`%proc.name.x` is proc.name then ".x").
  let ref: FieldRef = f.expr;
  let end = f.end;
  for (;;) {
    try {
      const node = bindField(ref, schema, cache, "output");
      const key = ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
      return { key, end, get: node.get };
    } catch (e) {
      if (!(e instanceof FilterCompileError)) throw e;
      const dot = ref.name.lastIndexOf(".");
      if (ref.arg !== undefined || dot <= 0 || ref.name.indexOf(".") === dot) {
        if (e.unknownField === undefined) throw new OutputTemplateError(e.message);
        throw bad();
      }
      end = pos + dot;
      ref = { kind: "field", name: ref.name.slice(0, dot), span: { start: pos, end } };
    }
  }
}
