// A fast reader for the YAML that Kubernetes manifests are written in: block maps and sequences, plain and
// quoted single-line scalars, literal block scalars, one-line flow collections, comments and `---`.
// Scalars resolve by the YAML 1.2 core schema, as the `yaml` package does. Anything else (anchors, tags,
// multi-line plain or flow scalars, folded scalars, directives…) makes it give up, and the caller parses
// the file with `yaml` instead. It is several times faster than the full parser, which is what a 10,000
// object scan spends its time on; tests check it gives the same values and positions over the corpus.

/**
 * Where keys and items start, keyed by the parsed object itself: for a sequence, the offset of each item;
 * for a map, `[key, offset, key, offset, …]` in source order (first occurrence of a key).
 */
export type PositionIndex = WeakMap<object, (string | number)[]>;

/** The offset of a key or item recorded in a PositionIndex entry. */
export function positionOf(index: PositionIndex, node: object, key: string | number): number | undefined {
  const pos = index.get(node);
  if (pos === undefined) return undefined;
  if (Array.isArray(node)) return pos[key as number] as number | undefined;
  for (let i = 0; i < pos.length; i += 2) if (pos[i] === key) return pos[i + 1] as number;
  return undefined;
}

/** One document read by the fast path. */
export interface FastDocument {
  index: number;
  value: unknown;
  /** Offset where the root node starts. */
  rootOffset: number;
  positions: PositionIndex;
}

/** Thrown (and caught) when the input leaves the supported subset. */
class Unsupported extends Error {}

