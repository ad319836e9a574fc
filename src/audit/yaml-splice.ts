// Format-preserving edits of one YAML document, for patching kube-apiserver's static-pod manifest.
// The yaml Document API finds nodes and their source ranges; edits are spliced into the original text
// (a scalar replaced in place, a sequence item inserted after the line its neighbour ends on or
// deleted with its lines, a key added after a map's last pair), so everything not edited (comments,
// key order, quoting, blank lines, indentation) stays byte for byte. The same operations are applied
// to the plain value of the document, and the edited text must parse to exactly that value.
import { isDeepStrictEqual } from "node:util";
import {
  type Document,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type ParsedNode,
  parseAllDocuments,
  Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";

/** A plain YAML value, as the edits describe new content. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** A path into the document: map keys and sequence indexes, as in the original text. */
export type YamlPath = ReadonlyArray<string | number>;

/** One logical edit; indexes always refer to the original document. */
export type YamlOp =
  /** Sets a key of the map at `path` (replaces a scalar value in place, or adds the key at the end). */
  | { kind: "set"; path: YamlPath; key: string; value: Plain }
  /** Replaces the scalar item `index` of the sequence at `path`. */
  | { kind: "replaceItem"; path: YamlPath; index: number; value: string | number | boolean }
  /** Deletes item `index` of the sequence at `path`, with its lines. */
  | { kind: "deleteItem"; path: YamlPath; index: number }
  /** Inserts a new item after item `after` (-1: before the first) of the sequence at `path`. */
  | { kind: "insertItem"; path: YamlPath; after: number; value: Plain };

/** Why an edit could not be made without disturbing the document (a code, a message, where). */
export class SpliceError extends Error {
  constructor(
    readonly code: "YAML_PARSE" | "YAML_LAYOUT" | "YAML_VERIFY",
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** How new block content is laid out, learnt from the document. */
export interface BlockStyle {
  /** Spaces per nesting level of maps. */
  indent: number;
  /** Whether `- ` items sit under their key indented (`key:\n  - x`) or not (`key:\n- x`, kubeadm's). */
  indentSeq: boolean;
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
  seq: number;
}

const SAFE_PLAIN = /^[A-Za-z0-9_/-][A-Za-z0-9_./=,:@+~-]*$/;
// YAML 1.1 (what the kubelet's go-yaml v2 reads) turns these into booleans, numbers, null or times.
const AMBIGUOUS =
  /^(?:y|n|yes|no|true|false|on|off|null|~|[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[-+]?\d+)?|[-+]?0x[0-9a-f_]+|[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?|\.inf|\.nan|\d{4}-\d\d?-\d\d?.*)$/i;

/** A scalar as YAML text: plain when the kubelet would read it back as the same string, else double-quoted. */
export function renderScalar(v: Plain): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v !== "string") throw new SpliceError("YAML_LAYOUT", "not a scalar");
  if (SAFE_PLAIN.test(v) && !AMBIGUOUS.test(v) && !v.endsWith(":") && !v.includes("://")) return v;
  return JSON.stringify(v);
}

function isPlainObject(v: Plain | undefined): v is { [key: string]: Plain } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const spaces = (n: number) => " ".repeat(n);

/** The lines of a map's entries at column `col` (no trailing newline). */
export function renderMapLines(obj: { [key: string]: Plain }, col: number, style: BlockStyle): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = renderScalar(k);
    if (Array.isArray(v) && v.length > 0) {
      out.push(
        `${spaces(col)}${key}:`,
        ...renderSeqLines(v, style.indentSeq ? col + style.indent : col, style),
      );
    } else if (isPlainObject(v) && Object.keys(v).length > 0) {
      out.push(`${spaces(col)}${key}:`, ...renderMapLines(v, col + style.indent, style));
    } else if (Array.isArray(v)) out.push(`${spaces(col)}${key}: []`);
    else if (isPlainObject(v)) out.push(`${spaces(col)}${key}: {}`);
    else out.push(`${spaces(col)}${key}: ${renderScalar(v)}`);
  }
  return out;
}

/** The lines of sequence items whose dash is at column `dashCol` (no trailing newline). */
export function renderSeqLines(items: readonly Plain[], dashCol: number, style: BlockStyle): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (isPlainObject(item) && Object.keys(item).length > 0) {
      const lines = renderMapLines(item, dashCol + 2, style);
      out.push(`${spaces(dashCol)}- ${(lines[0] as string).trimStart()}`, ...lines.slice(1));
    } else if (Array.isArray(item) && item.length > 0) {
      const lines = renderSeqLines(item, dashCol + 2, style);
      out.push(`${spaces(dashCol)}- ${(lines[0] as string).trimStart()}`, ...lines.slice(1));
    } else if (Array.isArray(item)) out.push(`${spaces(dashCol)}- []`);
    else if (isPlainObject(item)) out.push(`${spaces(dashCol)}- {}`);
    else out.push(`${spaces(dashCol)}- ${renderScalar(item)}`);
  }
  return out;
}

