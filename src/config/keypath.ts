// Key paths of `-o key.path=value`, in Falco's grammar (yaml_helper::get_node):
//   Key     := NodeKey ('.' NodeKey)*
//   NodeKey := (Char | EscSeq)+ ('[' integer? ']')*
//   EscSeq  := '\' ('.' | '[' | ']' | '\')
// `key[]` appends a new list item; `annotations.kubernetes\.io/role` names a key holding a dot.

export type KeySegment = { key: string } | { index: number } | { append: true };

export type KeyPathResult = { ok: true; segments: KeySegment[] } | { ok: false; message: string };

const ESCAPABLE = new Set([".", "[", "]", "\\"]);

/** Parses a key path; the error says what was expected at which position (0-based, as Falco reports). */
export function parseKeyPath(text: string): KeyPathResult {
  const segments: KeySegment[] = [];
  let i = 0;
  const fail = (message: string): KeyPathResult => ({ ok: false, message });
  if (text.length === 0) return fail("the key is empty");
  for (;;) {
    let name = "";
    const start = i;
    while (i < text.length && text[i] !== "." && text[i] !== "[") {
      if (text[i] === "\\") {
        const next = text[i + 1];
        if (next === undefined) return fail(`trailing backslash at pos ${i}`);
        if (!ESCAPABLE.has(next)) return fail(`invalid escape sequence '\\${next}' at pos ${i}`);
        name += next;
        i += 2;
        continue;
      }
      name += text[i];
      i++;
    }
    if (name === "") return fail(`expected a key name at pos ${start}`);
    segments.push({ key: name });
    while (text[i] === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) return fail(`missing ']' after pos ${i}`);
      const inner = text.slice(i + 1, close);
      if (inner === "") segments.push({ append: true });
      else if (/^\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else return fail(`expected a numeric index, found '${inner}'`);
      i = close + 1;
    }
    if (i >= text.length) return { ok: true, segments };
    if (text[i] !== ".") return fail(`expected '.' at pos ${i}`);
    i++;
    if (i >= text.length) return fail(`expected a key name at pos ${i}`);
  }
}

function escapeName(name: string): string {
  return name.replace(/[.[\]\\]/g, (c) => `\\${c}`);
}

/** A path in `-o` notation: `http_output.url`, `rules[0].disable.tag`, `annotations.kubernetes\.io/role`. */
export function formatKeyPath(path: readonly (PropertyKey | KeySegment)[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string") out += (out === "" ? "" : ".") + escapeName(seg);
    else if (typeof seg === "symbol") out += `.${String(seg.description)}`;
    else if ("key" in seg) out += (out === "" ? "" : ".") + escapeName(seg.key);
    else if ("index" in seg) out += `[${seg.index}]`;
    else out += "[]";
  }
  return out;
}
