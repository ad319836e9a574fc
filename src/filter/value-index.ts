// Which values of a string field can a condition match? The event-type analysis of evttypes.ts,
// for the fields a source without event types indexes its rules by (k8s_audit: ka.verb and
// ka.target.resource, which nearly every audit rule pins through `kcreate`, `pod`, `secret`…).
// Only what must hold is used: `field = v` and `field in (…)` under `and`/`or`; anything under
// `not`, any other operator, a transformer or a field on the right leaves the field free.
import type { CheckExpr, Expr } from "./ast.js";

/** The values a condition can match for one field; undefined when it is not restricted. */
export type ValueSet = ReadonlySet<string> | undefined;

function checkValues(c: CheckExpr, field: string): ValueSet {
  if (c.left.kind !== "field" || c.left.name !== field || c.left.arg !== undefined || c.modifier)
    return undefined;
  const r = c.right;
  if (r === undefined || (r.kind !== "literal" && r.kind !== "list")) return undefined;
  // On a single-valued field `in` and `intersects` test membership, of a lone literal too.
  const items = r.kind === "list" ? r.items : [r];
  if (c.op === "in" || c.op === "intersects" || (r.kind === "literal" && (c.op === "=" || c.op === "==")))
    return new Set(items.map((i) => i.value));
  return undefined;
}

/** The values of `field` a macro-free condition can match (a missing value matches none of them). */
export function computeValueSet(expr: Expr, field: string): ValueSet {
  switch (expr.kind) {
    case "check":
      return checkValues(expr, field);
    case "and": {
      let acc: ValueSet;
      for (const c of expr.children) {
        const s = computeValueSet(c, field);
        if (s === undefined) continue;
        acc = acc === undefined ? s : new Set([...acc].filter((v) => s.has(v)));
      }
      return acc;
    }
    case "or": {
      const acc = new Set<string>();
      for (const c of expr.children) {
        const s = computeValueSet(c, field);
        if (s === undefined) return undefined;
        for (const v of s) acc.add(v);
      }
      return acc;
    }
    case "not":
    case "macro":
      return undefined;
  }
}