/** One YAML document's text, its parse and helpers to address it. */
export class YamlSource {
  readonly doc: Document.Parsed;
  readonly style: BlockStyle;

  constructor(readonly text: string) {
    // The kubelet reads manifests as YAML 1.1 (go-yaml v2): `on`, `yes`, `0755` are not strings there.
    const docs = parseAllDocuments(text, { version: "1.1", keepSourceTokens: false });
    if (!Array.isArray(docs)) throw new SpliceError("YAML_PARSE", "no YAML document");
    const real = docs.filter((d) => d.contents !== null);
    if (real.length !== 1)
      throw new SpliceError(
        "YAML_PARSE",
        real.length === 0 ? "empty file: no YAML document" : `${real.length} YAML documents; expected one`,
      );
    const doc = real[0] as Document.Parsed;
    const err = doc.errors[0];
    if (err !== undefined) throw new SpliceError("YAML_PARSE", err.message, err.linePos?.[0]?.line);
    this.doc = doc;
    this.style = this.detectStyle();
  }

  /** The plain value of the document. */
  toPlain(): Plain {
    return this.doc.toJS({ maxAliasCount: 100 }) as Plain;
  }

  /** The node at a path, or undefined. */
  nodeAt(path: YamlPath): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      if (typeof key === "number") {
        if (!isSeq(node)) return undefined;
        node = node.items[key];
      } else {
        if (!isMap(node)) return undefined;
        node = node.get(key, true);
      }
      if (node === undefined || node === null) return undefined;
    }
    return node as Node;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let line = 1;
    for (let i = this.text.indexOf("\n"); i >= 0 && i < offset; i = this.text.indexOf("\n", i + 1)) line++;
    return line;
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** The offset after the newline ending the line that holds `offset - 1`. */
  afterLine(offsetEnd: number): number {
    const nl = this.text.indexOf("\n", Math.max(0, offsetEnd - 1));
    return nl < 0 ? this.text.length : nl + 1;
  }

  /** Where the node's own text ends (its range end without the newlines and spaces that follow). */
  contentEnd(node: Node): number {
    const range = (node as ParsedNode).range;
    let end = range[1];
    while (end > range[0] && /\s/.test(this.text[end - 1] as string)) end--;
    return end;
  }

  /** Column of the `-` of a block sequence item. */
  dashColumn(item: Node): number {
    const start = (item as ParsedNode).range[0];
    let i = start - 1;
    while (i >= 0 && this.text[i] === " ") i--;
    if (this.text[i] !== "-")
      throw new SpliceError("YAML_LAYOUT", "sequence item without a dash", this.lineOf(start));
    return i - this.lineStart(i);
  }

  /** Column where a node starts. */
  column(node: Node): number {
    const start = (node as ParsedNode).range[0];
    return start - this.lineStart(start);
  }

  private detectStyle(): BlockStyle {
    let indent = 0;
    let indentSeq: boolean | undefined;
    const visit = (node: unknown, depth: number): void => {
      if (depth > 20) return;
      if (isMap(node) && !node.flow) {
        const col = this.column(node as Node);
        for (const pair of node.items) {
          const v = pair.value;
          if (isMap(v) && !v.flow && v.items.length > 0 && indent === 0) {
            const d = this.column(v as Node) - col;
            if (d > 0) indent = d;
          }
          if (isSeq(v) && !v.flow && v.items.length > 0 && indentSeq === undefined) {
            const first = v.items[0];
            if (first !== null && first !== undefined) indentSeq = this.dashColumn(first as Node) > col;
          }
          visit(v, depth + 1);
        }
      } else if (isSeq(node) && !node.flow) {
        for (const item of node.items) visit(item, depth + 1);
      }
    };
    visit(this.doc.contents, 0);
    return { indent: indent > 0 ? indent : 2, indentSeq: indentSeq ?? false };
  }
}

