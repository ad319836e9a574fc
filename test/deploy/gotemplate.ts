// A small renderer for the subset of Go templates (text/template + the Helm and Sprig functions)
// that deploy/helm/lanner uses, so the chart's templates can be rendered and parsed in tests where
// Helm is not installed. It follows Go's semantics where the chart depends on them: whitespace
// trimming with {{- -}}, an error for a field of a missing value ("nil pointer evaluating"),
// truthiness of empty values, map ranges in key order, numbers from values printed as Go prints
// float64, Helm's toYaml without the final newline, Sprig's `default` and empty-value rules.
// It is not Helm: an unknown function or construct is an error here, never silently ignored.
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

type Value = unknown;

// ---- lexing -------------------------------------------------------------------------------------

type Piece = { kind: "text"; text: string } | { kind: "action"; src: string; line: number };

/** Splits template text into text and {{ actions }}, applying the trim markers. */
function splitActions(src: string, name: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, "");
    trimNext = false;
    if (open < 0) {
      pieces.push({ kind: "text", text });
      break;
    }
    const leftTrim = /^\{\{- /.test(src.slice(open, open + 4)) || /^\{\{-\n/.test(src.slice(open, open + 4));
    if (leftTrim) text = text.replace(/\s+$/, "");
    pieces.push({ kind: "text", text });
    let start = open + (leftTrim ? 3 : 2);
    // Comments may hold "}}"; they end at "*/}}" (or "*/ -}}").
    const body = src.slice(start).replace(/^\s*/, "");
    let close: number;
    if (body.startsWith("/*")) {
      const end = src.indexOf("*/", start);
      if (end < 0) throw new Error(`${name}: unclosed comment`);
      close = src.indexOf("}}", end);
    } else {
      close = findClose(src, start);
    }
    if (close < 0) throw new Error(`${name}: unclosed action at offset ${open}`);
    let inner = src.slice(start, close);
    if (/ -$/.test(inner) || /\n-$/.test(inner)) {
      inner = inner.slice(0, -2);
      trimNext = true;
    }
    start = close + 2;
    const line = src.slice(0, open).split("\n").length;
    if (!inner.trim().startsWith("/*")) pieces.push({ kind: "action", src: inner.trim(), line });
    i = start;
  }
  return pieces;
}

/** The "}}" closing an action, skipping string literals. */
function findClose(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
    } else if (c === "`") {
      i = src.indexOf("`", i + 1);
      if (i < 0) return -1;
    } else if (c === "}" && src[i + 1] === "}") return i;
    i++;
  }
  return -1;
}

type Token =
  | { t: "field"; names: string[] } // .A.B (names empty: ".")
  | { t: "var"; name: string; names: string[] } // $x.A.B
  | { t: "ident"; name: string }
  | { t: "string"; value: string }
  | { t: "number"; value: number }
  | { t: "punct"; value: "(" | ")" | "|" | ":=" | "=" | "," }
  | { t: "chain"; names: string[] }; // .A after ")"

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  // The text `re` matches at i, consumed.
  const take = (re: RegExp): string => {
    const m = re.exec(src.slice(i));
    if (!m) throw new Error(`bad token in {{ ${src} }}`);
    i += m[0].length;
    return m[0];
  };
  const fieldNames = (): string[] => {
    const names: string[] = [];
    while (src[i] === "." && /[A-Za-z_]/.test(src[i + 1] ?? "")) {
      i++;
      names.push(take(/^[A-Za-z_][A-Za-z0-9_]*/));
    }
    return names;
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      out.push({ t: "string", value: JSON.parse(src.slice(i, j + 1)) as string });
      i = j + 1;
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      out.push({ t: "string", value: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === "(" || c === ")" || c === "|" || c === ",") {
      out.push({ t: "punct", value: c });
      i++;
      if (c === ")" && src[i] === ".") out.push({ t: "chain", names: fieldNames() });
    } else if (src.startsWith(":=", i)) {
      out.push({ t: "punct", value: ":=" });
      i += 2;
    } else if (c === "=") {
      out.push({ t: "punct", value: "=" });
      i++;
    } else if (c === ".") {
      if (/[A-Za-z_]/.test(src[i + 1] ?? "")) out.push({ t: "field", names: fieldNames() });
      else {
        out.push({ t: "field", names: [] });
        i++;
      }
    } else if (c === "$") {
      const name = take(/^\$[A-Za-z0-9_]*/);
      out.push({ t: "var", name, names: fieldNames() });
    } else if (/[0-9-]/.test(c)) {
      out.push({ t: "number", value: Number(take(/^-?[0-9]+(\.[0-9]+)?/)) });
    } else if (/[A-Za-z_]/.test(c)) {
      out.push({ t: "ident", name: take(/^[A-Za-z_][A-Za-z0-9_]*/) });
    } else throw new Error(`unexpected "${c}" in {{ ${src} }}`);
  }
  return out;
}

