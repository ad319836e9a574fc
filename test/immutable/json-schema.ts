// A small JSON Schema (draft-04) validator covering every keyword the SARIF 2.1.0 schema uses, so SARIF
// output is checked against the official schema without a dependency. An unknown keyword is an error:
// the validator never silently skips part of the schema.
type Schema = { readonly [k: string]: unknown };

const IGNORED = new Set(["description", "default", "title", "id", "$schema", "definitions"]);
const HANDLED = new Set([
  "$ref",
  "type",
  "properties",
  "additionalProperties",
  "required",
  "items",
  "minItems",
  "uniqueItems",
  "minimum",
  "maximum",
  "pattern",
  "format",
  "enum",
  "anyOf",
  "oneOf",
]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === "number" && actual === "integer");
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local $ref is supported: ${ref}`);
  let cur: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    cur = (cur as Schema)[part.replaceAll("~1", "/").replaceAll("~0", "~")];
    if (cur === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return cur as Schema;
}

function checkFormat(format: string, v: string): boolean {
  if (format === "uri") return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v);
  if (format === "uri-reference") return !/[\s<>"{}|\\^`]/.test(v);
  if (format === "date-time") return !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v);
  throw new Error(`unsupported format ${format}`);
}

/** Validates a value against a draft-04 schema; returns error messages with JSON paths (empty when valid). */
export function validateJsonSchema(root: unknown, value: unknown): string[] {
  const errors: string[] = [];
  const visit = (schema: Schema, v: unknown, at: string): void => {
    for (const k of Object.keys(schema)) {
      if (!IGNORED.has(k) && !HANDLED.has(k)) throw new Error(`unsupported schema keyword '${k}' at ${at}`);
    }
    if (typeof schema.$ref === "string") {
      visit(resolveRef(root as Schema, schema.$ref), v, at);
      return;
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => typeMatches(v, t))) {
        errors.push(`${at}: expected ${types.join("|")}, got ${typeOf(v)}`);
        return;
      }
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      errors.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (Array.isArray(schema.anyOf)) {
      const ok = (schema.anyOf as Schema[]).some((s) => validateSub(s, v, at).length === 0);
      if (!ok) errors.push(`${at}: matches none of anyOf`);
    }
    if (Array.isArray(schema.oneOf)) {
      const n = (schema.oneOf as Schema[]).filter((s) => validateSub(s, v, at).length === 0).length;
      if (n !== 1) errors.push(`${at}: matches ${n} of oneOf, expected exactly 1`);
    }
    if (typeof v === "string") {
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(v)) {
        errors.push(`${at}: '${v}' does not match ${schema.pattern}`);
      }
      if (typeof schema.format === "string" && !checkFormat(schema.format, v)) {
        errors.push(`${at}: '${v}' is not a ${schema.format}`);
      }
    }
    if (typeof v === "number") {
      if (typeof schema.minimum === "number" && v < schema.minimum)
        errors.push(`${at}: ${v} < ${schema.minimum}`);
      if (typeof schema.maximum === "number" && v > schema.maximum)
        errors.push(`${at}: ${v} > ${schema.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === "number" && v.length < schema.minItems) {
        errors.push(`${at}: ${v.length} items < minItems ${schema.minItems}`);
      }
      if (schema.uniqueItems === true) {
        const seen = new Set(v.map((x) => JSON.stringify(x)));
        if (seen.size !== v.length) errors.push(`${at}: items are not unique`);
      }
      if (schema.items !== undefined && typeof schema.items === "object" && !Array.isArray(schema.items)) {
        v.forEach((x, i) => {
          visit(schema.items as Schema, x, `${at}[${i}]`);
        });
      }
    }
    if (typeOf(v) === "object") {
      const obj = v as Schema;
      const props = (schema.properties ?? {}) as Schema;
      for (const r of (schema.required ?? []) as string[]) {
        if (!(r in obj)) errors.push(`${at}: missing required property '${r}'`);
      }
      for (const [k, x] of Object.entries(obj)) {
        if (k in props) visit(props[k] as Schema, x, `${at}.${k}`);
        else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property '${k}'`);
        else if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null) {
          visit(schema.additionalProperties as Schema, x, `${at}.${k}`);
        }
      }
    }
  };
  const validateSub = (s: Schema, v: unknown, at: string): string[] => {
    const saved = errors.length;
    visit(s, v, at);
    return errors.splice(saved);
  };
  visit(root as Schema, value, "$");
  return errors;
}
