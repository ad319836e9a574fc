// The k8saudit plugin's way of walking an audit event (its extract.go, over fastjson values),
// rewritten over parsed JSON plus the event text for rendering non-string values.
import { type AuditEvent, eventMemo } from "./events.js";
import {
  compactJson,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  member,
  type PathStep,
  valueSpan,
} from "./json-text.js";

/** A value inside an event, with the path that reaches it (to find its text). */
export interface Node {
  readonly v: JsonValue;
  readonly path: readonly PathStep[];
}

/** The plugin's "no index filter": every element of the arrays met on the way. */
export const NO_INDEX = -1;

const ATOI = /^[+-]?[0-9]+$/;

const MAX_ARRAY_NESTING = 256;

/** The event root. */
export function root(evt: AuditEvent): Node {
  return { v: evt.raw, path: [] };
}

/** Array index of a key as fastjson reads it (strconv.Atoi), or undefined. */
function arrayIndex(arr: readonly JsonValue[], key: string): number | undefined {
  if (!ATOI.test(key)) return undefined;
  const i = Number(key);
  return i >= 0 && i < arr.length ? (i === 0 ? 0 : i) : undefined;
}

/** fastjson's Value.Get(key): an object member, or an array element when the key is an integer (strconv.Atoi). */
export function child(n: Node, key: string): Node | undefined {
  const v = n.v;
  if (Array.isArray(v)) {
    const i = arrayIndex(v, key);
    return i === undefined ? undefined : { v: v[i] as JsonValue, path: [...n.path, i] };
  }
  if (!isJsonObject(v)) return undefined;
  const m = member(v, key);
  return m === undefined ? undefined : { v: m, path: [...n.path, key] };
}

/** fastjson's Value.Get(keys...). */
export function get(n: Node | undefined, ...keys: string[]): Node | undefined {
  let cur = n;
  for (const k of keys) {
    if (!cur) return undefined;
    cur = child(cur, k);
  }
  return cur;
}

/** fastjson's Value.Get(keys...) on a bare value (no path kept): the fast way to reach strings. */
export function lookup(v: JsonValue | undefined, keys: readonly string[]): JsonValue | undefined {
  let cur = v;
  for (const k of keys) {
    if (cur === undefined || cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      const i = arrayIndex(cur, k);
      cur = i === undefined ? undefined : (cur[i] as JsonValue);
    } else cur = member(cur as JsonObject, k);
  }
  return cur;
}

/** The string form of the value at `keys` (jsonValueAsString), or undefined when there is none. */
export function stringAt(evt: AuditEvent, keys: readonly string[]): string | undefined {
  const v = lookup(evt.raw, keys);
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null) return "null";
  const n = get(root(evt), ...keys);
  return n ? rawText(evt, n) : undefined;
}

/** Compact JSON text of a value, taken from the event text (memoized per event and path). */
export function rawText(evt: AuditEvent, n: Node): string {
  const key = `raw\u0000${JSON.stringify(n.path)}`;
  const memo = eventMemo(evt);
  const hit = memo.get(key);
  if (typeof hit === "string") return hit;
  const span = valueSpan(evt.text, n.path);
  const text = span ? compactJson(evt.text, span[0], span[1]) : JSON.stringify(n.v);
  memo.set(key, text);
  return text;
}

/**
 * The plugin's jsonValueAsString: a JSON string as its decoded text, any other value as its compact
 * JSON text (`true`, `null`, `42`, `{"a":1}`).
 */
export function asString(evt: AuditEvent, n: Node): string {
  const v = n.v;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null) return "null";
  return rawText(evt, n);
}

/**
 * The plugin's getValuesRecursive: follows `keys`; every array met before a key is either entered at
 * `index`, or (NO_INDEX) walked element by element, the results concatenated, with null for an
 * element where the path ends early. Undefined when the path does not exist.
 */
export function valuesRecursive(
  n: Node,
  index: number,
  keys: readonly string[],
  from = 0,
  depth = 0,
): Array<Node | null> | undefined {
  // Arrays nested this deep are attacker-made (request bodies are logged before validation): give
  // up rather than exhaust the call stack.
  if (depth > MAX_ARRAY_NESTING) return undefined;
  let cur = n;
  for (let i = from; i < keys.length; i++) {
    const v = cur.v;
    if (Array.isArray(v)) {
      if (index === NO_INDEX) {
        const out: Array<Node | null> = [];
        const base = cur.path;
        v.forEach((el: JsonValue, j) => {
          const r = valuesRecursive({ v: el, path: [...base, j] }, index, keys, i, depth + 1);
          if (r === undefined) out.push(null);
          else for (const x of r) out.push(x);
        });
        return out;
      }
      if (index >= v.length) return undefined;
      cur = { v: v[index] as JsonValue, path: [...cur.path, index] };
    }
    const k = keys[i] as string;
    if (k !== "") {
      const c = child(cur, k);
      if (!c) return undefined;
      cur = c;
    }
  }
  return [cur];
}