// ---- parsing ------------------------------------------------------------------------------------

type Operand =
  | { k: "field"; names: string[] }
  | { k: "var"; name: string; names: string[] }
  | { k: "ident"; name: string }
  | { k: "lit"; value: Value }
  | { k: "sub"; pipe: Pipeline; names: string[] };
type Command = Operand[];
interface Pipeline {
  decl?: { names: string[]; assign: boolean };
  commands: Command[];
}

function parsePipeline(tokens: Token[], pos: { i: number }, stopAtParen: boolean): Pipeline {
  const pipe: Pipeline = { commands: [] };
  // Declaration: $x := …, $k, $v := …, $x = …
  const save = pos.i;
  const names: string[] = [];
  while (tokens[pos.i]?.t === "var" && (tokens[pos.i] as { names: string[] }).names.length === 0) {
    names.push((tokens[pos.i] as { name: string }).name);
    pos.i++;
    const p = tokens[pos.i];
    if (p?.t === "punct" && p.value === ",") {
      pos.i++;
      continue;
    }
    break;
  }
  const op = tokens[pos.i];
  if (names.length > 0 && op?.t === "punct" && (op.value === ":=" || op.value === "=")) {
    pipe.decl = { names, assign: op.value === "=" };
    pos.i++;
  } else pos.i = save;

  let cmd: Command = [];
  while (pos.i < tokens.length) {
    const tok = tokens[pos.i] as Token;
    if (tok.t === "punct" && tok.value === ")") {
      if (!stopAtParen) throw new Error("unexpected )");
      break;
    }
    pos.i++;
    if (tok.t === "punct" && tok.value === "|") {
      pipe.commands.push(cmd);
      cmd = [];
      continue;
    }
    if (tok.t === "punct" && tok.value === "(") {
      const sub = parsePipeline(tokens, pos, true);
      pos.i++; // ")"
      const chain = tokens[pos.i];
      let chained: string[] = [];
      if (chain?.t === "chain") {
        chained = chain.names;
        pos.i++;
      }
      cmd.push({ k: "sub", pipe: sub, names: chained });
      continue;
    }
    if (tok.t === "field") cmd.push({ k: "field", names: tok.names });
    else if (tok.t === "var") cmd.push({ k: "var", name: tok.name, names: tok.names });
    else if (tok.t === "string") cmd.push({ k: "lit", value: tok.value });
    else if (tok.t === "number") cmd.push({ k: "lit", value: tok.value });
    else if (tok.t === "ident") {
      if (tok.name === "true" || tok.name === "false") cmd.push({ k: "lit", value: tok.name === "true" });
      else if (tok.name === "nil") cmd.push({ k: "lit", value: null });
      else cmd.push({ k: "ident", name: tok.name });
    } else throw new Error(`unexpected token ${JSON.stringify(tok)}`);
  }
  if (cmd.length > 0) pipe.commands.push(cmd);
  if (pipe.commands.length === 0) throw new Error("empty pipeline");
  return pipe;
}

