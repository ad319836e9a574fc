// Audit events as text: the top-level members of a one-line Event located without parsing its
// bodies, so a simulation parses only the few small members a policy reads and copies the rest.
import {
  BACKSLASH,
  COLON,
  COMMA,
  LBRACE,
  LBRACKET,
  QUOTE,
  RBRACE,
  RBRACKET,
} from "../k8saudit/json-chars.js";
import { scanString } from "../k8saudit/json-doc.js";

/** Character classes inside containers: 1 quote, 2 opening bracket, 3 closing bracket, 0 other. */
const CLASS = new Uint8Array(128);
CLASS[QUOTE] = 1;
CLASS[LBRACE] = 2;
CLASS[LBRACKET] = 2;
CLASS[RBRACE] = 3;
CLASS[RBRACKET] = 3;

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the value starting at i (balanced brackets, closed strings), or -1. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return scanString(text, i);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    const len = text.length;
    while (i < len) {
      const d = text.charCodeAt(i);
      const k = d < 128 ? (CLASS[d] as number) : 0;
      if (k === 0) {
        i++;
        continue;
      }
      if (k === 1) {
        i = scanString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (k === 2) depth++;
      else if (--depth === 0) return i + 1;
      i++;
    }
    return -1;
  }
  const start = i;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === RBRACE || d === RBRACKET || isWs(d)) break;
    i++;
  }
  return i === start ? -1 : i;
}

/** Whether a string literal's inner text has no escapes and no control characters (JSON forbids those). */
function plainString(inner: string): boolean {
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === BACKSLASH || c < 0x20) return false;
  }
  return true;
}

/** The top-level members of a JSON object text: key, where the member starts, where its value lies. */
export class TopLevelMembers {
  keys: string[] = [];
  /** Start of each member (its key's opening quote). */
  starts: number[] = [];
  valueStarts: number[] = [];
  valueEnds: number[] = [];
  count = 0;

  private text = "";
  private pos = 0;
  /** "open": members remain; "done": the closing brace was reached; "bad": not one complete object. */
  private state: "open" | "done" | "bad" = "bad";

  /** Starts scanning `text` as one object; false when it does not start like one. */
  begin(text: string): boolean {
    this.text = text;
    this.count = 0;
    let i = skipWs(text, 0);
    if (text.charCodeAt(i) !== LBRACE) {
      this.state = "bad";
      return false;
    }
    i = skipWs(text, i + 1);
    if (text.charCodeAt(i) === RBRACE) {
      this.state = skipWs(text, i + 1) === text.length ? "done" : "bad";
      return this.state === "done";
    }
    this.pos = i;
    this.state = "open";
    return true;
  }

  /** Scans the next member; false at the end of the object or on bad structure (see `ok`). */
  next(): boolean {
    if (this.state !== "open") return false;
    const text = this.text;
    let i = this.pos;
    if (text.charCodeAt(i) !== QUOTE) return this.fail();
    const keyEnd = scanString(text, i);
    if (keyEnd < 0) return this.fail();
    const rawKey = text.slice(i + 1, keyEnd - 1);
    const key = rawKey.includes("\\") ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey;
    let j = skipWs(text, keyEnd);
    if (text.charCodeAt(j) !== COLON) return this.fail();
    j = skipWs(text, j + 1);
    const end = skipValue(text, j);
    if (end < 0) return this.fail();
    const n = this.count++;
    this.keys[n] = key;
    this.starts[n] = i;
    this.valueStarts[n] = j;
    this.valueEnds[n] = end;
    i = skipWs(text, end);
    const c = text.charCodeAt(i);
    if (c === COMMA) this.pos = skipWs(text, i + 1);
    else if (c === RBRACE && skipWs(text, i + 1) === text.length) this.state = "done";
    else this.state = "bad";
    return true;
  }

  private fail(): boolean {
    this.state = "bad";
    return false;
  }

  /** Scans the remaining members; true when the whole text is one well-formed object. */
  finish(): boolean {
    while (this.next()) {
      /* scan on */
    }
    return this.state === "done";
  }

  /** Whether the scan so far found nothing wrong. */
  get ok(): boolean {
    return this.state !== "bad";
  }

  /**
   * Scans `text` as one object. False when it is not one complete object (then the caller reads it
   * with a full parser): the structure is checked, object bodies are not validated.
   */
  scan(text: string): boolean {
    return this.begin(text) && this.finish();
  }

  /** Index of the last member with this key (JSON.parse keeps the last duplicate), or -1. */
  indexOf(key: string): number {
    for (let n = this.count - 1; n >= 0; n--) if (this.keys[n] === key) return n;
    return -1;
  }

  /** The member's value text. */
  valueText(text: string, n: number): string {
    return text.slice(this.valueStarts[n] as number, this.valueEnds[n] as number);
  }

  /** The member's value parsed (JSON.parse: throws on invalid JSON; plain strings are sliced). */
  value(text: string, n: number): unknown {
    const start = this.valueStarts[n] as number;
    const end = this.valueEnds[n] as number;
    if (text.charCodeAt(start) === QUOTE) {
      const inner = text.slice(start + 1, end - 1);
      // Without escapes (and control characters, which JSON forbids) the text is the string.
      if (plainString(inner)) return inner;
    }
    return JSON.parse(text.slice(start, end));
  }
}
