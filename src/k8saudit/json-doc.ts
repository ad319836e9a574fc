// A JSON document read in place: validated in one pass when it is read, its values then located by
// offset on demand. An audit event costs what its rules read, not a whole JSON.parse (which builds
// every object of the request and response bodies, most of them never looked at).

import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from "./json-chars.js";
import { compactJson, type JsonValue, skipString, skipValue, skipWs } from "./json-text.js";

/** A value of a document: the offset of its first character in the document's text. */
export type JsonNode = number;

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_T = 0x74;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_U = 0x75;

/**
 * Members of one object, two numbers each: key start (its opening quote; -start - 1 when the key
 * holds an escape) and value start. Keys without escapes are compared in the text, not decoded.
 */
type Members = number[];

const ATOI = /^[+-]?[0-9]+$/;

/** Containers nested deeper than this are checked by JSON.parse instead (the scan recurses). */
const MAX_SCAN_DEPTH = 512;
/** Outcome of a scan that went too deep to decide. */
const TOO_DEEP = -2;

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** Offset past the string opening at `i` (its closing quote found, contents not checked), or -1. */
export function scanString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    if (text.charCodeAt(q - 1) !== BACKSLASH) return q + 1;
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Offset past the number at `i` in JSON's grammar, or -1. */
function scanNumber(text: string, i: number): number {
  let c = text.charCodeAt(i);
  if (c === MINUS) c = text.charCodeAt(++i);
  if (c === ZERO) c = text.charCodeAt(++i);
  else if (isDigit(c)) {
    do c = text.charCodeAt(++i);
    while (isDigit(c));
  } else return -1;
  if (c === DOT) {
    c = text.charCodeAt(++i);
    if (!isDigit(c)) return -1;
    do c = text.charCodeAt(++i);
    while (isDigit(c));
  }
  if (c === LOWER_E || c === UPPER_E) {
    c = text.charCodeAt(++i);
    if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
    if (!isDigit(c)) return -1;
    do c = text.charCodeAt(++i);
    while (isDigit(c));
  }
  return i;
}

/**
 * Offset past the JSON value at `i` (no leading whitespace), -1 when it is not valid, TOO_DEEP when
 * it nests too deep to tell. Structure and numbers are checked here; string contents (escapes,
 * control characters) once for the whole text by `validStringContents`. `sink` receives the
 * members of the value if it is an object.
 */
function scanValue(text: string, i: number, depth: number, sink?: Members): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return scanString(text, i);
  if (c === LBRACE) {
    if (depth > MAX_SCAN_DEPTH) return TOO_DEEP;
    i = skipWs(text, i + 1);
    if (text.charCodeAt(i) === RBRACE) return i + 1;
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return -1;
      const keyStart = i;
      i = scanString(text, i);
      if (i < 0) return -1;
      if (text.charCodeAt(i) !== COLON) {
        i = skipWs(text, i);
        if (text.charCodeAt(i) !== COLON) return -1;
      }
      const valueStart = skipWs(text, i + 1);
      i = scanValue(text, valueStart, depth + 1);
      if (i < 0) return i;
      sink?.push(keyStart, valueStart);
      let d = text.charCodeAt(i);
      if (d !== COMMA && d !== RBRACE) {
        i = skipWs(text, i);
        d = text.charCodeAt(i);
      }
      if (d === COMMA) i = skipWs(text, i + 1);
      else if (d === RBRACE) return i + 1;
      else return -1;
    }
  }
  if (c === LBRACKET) {
    if (depth > MAX_SCAN_DEPTH) return TOO_DEEP;
    i = skipWs(text, i + 1);
    if (text.charCodeAt(i) === RBRACKET) return i + 1;
    for (;;) {
      i = scanValue(text, i, depth + 1);
      if (i < 0) return i;
      let d = text.charCodeAt(i);
      if (d !== COMMA && d !== RBRACKET) {
        i = skipWs(text, i);
        d = text.charCodeAt(i);
      }
      if (d === COMMA) i = skipWs(text, i + 1);
      else if (d === RBRACKET) return i + 1;
      else return -1;
    }
  }
  if (c === LOWER_T) return text.startsWith("true", i) ? i + 4 : -1;
  if (c === LOWER_F) return text.startsWith("false", i) ? i + 5 : -1;
  if (c === LOWER_N) return text.startsWith("null", i) ? i + 4 : -1;
  return scanNumber(text, i);
}

const HEX = /^[0-9a-fA-F]{4}/;
/** Control characters: never allowed in strings; outside them only as whitespace (checked by JSON.parse then). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f]/;

/**
 * Every escape in the text is one of JSON's. Outside strings a backslash fails the structure scan,
 * so the backslashes found here are all inside strings, where they pair up left to right.
 */
