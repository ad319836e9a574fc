// Falco's event-type analysis: which evt.type values can a condition match? Negation is pushed
// down to the leaves (De Morgan), checks on other fields are neutral (every type), and
// `evt.num = 0`-style checks are known to match nothing (Falco's `never_true` idiom).
import type { CheckExpr, Expr } from "./ast.js";

/** A set of event type names, or every type (kept symbolic: most nodes are neutral). */
type Types = Set<string> | "all";

/** The event types `expr` can match, out of `all`. */
export function computeEvttypes(expr: Expr, all: ReadonlySet<string>): Set<string> {
  const complement = (s: Types): Types => {
    if (s === "all") return new Set();
    if (s.size === 0) return "all";
    const out = new Set<string>();
    for (const t of all) if (!s.has(t)) out.add(t);
    return out;
  };
  const intersect = (a: Types, b: Types): Types => {
    if (a === "all") return b;
    if (b === "all") return a;
    return new Set([...a].filter((t) => b.has(t)));
  };
  const union = (a: Types, b: Types): Types => {
    if (a === "all" || b === "all") return "all";
    return new Set([...a, ...b]);
  };
  const visitCheck = (c: CheckExpr, negated: boolean): Types => {
    const invariant = evtNumInvariant(c);
    if (invariant !== undefined) {
      const types: Types = invariant === "all" ? "all" : new Set<string>();
      return negated ? complement(types) : types;
    }
    const isEvtType = c.left.kind === "field" && c.left.name === "evt.type" && c.left.arg === undefined;
    const r = c.right;
    if (isEvtType && (c.op === "=" || c.op === "==" || c.op === "!=" || c.op === "in") && !c.modifier) {
      if (r && (r.kind === "literal" || r.kind === "list")) {
        const names = r.kind === "list" ? r.items.map((i) => i.value) : [r.value];
        let types: Types = new Set(names.filter((n) => all.has(n)));
        if (negated) types = complement(types);
        if (c.op === "!=") types = complement(types);
        return types;
      }
    }
    return "all";
  };
  const visit = (e: Expr, negated: boolean): Types => {
    switch (e.kind) {
      case "and":
      case "or": {
        const conj = (e.kind === "and") !== negated;
        let acc: Types = conj ? "all" : new Set<string>();
        for (const c of e.children) {
          const r = visit(c, negated);
          acc = conj ? intersect(acc, r) : union(acc, r);
        }
        return acc;
      }
      case "not":
        return visit(e.child, !negated);
      case "macro":
        return "all";
      case "check":
        return visitCheck(e, negated);
    }
  };
  const res = visit(expr, false);
  return res === "all" ? new Set(all) : res;
}

/** `evt.num` is at least 1, so some comparisons are statically empty or total. */
function evtNumInvariant(c: CheckExpr): "empty" | "all" | undefined {
  if (c.left.kind !== "field" || c.left.name !== "evt.num" || c.left.arg !== undefined || c.modifier)
    return undefined;
  const r = c.right;
  const asU64 = (s: string): bigint | undefined => (/^[0-9]+$/.test(s) ? BigInt(s) : undefined);
  if (c.op === "in") {
    if (r?.kind !== "list") return undefined;
    if (r.items.length === 0) return "empty";
    return r.items.every((i) => asU64(i.value) === 0n) ? "empty" : undefined;
  }
  if (r?.kind !== "literal") return undefined;
  const n = asU64(r.value);
  if (n === undefined) return undefined;
  switch (c.op) {
    case "=":
    case "==":
      return n === 0n ? "empty" : undefined;
    case "!=":
      return n === 0n ? "all" : undefined;
    case "<":
      return n <= 1n ? "empty" : undefined;
    case "<=":
      return n === 0n ? "empty" : undefined;
    case ">":
      return n === 0n ? "all" : undefined;
    case ">=":
      return n <= 1n ? "all" : undefined;
    default:
      return undefined;
  }
}