/** Applies ops to a copy of a plain value (indexes refer to the original), as the text edits do. */
export function applyOpsToPlain(original: Plain, ops: readonly YamlOp[]): Plain {
  const root = structuredClone(original);
  const at = (path: YamlPath): Plain | undefined => {
    let v: Plain | undefined = root;
    for (const k of path) {
      if (typeof k === "number") v = Array.isArray(v) ? v[k] : undefined;
      else v = isPlainObject(v) ? v[k] : undefined;
    }
    return v;
  };
  // Map keys first: they address items by their original index.
  for (const op of ops) {
    if (op.kind !== "set") continue;
    const m = at(op.path);
    if (!isPlainObject(m)) throw new SpliceError("YAML_VERIFY", `no map at ${op.path.join(".")}`);
    m[op.key] = structuredClone(op.value);
  }
  const bySeq = new Map<string, { path: YamlPath; ops: YamlOp[] }>();
  for (const op of ops) {
    if (op.kind === "set") continue;
    const k = JSON.stringify(op.path);
    const e = bySeq.get(k) ?? { path: op.path, ops: [] };
    e.ops.push(op);
    bySeq.set(k, e);
  }
  for (const { path, ops: seqOps } of bySeq.values()) {
    const arr = at(path);
    if (!Array.isArray(arr)) throw new SpliceError("YAML_VERIFY", `no sequence at ${path.join(".")}`);
    const rebuilt: Plain[] = [];
    const insertsAfter = (j: number) => {
      for (const op of seqOps)
        if (op.kind === "insertItem" && op.after === j) rebuilt.push(structuredClone(op.value));
    };
    insertsAfter(-1);
    arr.forEach((item, j) => {
      if (!seqOps.some((op) => op.kind === "deleteItem" && op.index === j)) {
        const rep = seqOps.find((op) => op.kind === "replaceItem" && op.index === j);
        rebuilt.push(rep !== undefined && rep.kind === "replaceItem" ? rep.value : item);
      }
      insertsAfter(j);
    });
    arr.splice(0, arr.length, ...rebuilt);
  }
  return root;
}