type Node =
  | { n: "text"; text: string }
  | { n: "out"; pipe: Pipeline; line: number }
  | { n: "if"; branches: { cond: Pipeline; body: Node[] }[]; otherwise: Node[] }
  | { n: "with"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { n: "range"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { n: "template"; name: string; pipe?: Pipeline };

interface Parsed {
  nodes: Node[];
  defines: Map<string, Node[]>;
}

function parseTemplate(src: string, name: string): Parsed {
  const pieces = splitActions(src, name);
  const defines = new Map<string, Node[]>();
  let at = 0;
  // Parses nodes until one of `stops` (an action keyword) and returns the stopping action.
  const parseList = (stops: string[]): { nodes: Node[]; stop?: string; rest?: string } => {
    const nodes: Node[] = [];
    while (at < pieces.length) {
      const p = pieces[at++] as Piece;
      if (p.kind === "text") {
        if (p.text !== "") nodes.push({ n: "text", text: p.text });
        continue;
      }
      const kw = /^([a-z]+)\b\s*(.*)$/s.exec(p.src);
      const word = kw?.[1] ?? "";
      const rest = kw?.[2] ?? "";
      const where = `${name}:${p.line}`;
      try {
        if (stops.includes(word)) return { nodes, stop: word, rest };
        if (word === "if") {
          const branches: { cond: Pipeline; body: Node[] }[] = [];
          let cond = pipelineOf(rest);
          let otherwise: Node[] = [];
          for (;;) {
            const r = parseList(["else", "end"]);
            branches.push({ cond, body: r.nodes });
            if (r.stop === "end") break;
            if (r.stop !== "else") throw new Error("if without end");
            const elseIf = /^if\b\s*(.*)$/s.exec(r.rest ?? "");
            if (elseIf) {
              cond = pipelineOf(elseIf[1] as string);
              continue;
            }
            const e = parseList(["end"]);
            otherwise = e.nodes;
            break;
          }
          nodes.push({ n: "if", branches, otherwise });
        } else if (word === "with" || word === "range") {
          const pipe = pipelineOf(rest);
          const r = parseList(["else", "end"]);
          let otherwise: Node[] = [];
          if (r.stop === "else") otherwise = parseList(["end"]).nodes;
          else if (r.stop !== "end") throw new Error(`${word} without end`);
          nodes.push({ n: word, pipe, body: r.nodes, otherwise });
        } else if (word === "define") {
          const m = /^"([^"]+)"$/.exec(rest.trim());
          if (!m) throw new Error(`bad define: ${rest}`);
          const r = parseList(["end"]);
          if (r.stop !== "end") throw new Error("define without end");
          defines.set(m[1] as string, r.nodes);
        } else if (word === "template") {
          const m = /^"([^"]+)"\s*(.*)$/s.exec(rest);
          if (!m) throw new Error(`bad template: ${rest}`);
          nodes.push({ n: "template", name: m[1] as string, ...(m[2] ? { pipe: pipelineOf(m[2]) } : {}) });
        } else if (["else", "end", "block", "break", "continue"].includes(word)) {
          throw new Error(`unexpected {{ ${word} }}`);
        } else nodes.push({ n: "out", pipe: pipelineOf(p.src), line: p.line });
      } catch (e) {
        if (e instanceof Error && !e.message.startsWith(name)) e.message = `${where}: ${e.message}`;
        throw e;
      }
    }
    return { nodes };
  };
  const top = parseList([]);
  return { nodes: top.nodes, defines };
}

function pipelineOf(src: string): Pipeline {
  const tokens = tokenize(src);
  const pos = { i: 0 };
  const p = parsePipeline(tokens, pos, false);
  if (pos.i !== tokens.length) throw new Error(`trailing tokens in {{ ${src} }}`);
  return p;
}

// ---- values -------------------------------------------------------------------------------------

const isMap = (v: Value): v is Record<string, Value> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Files);

/** Go's truth: false, 0, "", nil and empty collections are false. */
export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** How Go's fmt prints a value with %v (numbers from values are float64, as Helm decodes them). */
export function goString(v: Value): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    // %v of a float64 is %g with the shortest precision: exponent form below 1e-4 and from 1e6 on
    // (so Helm prints a value of 1000000 as 1e+06).
    if (v === 0 || !Number.isFinite(v)) return String(v);
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (exp >= -4 && exp < 6) return String(v);
    const [mantissa, e] = v.toExponential().split("e") as [string, string];
    const sign = e.startsWith("-") ? "-" : "+";
    return `${mantissa}e${sign}${e.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  if (Array.isArray(v)) return `[${v.map(goString).join(" ")}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goString(v[k])}`)
      .join(" ")}]`;
  return String(v);
}

/** Helm's toYaml: keys sorted (Go marshals maps in key order), without the final newline. */
export function toYaml(v: Value): string {
  if (v === undefined || v === null) return "null";
  return stringifyYaml(v, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, "");
}

function deepCopy(v: Value): Value {
  return v === undefined ? undefined : structuredClone(v);
}

/** Helm's merge of user values over the chart's: maps merge key by key, null deletes a key. */
export function coalesceValues(base: Value, over: Value): Value {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : deepCopy(over);
  const out: Record<string, Value> = deepCopy(base) as Record<string, Value>;
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? coalesceValues(out[k], v) : deepCopy(v);
  }
  return out;
}

