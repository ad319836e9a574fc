// The k8saudit plugin's way of walking an audit event (its extract.go, over fastjson values),
// rewritten over the event's JSON document: values are offsets in its text, read when asked for.
import type { AuditEvent } from "./events.js";
import type { JsonNode } from "./json-doc.js";

/** A value inside an event: the offset of its first character in the event's text. */
export type Node = JsonNode;

/** The plugin's "no index filter": every element of the arrays met on the way. */
export const NO_INDEX = -1;

const MAX_ARRAY_NESTING = 256;

/** The event root. */
export function root(evt: AuditEvent): Node {
  return evt.doc.root;
}

/** fastjson's Value.Get(keys...) from the root. */
export function get(evt: AuditEvent, ...keys: string[]): Node | undefined {
  return evt.doc.get(evt.doc.root, keys);
}

/** The string form of the value at `keys` (jsonValueAsString), or undefined when there is none. */
export function stringAt(evt: AuditEvent, keys: readonly string[]): string | undefined {
  const doc = evt.doc;
  const n = doc.get(doc.root, keys);
  return n === undefined ? undefined : doc.asString(n);
}

/**
 * The plugin's getValuesRecursive: follows `keys`; every array met before a key is either entered at
 * `index`, or (NO_INDEX) walked element by element, the results concatenated, with null for an
 * element where the path ends early. Undefined when the path does not exist.
 */
export function valuesRecursive(
  evt: AuditEvent,
  n: Node,
  index: number,
  keys: readonly string[],
  from = 0,
  depth = 0,
): Array<Node | null> | undefined {
  // Arrays nested this deep are attacker-made (request bodies are logged before validation): give
  // up rather than exhaust the call stack.
  if (depth > MAX_ARRAY_NESTING) return undefined;
  const doc = evt.doc;
  let cur = n;
  for (let i = from; i < keys.length; i++) {
    if (doc.isArray(cur)) {
      const items = doc.items(cur);
      if (index === NO_INDEX) {
        const out: Array<Node | null> = [];
        for (const el of items) {
          const r = valuesRecursive(evt, el, index, keys, i, depth + 1);
          if (r === undefined) out.push(null);
          else for (const x of r) out.push(x);
        }
        return out;
      }
      if (index >= items.length) return undefined;
      cur = items[index] as Node;
    }
    const k = keys[i] as string;
    if (k !== "") {
      const c = doc.child(cur, k);
      if (c === undefined) return undefined;
      cur = c;
    }
  }
  return [cur];
}

/** Strings of the values, skipping missing ones (arrayAsStringsSkipNil). */
export function stringsSkipNil(evt: AuditEvent, nodes: ReadonlyArray<Node | null>): string[] {
  const out: string[] = [];
  for (const n of nodes) if (n !== null) out.push(evt.doc.asString(n));
  return out;
}

/** Strings of the values; undefined if one is missing (arrayAsStrings). */
export function stringsAll(evt: AuditEvent, nodes: ReadonlyArray<Node | null>): string[] | undefined {
  const out: string[] = [];
  for (const n of nodes) {
    if (n === null) return undefined;
    out.push(evt.doc.asString(n));
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
  const doc = evt.doc;
  const n = doc.get(doc.root, keys);
  if (n === undefined) return undefined;
  if (!isList) return doc.asString(n);
  if (!doc.isArray(n)) return undefined;
  return listValue(doc.items(n).map((item) => doc.asString(item)));
}

/** Values of one key of every item of a pod container list (getContainerValues). */
export function containerValues(
  evt: AuditEvent,
  list: string,
  index: number,
  ...subKeys: string[]
): Array<Node | null> | undefined {
  return valuesRecursive(evt, evt.doc.root, index, ["requestObject", "spec", list, ...subKeys]);
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
  const doc = evt.doc;
  const out: string[] = [];
  for (const n of nodes) {
    if (n === null) continue;
    if (!doc.isArray(n)) return undefined;
    const words: string[] = [];
    for (const w of doc.items(n)) {
      if (!doc.isString(w)) return undefined;
      words.push(doc.string(w));
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
  const doc = evt.doc;
  const out: string[] = [];
  for (const ports of nodes) {
    if (ports === null) continue;
    if (!doc.isArray(ports)) return undefined;
    for (const port of doc.items(ports)) {
      const p = doc.child(port, "hostPort") ?? doc.child(port, "containerPort");
      if (p !== undefined) out.push(doc.asString(p));
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
  const podValue = stringAt(evt, ["requestObject", "spec", key]) ?? "0";
  const nodes = containerValues(evt, list, index, key);
  if (!nodes) return undefined;
  return nodes.map((n) => (n !== null ? evt.doc.asString(n) : podValue));
}

/** Flattened string arrays found at requestObject.rules[].<keys> (extractRulesField). */
export function rulesField(evt: AuditEvent, index: number, ...keys: string[]): string[] | undefined {
  const nodes = valuesRecursive(evt, evt.doc.root, index, ["requestObject", "rules", ...keys]);
  if (!nodes) return undefined;
  const doc = evt.doc;
  const out: string[] = [];
  for (const n of nodes) {
    if (n === null || !doc.isArray(n)) continue;
    for (const el of doc.items(n)) out.push(doc.asString(el));
  }
  return out;
}

/** Names of the binding subjects of one kind; "NamespacedServiceAccount" gives namespace:name (readSubjectNamesByKind). */
export function subjectNames(evt: AuditEvent, kind: string): string[] | undefined {
  const doc = evt.doc;
  const subjects = doc.get(doc.root, ["requestObject", "subjects"]);
  if (subjects === undefined) return [];
  if (!doc.isArray(subjects)) return undefined;
  const namespaced = kind === "NamespacedServiceAccount";
  const want = namespaced ? "ServiceAccount" : kind;
  const out: string[] = [];
  for (const s of doc.items(subjects)) {
    const k = doc.child(s, "kind");
    const name = doc.child(s, "name");
    if (k === undefined || name === undefined || doc.asString(k) !== want) continue;
    let text = doc.asString(name);
    if (namespaced) {
      const ns = doc.child(s, "namespace");
      if (ns === undefined) continue;
      text = `${doc.asString(ns)}:${text}`;
    }
    out.push(text);
  }
  return out;
}

/** Keys other than "name" of each volume: the volume types (as the plugin lists them). */
export function volumeTypes(evt: AuditEvent, index: number): string[] | undefined {
  const nodes = valuesRecursive(evt, evt.doc.root, index, ["requestObject", "spec", "volumes", ""]);
  if (!nodes) return undefined;
  const doc = evt.doc;
  const out: string[] = [];
  for (const n of nodes) {
    if (n === null || !doc.isObject(n)) continue;
    for (const k of doc.keys(n)) if (k !== "name") out.push(k);
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
