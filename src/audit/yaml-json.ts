// YAML to a JSON tree with positions, the way kube-apiserver converts a policy file
// (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 scalars (yes/no/on/off are booleans, timestamps stay
// text), only the first document, `<<` merge keys applied in order, and duplicate keys kept last
// (strict decoding reports them; the lenient fallback the apiserver uses keeps the last value).
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
import type { Position } from "./policy.js";

export type JsonNode =
  | { type: "null"; pos: Position }
  | { type: "string"; value: string; pos: Position }
  | { type: "number"; value: number; text: string; pos: Position }
  | { type: "bool"; value: boolean; pos: Position }
  | { type: "array"; items: JsonNode[]; pos: Position }
  | { type: "object"; entries: Map<string, JsonEntry>; pos: Position };

export interface JsonEntry {
  keyPos: Position;
  value: JsonNode;
}

/** A key given more than once in one mapping. */
export interface DuplicateKey {
  key: string;
  /** Path of the mapping holding it (`rules[0]`; "" for the top level). */
  path: string;
  pos: Position;
}

export type YamlJsonResult =
  | { ok: true; root: JsonNode | undefined; duplicates: DuplicateKey[]; extraDocuments: Position[] }
  | { ok: false; message: string; pos: Position };

const jsonKey = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

/** Parses YAML (or JSON) text into a positioned JSON tree; a syntax error fails the whole text. */
export function yamlToJson(text: string): YamlJsonResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    version: "1.1",
    merge: true,
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
  });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const doc of list) {
    const err = doc.errors[0];
    if (err !== undefined)
      return { ok: false, message: err.message.split("\n")[0] as string, pos: at(err.pos[0]) };
  }
  const first = list[0];
  if (first === undefined) return { ok: true, root: undefined, duplicates: [], extraDocuments: [] };
  const duplicates: DuplicateKey[] = [];
  const convert = (node: unknown, path: string, depth: number): JsonNode => {
    if (depth > 1000) throw new Error("YAML nesting too deep");
    let n = node;
    if (isAlias(n)) n = n.resolve(first) ?? null;
    const pos = at((n as Node | null)?.range?.[0] ?? 0);
    if (n === null || n === undefined) return { type: "null", pos };
    if (isScalar(n)) {
      const v = n.value;
      if (v === null || v === undefined) return { type: "null", pos };
      if (typeof v === "boolean") return { type: "bool", value: v, pos };
      if (typeof v === "number" || typeof v === "bigint")
        return { type: "number", value: Number(v), text: n.source ?? String(v), pos };
      if (v instanceof Date) return { type: "string", value: n.source ?? v.toISOString(), pos };
      if (typeof v === "symbol") return { type: "string", value: v.description ?? "", pos };
      return { type: "string", value: String(v), pos };
    }
    if (isSeq(n)) {
      return { type: "array", items: n.items.map((it, i) => convert(it, `${path}[${i}]`, depth + 1)), pos };
    }
    if (isMap(n)) {
      const entries = new Map<string, JsonEntry>();
      const put = (key: string, entry: JsonEntry, explicit: boolean) => {
        if (explicit && entries.has(key)) duplicates.push({ key, path, pos: entry.keyPos });
        entries.delete(key);
        entries.set(key, entry);
      };
      for (const pair of n.items) {
        const keyNode = isAlias(pair.key) ? pair.key.resolve(first) : pair.key;
        const keyPos = at((keyNode as Node | null)?.range?.[0] ?? pos.line);
        if (isScalar(keyNode) && keyNode.source === "<<" && keyNode.type === "PLAIN") {
          // Merge key: go-yaml v2 merges each source in order, overwriting keys already set.
          const src = isAlias(pair.value) ? pair.value.resolve(first) : pair.value;
          const sources = isSeq(src) ? src.items : [src];
          for (const s of sources) {
            const m = convert(s, path, depth + 1);
            if (m.type !== "object")
              throw new Error("map merge requires map or sequence of maps as the value");
            for (const [k, e] of m.entries) put(k, e, false);
          }
          continue;
        }
        const k = convert(keyNode, path, depth + 1);
        const key =
          k.type === "string"
            ? k.value
            : k.type === "number"
              ? String(k.value)
              : k.type === "bool"
                ? String(k.value)
                : k.type === "null"
                  ? "null"
                  : JSON.stringify(k);
        put(key, { keyPos, value: convert(pair.value, jsonKey(path, key), depth + 1) }, true);
      }
      return { type: "object", entries, pos };
    }
    return { type: "null", pos };
  };
  try {
    const root = first.contents === null ? undefined : convert(first.contents, "", 0);
    const extraDocuments = list.slice(1).map((d) => at(d.range[0]));
    return { ok: true, root, duplicates, extraDocuments };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e), pos: { line: 1, column: 1 } };
  }
}
