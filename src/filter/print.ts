import type { CheckExpr, Expr, FieldRef, Literal, Transform, TransformArg } from "./ast.js";

/** Prints a tree back as condition text, fully parenthesised (for `rules describe`). */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case "and":
    case "or":
      return `(${expr.children.map(printExpr).join(` ${expr.kind} `)})`;
    case "not":
      return `not ${printExpr(expr.child)}`;
    case "macro":
      return expr.name;
    case "check":
      return printCheck(expr);
  }
}

function printCheck(c: CheckExpr): string {
  const left = printArg(c.left);
  if (c.op === "exists") return `${left} exists`;
  const op = c.modifier ? `${c.op} ${c.modifier}` : c.op;
  const r = c.right;
  let right = "";
  if (r?.kind === "list") right = `(${r.items.map(printLiteral).join(", ")})`;
  else if (r?.kind === "val") right = `val(${printField(r.field)})`;
  else if (r) right = printArg(r);
  return `${left} ${op} ${right}`;
}

function printField(f: FieldRef): string {
  return f.arg === undefined ? f.name : `${f.name}[${f.arg}]`;
}

/** Quotes a value when the bare form would not read back the same. */
export function printLiteral(l: Literal): string {
  const v = l.value;
  if (!l.quoted && v !== "" && /^[^()"'\s=,\\]+$/.test(v)) return v;
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

/** Prints a field, literal or transformer as written in a condition. */
export function printArg(a: TransformArg | Transform): string {
  switch (a.kind) {
    case "field":
      return printField(a);
    case "literal":
      return printLiteral(a);
    case "tlist":
      return `(${a.items.map(printArg).join(", ")})`;
    case "transform": {
      const s = `${a.fn}(${a.args.map(printArg).join(", ")})`;
      return a.arg === undefined ? s : `${s}[${a.arg}]`;
    }
  }
}