/** Helm's .Files: the chart's files (not templates/), with Get, Glob and AsConfig. */
export class Files {
  constructor(private readonly files: Map<string, string>) {}
  Get = (name: string): string => this.files.get(name) ?? "";
  Glob = (pattern: string): Files => {
    const re = new RegExp(
      `^${pattern
        .split("")
        .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("")}$`,
    );
    return new Files(new Map([...this.files].filter(([k]) => re.test(k))));
  };
  AsConfig = (): string => {
    if (this.files.size === 0) return "";
    return toYaml(Object.fromEntries([...this.files].map(([k, v]) => [path.posix.basename(k), v])));
  };
}

// ---- functions ----------------------------------------------------------------------------------

type Fn = (...args: Value[]) => Value;

function sprigEmpty(v: Value): boolean {
  return !truthy(v);
}

function goEq(a: Value, b: Value): boolean {
  if (typeof a === "object" || typeof b === "object") throw new Error("eq: only basic values compare");
  return a === b;
}

function printf(format: string, ...args: Value[]): string {
  let i = 0;
  return format.replace(/%[sdvq%]/g, (m) => {
    if (m === "%%") return "%";
    const a = args[i++];
    if (m === "%q") return JSON.stringify(goString(a));
    if (m === "%d") return String(Math.trunc(Number(a)));
    return goString(a);
  });
}

function builtins(render: (name: string, data: Value) => string, lookup: LookupFn): Record<string, Fn> {
  return {
    include: (name, data) => render(String(name), data),
    toYaml: (v) => toYaml(v),
    fromYaml: (s) => parseYaml(String(s)) ?? {},
    nindent: (n, s) => `\n${indentText(Number(n), goString(s))}`,
    indent: (n, s) => indentText(Number(n), goString(s)),
    quote: (...xs) => xs.map((x) => JSON.stringify(goString(x))).join(" "),
    squote: (...xs) => xs.map((x) => `'${goString(x)}'`).join(" "),
    default: (d, ...rest) => {
      const v = rest.length > 0 ? rest[rest.length - 1] : undefined;
      return sprigEmpty(v) ? d : v;
    },
    empty: (v) => sprigEmpty(v),
    eq: (a, ...bs) => bs.some((b) => goEq(a, b)),
    ne: (a, b) => !goEq(a, b),
    not: (v) => !truthy(v),
    and: (...xs) => {
      for (const x of xs) if (!truthy(x)) return x;
      return xs[xs.length - 1];
    },
    or: (...xs) => {
      for (const x of xs) if (truthy(x)) return x;
      return xs[xs.length - 1];
    },
    printf: (f, ...xs) => printf(String(f), ...xs),
    trunc: (n, s) => goString(s).slice(0, Number(n)),
    trimSuffix: (suffix, s) => {
      const str = goString(s);
      return str.endsWith(String(suffix)) ? str.slice(0, -String(suffix).length) : str;
    },
    contains: (sub, s) => goString(s).includes(goString(sub)),
    toString: (v: Value) => goString(v),
    int: (v) => Math.trunc(Number(v)),
    b64enc: (s) => Buffer.from(goString(s)).toString("base64"),
    b64dec: (s) => Buffer.from(goString(s), "base64").toString("utf8"),
    sha256sum: (s) => createHash("sha256").update(goString(s)).digest("hex"),
    randAlphaNum: (n) => {
      const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      return [...randomBytes(Number(n))].map((b) => chars[b % chars.length]).join("");
    },
    deepCopy: (v) => deepCopy(v),
    set: (m, k, v) => {
      if (!isMap(m)) throw new Error("set: not a map");
      m[String(k)] = v;
      return m;
    },
    index: (m, ...keys) => {
      let cur = m;
      for (const k of keys) {
        if (cur === undefined || cur === null) return undefined;
        cur = (cur as Record<string, Value>)[String(k)];
      }
      return cur;
    },
    hasKey: (m, k) => isMap(m) && String(k) in m,
    dict: (...kv) => {
      const out: Record<string, Value> = {};
      for (let i = 0; i + 1 < kv.length; i += 2) out[String(kv[i])] = kv[i + 1];
      return out;
    },
    list: (...xs) => xs,
    required: (msg, v) => {
      if (v === undefined || v === null || v === "") throw new Error(String(msg));
      return v;
    },
    lookup: (apiVersion, kind, ns, name) =>
      lookup(String(apiVersion), String(kind), String(ns), String(name)),
  };
}

