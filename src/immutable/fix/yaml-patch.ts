// Format-preserving edits of one YAML document. The yaml Document API finds the nodes and their source
// ranges; edits are spliced into the original text (new keys after a map's last pair, new items after a
// sequence's last item, scalar values replaced in place), so everything not edited — comments, key order,
// quoting, blank lines, indentation — stays byte for byte. Re-rendering with yaml's toString instead
// (even with the file's detected indent and sequence style) reproduces only 152 of the corpus's 248 YAML
// files exactly. Every patch is checked: the edited text must parse to the value the edits describe.
import { isDeepStrictEqual } from "node:util";
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import type { DocPath } from "../model.js";

/** How new block content is laid out: indent unit, and whether `- ` items are indented under their key. */
export interface PatchStyle {
  indent: number;
  indentSeq: boolean;
}

type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Among edits at the same offset, lower orders come first in the text. */
  order: number;
}

/** Edits at the end of a line (values, comments) come before blocks inserted at the same offset. */
const LINE_EDIT = -Number.MAX_SAFE_INTEGER;

/** New keys waiting to be rendered into an existing map, or into an empty (null) value that becomes one. */
interface PendingMap {
  node: YAMLMap | Scalar;
  keys: Map<string, Plain>;
}
interface PendingSeq {
  node: YAMLSeq;
  items: Plain[];
}

/** Thrown when an edit cannot be made without disturbing the document; the caller leaves it unchanged. */
export class PatchError extends Error {}

const SIMPLE = /^[A-Za-z0-9_./][A-Za-z0-9_./ :-]*$/;
const AMBIGUOUS =
  /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

/** A scalar as YAML text: plain when unambiguous, double-quoted otherwise. */
export function renderScalar(v: Plain): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string") {
    if (SIMPLE.test(v) && !AMBIGUOUS.test(v) && !v.endsWith(" ") && !v.includes(": ") && !v.endsWith(":"))
      return v;
    return JSON.stringify(v);
  }
  throw new PatchError("not a scalar");
}

function renderFlow(v: Plain): string {
  if (Array.isArray(v)) return `[${v.map(renderFlow).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v)
      .map(([k, x]) => `${renderScalar(k)}: ${renderFlow(x)}`)
      .join(", ")}}`;
  }
  return renderScalar(v);
}

function isObject(v: Plain | undefined): v is { [k: string]: Plain } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Applies edits to one document's text; `comments` adds `# …` to the first line of new nodes. */
export class YamlPatcher {
  private readonly doc: Document.Parsed;
  private readonly edits: Edit[] = [];
  private readonly pendingMaps = new Map<YAMLMap | Scalar, PendingMap>();
  private readonly pendingSeqs = new Map<YAMLSeq, PendingSeq>();
  /** Comments for new nodes, keyed by the new object and the key (or index) in it. */
  private readonly comments = new WeakMap<object, Map<string | number, string>>();
  private readonly lineComments = new Map<number, string>();
  private seq = 0;
  /** The document's line break (CRLF files stay CRLF). */
  private readonly eol: string;
  /** The value the edited document must parse to. */
  readonly expected: Plain;
  changed = false;

  constructor(
    private readonly src: string,
    private readonly style: PatchStyle,
  ) {
    this.eol = src.includes("\r\n") ? "\r\n" : "\n";
    this.doc = parseDocument(src, { uniqueKeys: false, logLevel: "error" });
    if (this.doc.errors.length > 0) throw new PatchError(this.doc.errors[0]?.message ?? "parse error");
    this.expected = this.doc.toJS({ maxAliasCount: 1000 }) as Plain;
  }

  private nodeAt(path: DocPath): { node: unknown; depth: number; parents: unknown[] } {
    let node: unknown = this.doc.contents;
    const parents: unknown[] = [];
    let depth = 0;
    for (const seg of path) {
      let next: unknown;
      if (isMap(node) && typeof seg === "string") {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
        next = pair?.value;
        if (pair === undefined) break;
      } else if (isSeq(node) && typeof seg === "number") {
        next = node.items[seg];
        if (next === undefined) break;
      } else break;
      parents.push(node);
      node = next;
      depth++;
    }
    return { node, depth, parents };
  }

  private expectedAt(path: DocPath): Plain | undefined {
    let cur: Plain | undefined = this.expected;
    for (const seg of path) {
      if (cur === null || typeof cur !== "object") return undefined;
      cur = Array.isArray(cur) ? cur[seg as number] : cur[seg as string];
    }
    return cur;
  }

