// Type-guarded access to parsed manifests: inputs are user data, so every field may have any shape.

export type JsonRecord = { readonly [key: string]: unknown };

/** The value as a plain object, or undefined. */
export function asRecord(v: unknown): JsonRecord | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonRecord) : undefined;
}

/** The value as an array, or an empty array. */
export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string, or undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The value as a boolean, or undefined (YAML `"true"` strings are not booleans to Kubernetes either). */
export function asBool(v: unknown): boolean | undefined {
  return typeof v === "boolean" ? v : undefined;
}

/** The value as an integer, or undefined. */
export function asInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** The string values of an array, skipping anything else. */
export function asStrings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === "string");
}

/** Follows map keys from a value; undefined as soon as one is missing. */
export function dig(v: unknown, ...keys: string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    const r = asRecord(cur);
    if (r === undefined) return undefined;
    cur = r[k];
  }
  return cur;
}