function validEscapes(text: string): boolean {
  for (let i = text.indexOf("\\"); i >= 0; i = text.indexOf("\\", i)) {
    const c = text.charCodeAt(i + 1);
    if (c === LOWER_U) {
      if (!HEX.test(text.slice(i + 2, i + 6))) return false;
      i += 6;
    } else if (
      c === QUOTE ||
      c === BACKSLASH ||
      c === 0x2f ||
      c === 0x62 ||
      c === LOWER_F ||
      c === LOWER_N ||
      c === 0x72 ||
      c === LOWER_T
    ) {
      i += 2;
    } else return false;
  }
  return true;
}

const scratch: Members = [];

/**
 * Checks that `text` is one JSON value (whitespace around it allowed), accepting exactly what
 * JSON.parse accepts, and indexes the members of the top-level object. Returns the document, or
 * undefined when the text is not JSON.
 */
export function readJsonDoc(text: string): JsonDoc | undefined {
  const start = skipWs(text, 0);
  // The scan fills a reused array; the document keeps an exact-size copy.
  scratch.length = 0;
  const end = scanValue(text, start, 0, scratch);
  let valid: boolean;
  if (end === TOO_DEEP) valid = parses(text);
  else if (end < 0 || skipWs(text, end) !== text.length) valid = false;
  else if (CONTROL.test(text)) valid = parses(text);
  else valid = validEscapes(text);
  if (!valid) return undefined;
  if (end === TOO_DEEP) return new JsonDoc(text, start);
  const members = scratch.slice();
  if (text.includes("\\")) markEscapedKeys(text, members);
  return new JsonDoc(text, start, end, members);
}

