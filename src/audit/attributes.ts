// Request attributes from a JSON object with kube-apiserver's authorizer attribute keys
// (user, groups, verb, namespace, resource, subresource, apiGroup, apiVersion, name, path,
// isResourceRequest), as `lanner audit policy explain --attributes` reads them.
import type { RequestAttributes } from "./checker.js";

/** The accepted keys, in the order they are documented. */
export const ATTRIBUTE_KEYS = [
  "user",
  "groups",
  "verb",
  "namespace",
  "resource",
  "subresource",
  "apiGroup",
  "apiVersion",
  "name",
  "path",
  "isResourceRequest",
] as const;
export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

/** Attributes as given by a person: every key optional. */
export type AttributeInput = Partial<{
  user: string | null;
  groups: readonly string[] | null;
  verb: string;
  namespace: string;
  resource: string;
  subresource: string;
  apiGroup: string;
  apiVersion: string;
  name: string;
  path: string;
  isResourceRequest: boolean;
}>;

const STRING_KEYS = [
  "verb",
  "namespace",
  "resource",
  "subresource",
  "apiGroup",
  "apiVersion",
  "name",
  "path",
] as const satisfies readonly AttributeKey[];

/** Checks a parsed JSON value against the attribute keys and types; errors name the offending key. */
export function parseAttributeInput(
  value: unknown,
): { ok: true; input: AttributeInput } | { ok: false; errors: string[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, errors: ["attributes must be a JSON object"] };
  const errors: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(ATTRIBUTE_KEYS as readonly string[]).includes(k)) {
      errors.push(`unknown attribute key ${JSON.stringify(k)} (known: ${ATTRIBUTE_KEYS.join(", ")})`);
      continue;
    }
    if (k === "user") {
      if (v !== null && typeof v !== "string") errors.push(`"user" must be a string or null`);
      else input[k] = v;
    } else if (k === "groups") {
      if (v !== null && !(Array.isArray(v) && v.every((g) => typeof g === "string")))
        errors.push(`"groups" must be a list of strings or null`);
      else input[k] = v;
    } else if (k === "isResourceRequest") {
      if (typeof v !== "boolean") errors.push(`"isResourceRequest" must be true or false`);
      else input[k] = v;
    } else if (typeof v !== "string") errors.push(`${JSON.stringify(k)} must be a string`);
    else input[k] = v;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, input: input as AttributeInput };
}

/**
 * Completes attributes: absent strings are "", a user exists when `user` or `groups` is given (no user
 * models an unauthenticated request), and a request is a resource request when it names a resource
 * unless `isResourceRequest` says otherwise.
 */
export function toRequestAttributes(input: AttributeInput): RequestAttributes {
  const hasUser = typeof input.user === "string" || Array.isArray(input.groups);
  // One key order for every request (user first, even when undefined) keeps evaluation monomorphic.
  const out: RequestAttributes = {
    user: hasUser ? { name: input.user ?? "", groups: input.groups ?? [] } : undefined,
    verb: "",
    namespace: "",
    apiGroup: "",
    apiVersion: "",
    resource: "",
    subresource: "",
    name: "",
    path: "",
    isResourceRequest: false,
  };
  for (const k of STRING_KEYS) out[k] = input[k] ?? "";
  out.isResourceRequest = input.isResourceRequest ?? out.resource !== "";
  return out;
}

/** A one-line description of a request for explanations. */
export function describeAttributes(a: RequestAttributes): string {
  const parts: string[] = [];
  parts.push(a.user === undefined ? "user=<none>" : `user=${JSON.stringify(a.user.name)}`);
  if (a.user !== undefined && a.user.groups.length > 0) parts.push(`groups=${JSON.stringify(a.user.groups)}`);
  parts.push(`verb=${JSON.stringify(a.verb)}`);
  if (a.isResourceRequest) {
    parts.push(`apiGroup=${JSON.stringify(a.apiGroup)}`);
    if (a.apiVersion !== "") parts.push(`apiVersion=${JSON.stringify(a.apiVersion)}`);
    parts.push(
      `resource=${JSON.stringify(a.subresource === "" ? a.resource : `${a.resource}/${a.subresource}`)}`,
    );
    parts.push(`namespace=${JSON.stringify(a.namespace)}`);
    if (a.name !== "") parts.push(`name=${JSON.stringify(a.name)}`);
    if (a.path !== "") parts.push(`path=${JSON.stringify(a.path)}`);
  } else parts.push(`non-resource path=${JSON.stringify(a.path)}`);
  return parts.join(" ");
}
