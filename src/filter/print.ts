import type { Expr } from "./ast.js";

/** Prints a tree back as condition text, fully parenthesised (for `rules describe`). */
export function printExpr(_expr: Expr): string {
  return "";
}