/** Keys holding an escape get their start negated (-start - 1): they are decoded to be compared. */
function markEscapedKeys(text: string, m: Members): void {
  for (let j = 0; j < m.length; j += 2) {
    const ks = m[j] as number;
    const ke = skipString(text, ks) - 1;
    for (let i = ks + 1; i < ke; i++) {
      if (text.charCodeAt(i) === BACKSLASH) {
        m[j] = -ks - 1;
        break;
      }
    }
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A valid JSON document and what has been located in it. Lookups follow fastjson, which the
 * k8saudit and json plugins read events with: the first of duplicate keys wins, keys are compared
 * as decoded strings.
 */
export class JsonDoc {
  /** The top-level value. */
  readonly root: JsonNode;
  /** Offset just past the top-level value. */
  private readonly rootEnd: number;
  /** Members of the top-level object, the one every lookup starts from. */
  private readonly rootMembers: Members | undefined;
  // What else has been located, created on first use: most events never need them.
  private objects: Map<JsonNode, Members> | undefined;
  private arrays: Map<JsonNode, number[]> | undefined;
  private compacts: Map<JsonNode, string> | undefined;
  private parsed: JsonValue | undefined;
  /** No backslash anywhere: every string is its text between the quotes. */
  private readonly plain: boolean;

  /**
   * `text` must be valid JSON (readJsonDoc checks it). `root` and `rootEnd` bound the top-level
   * value; `rootMembers` when it is an already indexed object (escaped keys marked, as readJsonDoc
   * leaves them).
   */
  constructor(
    readonly text: string,
    root = skipWs(text, 0),
    rootEnd?: number,
    rootMembers?: Members,
  ) {
    this.root = root;
    this.rootEnd = rootEnd ?? skipValue(text, root);
    this.plain = !text.includes("\\");
    this.rootMembers = rootMembers && text.charCodeAt(root) === LBRACE ? rootMembers : undefined;
  }

  /** The top-level value's end and members, to rebuild the document elsewhere (another thread). */
  rootIndex(): { end: number; members: readonly number[] | undefined } {
    return { end: this.rootEnd, members: this.rootMembers };
  }

  isObject(n: JsonNode): boolean {
    return this.text.charCodeAt(n) === LBRACE;
  }

  isArray(n: JsonNode): boolean {
    return this.text.charCodeAt(n) === LBRACKET;
  }

  isString(n: JsonNode): boolean {
    return this.text.charCodeAt(n) === QUOTE;
  }

  /** The value is the literal `true`. */
  isTrue(n: JsonNode): boolean {
    return this.text.charCodeAt(n) === LOWER_T;
  }

  /** Offset just past the value. */
  end(n: JsonNode): number {
    return n === this.root ? this.rootEnd : skipValue(this.text, n);
  }

  private members(n: JsonNode): Members {
    if (n === this.root && this.rootMembers !== undefined) return this.rootMembers;
    this.objects ??= new Map();
    let m = this.objects.get(n);
    if (m === undefined) {
      m = [];
      const text = this.text;
      let i = skipWs(text, n + 1);
      while (text.charCodeAt(i) === QUOTE) {
        const valueStart = skipWs(text, skipWs(text, skipString(text, i)) + 1);
        m.push(i, valueStart);
        i = skipWs(text, skipValue(text, valueStart));
        if (text.charCodeAt(i) !== COMMA) break;
        i = skipWs(text, i + 1);
      }
      if (!this.plain) markEscapedKeys(text, m);
      this.objects.set(n, m);
    }
    return m;
  }

  /** The member `key` of the object at `n` (the first if repeated), or undefined. */
  member(n: JsonNode, key: string): JsonNode | undefined {
    if (this.text.charCodeAt(n) !== LBRACE) return undefined;
    const m = this.members(n);
    const text = this.text;
    const len = key.length;
    const first = len === 0 ? QUOTE : key.charCodeAt(0);
    for (let j = 0; j < m.length; j += 2) {
      const ks = m[j] as number;
      if (ks >= 0) {
        // No escape in the key: it is the wanted one if it closes after as many characters and
        // holds the same ones (length and first character tried first: most keys differ there).
        if (
          text.charCodeAt(ks + 1 + len) === QUOTE &&
          text.charCodeAt(ks + 1) === first &&
          text.startsWith(key, ks + 1)
        )
          return m[j + 1];
      } else if (this.string(-ks - 1) === key) return m[j + 1];
    }
    return undefined;
  }

  /** Decoded keys of the object at `n`, in the text's order (duplicates kept). */
  keys(n: JsonNode): string[] {
    if (this.text.charCodeAt(n) !== LBRACE) return [];
    const m = this.members(n);
    const out: string[] = [];
    for (let j = 0; j < m.length; j += 2) {
      const ks = m[j] as number;
      out.push(this.string(ks >= 0 ? ks : -ks - 1));
    }
    return out;
  }

  /** Offsets of the elements of the array at `n` (empty if it is not an array). */
  items(n: JsonNode): readonly JsonNode[] {
    if (this.text.charCodeAt(n) !== LBRACKET) return [];
    this.arrays ??= new Map();
    let a = this.arrays.get(n);
    if (a === undefined) {
      a = [];
      const text = this.text;
      let i = skipWs(text, n + 1);
      if (text.charCodeAt(i) !== RBRACKET) {
        for (;;) {
          a.push(i);
          i = skipWs(text, skipValue(text, i));
          if (text.charCodeAt(i) !== COMMA) break;
          i = skipWs(text, i + 1);
        }
      }
      this.arrays.set(n, a);
    }
    return a;
  }

  /** Spans of the elements of the array at `n`, flat: start, end, start, end… (not memoized). */
  itemSpans(n: JsonNode): number[] {
    const spans: number[] = [];
    const text = this.text;
    let i = skipWs(text, n + 1);
    if (text.charCodeAt(i) === RBRACKET) return spans;
    for (;;) {
      const end = skipValue(text, i);
      spans.push(i, end);
      i = skipWs(text, end);
      if (text.charCodeAt(i) !== COMMA) return spans;
      i = skipWs(text, i + 1);
    }
  }

  /**
   * The value at `n` (ending at `end`) as a document of its own, over its slice of the text; what
   * was located in it so far comes along.
   */
  sub(n: JsonNode, end: number): JsonDoc {
    const own = this.objects?.get(n);
    const members = own?.map((x, j) => (j % 2 === 0 && x < 0 ? x + n : x - n));
    return new JsonDoc(this.text.slice(n, end), 0, end - n, members);
  }

  /** fastjson's Get(key): an object member, or an array element when the key is an integer (strconv.Atoi). */
  child(n: JsonNode, key: string): JsonNode | undefined {
    const c = this.text.charCodeAt(n);
    if (c === LBRACE) return this.member(n, key);
    if (c !== LBRACKET || !ATOI.test(key)) return undefined;
    return this.items(n)[Number(key)];
  }

  /** fastjson's Get(keys...): undefined when a step is missing. */
  get(n: JsonNode | undefined, keys: readonly string[]): JsonNode | undefined {
    let cur = n;
    for (let i = 0; i < keys.length && cur !== undefined; i++) cur = this.child(cur, keys[i] as string);
    return cur;
  }

  /** The decoded text of the string at `n`. */
  string(n: JsonNode): string {
    const text = this.text;
    const end = skipString(text, n);
    if (!this.plain) {
      for (let i = n + 1; i < end - 1; i++)
        if (text.charCodeAt(i) === BACKSLASH) return JSON.parse(text.slice(n, end)) as string;
    }
    return text.slice(n + 1, end - 1);
  }

  /** The value's text without whitespace outside strings (fastjson's MarshalTo), memoized. */
  compact(n: JsonNode): string {
    this.compacts ??= new Map();
    let s = this.compacts.get(n);
    if (s === undefined) {
      s = compactJson(this.text, n, this.end(n));
      this.compacts.set(n, s);
    }
    return s;
  }

  /**
   * The plugins' jsonValueAsString: a string decoded, any other value as its compact text (`true`,
   * `null`, `42`, `{"a":1}`).
   */
  asString(n: JsonNode): string {
    return this.text.charCodeAt(n) === QUOTE ? this.string(n) : this.compact(n);
  }

  /** The whole document parsed (JSON.parse), for consumers that want objects; memoized. */
  value(): JsonValue {
    if (this.parsed === undefined) this.parsed = JSON.parse(this.text) as JsonValue;
    return this.parsed;
  }
}
