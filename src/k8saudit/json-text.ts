// JSON as text: the k8saudit and json plugins render non-string values from the event's own bytes
// (fastjson's MarshalTo: the source text with whitespace removed, escapes and number spellings kept),
// so values are located in the text rather than re-serialized from the parsed objects.
import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from "./json-chars.js";

/** A parsed JSON value (what JSON.parse returns). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
/** A parsed JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isWs(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/** Index of the first non-whitespace character at or after `i`. */
export function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string literal that opens at `i` (a `"`), or text.length if unterminated. */
export function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    // The quote ends the string unless an odd number of backslashes escapes it.
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index just past the JSON value that starts at `i` (no leading whitespace). The text must be valid JSON. */
export function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    const len = text.length;
    while (i < len) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (d === LBRACE || d === LBRACKET) depth++;
      else if ((d === RBRACE || d === RBRACKET) && --depth === 0) return i + 1;
      i++;
    }
    return i;
  }
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === RBRACE || d === RBRACKET || isWs(d)) break;
    i++;
  }
  return i;
}

/** The JSON text in [start, end) without whitespace outside strings: fastjson's MarshalTo of a parsed value. */
export function compactJson(text: string, start = 0, end = text.length): string {
  let out = "";
  let from = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = Math.min(skipString(text, i), end);
      continue;
    }
    if (isWs(c)) {
      out += text.slice(from, i);
      while (i < end && isWs(text.charCodeAt(i))) i++;
      from = i;
      continue;
    }
    i++;
  }
  return from === start ? text.slice(start, end) : out + text.slice(from, end);
}

/**
 * Indents compact JSON the way Go's json.Indent(dst, src, "", "  ") does: one member or element per line,
 * `": "` after keys, empty objects and arrays kept as `{}` and `[]`.
 */
export function indentJson(compact: string): string {
  const parts: string[] = [];
  let depth = 0;
  let needIndent = false;
  let i = 0;
  const newline = (d: number) => `\n${"  ".repeat(d)}`;
  while (i < compact.length) {
    const c = compact.charCodeAt(i);
    if (isWs(c)) {
      i++;
      continue;
    }
    if (needIndent && c !== RBRACE && c !== RBRACKET) {
      needIndent = false;
      depth++;
      parts.push(newline(depth));
    }
    if (c === QUOTE) {
      const end = skipString(compact, i);
      parts.push(compact.slice(i, end));
      i = end;
      continue;
    }
    switch (c) {
      case LBRACE:
      case LBRACKET:
        needIndent = true;
        parts.push(compact[i] as string);
        break;
      case COMMA:
        parts.push(",", newline(depth));
        break;
      case COLON:
        parts.push(": ");
        break;
      case RBRACE:
      case RBRACKET:
        if (needIndent) needIndent = false;
        else {
          depth--;
          parts.push(newline(depth));
        }
        parts.push(compact[i] as string);
        break;
      default: {
        let j = i + 1;
        while (j < compact.length) {
          const d = compact.charCodeAt(j);
          if (d === COMMA || d === RBRACE || d === RBRACKET || d === COLON || d === QUOTE || isWs(d)) break;
          j++;
        }
        parts.push(compact.slice(i, j));
        i = j;
        continue;
      }
    }
    i++;
  }
  return parts.join("");
}

/** Bracket state at the end of a line of JSON text, for telling an unfinished document from a broken line. */
export interface BracketState {
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** A closing bracket without its opening one. */
  unbalanced: boolean;
}

/** Advances a bracket scan over `text` (which may be one line of a multi-line document). */
export function scanBrackets(text: string, state: BracketState): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.inString) {
      if (state.escaped) state.escaped = false;
      else if (c === BACKSLASH) state.escaped = true;
      else if (c === QUOTE) state.inString = false;
      continue;
    }
    if (c === QUOTE) state.inString = true;
    else if (c === LBRACE || c === LBRACKET) state.depth++;
    else if (c === RBRACE || c === RBRACKET) {
      state.depth--;
      if (state.depth < 0) state.unbalanced = true;
    }
  }
}

const MAX_SCAN_DEPTH = 2000;

/**
 * Offset of the first JSON syntax error in `text` (text.length when the text ends too early), or -1
 * when the text is valid JSON. Used only to place a diagnostic: JSON.parse does not always say where.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (at: number): never => {
    throw at;
  };
  const ws = () => {
    i = skipWs(text, i);
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(Math.min(i + k, text.length));
    i += word.length;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail(text.length);
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        return;
      }
      if (c < 0x20) fail(i);
      if (c === BACKSLASH) {
        const e = text[i + 1];
        if (e === undefined) fail(text.length);
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "" || m[0] === "-") fail(i);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    ws();
    // Deeper than this, the error (if any) is placed here rather than risk the call stack.
    if (depth > MAX_SCAN_DEPTH) fail(i);
    if (i >= text.length) fail(text.length);
    const c = text.charCodeAt(i);
    if (c === LBRACE || c === LBRACKET) {
      const close = c === LBRACE ? RBRACE : RBRACKET;
      i++;
      ws();
      if (text.charCodeAt(i) === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === LBRACE) {
          ws();
          if (text.charCodeAt(i) !== QUOTE) fail(Math.min(i, text.length));
          string();
          ws();
          if (text.charCodeAt(i) !== COLON) fail(Math.min(i, text.length));
          i++;
        }
        value(depth + 1);
        ws();
        const d = text.charCodeAt(i);
        if (d === COMMA) {
          i++;
          continue;
        }
        if (d === close) {
          i++;
          return;
        }
        fail(Math.min(i, text.length));
      }
    }
    if (c === QUOTE) string();
    else if (c === 0x74) literal("true");
    else if (c === 0x66) literal("false");
    else if (c === 0x6e) literal("null");
    else number();
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    return typeof at === "number" ? at : -1;
  }
}
