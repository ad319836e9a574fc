// The configuration document as a tree that remembers where each value came from (file:line:col or
// `-o`), so merging drop-in files and applying overrides keep every value's origin for error messages.
// Scalars stay text, as in yaml-cpp; the schema types them when the configuration is validated.

import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, Scalar } from "yaml";
import { expandEnv } from "./env.js";
import type { ConfigError, ConfigOrigin, ConfigWarning } from "./types.js";

export interface MapNode {
  kind: "map";
  entries: Map<string, ConfigNode>;
  /** Where each key is written (for unknown-key warnings). */
  keyOrigins: Map<string, ConfigOrigin>;
  origin: ConfigOrigin;
}
export interface SeqNode {
  kind: "seq";
  items: ConfigNode[];
  origin: ConfigOrigin;
}
export interface ScalarNode {
  kind: "scalar";
  text: string;
  origin: ConfigOrigin;
}
/** An empty value (`key:`, `~`, `null`): the key's default applies. */
export interface NullNode {
  kind: "null";
  origin: ConfigOrigin;
}
export type ConfigNode = MapNode | SeqNode | ScalarNode | NullNode;

/** A plain value for the schema: maps are objects, lists arrays, scalars text, empty values undefined. */
export type PlainValue = string | undefined | PlainValue[] | { [key: string]: PlainValue };

export function emptyMap(origin: ConfigOrigin): MapNode {
  return { kind: "map", entries: new Map(), keyOrigins: new Map(), origin };
}

const NULL_WORDS = new Set(["", "~", "null", "Null", "NULL"]);

export interface ParsedYaml {
  /** Undefined when the text is not valid YAML. */
  root?: ConfigNode;
  errors: ConfigError[];
  warnings: ConfigWarning[];
}

/**
 * Parses YAML text into a tree (the first document, as yaml-cpp's Load does). Scalars go through
 * `${ENV}` expansion when `env` is given; keys never do.
 */
export function parseYamlTree(text: string, file: string, env?: NodeJS.ProcessEnv): ParsedYaml {
  const lc = new LineCounter();
  const errors: ConfigError[] = [];
  const warnings: ConfigWarning[] = [];
  const docs = parseAllDocuments(text, { schema: "failsafe", lineCounter: lc, uniqueKeys: false });
  const at = (offset: number): ConfigOrigin => {
    const { line, col } = lc.linePos(offset);
    return { kind: "file", file, line, col };
  };
  // An empty stream has no document: every key takes its default.
  const list = [...docs];
  const doc = list[0];
  if (!doc) return { root: emptyMap(at(0)), errors, warnings };
  for (const e of doc.errors) {
    errors.push({
      code: "CONFIG_YAML",
      message: firstLine(e.message),
      origin: at(e.pos[0]),
    });
  }
  if (errors.length > 0) return { errors, warnings };
  for (const w of doc.warnings) {
    warnings.push({ code: "CONFIG_YAML", message: firstLine(w.message), origin: at(w.pos[0]) });
  }
  if (list.length > 1) {
    warnings.push({
      code: "CONFIG_YAML",
      message: "the file holds more than one YAML document; only the first is read",
      origin: at(list[1].range[0]),
    });
  }

  const convert = (node: unknown, fallback: ConfigOrigin, depth: number): ConfigNode => {
    if (depth > 10_000) return { kind: "null", origin: fallback };
    if (node === null || node === undefined) return { kind: "null", origin: fallback };
    if (isAlias(node)) return convert(node.resolve(doc), at(node.range?.[0] ?? 0), depth + 1);
    const origin = (node as Node).range ? at((node as Node).range?.[0] ?? 0) : fallback;
    if (isScalar(node)) {
      const raw = node.value === null || node.value === undefined ? "" : String(node.value);
      if (node.type === Scalar.PLAIN && NULL_WORDS.has(raw)) return { kind: "null", origin };
      return { kind: "scalar", text: env ? expandEnv(raw, env) : raw, origin };
    }
    if (isSeq(node)) {
      return {
        kind: "seq",
        items: node.items.map((item) => convert(item, origin, depth + 1)),
        origin,
      };
    }
    if (isMap(node)) {
      const map = emptyMap(origin);
      for (const pair of node.items) {
        const keyNode = pair.key;
        const keyOrigin = isScalar(keyNode) && keyNode.range ? at(keyNode.range[0]) : origin;
        if (!isScalar(keyNode)) {
          warnings.push({
            code: "CONFIG_YAML",
            message: "a map key that is not a scalar is ignored",
            origin: keyOrigin,
          });
          continue;
        }
        const key = keyNode.value === null || keyNode.value === undefined ? "" : String(keyNode.value);
        if (map.entries.has(key)) {
          // yaml-cpp finds the first of duplicate keys; so does Lanner.
          warnings.push({
            code: "CONFIG_DUPLICATE_KEY",
            message: `duplicate key '${key}'; the first one is used`,
            origin: keyOrigin,
          });
          continue;
        }
        map.entries.set(key, convert(pair.value, keyOrigin, depth + 1));
        map.keyOrigins.set(key, keyOrigin);
      }
      return map;
    }
    return { kind: "null", origin };
  };
  return { root: convert(doc.contents, at(0), 0), errors, warnings };
}