function indentText(n: number, s: string): string {
  const pad = " ".repeat(n);
  return pad + s.replace(/\n/g, `\n${pad}`);
}

// ---- evaluation ---------------------------------------------------------------------------------

/** What `lookup` answers (Helm: an empty map when not talking to a cluster, as in `helm template`). */
export type LookupFn = (apiVersion: string, kind: string, namespace: string, name: string) => Value;

class Scope {
  private readonly vars = new Map<string, Value>();
  constructor(readonly parent?: Scope) {}
  get(name: string): Value {
    if (this.vars.has(name)) return this.vars.get(name);
    if (this.parent) return this.parent.get(name);
    throw new Error(`undefined variable: ${name}`);
  }
  declare(name: string, v: Value): void {
    this.vars.set(name, v);
  }
  assign(name: string, v: Value): void {
    if (this.vars.has(name)) this.vars.set(name, v);
    else if (this.parent) this.parent.assign(name, v);
    else throw new Error(`undefined variable: ${name}`);
  }
}

function field(v: Value, names: string[], what: string): Value {
  let cur = v;
  let seen = what;
  for (const n of names) {
    if (cur === undefined || cur === null)
      throw new Error(`nil pointer evaluating interface {}.${n} (${seen})`);
    const next = (cur as Record<string, Value>)[n];
    cur = typeof next === "function" && names[names.length - 1] !== n ? (next as Fn)() : next;
    seen += `.${n}`;
  }
  return cur;
}

class Renderer {
  private readonly fns: Record<string, Fn>;
  constructor(
    private readonly defines: Map<string, Node[]>,
    private readonly root: Value,
    lookup: LookupFn,
  ) {
    this.fns = builtins((name, data) => this.renderDefine(name, data), lookup);
  }

  renderDefine(name: string, data: Value): string {
    const body = this.defines.get(name);
    if (!body) throw new Error(`template "${name}" not defined`);
    const scope = new Scope();
    scope.declare("$", data);
    return this.nodes(body, data, scope);
  }

  render(nodes: Node[]): string {
    const scope = new Scope();
    scope.declare("$", this.root);
    return this.nodes(nodes, this.root, scope);
  }

  private nodes(list: Node[], dot: Value, scope: Scope): string {
    let out = "";
    for (const node of list) out += this.node(node, dot, scope);
    return out;
  }

  private node(node: Node, dot: Value, scope: Scope): string {
    switch (node.n) {
      case "text":
        return node.text;
      case "out": {
        const v = this.pipeline(node.pipe, dot, scope);
        return node.pipe.decl ? "" : goString(v);
      }
      case "if": {
        const inner = new Scope(scope);
        for (const b of node.branches)
          if (truthy(this.pipeline(b.cond, dot, inner))) return this.nodes(b.body, dot, inner);
        return this.nodes(node.otherwise, dot, inner);
      }
      case "with": {
        const inner = new Scope(scope);
        const v = this.pipeline(node.pipe, dot, inner);
        return truthy(v) ? this.nodes(node.body, v, inner) : this.nodes(node.otherwise, dot, inner);
      }
      case "range": {
        const decl = node.pipe.decl;
        const v = this.pipeline({ commands: node.pipe.commands }, dot, scope);
        if (!truthy(v)) return this.nodes(node.otherwise, dot, new Scope(scope));
        const entries: [Value, Value][] = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : isMap(v)
            ? Object.keys(v)
                .sort()
                .map((k) => [k, v[k]])
            : [];
        let out = "";
        for (const [k, x] of entries) {
          const inner = new Scope(scope);
          if (decl?.names.length === 1) inner.declare(decl.names[0] as string, x);
          if (decl?.names.length === 2) {
            inner.declare(decl.names[0] as string, k);
            inner.declare(decl.names[1] as string, x);
          }
          out += this.nodes(node.body, x, inner);
        }
        return out;
      }
      case "template": {
        const data = node.pipe ? this.pipeline(node.pipe, dot, scope) : undefined;
        return this.renderDefine(node.name, data);
      }
    }
  }

