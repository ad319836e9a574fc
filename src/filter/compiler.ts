import type { EventSchema } from "../fields/types.js";
import type { Expr } from "./ast.js";

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
  /** Fields the condition reads, as written (`proc.aname[2]`). */
  fields: readonly string[];
  /** Operators the condition uses. */
  operators: readonly string[];
}

/** Compiles a macro-free tree into a predicate, once; throws FilterCompileError. */
export function compileFilter<E>(_expr: Expr, _schema: EventSchema<E>): CompiledFilter<E> {
  throw new FilterCompileError("not implemented");
}