/** Renders a replacement scalar keeping the old one's quoting where it can. */
function replacementScalar(old: Scalar, value: string | number | boolean): string {
  if (typeof value === "string") {
    if (old.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
    if (old.type === Scalar.QUOTE_SINGLE && !value.includes("\n")) return `'${value.replace(/'/g, "''")}'`;
  }
  return renderScalar(value);
}

/**
 * Applies the ops to the document's text, keeping everything else byte for byte, and checks that the
 * result parses (as YAML 1.1) to the original value with the ops applied. Throws SpliceError.
 */
export function spliceYaml(src: YamlSource, ops: readonly YamlOp[]): string {
  const text = src.text;
  const edits: TextEdit[] = [];
  let seq = 0;
  const edit = (start: number, end: number, t: string) => edits.push({ start, end, text: t, seq: seq++ });
  const seqNode = (path: YamlPath): YAMLSeq => {
    const n = src.nodeAt(path);
    if (!isSeq(n)) throw new SpliceError("YAML_LAYOUT", `${path.join(".")} is not a sequence`);
    if (n.flow)
      throw new SpliceError("YAML_LAYOUT", `${path.join(".")} is a flow sequence ([…]); write it as a block`);
    return n;
  };
  const itemNode = (s: YAMLSeq, index: number, path: YamlPath): Node => {
    const item = s.items[index];
    if (item === null || item === undefined)
      throw new SpliceError("YAML_LAYOUT", `${path.join(".")}[${index}] is empty`);
    return item as Node;
  };
  /** Insertion at a line boundary; a text that does not end with a newline gets one first. */
  const insertLines = (at: number, lines: string[]) => {
    const prefix = at === text.length && text !== "" && !text.endsWith("\n") ? "\n" : "";
    edit(at, at, `${prefix}${lines.join("\n")}\n`);
  };

  for (const op of ops) {
    switch (op.kind) {
      case "replaceItem": {
        const s = seqNode(op.path);
        const item = itemNode(s, op.index, op.path);
        if (!isScalar(item))
          throw new SpliceError("YAML_LAYOUT", `${op.path.join(".")}[${op.index}] is not a scalar`);
        const r = (item as ParsedNode).range;
        edit(r[0], r[1], replacementScalar(item, op.value));
        break;
      }
      case "deleteItem": {
        const s = seqNode(op.path);
        const item = itemNode(s, op.index, op.path);
        const start = (item as ParsedNode).range[0];
        const dashLineStart = src.lineStart(start);
        if (text.slice(dashLineStart, start).trim() !== "-")
          throw new SpliceError("YAML_LAYOUT", "a sequence item shares its line", src.lineOf(start));
        edit(dashLineStart, src.afterLine(src.contentEnd(item)), "");
        break;
      }
      case "insertItem": {
        const s = seqNode(op.path);
        if (s.items.length === 0) throw new SpliceError("YAML_LAYOUT", `${op.path.join(".")} is empty`);
        const first = itemNode(s, 0, op.path);
        const dashCol = src.dashColumn(first);
        const lines = renderSeqLines([op.value], dashCol, src.style);
        if (op.after < 0)
          edit(
            src.lineStart((first as ParsedNode).range[0]),
            src.lineStart((first as ParsedNode).range[0]),
            `${lines.join("\n")}\n`,
          );
        else insertLines(src.afterLine(src.contentEnd(itemNode(s, op.after, op.path))), lines);
        break;
      }
      case "set": {
        const m = src.nodeAt(op.path);
        if (!isMap(m))
          throw new SpliceError("YAML_LAYOUT", `${op.path.join(".") || "the document"} is not a map`);
        const map = m as YAMLMap;
        if (map.flow)
          throw new SpliceError(
            "YAML_LAYOUT",
            `${op.path.join(".")} is a flow map ({…}); write it as a block`,
          );
        const pair = map.items.find((p) => isScalar(p.key) && p.key.value === op.key);
        const isScalarValue = !isPlainObject(op.value) && !Array.isArray(op.value);
        if (pair !== undefined) {
          const v = pair.value;
          const emptyCollection = isCollection(v) && v.flow === true && v.items.length === 0;
          const nullValue = v === null || (isScalar(v) && v.value === null);
          if (isScalar(v) && v.value !== null && isScalarValue) {
            const r = (v as ParsedNode).range;
            edit(r[0], r[1], replacementScalar(v, op.value as string | number | boolean));
          } else if ((emptyCollection || nullValue) && !isScalarValue) {
            // `key: []`, `key: {}` or `key:` becomes a block collection under the key.
            const keyCol = src.column(pair.key as Node);
            const lines = Array.isArray(op.value)
              ? renderSeqLines(op.value, src.style.indentSeq ? keyCol + src.style.indent : keyCol, src.style)
              : renderMapLines(op.value as { [key: string]: Plain }, keyCol + src.style.indent, src.style);
            if (v !== null && (v as ParsedNode).range !== undefined) {
              const r = (v as ParsedNode).range;
              // Spaces between the colon and `[]` go too.
              let from = r[0];
              while (from > 0 && text[from - 1] === " ") from--;
              edit(from, r[1], `\n${lines.join("\n")}`);
            } else {
              const keyEnd = src.contentEnd(pair.key as Node);
              const colon = text.indexOf(":", keyEnd);
              edit(colon + 1, colon + 1, `\n${lines.join("\n")}`);
            }
          } else {
            throw new SpliceError(
              "YAML_LAYOUT",
              `${[...op.path, op.key].join(".")}: cannot replace this value in place`,
              src.lineOf((pair.key as ParsedNode).range[0]),
            );
          }
        } else {
          const last = map.items[map.items.length - 1];
          if (last === undefined || !isScalar(last.key))
            throw new SpliceError("YAML_LAYOUT", `${op.path.join(".")} is empty`);
          const col = src.column(last.key as Node);
          const lines = renderMapLines({ [op.key]: op.value }, col, src.style);
          const end =
            last.value === null ? src.contentEnd(last.key as Node) : src.contentEnd(last.value as Node);
          insertLines(src.afterLine(end), lines);
        }
        break;
      }
    }
  }

  // Zero-width insertions come before a replacement starting at the same offset; then first made, first.
  edits.sort(
    (a, b) =>
      a.start - b.start || (a.end - a.start === 0 ? 0 : 1) - (b.end - b.start === 0 ? 0 : 1) || a.seq - b.seq,
  );
  let out = "";
  let from = 0;
  for (const e of edits) {
    if (e.start < from) throw new SpliceError("YAML_LAYOUT", "overlapping edits", src.lineOf(e.start));
    out += text.slice(from, e.start) + e.text;
    from = e.end;
  }
  out += text.slice(from);

  // The edited text must mean exactly the original plus the ops.
  let check: YamlSource;
  try {
    check = new YamlSource(out);
  } catch (e) {
    throw new SpliceError("YAML_VERIFY", `the edited manifest does not parse: ${(e as Error).message}`);
  }
  const expected = applyOpsToPlain(src.toPlain(), ops);
  if (!isDeepStrictEqual(check.toPlain(), expected))
    throw new SpliceError("YAML_VERIFY", "the edited manifest does not parse to the intended value");
  return out;
}