  private setExpected(path: DocPath, value: Plain): void {
    let cur: Plain | undefined = this.expected;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i] as string | number;
      if (!isObject(cur) && !Array.isArray(cur)) throw new PatchError("cannot set below a scalar");
      const container: Plain[] | { [k: string]: Plain } = cur;
      let next: Plain | undefined = Array.isArray(container)
        ? container[seg as number]
        : container[seg as string];
      if (next === undefined || next === null) {
        next = {};
        if (Array.isArray(container)) container[seg as number] = next;
        else container[seg as string] = next;
      }
      cur = next;
    }
    const last = path[path.length - 1] as string | number;
    if (Array.isArray(cur)) cur[last as number] = value;
    else if (isObject(cur)) cur[last as string] = value;
    else throw new PatchError("cannot set below a scalar");
  }

  private addComment(owner: object, key: string | number, comment: string | undefined): void {
    if (comment === undefined) return;
    let m = this.comments.get(owner);
    if (m === undefined) {
      m = new Map();
      this.comments.set(owner, m);
    }
    m.set(key, comment);
  }

  /** Sets a scalar (or new subtree) at `path`, creating missing maps on the way. */
  set(path: DocPath, value: Plain, comment?: string): void {
    const { node, depth } = this.nodeAt(path);
    const current = this.expectedAt(path);
    if (depth === path.length) {
      if (isDeepStrictEqual(current, value)) return;
      if (isScalar(node) && node.value !== null && !isObject(value) && !Array.isArray(value)) {
        this.replaceScalar(node, value, comment);
        this.setExpected(path, value);
        this.changed = true;
        return;
      }
      if (isScalar(node) && node.value === null) {
        if (isObject(value)) {
          for (const [k, v] of Object.entries(value)) this.addToMap(node, path, [k], v, comment);
        } else {
          this.replaceScalar(node, value, comment);
          this.setExpected(path, value);
          this.changed = true;
        }
        return;
      }
      if (isMap(node) && isObject(value)) {
        for (const [k, v] of Object.entries(value)) this.set([...path, k], v, comment);
        return;
      }
      throw new PatchError(
        `cannot replace the ${isMap(node) ? "map" : isSeq(node) ? "sequence" : "value"} at ${path.join(".")}`,
      );
    }
    const parent = node;
    if (!isMap(parent) && !(isScalar(parent) && parent.value === null)) {
      throw new PatchError(`no map at ${path.slice(0, depth).join(".")}`);
    }
    this.addToMap(parent, path.slice(0, depth), path.slice(depth), value, comment);
  }

  /** Appends an item to the sequence at `path` (creating the sequence if it is missing). */
  append(path: DocPath, item: Plain, comment?: string): void {
    const { node, depth } = this.nodeAt(path);
    if (depth === path.length && isSeq(node)) {
      let p = this.pendingSeqs.get(node);
      if (p === undefined) {
        p = { node, items: [] };
        this.pendingSeqs.set(node, p);
      }
      p.items.push(item);
      this.addComment(p.items, p.items.length - 1, comment);
      const arr = this.expectedAt(path);
      if (!Array.isArray(arr)) throw new PatchError("expected a sequence");
      arr.push(item);
      this.changed = true;
      return;
    }
    if (depth === path.length && !(isScalar(node) && node.value === null)) {
      throw new PatchError(`${path.join(".")} is not a sequence`);
    }
    // Missing (or null): create it, or add to the sequence created earlier in this patch.
    const pendingSeq = this.expectedAt(path);
    if (Array.isArray(pendingSeq) && depth < path.length) {
      pendingSeq.push(item);
      this.addComment(pendingSeq, pendingSeq.length - 1, comment);
      return;
    }
    const arr: Plain[] = [item];
    this.addComment(arr, 0, comment);
    this.set(path, arr);
  }

  /** Removes the pair at `path` from its block map, leaving a comment line in its place. */
  remove(path: DocPath, comment?: string): void {
    const { node, depth, parents } = this.nodeAt(path);
    if (depth !== path.length) return;
    const map = parents[parents.length - 1];
    if (!isMap(map) || map.flow === true) throw new PatchError("can only remove from a block map");
    const key = path[path.length - 1];
    const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    const keyStart = (pair?.key as Node | undefined)?.range?.[0];
    const valueEnd = (node as Node | undefined)?.range?.[2] ?? (node as Node | undefined)?.range?.[1];
    if (keyStart === undefined || valueEnd === undefined) throw new PatchError("no source range");
    const lineStart = this.src.lastIndexOf("\n", keyStart - 1) + 1;
    if (this.src.slice(lineStart, keyStart).trim() !== "")
      throw new PatchError("key does not start its line");
    const end = this.lineEnd(valueEnd);
    const indent = " ".repeat(keyStart - lineStart);
    const text = comment === undefined ? "" : `${indent}# ${comment}${this.eol}`;
    this.edits.push({ start: lineStart, end, text, order: this.seq++ });
    const parent = this.expectedAt(path.slice(0, -1));
    if (isObject(parent)) delete parent[key as string];
    if (isObject(parent) && Object.keys(parent).length === 0 && map.items.length === 1) {
      // The map is now empty in the source: it reads as null unless something is added to it.
      this.setExpected(path.slice(0, -1), null);
    }
    this.changed = true;
  }

  /** Adds `# comment` at the end of the line where the node at `path` starts, unless the line has one. */
  annotate(path: DocPath, comment: string): void {
    const { node, depth } = this.nodeAt(path);
    if (depth !== path.length) return;
    const start = (node as Node | undefined)?.range?.[0];
    if (start === undefined) return;
    const end = this.contentEnd(start);
    if (this.src.slice(start, end).includes("#") || this.lineComments.has(end)) return;
    this.lineComments.set(end, comment);
    this.edits.push({ start: end, end, text: `  # ${comment}`, order: LINE_EDIT + this.seq++ });
    this.changed = true;
  }

  private lineEnd(offset: number): number {
    if (offset > 0 && this.src[offset - 1] === "\n") return offset;
    const nl = this.src.indexOf("\n", offset);
    return nl < 0 ? this.src.length : nl + 1;
  }

  /** Where the text of the line containing `offset` ends (before its CR LF or LF). */
  private contentEnd(offset: number): number {
    const nl = this.src.indexOf("\n", offset);
    if (nl < 0) return this.src.length;
    return nl > 0 && this.src[nl - 1] === "\r" ? nl - 1 : nl;
  }

  private column(offset: number): number {
    return offset - (this.src.lastIndexOf("\n", offset - 1) + 1);
  }

  private replaceScalar(node: Node, value: Plain, comment: string | undefined): void {
    const [start, end] = node.range ?? [];
    if (start === undefined || end === undefined) throw new PatchError("no source range");
    const text = start === end ? ` ${renderScalar(value)}` : renderScalar(value);
    this.edits.push({ start, end, text, order: LINE_EDIT + this.seq++ });
    const lineEnd = this.contentEnd(end);
    if (comment !== undefined && !this.src.slice(end, lineEnd).includes("#")) {
      this.edits.push({
        start: lineEnd,
        end: lineEnd,
        text: `  # ${comment}`,
        order: LINE_EDIT + this.seq++,
      });
    }
  }

  private addToMap(
    map: YAMLMap | Scalar,
    mapPath: DocPath,
    rest: DocPath,
    value: Plain,
    comment: string | undefined,
  ): void {
    let p = this.pendingMaps.get(map);
    if (p === undefined) {
      p = { node: map, keys: new Map() };
      this.pendingMaps.set(map, p);
    }
    const [first, ...deeper] = rest;
    if (typeof first !== "string") throw new PatchError("cannot index a missing sequence");
    const existing = p.keys.get(first);
    if (existing === undefined) {
      const v = nest(deeper, value);
      p.keys.set(first, v);
      this.addComment(p.keys, first, deeper.length === 0 ? comment : undefined);
      if (deeper.length > 0) this.commentDeepest(v, deeper, comment);
    } else {
      // A key added earlier in this patch: merge into it.
      let cur: Plain = existing;
      for (let i = 0; i < deeper.length - 1; i++) {
        if (!isObject(cur)) throw new PatchError("conflicting additions");
        const seg = deeper[i] as string;
        if (cur[seg] === undefined) cur[seg] = {};
        cur = cur[seg] as Plain;
      }
      if (deeper.length === 0 || !isObject(cur)) throw new PatchError("conflicting additions");
      const last = deeper[deeper.length - 1] as string;
      cur[last] = value;
      this.addComment(cur, last, comment);
    }
    this.setExpected([...mapPath, ...rest], value);
    this.changed = true;
  }

  private commentDeepest(v: Plain, deeper: DocPath, comment: string | undefined): void {
    let cur: Plain = v;
    for (let i = 0; i < deeper.length - 1; i++) {
      if (!isObject(cur)) return;
      cur = cur[deeper[i] as string] as Plain;
    }
    if (isObject(cur)) this.addComment(cur, deeper[deeper.length - 1] as string, comment);
  }

  private commentFor(owner: object, key: string | number): string {
    const c = this.comments.get(owner)?.get(key);
    return c === undefined ? "" : `  # ${c}`;
  }

  /** Block lines for the entries of a new map at `indent`. */
  private renderMap(obj: { [k: string]: Plain }, indent: number, owner: object = obj): string[] {
    const out: string[] = [];
    const sp = " ".repeat(indent);
    for (const [k, v] of Object.entries(obj)) {
      const c = this.commentFor(owner, k);
      const key = renderScalar(k);
      if (isObject(v) && Object.keys(v).length > 0) {
        out.push(`${sp}${key}:${c}`, ...this.renderMap(v, indent + this.style.indent));
      } else if (Array.isArray(v) && v.length > 0) {
        out.push(
          `${sp}${key}:${c}`,
          ...this.renderSeq(v, this.style.indentSeq ? indent + this.style.indent : indent),
        );
      } else {
        out.push(`${sp}${key}: ${isObject(v) || Array.isArray(v) ? renderFlow(v) : renderScalar(v)}${c}`);
      }
    }
    return out;
  }

  /** Block lines for the items of a new sequence whose dashes are at `indent`. */
  private renderSeq(
    items: Plain[],
    indent: number,
    itemIndent = indent + 2,
    owner: object = items,
  ): string[] {
    const out: string[] = [];
    const dash = `${" ".repeat(indent)}- `;
    items.forEach((item, i) => {
      const c = this.commentFor(owner, i);
      if (isObject(item) && Object.keys(item).length > 0) {
        const lines = this.renderMap(item, itemIndent);
        lines[0] = `${dash}${(lines[0] ?? "").slice(itemIndent)}${c}`;
        out.push(...lines);
      } else {
        out.push(
          `${dash}${isObject(item) || Array.isArray(item) ? renderFlow(item) : renderScalar(item)}${c}`,
        );
      }
    });
    return out;
  }

  private flushPending(): void {
    for (const p of this.pendingMaps.values()) {
      const entries = Object.fromEntries(p.keys) as { [k: string]: Plain };
      const node = p.node;
      const [start, valueEnd] = node.range ?? [];
      if (start === undefined || valueEnd === undefined) throw new PatchError("no source range");
      if (isScalar(node)) {
        this.fillNull(start, valueEnd, entries, p.keys);
        continue;
      }
      if (node.flow === true) {
        const close = valueEnd - 1;
        if (this.src[close] !== "}") throw new PatchError("flow map without closing brace");
        const body = Object.entries(entries)
          .map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`)
          .join(", ");
        this.edits.push({
          start: close,
          end: close,
          text: node.items.length > 0 ? `, ${body}` : body,
          order: this.seq++,
        });
        const comments = [...p.keys.keys()]
          .map((k) => this.comments.get(p.keys)?.get(k))
          .filter((c) => c !== undefined);
        const lineEnd = this.contentEnd(valueEnd);
        if (comments.length > 0 && !this.src.slice(valueEnd, lineEnd).includes("#")) {
          this.edits.push({
            start: lineEnd,
            end: lineEnd,
            text: `  # ${comments[0]}`,
            order: LINE_EDIT + this.seq++,
          });
        }
        continue;
      }
      const firstKey = (node.items[0]?.key as Node | undefined)?.range?.[0];
      const indent = firstKey === undefined ? 0 : this.column(firstKey);
      const lines = this.renderMap(entries, indent, p.keys);
      this.insertBlock(valueEnd, lines, start);
    }
    for (const p of this.pendingSeqs.values()) {
      const node = p.node;
      const [start, valueEnd] = node.range ?? [];
      if (start === undefined || valueEnd === undefined) throw new PatchError("no source range");
      if (node.flow === true) {
        const close = valueEnd - 1;
        if (this.src[close] !== "]") throw new PatchError("flow sequence without closing bracket");
        const body = p.items.map(renderFlow).join(", ");
        this.edits.push({
          start: close,
          end: close,
          text: node.items.length > 0 ? `, ${body}` : body,
          order: this.seq++,
        });
        continue;
      }
      const dashCol = this.column(start);
      const firstItem = (node.items[0] as Node | undefined)?.range?.[0];
      const itemIndent = firstItem === undefined ? dashCol + 2 : this.column(firstItem);
      this.insertBlock(valueEnd, this.renderSeq(p.items, dashCol, itemIndent, p.items), start);
    }
  }

  /**
   * Inserts lines after a collection. Nested collections can end at the same offset as their parent; the
   * inner one (which starts later) must come first, so the order is the negated start of the collection.
   */
  /** Replaces an empty value (`key:` or `key: ~`) with the new map. */
  private fillNull(start: number, end: number, entries: { [k: string]: Plain }, owner: object): void {
    if (start !== end) {
      const body = Object.entries(entries)
        .map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`)
        .join(", ");
      this.edits.push({ start, end, text: `{${body}}`, order: LINE_EDIT + this.seq++ });
      return;
    }
    // `key:` with nothing after it: the new content goes on the following lines, one indent deeper.
    const lineStart = this.src.lastIndexOf("\n", start - 1) + 1;
    const line = this.src.slice(lineStart, start);
    const keyIndent = (/^ */.exec(line)?.[0].length ?? 0) + (/^ *- /.test(line) ? 2 : 0);
    const lines = this.renderMap(entries, keyIndent + this.style.indent, owner);
    this.edits.push({
      start,
      end,
      text: `${this.eol}${lines.join(this.eol)}`,
      order: LINE_EDIT + this.seq++,
    });
  }

  private insertBlock(after: number, lines: string[], collectionStart: number): void {
    const at = this.lineEnd(after);
    const needsNewline = at === this.src.length && !this.src.endsWith("\n");
    const text = `${needsNewline ? this.eol : ""}${lines.join(this.eol)}${this.eol}`;
    this.edits.push({ start: at, end: at, text, order: -collectionStart - 1 });
  }

  /** The edited text; throws PatchError when it does not parse to the expected value. */
  result(): string {
    if (!this.changed) return this.src;
    this.flushPending();
    // Applied from the end; at one offset, the edit applied last lands first, so higher orders go first.
    const sorted = [...this.edits].sort((a, b) => b.start - a.start || b.order - a.order);
    let out = this.src;
    let limit = Number.POSITIVE_INFINITY;
    for (const e of sorted) {
      if (e.end > limit) throw new PatchError("overlapping edits");
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
      limit = e.start;
    }
    const check = parseDocument(out, { uniqueKeys: false, logLevel: "error" });
    if (check.errors.length > 0)
      throw new PatchError(`edited text does not parse: ${check.errors[0]?.message}`);
    if (!isDeepStrictEqual(check.toJS({ maxAliasCount: 1000 }), this.expected)) {
      throw new PatchError("edited text does not hold the intended values");
    }
    return out;
  }
}

function nest(path: DocPath, value: Plain): Plain {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) v = { [path[i] as string]: v };
  return v;
}

/** Detects a document's indent unit and sequence style from its block collections (defaults: 2, no indent). */
export function detectStyle(src: string): PatchStyle {
  const indents = new Map<number, number>();
  let seqIndented = 0;
  let seqFlush = 0;
  const lines = src.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] ?? "";
    const m = /^( *)(?:- )?[^\s#-][^:#]*:\s*(?:#.*)?$/.exec(line);
    if (m === null) continue;
    const keyCol = line.startsWith(`${m[1]}- `) ? (m[1]?.length ?? 0) + 2 : (m[1]?.length ?? 0);
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j] ?? "")) j++;
    const next = lines[j] ?? "";
    const col = /^ */.exec(next)?.[0].length ?? 0;
    if (next.slice(col).startsWith("- ") || next.slice(col) === "-") {
      if (col > keyCol) seqIndented++;
      else if (col === keyCol) seqFlush++;
    } else if (col > keyCol) {
      indents.set(col - keyCol, (indents.get(col - keyCol) ?? 0) + 1);
    }
  }
  let indent = 2;
  let best = 0;
  for (const [unit, n] of indents) {
    if (n > best || (n === best && unit < indent)) {
      best = n;
      indent = unit;
    }
  }
  return { indent, indentSeq: seqIndented > seqFlush };
}