interface Line {
  /** Column of the first non-space character. */
  indent: number;
  /** Offset of the first non-space character. */
  offset: number;
  /** The line from its first non-space character, without the line break. */
  text: string;
  /** Offset where the line starts, and the whole line (for block scalars). */
  start: number;
  raw: string;
  /** Blank or comment-only. */
  empty: boolean;
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const OCT_RE = /^0o[0-7]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Resolves a plain scalar by the YAML 1.2 core schema. */
export function resolvePlain(s: string): unknown {
  if (s === "") return null;
  const c = s.charCodeAt(0);
  // Most scalars start with a letter that no null, boolean or number can start with.
  const maybeSpecial =
    (c >= 48 && c <= 57) ||
    c === 43 ||
    c === 45 ||
    c === 46 ||
    c === 126 ||
    c === 110 ||
    c === 78 ||
    c === 116 ||
    c === 84 ||
    c === 102 ||
    c === 70;
  if (!maybeSpecial) return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return s[0] === "t" || s[0] === "T";
  if (INT_RE.test(s)) {
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new Unsupported("big integer");
    return n;
  }
  if (OCT_RE.test(s)) return Number.parseInt(s.slice(2), 8);
  if (HEX_RE.test(s)) return Number.parseInt(s.slice(2), 16);
  if (FLOAT_RE.test(s) && /[0-9]/.test(s)) return Number(s);
  if (INF_NAN_RE.test(s)) {
    if (s.endsWith("nan") || s.endsWith("NaN") || s.endsWith("NAN")) return Number.NaN;
    return s.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return s;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

/** Reads a quoted scalar starting at `s[i]`; returns the value and the index after the closing quote. */
function readQuoted(s: string, i: number): [string, number] {
  const q = s[i];
  let out = "";
  let j = i + 1;
  if (q === "'") {
    for (;;) {
      const k = s.indexOf("'", j);
      if (k < 0) throw new Unsupported("multi-line quoted scalar");
      out += s.slice(j, k);
      if (s[k + 1] === "'") {
        out += "'";
        j = k + 2;
      } else return [out, k + 1];
    }
  }
  for (;;) {
    const ch = s[j];
    if (ch === undefined) throw new Unsupported("multi-line quoted scalar");
    if (ch === '"') return [out, j + 1];
    if (ch === "\\") {
      const e = s[j + 1];
      if (e === undefined) throw new Unsupported("escaped line break");
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        j += 2;
        continue;
      }
      const len = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
      const hex = s.slice(j + 2, j + 2 + len);
      if (len === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Unsupported("escape");
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      j += 2 + len;
      continue;
    }
    out += ch;
    j++;
  }
}

/** After a scalar or flow node: only spaces, then optionally a comment. */
function assertRestEmpty(s: string, i: number): void {
  const rest = s.slice(i);
  if (rest.trim() === "") return;
  if (/^\s+#/.test(rest)) return;
  throw new Unsupported("text after a node");
}

/** Strips a trailing ` #comment` from a plain scalar's text and trims it. */
function plainText(s: string): string {
  const hash = s.search(/\s#/);
  return (hash < 0 ? s : s.slice(0, hash)).trim();
}

/** Where a block-mapping key ends (index of its `:`), or -1 when the text is not `key: …`. */
function keyEnd(text: string): number {
  const c = text[0];
  if (c === '"' || c === "'") {
    const [, after] = readQuoted(text, 0);
    let k = after;
    while (text[k] === " ") k++;
    return text[k] === ":" && (k + 1 === text.length || text[k + 1] === " ") ? k : -1;
  }
  if (
    c === "[" ||
    c === "{" ||
    c === "?" ||
    c === "&" ||
    c === "*" ||
    c === "!" ||
    c === "|" ||
    c === ">" ||
    c === "#"
  ) {
    return -1;
  }
  for (let k = 0; k < text.length; k++) {
    if (text[k] === ":" && (k + 1 === text.length || text[k + 1] === " ")) return k;
    if (text[k] === "#" && k > 0 && text[k - 1] === " ") return -1;
  }
  return -1;
}

class Reader {
  private lines: Line[] = [];
  private i = 0;
  readonly positions: PositionIndex = new WeakMap();

  constructor(
    private readonly src: string,
    from: number,
    to: number,
  ) {
    let start = from;
    while (start < to) {
      let nl = this.src.indexOf("\n", start);
      if (nl < 0 || nl > to) nl = to;
      let raw = this.src.slice(start, nl);
      if (raw.endsWith("\r")) raw = raw.slice(0, -1);
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      if (raw[indent] === "\t") throw new Unsupported("tab");
      if (raw[0] === "%" || raw.startsWith("...")) throw new Unsupported("directive or document end");
      const text = raw.slice(indent);
      this.lines.push({
        indent,
        offset: start + indent,
        text,
        start,
        raw,
        empty: text === "" || text[0] === "#",
      });
      start = nl + 1;
    }
  }

  /** A new position list for a map or sequence. */
  track(owner: object): (string | number)[] {
    const pos: (string | number)[] = [];
    this.positions.set(owner, pos);
    return pos;
  }

  /** The next line with content, skipping blanks and comments; undefined at the end. */
  private peek(): Line | undefined {
    while (this.i < this.lines.length && (this.lines[this.i] as Line).empty) this.i++;
    return this.lines[this.i];
  }

  /** Reads the whole document: one root node, nothing after it. */
  document(): { value: unknown; rootOffset: number } | undefined {
    const first = this.peek();
    if (first === undefined) return undefined;
    const value = this.block(first.indent);
    if (this.peek() !== undefined) throw new Unsupported("content after the root node");
    return { value, rootOffset: first.offset };
  }

  /** A block node whose first line is the current one, at `indent`. */
  private block(indent: number): unknown {
    const line = this.peek();
    if (line === undefined) return null;
    if (line.text === "-" || line.text.startsWith("- ")) return this.seq(indent);
    if (keyEnd(line.text) >= 0) return this.map(indent);
    // A lone scalar (a document that is a string, or a nested value on its own line).
    this.i++;
    return this.inlineValue(line.text, line.offset, indent);
  }

  private map(indent: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const pos = this.track(obj);
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) return obj;
      if (line.indent > indent) throw new Unsupported("unexpected indentation");
      if (line.text === "-" || line.text.startsWith("- ")) return obj;
      const k = keyEnd(line.text);
      if (k < 0) throw new Unsupported("not a key");
      const rawKey = line.text.slice(0, k).trimEnd();
      let key: string;
      if (rawKey[0] === '"' || rawKey[0] === "'") key = readQuoted(rawKey, 0)[0];
      else {
        const resolved = resolvePlain(rawKey);
        if (resolved === null || (typeof resolved !== "string" && String(resolved) !== rawKey)) {
          throw new Unsupported("non-string key");
        }
        key = rawKey;
      }
      if (key === "__proto__") throw new Unsupported("__proto__ key");
      if (!Object.hasOwn(obj, key)) pos.push(key, line.offset);
      this.i++;
      let j = k + 1;
      while (line.text[j] === " ") j++;
      const rest = line.text.slice(j);
      obj[key] = this.value(rest, line.offset + j, indent, line);
    }
  }

  private seq(indent: number): unknown[] {
    const arr: unknown[] = [];
    const pos = this.track(arr);
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) return arr;
      if (line.indent > indent) throw new Unsupported("unexpected indentation");
      if (!(line.text === "-" || line.text.startsWith("- "))) return arr;
      let j = 1;
      while (line.text[j] === " ") j++;
      const rest = line.text.slice(j);
      if (rest === "" || rest[0] === "#") {
        this.i++;
        const next = this.peek();
        if (next !== undefined && next.indent > indent) {
          pos.push(next.offset);
          arr.push(this.block(next.indent));
        } else {
          pos.push(line.offset + 1);
          arr.push(null);
        }
        continue;
      }
      const itemIndent = indent + j;
      const itemOffset = line.offset + j;
      pos.push(itemOffset);
      if (rest === "-" || rest.startsWith("- ") || keyEnd(rest) >= 0) {
        // `- key: v` and `- - x`: the rest of the line is the first line of a nested block.
        this.lines[this.i] = {
          indent: itemIndent,
          offset: itemOffset,
          text: rest,
          start: line.start,
          raw: line.raw,
          empty: false,
        };
        arr.push(this.block(itemIndent));
      } else {
        this.i++;
        arr.push(this.inlineValue(rest, itemOffset, indent));
      }
    }
  }

  /** The value after `key:` or `- `, given the rest of the line; may read following lines. */
  private value(rest: string, offset: number, parentIndent: number, line: Line): unknown {
    if (rest === "" || rest[0] === "#") {
      const next = this.peek();
      if (next === undefined) return null;
      if (next.indent > parentIndent) return this.block(next.indent);
      if (next.indent === parentIndent && (next.text === "-" || next.text.startsWith("- "))) {
        // Kubernetes style: a sequence under a key at the key's own indentation.
        return keyEnd(line.text) >= 0 ? this.seq(parentIndent) : null;
      }
      return null;
    }
    return this.inlineValue(rest, offset, parentIndent);
  }

  /** A value written on the line itself; nothing more indented may follow it. */
  private inlineValue(rest: string, offset: number, parentIndent: number): unknown {
    const c = rest[0];
    if (c === "|") return this.literal(rest, parentIndent);
    if (
      c === ">" ||
      c === "&" ||
      c === "*" ||
      c === "!" ||
      c === "%" ||
      c === "@" ||
      c === "`" ||
      c === "?"
    ) {
      throw new Unsupported(`indicator ${c}`);
    }
    let v: unknown;
    if (c === '"' || c === "'") {
      const [s, after] = readQuoted(rest, 0);
      assertRestEmpty(rest, after);
      v = s;
    } else if (c === "[" || c === "{") {
      const f = new FlowReader(rest, offset, this);
      v = f.node();
      assertRestEmpty(rest, f.pos);
    } else {
      const text = plainText(rest);
      if (text.includes(": ") || text.endsWith(":") || text.includes(" #"))
        throw new Unsupported("plain scalar");
      v = resolvePlain(text);
    }
    const next = this.peek();
    if (next !== undefined && next.indent > parentIndent) throw new Unsupported("continuation line");
    return v;
  }

  /** A literal block scalar (`|`, `|-`, `|+`) after a key or dash at `parentIndent`. */
  private literal(header: string, parentIndent: number): string {
    const m = /^\|([-+]?)\s*(#.*)?$/.exec(header);
    if (m === null) throw new Unsupported("block scalar header");
    const chomp = m[1];
    const body: string[] = [];
    let contentIndent = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i] as Line;
      if (l.text === "") {
        if (contentIndent >= 0 && l.raw.length > contentIndent)
          throw new Unsupported("spaces on a blank line");
        body.push("");
        this.i++;
        continue;
      }
      if (contentIndent < 0) {
        if (l.indent <= parentIndent) break;
        contentIndent = l.indent;
      }
      if (l.indent < contentIndent) break;
      body.push(l.raw.slice(contentIndent));
      this.i++;
    }
    // Trailing blank lines belong to the scalar only for `keep`; give the others back.
    let end = body.length;
    while (end > 0 && (body[end - 1] as string).trim() === "") end--;
    const trailing = body.length - end;
    const text = body.slice(0, end).join("\n");
    if (end === 0) return chomp === "+" ? "\n".repeat(trailing) : "";
    if (chomp === "-") return text;
    if (chomp === "+") return `${text}\n${"\n".repeat(trailing)}`;
    return `${text}\n`;
  }
}

