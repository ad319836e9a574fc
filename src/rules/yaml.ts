// Rules YAML as a small node tree with positions, read the way Falco's YAML library (yaml-cpp) reads it:
// every scalar is text, `~`/`null`/empty is a null node, the first of duplicate keys wins.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";

/** A 0-based place in the file. */
export interface Place {
  offset: number;
  line: number;
  column: number;
}

export interface YScalar extends Place {
  kind: "scalar";
  /** The scalar's text: as written for plain scalars, decoded for quoted and block scalars. */
  value: string;
}

export interface YNull extends Place {
  kind: "null";
}

export interface YSeq extends Place {
  kind: "seq";
  items: YNode[];
}

export interface YMap extends Place {
  kind: "map";
  entries: { key: YNode; value: YNode }[];
}

export type YNode = YScalar | YNull | YSeq | YMap;

/** A YAML syntax error: message and where. */
export interface YamlSyntaxError extends Place {
  message: string;
}

const NULL_WORDS = new Set(["", "~", "null", "Null", "NULL"]);

/** Parses every document of a rules content; a syntax error anywhere fails the whole content, as in Falco. */
export function parseYamlDocuments(content: string): { docs: YNode[] } | { error: YamlSyntaxError } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(content, {
    lineCounter,
    schema: "failsafe",
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
  });
  const docs = Array.isArray(parsed) ? parsed : [];
  const place = (offset: number): Place => {
    const p = lineCounter.linePos(offset);
    return { offset, line: p.line - 1, column: p.col - 1 };
  };
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const firstLine = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      const at = place(err.pos[0]);
      return {
        error: { ...at, message: `error at line ${at.line + 1}, column ${at.column + 1}: ${firstLine}` },
      };
    }
  }
  const out: YNode[] = [];
  for (const doc of docs) {
    const converted = convert(doc, doc.contents, place, new Map());
    if (converted) out.push(converted);
  }
  return { docs: out };
}

function convert(
  doc: Document.Parsed,
  node: Node | null | undefined,
  place: (offset: number) => Place,
  seen: Map<Node, YNode>,
): YNode | undefined {
  if (node === null || node === undefined) return undefined;
  const cached = seen.get(node);
  if (cached) return cached;
  const at = place(node.range?.[0] ?? 0);
  let out: YNode;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return convert(doc, target as Node | undefined, place, seen) ?? { kind: "null", ...at };
  } else if (isScalar(node)) {
    const plain = node.type === "PLAIN" || node.type === undefined;
    const text = plain && typeof node.source === "string" ? node.source : String(node.value ?? "");
    out = plain && NULL_WORDS.has(text) ? { kind: "null", ...at } : { kind: "scalar", value: text, ...at };
  } else if (isSeq(node)) {
    const seq: YSeq = { kind: "seq", items: [], ...at };
    seen.set(node, seq);
    for (const item of node.items) {
      seq.items.push(convert(doc, item as Node, place, seen) ?? { kind: "null", ...at });
    }
    out = seq;
  } else if (isMap(node)) {
    const map: YMap = { kind: "map", entries: [], ...at };
    seen.set(node, map);
    for (const pair of node.items) {
      const key = convert(doc, pair.key as Node, place, seen) ?? { kind: "null", ...at };
      const valueAt = pair.value && (pair.value as Node).range ? undefined : keyEnd(pair.key as Node, place);
      const value = convert(doc, pair.value as Node, place, seen) ?? { kind: "null", ...(valueAt ?? key) };
      map.entries.push({ key, value });
    }
    out = map;
  } else {
    out = { kind: "null", ...at };
  }
  seen.set(node, out);
  return out;
}

function keyEnd(key: Node | null | undefined, place: (offset: number) => Place): Place | undefined {
  const end = key?.range?.[1];
  return end === undefined ? undefined : place(end);
}

/** The value of `key` in a map (the first one, if the key is repeated); undefined when the key is absent. */
export function getKey(map: YNode, key: string): YNode | undefined {
  if (map.kind !== "map") return undefined;
  for (const e of map.entries) if (e.key.kind === "scalar" && e.key.value === key) return e.value;
  return undefined;
}

/** The key node of `key` in a map, for positions. */
export function getKeyNode(map: YNode, key: string): YNode | undefined {
  if (map.kind !== "map") return undefined;
  for (const e of map.entries) if (e.key.kind === "scalar" && e.key.value === key) return e.key;
  return undefined;
}

/** The map's keys as text, in order. */
export function mapKeys(map: YNode): string[] {
  if (map.kind !== "map") return [];
  return map.entries.map((e) => (e.key.kind === "scalar" ? e.key.value : ""));
}