  private pipeline(pipe: Pipeline, dot: Value, scope: Scope): Value {
    let piped: Value;
    let first = true;
    for (const cmd of pipe.commands) {
      piped = this.command(cmd, dot, scope, first ? undefined : { value: piped });
      first = false;
    }
    if (pipe.decl) {
      const name = pipe.decl.names[0] as string;
      if (pipe.decl.assign) scope.assign(name, piped);
      else scope.declare(name, piped);
    }
    return piped;
  }

  private command(cmd: Command, dot: Value, scope: Scope, piped?: { value: Value }): Value {
    const [head, ...rest] = cmd as [Operand, ...Operand[]];
    const args = () => {
      const a = rest.map((o) => this.operand(o, dot, scope));
      if (piped) a.push(piped.value);
      return a;
    };
    if (head.k === "ident") {
      const fn = this.fns[head.name];
      if (!fn) throw new Error(`function "${head.name}" not defined (in this test renderer)`);
      return fn(...args());
    }
    const v = this.operand(head, dot, scope, true);
    if (typeof v === "function") return (v as Fn)(...args());
    if (rest.length > 0 || piped) throw new Error("can't give arguments to a non-function");
    return v;
  }

  private operand(o: Operand, dot: Value, scope: Scope, callable = false): Value {
    let v: Value;
    switch (o.k) {
      case "lit":
        return o.value;
      case "ident": {
        const fn = this.fns[o.name];
        if (!fn) throw new Error(`function "${o.name}" not defined (in this test renderer)`);
        return fn();
      }
      case "field":
        v = field(dot, o.names, ".");
        break;
      case "var":
        v = field(scope.get(o.name), o.names, o.name);
        break;
      case "sub": {
        const inner = this.pipeline(o.pipe, dot, scope);
        v = field(inner, o.names, "(…)");
        break;
      }
    }
    // A method named last in a chain runs with no arguments unless it heads a command.
    if (typeof v === "function" && !callable) return (v as Fn)();
    if (typeof v === "function" && o.k === "sub") return (v as Fn)();
    return v;
  }
}

// ---- charts -------------------------------------------------------------------------------------

export interface RenderOptions {
  /** Values merged over values.yaml as Helm merges -f files. */
  values?: Record<string, Value>;
  releaseName?: string;
  namespace?: string;
  lookup?: LookupFn;
}

export interface RenderedChart {
  /** Output per template file (templates/daemonset.yaml → its text), NOTES.txt included. */
  outputs: Map<string, string>;
  /** The merged values the templates saw. */
  values: Record<string, Value>;
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** Renders a chart directory as `helm template` would for the subset of Go templates this file knows. */
export function renderChart(chartDir: string, options: RenderOptions = {}): RenderedChart {
  const chart = parseYaml(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as Record<string, Value>;
  const defaults = parseYaml(readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as Record<
    string,
    Value
  >;
  const values = coalesceValues(defaults, options.values ?? {}) as Record<string, Value>;
  const all = listFiles(chartDir);
  const files = new Map(
    all
      .filter((f) => !f.startsWith("templates/") && f !== "Chart.yaml" && f !== "values.yaml")
      .map((f) => [f, readFileSync(path.join(chartDir, f), "utf8")]),
  );
  const root = {
    Values: values,
    Release: {
      Name: options.releaseName ?? "lanner",
      Namespace: options.namespace ?? "lanner",
      Service: "Helm",
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Files: new Files(files),
  };
  const templates = all.filter((f) => f.startsWith("templates/"));
  const parsed = templates.map((t) => ({
    name: t,
    ...parseTemplate(readFileSync(path.join(chartDir, t), "utf8"), t),
  }));
  const defines = new Map<string, Node[]>();
  for (const p of parsed) for (const [k, v] of p.defines) defines.set(k, v);
  const renderer = new Renderer(defines, root, options.lookup ?? (() => ({})));
  const outputs = new Map<string, string>();
  for (const p of parsed) {
    if (path.posix.basename(p.name).startsWith("_")) continue;
    outputs.set(p.name, renderer.render(p.nodes));
  }
  return { outputs, values };
}

/** Renders one template text against data (for the renderer's own tests). */
export function renderString(src: string, data: Value, defines: Record<string, string> = {}): string {
  const all = new Map<string, Node[]>();
  for (const [k, v] of Object.entries(defines)) all.set(k, parseTemplate(v, k).nodes);
  const p = parseTemplate(src, "inline");
  for (const [k, v] of p.defines) all.set(k, v);
  return new Renderer(all, data, () => ({})).render(p.nodes);
}
