// `lanner fields`: the field catalog rendered like Falco's `--list` (text, names only, or JSON).
import { fieldClassesBySource } from "../fields/catalog/index.js";
import type { FieldClass, FieldDef } from "../fields/types.js";

export interface ListFieldsOptions {
  /** Only this event source (`syscall`, `k8s_audit`); all sources when undefined. */
  source?: string;
  /** Falco's `--format json` shape: `{"fieldclasses": [...]}`, or `{"fieldnames": [...]}` with namesOnly. */
  json?: boolean;
  /** One field name per line, like Falco's `-N` (hidden and deprecated fields left out). */
  namesOnly?: boolean;
}

/** Column where the type starts, as in libsinsp's listing (its "right block"). */
const NAME_WIDTH = 30;
/** Width of the type column. */
const TYPE_WIDTH = 12;
/** Total line width the descriptions wrap to. */
const LINE_WIDTH = 120;

interface ListedClass {
  cls: FieldClass;
  /** Sources (among those listed) that have this class, sorted as Falco prints them. */
  sources: string[];
}

/** Renders the fields of one source, or of every source, the way Falco's `--list` does. */
export function listFields(opts: ListFieldsOptions = {}): string {
  const known = Object.keys(fieldClassesBySource);
  if (opts.source !== undefined && !Object.hasOwn(fieldClassesBySource, opts.source)) {
    throw new Error(`unknown event source "${opts.source}"; known sources: ${known.join(", ")}`);
  }
  const classes = collectClasses(opts.source === undefined ? known : [opts.source]);

  if (opts.namesOnly) {
    const names = classes.flatMap(({ cls }) =>
      listedFields(cls)
        .filter((f) => !f.deprecated)
        .map((f) => f.name),
    );
    if (opts.json) return `${JSON.stringify({ fieldnames: names }, null, 2)}\n`;
    return names.map((n) => `${n}\n`).join("");
  }
  if (opts.json) {
    return `${JSON.stringify({ fieldclasses: classes.map(classToJson) }, null, 2)}\n`;
  }
  return classes.map(classToText).join("");
}

/** Classes of the given sources, each once; a class shared by several sources (evt) names them all. */
function collectClasses(sources: readonly string[]): ListedClass[] {
  const byClass = new Map<FieldClass, ListedClass>();
  for (const source of sources) {
    for (const cls of fieldClassesBySource[source] ?? []) {
      let entry = byClass.get(cls);
      if (!entry) {
        entry = { cls, sources: [] };
        byClass.set(cls, entry);
      }
      entry.sources.push(source);
    }
  }
  const listed = [...byClass.values()];
  for (const entry of listed) entry.sources.sort();
  return listed;
}

/** Fields a listing shows: hidden ones (libsinsp's table-only and print-only fields) are left out. */
function listedFields(cls: FieldClass): FieldDef[] {
  return cls.fields.filter((f) => !f.hidden);
}

/** Falco's flag tags for a field, sorted as libsinsp prints them: `(ARG_ALLOWED,ARG_INDEX)`. */
function fieldTags(f: FieldDef): string[] {
  const tags: string[] = [];
  if (f.arg) {
    tags.push(f.arg.required ? "ARG_REQUIRED" : "ARG_ALLOWED");
    tags.push(f.arg.kind === "index" ? "ARG_INDEX" : "ARG_KEY");
  }
  if (f.deprecated) tags.push("EPF_DEPRECATED");
  if (f.isList) tags.push("EPF_IS_LIST");
  if (f.noRhs) tags.push("EPF_NO_RHS");
  if (f.noTransformer) tags.push("EPF_NO_TRANSFORMER");
  if (f.filterOnly) tags.push("FILTER_ONLY");
  if (f.formatOnly) tags.push("FORMAT_ONLY");
  return tags.sort();
}

/** Word-wraps `text` into lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (word === "") continue;
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** `head` padded to `column`, then `text` wrapped, continuation lines indented to `column`. */
function block(head: string, column: number, text: string): string {
  const indent = " ".repeat(column);
  return `${head.padEnd(column)}${wrap(text, LINE_WIDTH - column).join(`\n${indent}`)}\n`;
}

function classToText({ cls, sources }: ListedClass): string {
  let out = "-------------------------------\n";
  out += `${"Field Class:".padEnd(NAME_WIDTH)}${cls.name}\n`;
  if (cls.desc) out += block("Description:", NAME_WIDTH, cls.desc);
  out += `${"Event Sources:".padEnd(NAME_WIDTH)}${sources.join(" ")}\n\n`;
  for (const f of listedFields(cls)) out += fieldToText(f);
  return `${out}\n`;
}

/** `name  TYPE  (tags) description`, the description wrapped under itself. */
function fieldToText(f: FieldDef): string {
  const name =
    f.name.length < NAME_WIDTH ? f.name.padEnd(NAME_WIDTH) : `${f.name}\n${" ".repeat(NAME_WIDTH)}`;
  const type = f.type.length < TYPE_WIDTH ? f.type.padEnd(TYPE_WIDTH) : `${f.type} `;
  const tags = fieldTags(f);
  const desc = tags.length > 0 ? `(${tags.join(",")}) ${f.desc}` : f.desc;
  const indent = " ".repeat(NAME_WIDTH + TYPE_WIDTH);
  return `${name}${type}${wrap(desc, LINE_WIDTH - indent.length).join(`\n${indent}`)}\n`;
}

/** Falco's JSON for one class (keys in the sorted order Falco's JSON library prints them). */
function classToJson({ cls, sources }: ListedClass): object {
  return {
    desc: cls.desc,
    event_sources: sources,
    fields: listedFields(cls).map((f) => ({
      argument: f.arg ? { required: f.arg.required, type: [f.arg.kind === "index" ? "INDEX" : "KEY"] } : null,
      desc: f.desc,
      is_deprecated: f.deprecated === true,
      is_list: f.isList === true,
      name: f.name,
      type: f.type,
    })),
    name: cls.name,
  };
}
