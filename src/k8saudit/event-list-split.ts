// Large webhook bodies read item by item. V8 allocates a string over 128 KiB in pages of its own,
// mapped and unmapped each time: on the machines measured, making one 175 KB body a string costs
// close to a millisecond, a hundred times the cost of the same bytes in small strings. An EventList
// body is therefore cut on its bytes into the list without its items and one text per item.
import {
  BACKSLASH,
  COLON,
  COMMA,
  isJsonWs,
  LBRACE,
  LBRACKET,
  QUOTE,
  RBRACE,
  RBRACKET,
} from "./json-chars.js";
import { utf8Text } from "./utf8.js";

/** An EventList body in pieces: `envelope` is the body with `"items":[]`. */
export interface SplitEventList {
  envelope: string;
  items: string[];
  /** Byte offsets of each item in the body: start, end, start, end… (items[k] is their text). */
  ranges: number[];
}

function skipWs(b: Uint8Array, i: number): number {
  while (i < b.length && isJsonWs(b[i] as number)) i++;
  return i;
}

/**
 * Offset past the string opening at `i`, or -1. The closing quote is looked for natively (memchr)
 * and is the one not preceded by an odd run of backslashes: a loop over the bytes in JavaScript
 * cost four times as much.
 */
function skipString(b: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, from);
    if (q < 0) return -1;
    let k = q - 1;
    while (k > i && b[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Offset past the value starting at `i` (brackets balanced, strings closed; not validated), or -1. */
function skipValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c !== LBRACE && c !== LBRACKET) {
    while (i < b.length) {
      const d = b[i] as number;
      if (d === COMMA || d === RBRACE || d === RBRACKET || isJsonWs(d)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  for (let j = i; j < b.length; j++) {
    const d = b[j] as number;
    if (d === QUOTE) {
      j = skipString(b, j);
      if (j < 0) return -1;
      j--;
    } else if (d === LBRACE || d === LBRACKET) depth++;
    else if (d === RBRACE || d === RBRACKET) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * Cuts a one-line body holding a top-level object with an `items` array into its pieces; undefined
 * when it is something else or its structure is broken (the caller then reads it whole, which also
 * says what is wrong). The pieces are only cut: each is still to be validated as JSON, and the body
 * is valid exactly when the envelope and every item are.
 */
export function splitEventList(bytes: Buffer): SplitEventList | undefined {
  if (bytes.includes(0x0a)) return undefined;
  let i = skipWs(bytes, 0);
  if (bytes[i] !== LBRACE) return undefined;
  i = skipWs(bytes, i + 1);
  let cut: { from: number; to: number; items: Array<[number, number]> } | undefined;
  while (bytes[i] === QUOTE) {
    const keyEnd = skipString(bytes, i);
    if (keyEnd < 0) return undefined;
    const isItems = keyEnd - i === 7 && bytes.toString("latin1", i + 1, keyEnd - 1) === "items";
    i = skipWs(bytes, keyEnd);
    if (bytes[i] !== COLON) return undefined;
    i = skipWs(bytes, i + 1);
    if (isItems && bytes[i] === LBRACKET && cut === undefined) {
      const items: Array<[number, number]> = [];
      const from = i;
      i = skipWs(bytes, i + 1);
      if (bytes[i] !== RBRACKET) {
        for (;;) {
          const end = skipValue(bytes, i);
          if (end < 0) return undefined;
          items.push([i, end]);
          i = skipWs(bytes, end);
          if (bytes[i] !== COMMA) break;
          i = skipWs(bytes, i + 1);
        }
        if (bytes[i] !== RBRACKET) return undefined;
      }
      i++;
      cut = { from, to: i, items };
    } else {
      const end = skipValue(bytes, i);
      if (end < 0) return undefined;
      i = end;
    }
    i = skipWs(bytes, i);
    if (bytes[i] !== COMMA) break;
    i = skipWs(bytes, i + 1);
  }
  if (cut === undefined) return undefined;
  const envelope = `${utf8Text(bytes.subarray(0, cut.from))}[]${utf8Text(bytes.subarray(cut.to))}`;
  return {
    envelope,
    items: cut.items.map(([s, e]) => utf8Text(bytes.subarray(s, e))),
    ranges: cut.items.flat(),
  };
}