/** One-line flow collections: `[a, b]`, `{k: v, l: [1, 2]}`, JSON-style quoted keys. */
class FlowReader {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly base: number,
    private readonly reader: Reader,
  ) {}

  private ws(): void {
    while (this.s[this.pos] === " ") this.pos++;
  }

  node(): unknown {
    this.ws();
    const c = this.s[this.pos];
    if (c === "[") return this.seq();
    if (c === "{") return this.map();
    if (c === '"' || c === "'") {
      const [v, after] = readQuoted(this.s, this.pos);
      this.pos = after;
      return v;
    }
    return this.plain();
  }

  private plain(): unknown {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos] as string;
      if (ch === "," || ch === "]" || ch === "}" || ch === "[" || ch === "{") break;
      if (
        ch === ":" &&
        (this.s[this.pos + 1] === " " || this.s[this.pos + 1] === "," || this.s[this.pos + 1] === "}")
      )
        break;
      if (ch === "#" && this.s[this.pos - 1] === " ") throw new Unsupported("comment in flow");
      this.pos++;
    }
    const text = this.s.slice(start, this.pos).trim();
    if (text === "" || /^[&*!|>%@`?-](\s|$)/.test(text) || /^[&*!%@`]/.test(text))
      throw new Unsupported("flow scalar");
    return resolvePlain(text);
  }

  private seq(): unknown[] {
    const arr: unknown[] = [];
    const pos = this.reader.track(arr);
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return arr;
    }
    for (;;) {
      this.ws();
      pos.push(this.base + this.pos);
      arr.push(this.node());
      this.ws();
      const c = this.s[this.pos];
      if (c === ":") throw new Unsupported("single-pair map in a flow sequence");
      this.pos++;
      if (c === "]") return arr;
      if (c !== ",") throw new Unsupported("flow sequence");
      this.ws();
      if (this.s[this.pos] === "]") {
        this.pos++;
        return arr;
      }
    }
  }

  private map(): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const pos = this.reader.track(obj);
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.ws();
      const keyAt = this.base + this.pos;
      const c = this.s[this.pos];
      let key: string;
      if (c === '"' || c === "'") {
        const [k, after] = readQuoted(this.s, this.pos);
        this.pos = after;
        key = k;
      } else {
        const start = this.pos;
        const v = this.plain();
        const raw = this.s.slice(start, this.pos).trim();
        if (typeof v !== "string" && String(v) !== raw) throw new Unsupported("non-string key");
        key = raw;
      }
      this.ws();
      if (this.s[this.pos] !== ":") throw new Unsupported("flow map entry without value");
      this.pos++;
      if (key === "__proto__") throw new Unsupported("__proto__ key");
      if (!Object.hasOwn(obj, key)) pos.push(key, keyAt);
      this.ws();
      const next = this.s[this.pos];
      obj[key] = next === "," || next === "}" ? null : this.node();
      this.ws();
      const d = this.s[this.pos];
      this.pos++;
      if (d === "}") return obj;
      if (d !== ",") throw new Unsupported("flow map");
      this.ws();
      if (this.s[this.pos] === "}") {
        this.pos++;
        return obj;
      }
    }
  }
}

