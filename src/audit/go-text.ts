// Text the way kube-apiserver's Go code prints it: `%q` quoting, encoding/json marshalling of bad
// values, and apimachinery's field errors (`rules[0].level: Required value`) and their aggregate.

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  7: "\\a",
  8: "\\b",
  12: "\\f",
  10: "\\n",
  13: "\\r",
  9: "\\t",
  11: "\\v",
};

/** Go's strconv.IsPrint, closely enough: letters, marks, numbers, punctuation, symbols and ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Go's `%q` of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (cp < 0x80) {
      if (cp >= 0x20 && cp < 0x7f) out += ch;
      else out += SIMPLE_ESCAPES[cp] ?? `\\x${hex(cp, 2)}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else if (PRINTABLE.test(ch)) out += ch;
    else out += cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** Go's encoding/json string encoding: HTML-safe (`<`, `>`, `&` escaped) and U+2028/U+2029 escaped. */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (cp === 0x0a) out += "\\n";
    else if (cp === 0x0d) out += "\\r";
    else if (cp === 0x09) out += "\\t";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029)
      out += `\\u${hex(cp, 4)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** Go's json.Marshal of a string list (`null` for a nil list). */
export function goJsonStrings(xs: readonly string[] | undefined): string {
  return xs === undefined ? "null" : `[${xs.map(goJsonString).join(",")}]`;
}

/** apimachinery's field error types, with the text each prints. */
export type FieldErrorType = "Required value" | "Invalid value" | "Unsupported value";

/**
 * A bad value as apimachinery prints it: a Go `string` with %q, other types (a named string type like
 * audit.Level, a list) through encoding/json.
 */
export type BadValue =
  | { kind: "string"; value: string }
  | { kind: "named-string"; value: string }
  | { kind: "strings"; value: readonly string[] };

/** One field.Error of k8s.io/apimachinery/pkg/util/validation/field. */
export interface FieldError {
  type: FieldErrorType;
  /** The field path as printed (`rules[1].nonResourceURLs[0]`, `rules[0].resources.group`). */
  field: string;
  badValue?: BadValue;
  detail: string;
}

function renderBadValue(v: BadValue): string {
  switch (v.kind) {
    case "string":
      return goQuote(v.value);
    case "named-string":
      return goJsonString(v.value);
    case "strings":
      return goJsonStrings(v.value);
  }
}

/** The error's text, exactly as field.Error.Error() prints it. */
export function fieldErrorText(e: FieldError): string {
  let body: string = e.type;
  if (e.type !== "Required value" && e.badValue !== undefined) body += `: ${renderBadValue(e.badValue)}`;
  if (e.detail !== "") body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** ErrorList.ToAggregate().Error(): duplicates removed, one error alone, several as `[e1, e2]`. */
export function aggregateText(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 1) return unique[0] as string;
  return `[${unique.join(", ")}]`;
}
