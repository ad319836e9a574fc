// Warnings about a compiled rule condition, as Falco emits them: unsafe `<NA>` comparisons and
// deprecated fields (Falco's filter_warning_resolver), and libsinsp's hints about constant values
// (LOAD_COMPILE_CONDITION: regexes that simpler operators could do, fields or transformers written as
// strings).
import type { FieldRegistry } from "../fields/registry.js";
import type { CheckExpr, Expr } from "../filter/index.js";

/** Fields Falco 0.44 deprecates (enter events are no longer delivered). */
export const DEPRECATED_FIELDS = [
  "evt.dir",
  "evt.latency",
  "evt.latency.s",
  "evt.latency.ns",
  "evt.latency.human",
  "evt.wait_latency",
] as const;

const LATENCY_NOTE = "field is not available due to the drop of enter events.";

/** Why each deprecated field is deprecated (the message of its LOAD_DEPRECATED_ITEM warning). */
export const DEPRECATED_FIELD_NOTES: Readonly<Record<(typeof DEPRECATED_FIELDS)[number], string>> = {
  "evt.dir":
    "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always " +
    "evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'",
  "evt.latency": LATENCY_NOTE,
  "evt.latency.s": LATENCY_NOTE,
  "evt.latency.ns": LATENCY_NOTE,
  "evt.latency.human": LATENCY_NOTE,
  "evt.wait_latency": LATENCY_NOTE,
};

function checks(expr: Expr, out: CheckExpr[] = []): CheckExpr[] {
  switch (expr.kind) {
    case "and":
    case "or":
      for (const c of expr.children) checks(c, out);
      break;
    case "not":
      checks(expr.child, out);
      break;
    case "check":
      out.push(expr);
      break;
  }
  return out;
}

const EQUALITY = new Set(["=", "==", "!=", "in", "intersects", "pmatch"]);

/**
 * Whether the condition compares a k8s audit or JSON field (`ka.*`, `jevt.*`) with `<NA>` by equality,
 * and which deprecated fields it reads (in Falco's order).
 */
export function resolverWarnings(expr: Expr): { unsafeNa: boolean; deprecated: string[] } {
  let unsafeNa = false;
  const used = new Set<string>();
  for (const c of checks(expr)) {
    if (c.left.kind !== "field") continue;
    used.add(c.left.name);
    const unsafeField = c.left.name.startsWith("ka.") || c.left.name.startsWith("jevt.");
    if (!unsafeField || !EQUALITY.has(c.op) || c.modifier !== undefined || !c.right) continue;
    if (c.right.kind === "literal" && c.right.value === "<NA>") unsafeNa = true;
    if (c.right.kind === "list" && c.right.items.some((i) => i.value === "<NA>")) unsafeNa = true;
  }
  return { unsafeNa, deprecated: DEPRECATED_FIELDS.filter((f) => used.has(f)) };
}

const REGEX_SPECIAL = ".+*?^$()[]{}|\\";
const REGEX_OCCURRENCE = "+*?";
const TRANSFORMER_NAMES = ["val", "tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"];
const FIELD_LIKE = /^([a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+)(?:\[(.*)\])?$/;

/** True when a regex has no special characters but anchors and leading/trailing `.*`-like wildcards. */
function isPlainRegex(v: string): boolean {
  const len = v.length;
  for (let i = 0; i < len; i++) {
    if ((i === 0 && v[i] === "^") || (i === len - 1 && v[i] === "$")) continue;
    if (
      ((i === 0 && len > 1) || i === len - 2) &&
      v[i] === "." &&
      REGEX_OCCURRENCE.includes(v[i + 1] ?? "")
    ) {
      i++;
      continue;
    }
    if (REGEX_SPECIAL.includes(v[i])) return false;
  }
  return true;
}

/** libsinsp's hints about the constant values of a condition, with their offsets in the condition. */
export function compilerWarnings(expr: Expr, fields: FieldRegistry): { message: string; offset: number }[] {
  const out: { message: string; offset: number }[] = [];
  for (const c of checks(expr)) {
    if (!c.right || (c.right.kind !== "literal" && c.right.kind !== "list")) continue;
    const values = c.right.kind === "literal" ? [c.right.value] : c.right.items.map((i) => i.value);
    const offset = c.right.span.start;
    for (const v of values) {
      if (c.op === "regex" && isPlainRegex(v)) {
        out.push({
          message: `regex check with '${v}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`,
          offset,
        });
      }
      const bare = v.replace(/\s/g, "");
      const m = FIELD_LIKE.exec(bare);
      if (m && fields.resolve(m[1], m[2]) !== undefined) {
        out.push({ message: `'${v}' may be a valid field misused as a const string value`, offset });
      }
      for (const t of TRANSFORMER_NAMES) {
        if (bare.length >= t.length + 2 && bare.startsWith(`${t}(`) && bare.endsWith(")")) {
          out.push({
            message: `'${v}' may be a valid field transformer misused as a const string value`,
            offset,
          });
        }
      }
    }
  }
  return out;
}