function firstLine(message: string): string {
  const nl = message.indexOf("\n");
  const line = nl < 0 ? message : message.slice(0, nl);
  // The yaml package appends "at line L, column C:"; the origin carries the position.
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

/** A deep copy (merging must not share nodes between documents). */
export function cloneNode(node: ConfigNode): ConfigNode {
  switch (node.kind) {
    case "map": {
      const m = emptyMap(node.origin);
      for (const [k, v] of node.entries) m.entries.set(k, cloneNode(v));
      for (const [k, o] of node.keyOrigins) m.keyOrigins.set(k, o);
      return m;
    }
    case "seq":
      return { kind: "seq", items: node.items.map(cloneNode), origin: node.origin };
    default:
      return { ...node };
  }
}

/** The plain value the schema validates. */
export function toPlain(node: ConfigNode): PlainValue {
  switch (node.kind) {
    case "map":
      return Object.fromEntries([...node.entries].map(([k, v]) => [k, toPlain(v)]));
    case "seq":
      return node.items.map(toPlain);
    case "scalar":
      return node.text;
    case "null":
      return undefined;
  }
}

/** A tree built from a plain value (the embedded defaults), every node with the same origin. */
export function fromPlain(value: unknown, origin: ConfigOrigin): ConfigNode {
  if (value === null || value === undefined) return { kind: "null", origin };
  if (Array.isArray(value)) return { kind: "seq", items: value.map((v) => fromPlain(v, origin)), origin };
  if (typeof value === "object") {
    const map = emptyMap(origin);
    for (const [k, v] of Object.entries(value)) {
      map.entries.set(k, fromPlain(v, origin));
      map.keyOrigins.set(k, origin);
    }
    return map;
  }
  return { kind: "scalar", text: String(value), origin };
}

/** The node at a schema path, or the deepest node on the way there. */
export function nodeAt(root: ConfigNode, path: readonly PropertyKey[]): { node: ConfigNode; exact: boolean } {
  let node = root;
  for (const seg of path) {
    let next: ConfigNode | undefined;
    if (node.kind === "map") next = node.entries.get(String(seg));
    else if (node.kind === "seq" && typeof seg === "number") next = node.items[seg];
    if (!next) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}

/** Where the key at the end of `path` is written (its value's origin when the key has none). */
export function keyOriginAt(root: ConfigNode, path: readonly PropertyKey[]): ConfigOrigin | undefined {
  if (path.length === 0) return root.origin;
  const parent = nodeAt(root, path.slice(0, -1));
  if (!parent.exact) return parent.node.origin;
  const last = path[path.length - 1];
  if (parent.node.kind === "map") return parent.node.keyOrigins.get(String(last)) ?? parent.node.origin;
  return nodeAt(root, path).node.origin;
}

/** A short description of a value for messages: `"abc"`, `a map`, `a list`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return JSON.stringify(String(value));
}
