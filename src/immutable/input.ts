// Manifest inputs: files, directories and stdin become sources; sources become YAML/JSON documents that
// can say where each field is, so every finding points at a line. Documents go through the fast reader
// (fast-yaml.ts) and fall back to the `yaml` package for anything it does not cover.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";
import { type PositionIndex, parseFastYaml, positionOf } from "./fast-yaml.js";
import type { DocPath, InputError, Position } from "./model.js";

/** The content of one input: a file, or stdin (named `-`). */
export interface ManifestSource {
  name: string;
  content: string;
  readError?: string;
}

/** One parsed document of a source: its plain value, and how to find the line of any field in it. */
export interface ManifestDocument {
  file: string;
  index: number;
  value: unknown;
  /**
   * The position of a field: the key of the deepest node on `path` that exists (a missing field points at
   * its nearest existing parent, so "readOnlyRootFilesystem is unset" points at the securityContext or the
   * container).
   */
  locate: (path: DocPath) => Position | undefined;
}

/** Which parser to use: the fast path with `yaml` as fallback (default), or always `yaml`. */
export type ParserChoice = "auto" | "yaml";

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set([".git", "node_modules"]);

/**
 * Expands paths the way kube-score and kube-linter read them: a directory stands for its `.yaml`, `.yml` and
 * `.json` files, recursively, in name order; a file or `-` stands for itself.
 */
export function expandManifestPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      out.push(dir);
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(full);
      } else if (st.isFile() && MANIFEST_FILE.test(name)) out.push(full);
    }
  };
  for (const p of paths) {
    if (p === "-") {
      out.push(p);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Not there: reading reports it.
    }
    if (isDir) walk(p);
    else out.push(p);
  }
  return out;
}

/** Reads paths into sources; `-` reads `stdin()` once. A file that cannot be read gets `readError`. */
export function readManifestSources(paths: readonly string[], stdin?: () => string): ManifestSource[] {
  return expandManifestPaths(paths).map((name) => {
    try {
      if (name === "-") {
        if (stdin === undefined) return { name, content: "", readError: "stdin is not available" };
        return { name, content: stdin() };
      }
      return { name, content: readFileSync(name, "utf8") };
    } catch (e) {
      const reason = e instanceof Error && "code" in e ? ` (${String(e.code)})` : "";
      return { name, content: "", readError: `cannot read ${name}${reason}` };
    }
  });
}

/** Offsets to 1-based lines and columns, by binary search over line starts. */
function positionFinder(content: string): (offset: number) => Position {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let i = content.indexOf("\n"); i >= 0; i = content.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

/** `locate` over the fast reader's position index (same answers as over the yaml syntax tree). */
function fastLocator(
  value: unknown,
  rootOffset: number,
  positions: PositionIndex,
  at: (o: number) => Position,
) {
  return (p: DocPath): Position | undefined => {
    let node: unknown = value;
    let offset = rootOffset;
    for (const seg of p) {
      if (node === null || typeof node !== "object") break;
      const o = positionOf(positions, node, Array.isArray(node) ? seg : String(seg));
      if (o === undefined) break;
      offset = o;
      node = (node as Record<string | number, unknown>)[seg];
    }
    return at(offset);
  };
}

/** Parses a source into its documents (multi-document YAML, or JSON, which is YAML too). */
export function parseManifestSource(
  src: ManifestSource,
  parser: ParserChoice = "auto",
): { documents: ManifestDocument[]; errors: InputError[] } {
  if (src.readError !== undefined) {
    return { documents: [], errors: [{ code: "FILE_READ", message: src.readError, file: src.name }] };
  }
  const fast = parser === "auto" ? parseFastYaml(src.content) : undefined;
  if (fast !== undefined) {
    const at = positionFinder(src.content);
    const documents = fast.map((d) => ({
      file: src.name,
      index: d.index,
      value: d.value,
      locate: fastLocator(d.value, d.rootOffset, d.positions, at),
    }));
    return { documents, errors: [] };
  }
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(src.content, { lineCounter, logLevel: "error", uniqueKeys: false });
  const documents: ManifestDocument[] = [];
  const errors: InputError[] = [];
  if (!Array.isArray(parsed)) return { documents, errors };
  const isJson = /\.json$/i.test(src.name);
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const pos = e === undefined ? undefined : lineCounter.linePos(e.pos[0]);
      errors.push({
        code: isJson ? "JSON_PARSE" : "YAML_PARSE",
        message: (e?.message ?? "parse error").split("\n")[0] ?? "parse error",
        file: src.name,
        position: pos === undefined ? undefined : { line: pos.line, column: pos.col },
      });
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return;
    documents.push({ file: src.name, index, value, locate: (p) => locateInYaml(doc, lineCounter, p) });
  });
  return { documents, errors };
}

/** `locate` over the yaml syntax tree. */
function locateInYaml(doc: Document.Parsed, lineCounter: LineCounter, p: DocPath): Position | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find(
        (it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg),
      );
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  if (offset === undefined) return undefined;
  const lp = lineCounter.linePos(offset);
  return { line: lp.line, column: lp.col };
}

function rangeStart(n: unknown): number | undefined {
  const r = (n as Node | null | undefined)?.range;
  return Array.isArray(r) ? r[0] : undefined;
}