/** Strings of the values, skipping missing ones (arrayAsStringsSkipNil). */
export function stringsSkipNil(evt: AuditEvent, nodes: ReadonlyArray<Node | null>): string[] {
  const out: string[] = [];
  for (const n of nodes) if (n) out.push(asString(evt, n));
  return out;
}

/** Strings of the values; undefined if one is missing (arrayAsStrings). */
export function stringsAll(evt: AuditEvent, nodes: ReadonlyArray<Node | null>): string[] | undefined {
  const out: string[] = [];
  for (const n of nodes) {
    if (!n) return undefined;
    out.push(asString(evt, n));
  }
  return out;
}

/** A list value as libsinsp receives it: an empty list is no value. */
export function listValue(values: readonly string[] | undefined): readonly string[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

/** The plugin's extractFromKeys: the value at `keys` as a string, or as a list of strings for list fields. */
export function fromKeys(
  evt: AuditEvent,
  isList: boolean,
  keys: readonly string[],
): string | readonly string[] | undefined {
  if (!isList) return stringAt(evt, keys);
  if (!Array.isArray(lookup(evt.raw, keys))) return undefined;
  const n = get(root(evt), ...keys) as Node;
  const items = n.v as readonly JsonValue[];
  const out: string[] = [];
  for (let i = 0; i < items.length; i++)
    out.push(asString(evt, { v: items[i] as JsonValue, path: [...n.path, i] }));
  return listValue(out);
}

/** Values of one key of every item of a pod container list (getContainerValues). */
export function containerValues(
  evt: AuditEvent,
  list: string,
  index: number,
  ...subKeys: string[]
): Array<Node | null> | undefined {
  return valuesRecursive(root(evt), index, ["requestObject", "spec", list, ...subKeys]);
}

/** Container commands or args: each container's array joined with spaces (readContainerCommands/Args). */
export function containerJoined(
  evt: AuditEvent,
  list: string,
  index: number,
  key: string,
): string[] | undefined {
  const nodes = containerValues(evt, list, index, key);
  if (!nodes) return undefined;
  const out: string[] = [];
  for (const n of nodes) {
    if (!n) continue;
    if (!Array.isArray(n.v)) return undefined;
    const words: string[] = [];
    for (const w of n.v as readonly JsonValue[]) {
      if (typeof w !== "string") return undefined;
      words.push(w);
    }
    out.push(words.join(" "));
  }
  return out.length > 0 ? out : undefined;
}

/** Container images (readContainerImages): every container must have one. */
export function containerImages(evt: AuditEvent, list: string, index: number): string[] | undefined {
  const nodes = containerValues(evt, list, index, "image");
  return nodes && stringsAll(evt, nodes);
}

/** The repository part of an image as the plugin cuts it: before the first ':' then before the first '@'. */
export function imageRepository(image: string): string {
  return (image.split(":")[0] as string).split("@")[0] as string;
}

/** Host ports of the containers: each port's hostPort, else its containerPort (readContainerHostPorts). */
export function containerHostPorts(evt: AuditEvent, list: string, index: number): string[] | undefined {
  const nodes = containerValues(evt, list, index, "ports");
  if (!nodes) return undefined;
  const out: string[] = [];
  for (const ports of nodes) {
    if (!ports) continue;
    if (!Array.isArray(ports.v)) return undefined;
    const base = ports.path;
    const items = ports.v as readonly JsonValue[];
    for (let i = 0; i < items.length; i++) {
      const port: Node = { v: items[i] as JsonValue, path: [...base, i] };
      const p = child(port, "hostPort") ?? child(port, "containerPort");
      if (p) out.push(asString(evt, p));
    }
  }
  return out;
}

/**
 * The plugin's readFromContainerEffectively: each container's `key`, defaulting to the pod's. The
 * plugin reads `spec.<key>` and `containers[].<key>`, not the securityContext objects where
 * Kubernetes puts runAsUser/runAsGroup, so on real pods every container gets the default "0".
 */
export function containerEffective(
  evt: AuditEvent,
  list: string,
  index: number,
  key: string,
): string[] | undefined {
  const podNode = get(root(evt), "requestObject", "spec", key);
  const podValue = podNode ? asString(evt, podNode) : "0";
  const nodes = containerValues(evt, list, index, key);
  if (!nodes) return undefined;
  return nodes.map((n) => (n ? asString(evt, n) : podValue));
}

/** Flattened string arrays found at requestObject.rules[].<keys> (extractRulesField). */
export function rulesField(evt: AuditEvent, index: number, ...keys: string[]): string[] | undefined {
  const nodes = valuesRecursive(root(evt), index, ["requestObject", "rules", ...keys]);
  if (!nodes) return undefined;
  const out: string[] = [];
  for (const n of nodes) {
    if (!n || !Array.isArray(n.v)) continue;
    const base = n.path;
    (n.v as readonly JsonValue[]).forEach((el, i) => {
      out.push(asString(evt, { v: el, path: [...base, i] }));
    });
  }
  return out;
}

/** Names of the binding subjects of one kind; "NamespacedServiceAccount" gives namespace:name (readSubjectNamesByKind). */
export function subjectNames(evt: AuditEvent, kind: string): string[] | undefined {
  const subjects = get(root(evt), "requestObject", "subjects");
  if (!subjects) return [];
  if (!Array.isArray(subjects.v)) return undefined;
  const namespaced = kind === "NamespacedServiceAccount";
  const want = namespaced ? "ServiceAccount" : kind;
  const out: string[] = [];
  const base = subjects.path;
  (subjects.v as readonly JsonValue[]).forEach((el, i) => {
    const s: Node = { v: el, path: [...base, i] };
    const k = child(s, "kind");
    const name = child(s, "name");
    if (!k || !name || asString(evt, k) !== want) return;
    let text = asString(evt, name);
    if (namespaced) {
      const ns = child(s, "namespace");
      if (!ns) return;
      text = `${asString(evt, ns)}:${text}`;
    }
    out.push(text);
  });
  return out;
}

/** Keys other than "name" of each volume: the volume types (as the plugin lists them). */
export function volumeTypes(evt: AuditEvent, index: number): string[] | undefined {
  const nodes = valuesRecursive(root(evt), index, ["requestObject", "spec", "volumes", ""]);
  if (!nodes) return undefined;
  const out: string[] = [];
  for (const n of nodes) {
    if (!n || !isJsonObject(n.v)) continue;
    for (const k of Object.keys(n.v)) if (k !== "name") out.push(k);
  }
  return out;
}

/**
 * The query parameters of a request URI (each with all its values), the way Go's url.Parse and
 * url.ParseQuery read them; undefined when Go reports an error (the plugin then gives no value).
 * The authority of `//host/...` forms is not validated.
 */
export function queryParameters(uri: string): Map<string, string[]> | undefined {
  const hash = uri.indexOf("#");
  const beforeFragment = hash >= 0 ? uri.slice(0, hash) : uri;
  if (hash >= 0 && !validEscapes(uri.slice(hash + 1))) return undefined;
  if (hasControlByte(beforeFragment)) return undefined;
  let rest = beforeFragment;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (rest.startsWith(":")) return undefined;
  if (scheme) rest = rest.slice(scheme[0].length);
  let rawQuery = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith("/")) {
    if (!scheme) {
      // Go: "first path segment in URL cannot contain colon".
      if ((rest.split("/")[0] as string).includes(":")) return undefined;
      if (!validEscapes(rest)) return undefined;
    }
    // With a scheme, a rootless rest is an opaque part that Go does not unescape.
  } else if (!validEscapes(rest)) return undefined;
  const params = new Map<string, string[]>();
  let failed = false;
  for (const piece of rawQuery.split("&")) {
    if (piece.includes(";")) {
      failed = true;
      continue;
    }
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const k = queryUnescape(eq >= 0 ? piece.slice(0, eq) : piece);
    const v = queryUnescape(eq >= 0 ? piece.slice(eq + 1) : "");
    if (k === undefined || v === undefined) {
      failed = true;
      continue;
    }
    const list = params.get(k);
    if (list) list.push(v);
    else params.set(k, [v]);
  }
  return failed ? undefined : params;
}

const ESCAPE = /%(?![0-9a-fA-F]{2})/;

/** Go's stringContainsCTLByte: a byte below 0x20, or DEL. */
function hasControlByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function validEscapes(s: string): boolean {
  return !ESCAPE.test(s);
}

/** Go's url.QueryUnescape: `+` is a space, %XX a byte; undefined on a bad escape. */
function queryUnescape(s: string): string | undefined {
  if (!s.includes("%") && !s.includes("+")) return s;
  if (!validEscapes(s)) return undefined;
  const bytes: number[] = [];
  const utf8 = Buffer.from(s, "utf8");
  for (let i = 0; i < utf8.length; i++) {
    const b = utf8[i] as number;
    if (b === 0x25) {
      bytes.push(Number.parseInt(String.fromCharCode(utf8[i + 1] as number, utf8[i + 2] as number), 16));
      i += 2;
    } else bytes.push(b === 0x2b ? 0x20 : b);
  }
  return Buffer.from(bytes).toString("utf8");
}