/** Strict JSON with positions (JSON manifests are YAML too, but one multi-line flow node). */
function parseJson(src: string): FastDocument {
  const positions: PositionIndex = new WeakMap();
  let i = 0;
  const ws = () => {
    while (i < src.length && (src[i] === " " || src[i] === "\n" || src[i] === "\r" || src[i] === "\t")) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = src[i];
      if (c === undefined || c === "\n") throw new Unsupported("unterminated string");
      if (c === "\\") i += 2;
      else if (c === '"') break;
      else i++;
    }
    i++;
    return JSON.parse(src.slice(start, i)) as string;
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === "{") {
      const obj: Record<string, unknown> = {};
      const pos: (string | number)[] = [];
      positions.set(obj, pos);
      i++;
      ws();
      if (src[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (src[i] !== '"') throw new Unsupported("JSON key");
        const at = i;
        const key = str();
        if (key === "__proto__") throw new Unsupported("__proto__ key");
        ws();
        if (src[i] !== ":") throw new Unsupported("JSON colon");
        i++;
        if (!Object.hasOwn(obj, key)) pos.push(key, at);
        obj[key] = value();
        ws();
        const d = src[i++];
        if (d === "}") return obj;
        if (d !== ",") throw new Unsupported("JSON object");
      }
    }
    if (c === "[") {
      const arr: unknown[] = [];
      const pos: number[] = [];
      positions.set(arr, pos);
      i++;
      ws();
      if (src[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        ws();
        pos.push(i);
        arr.push(value());
        ws();
        const d = src[i++];
        if (d === "]") return arr;
        if (d !== ",") throw new Unsupported("JSON array");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(src.slice(i, i + 64));
    if (m === null) throw new Unsupported("JSON value");
    i += m[0].length;
    const n = Number(m[0]);
    if (m[0] === "true" || m[0] === "false") return m[0] === "true";
    if (m[0] === "null") return null;
    if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new Unsupported("big integer");
    return n;
  };
  ws();
  const rootOffset = i;
  const v = value();
  ws();
  if (i < src.length) throw new Unsupported("text after JSON");
  return { index: 0, value: v, rootOffset, positions };
}

/**
 * Reads all documents of a source with the fast path; undefined when the source uses anything outside the
 * supported subset (then parse it with `yaml`). Document indexes match `yaml`'s.
 */
export function parseFastYaml(src: string): FastDocument[] | undefined {
  if (src.charCodeAt(0) === 0xfeff) return undefined;
  if (/^\s*[{[]/.test(src)) {
    try {
      const doc = parseJson(src);
      return doc.value === null ? [] : [doc];
    } catch (e) {
      if (e instanceof Unsupported || e instanceof SyntaxError) return undefined;
      throw e;
    }
  }
  if (src.includes("\t")) return undefined;
  const docs: FastDocument[] = [];
  try {
    // Split on `---` lines; the part before the first marker is a document only if it has content.
    const markers: number[] = [];
    const re = /^---(?=[ \r\n]|$)/gm;
    for (let m = re.exec(src); m !== null; m = re.exec(src)) markers.push(m.index);
    const bounds: [number, number][] = [];
    let prev = 0;
    for (const at of markers) {
      bounds.push([prev, at]);
      const eol = src.indexOf("\n", at);
      const after = src.slice(at + 3, eol < 0 ? src.length : eol);
      if (after.trim() !== "" && !/^\s+#/.test(after)) return undefined;
      prev = eol < 0 ? src.length : eol + 1;
    }
    bounds.push([prev, src.length]);
    let index = 0;
    bounds.forEach(([from, to], k) => {
      const reader = new Reader(src, from, to);
      const doc = reader.document();
      if (k === 0 && markers.length > 0 && doc === undefined) return; // comments before the first ---
      if (doc !== undefined && doc.value !== null) {
        docs.push({ index, value: doc.value, rootOffset: doc.rootOffset, positions: reader.positions });
      }
      index++;
    });
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  return docs;
}
