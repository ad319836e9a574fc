import type { Expr } from "./ast.js";

/** Undefined macro or a reference loop. */
export class MacroError extends Error {}

/**
 * Replaces every macro reference with the macro's tree, recursively. `lookup` returns the parsed
 * (unexpanded) condition of a macro visible at this point, or undefined. Throws MacroError with
 * Falco's texts: "Undefined macro 'foo' used in filter." and "reference loop in macro 'a'".
 * Returns the expanded tree and the names of the macros used (directly or not).
 */
export function resolveMacros(
  expr: Expr,
  lookup: (name: string) => Expr | undefined,
): { expr: Expr; used: Set<string> } {
  const used = new Set<string>();
  const expanded = new Map<string, Expr>();
  const stack: string[] = [];

  const visit = (e: Expr): Expr => {
    switch (e.kind) {
      case "and":
      case "or":
        return { ...e, children: e.children.map(visit) };
      case "not":
        return { ...e, child: visit(e.child) };
      case "check":
        return e;
      case "macro": {
        const done = expanded.get(e.name);
        if (done) return done;
        if (stack.includes(e.name)) throw new MacroError(`reference loop in macro '${e.name}'`);
        const body = lookup(e.name);
        if (!body) throw new MacroError(`Undefined macro '${e.name}' used in filter.`);
        used.add(e.name);
        stack.push(e.name);
        const out = visit(body);
        stack.pop();
        expanded.set(e.name, out);
        return out;
      }
    }
  };
  return { expr: visit(expr), used };
}
