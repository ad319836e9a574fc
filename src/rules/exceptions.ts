// Rule exceptions, compiled the way Falco does: the rule condition becomes
// `(<cond>) and not (<tuple> or <tuple>…) and not (<field> in (<values>))…`, as text.
import { type ExceptionEntry, type ExceptionInfo, isListOperator } from "./collector.js";
import { RuleLoadError } from "./diagnostics.js";
import { quoteItem } from "./lists.js";

/** An exception value as written: a scalar or a (nested) list. */
export type ExceptionValue = string | ExceptionValue[];

/** A rule exception as loaded (fields and comps are single strings in the single-field form). */
export interface RuleException {
  name: string;
  fields: string | string[];
  comps: string | string[];
  values: ExceptionValue[];
}

function entryValue(e: ExceptionEntry): ExceptionValue {
  return e.isList ? e.items.map(entryValue) : e.item;
}

/** The public, context-free form of a collected exception. */
export function toRuleException(ex: ExceptionInfo): RuleException {
  const flat = (e: ExceptionEntry): string | string[] => (e.isList ? e.items.map((i) => i.item) : e.item);
  return { name: ex.name, fields: flat(ex.fields), comps: flat(ex.comps), values: ex.values.map(entryValue) };
}

function parenthesise(item: string): string {
  return item.startsWith("(") ? item : `(${item})`;
}

/**
 * Appends the exceptions to a rule condition; also returns the fields the exceptions use. Throws
 * LOAD_ERR_VALIDATE for value tuples whose length does not match the fields.
 */
export function applyExceptions(
  condition: string,
  exceptions: readonly ExceptionInfo[],
): { condition: string; fields: string[] } {
  const fields = new Set<string>();
  let out = `(${condition})`;
  for (const ex of exceptions) {
    let clause = "";
    if (!ex.fields.isList) {
      for (const value of ex.values) {
        if (value.isList) {
          throw new RuleLoadError(
            "LOAD_ERR_VALIDATE",
            "Expected values array to contain a list of strings",
            ex.ctx,
          );
        }
        clause += clause === "" ? `(${ex.fields.item} ${ex.comps.item} (` : ", ";
        fields.add(ex.fields.item);
        clause += quoteItem(value.item);
      }
      if (clause !== "") clause += "))";
    } else {
      const tuples: string[] = [];
      for (const tuple of ex.values) {
        if (ex.fields.items.length !== tuple.items.length) {
          throw new RuleLoadError(
            "LOAD_ERR_VALIDATE",
            "Fields and values lists must have equal length",
            ex.ctx,
          );
        }
        let part = "(";
        ex.fields.items.forEach((field, k) => {
          const value = tuple.items[k];
          const comp = ex.comps.items[k].item;
          let rhs: string;
          if (value.isList) rhs = `(${value.items.map((v) => quoteItem(v.item)).join(", ")})`;
          else rhs = isListOperator(comp) ? parenthesise(value.item) : quoteItem(value.item);
          part += `${k === 0 ? "" : " and "} ${field.item} ${comp} ${rhs}`;
          fields.add(field.item);
        });
        tuples.push(`${part})`);
      }
      clause = tuples.length === 0 ? "" : `(${tuples.join(" or ")})`;
    }
    if (clause !== "") out += ` and not ${clause}`;
  }
  return { condition: out, fields: [...fields] };
}
