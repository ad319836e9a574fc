import type { Expr } from "./ast.js";

/** A condition that does not parse; `offset` is where in the text the parser stopped. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses a condition (after list substitution) into a tree; throws FilterSyntaxError. */
export function parseCondition(text: string, _maxDepth = 1000): Expr {
  throw new FilterSyntaxError(`not implemented: ${text}`, 0);
}
