// Recursive-descent parser for libsinsp's condition grammar, with its error texts and depth limit.
import type {
  BinaryOperator,
  CheckExpr,
  Expr,
  FieldRef,
  ListLiteral,
  Literal,
  Modifier,
  Span,
  Transform,
  TransformArg,
  TransformerName,
  TransformList,
  ValRef,
} from "./ast.js";

/** A condition that does not parse; `offset` is where in the text the parser stopped. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const RX_NOT_BLANK = /not[ \t\n\r\f\v]+/y;
const RX_IDENTIFIER = /[a-zA-Z]+[a-zA-Z0-9_]*/y;
const RX_FIELD_NAME = /[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y;
const RX_FIELD_ARG_BARE = /[^\][\s"']+/y;
const RX_HEX = /0[xX][0-9a-zA-Z]+/y;
const RX_NUMBER = /[+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?/y;
const RX_BARE_STR = /[^()"'\s=,]+/y;

const NUM_OPS = ["<=", "<", ">=", ">"] as const;
// A trailing space marks operators that need a blank after them.
const STR_OPS = [
  "==",
  "=",
  "!=",
  "glob ",
  "iglob ",
  "contains ",
  "icontains ",
  "bcontains ",
  "startswith ",
  "bstartswith ",
  "endswith ",
  "regex ",
] as const;
const MODIFIERS = ["oneof ", "anyof ", "allof "] as const;
const LIST_OPS = ["intersects", "in", "pmatch"] as const;
const TRANSFORMERS = [
  "tolower(",
  "toupper(",
  "b64(",
  "basename(",
  "len(",
  "join(",
  "concat(",
  "getopt(",
] as const;
const ALL_OPS = ["exists", ...NUM_OPS, ...STR_OPS.map((s) => s.trim()), ...LIST_OPS];
const TRANSFORMER_LIST = `'val', ${TRANSFORMERS.map((t) => `'${t.slice(0, -1)}'`).join(", ")}`;

/** Libsinsp's default limit is 100; Falco raises it to 1000 for rules. */
export const DEFAULT_MAX_DEPTH = 1000;

/** Parses a condition (after list substitution) into a tree; throws FilterSyntaxError. */
export function parseCondition(text: string, maxDepth = DEFAULT_MAX_DEPTH): Expr {
  return new Parser(text, maxDepth).parse();
}

/** Parses a transformer call starting at `offset` (for output templates); returns it and where it ends. */
export function parseTransformerAt(
  text: string,
  offset: number,
): { expr: Transform; end: number } | undefined {
  const p = new Parser(text, DEFAULT_MAX_DEPTH);
  p.pos = offset;
  const start = p.pos;
  const fn = p.lexTransformer();
  if (!fn) return undefined;
  const expr = p.transformerRemainder(fn, start);
  return { expr, end: p.pos };
}

/** Parses a field reference with its optional `[arg]` at `offset` (for output templates). */
export function parseFieldAt(text: string, offset: number): { expr: FieldRef; end: number } | undefined {
  const p = new Parser(text, DEFAULT_MAX_DEPTH);
  p.pos = offset;
  if (!p.lexRegex(RX_FIELD_NAME)) return undefined;
  const expr = p.fieldRemainder(p.last, offset);
  return { expr, end: p.pos };
}

class Parser {
  pos = 0;
  last = "";
  private depth = 0;

  constructor(
    private readonly input: string,
    private readonly maxDepth: number,
  ) {}

  parse(): Expr {
    if (this.input.length === 0) this.fail("filter input string is empty");
    const res = this.parseOr();
    if (this.pos !== this.input.length) {
      this.fail(`unexpected token after '${this.last}', expecting 'or', 'and'`);
    }
    return res;
  }

  private fail(message: string): never {
    throw new FilterSyntaxError(message, this.pos);
  }

  /** Runs `fn` one level deeper, refusing to go past the depth limit (so no stack overflow). */
  private nested<T>(fn: () => T): T {
    if (++this.depth >= this.maxDepth) this.fail(`exceeded max depth limit of ${this.maxDepth}`);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private span(start: number): Span {
    return { start, end: this.pos };
  }

  private parseOr(): Expr {
    return this.nested(() => this.parseJunction("or", () => this.parseAnd()));
  }

  private parseAnd(): Expr {
    return this.nested(() => this.parseJunction("and", () => this.parseNot()));
  }

  private parseJunction(kw: "and" | "or", next: () => Expr): Expr {
    const start = this.pos;
    this.lexBlank();
    const children = [next()];
    this.lexBlank();
    while (this.lexStr(kw)) {
      if (!this.lexBlank()) {
        if (this.lexStr("(")) children.push(this.embeddedRemainder());
        else this.fail(`expected blank or '(' after '${kw}'`);
      } else {
        children.push(next());
      }
      this.lexBlank();
    }
    if (children.length === 1) return children[0] as Expr;
    return { kind: kw, children, span: this.span(start) };
  }

  private parseNot(): Expr {
    return this.nested(() => {
      const start = this.pos;
      let negate = false;
      this.lexBlank();
      while (this.lexRegex(RX_NOT_BLANK)) negate = !negate;
      let child: Expr;
      if (this.lexStr("not(")) {
        negate = !negate;
        child = this.embeddedRemainder();
      } else {
        child = this.parseCheck();
      }
      return negate ? { kind: "not", child, span: this.span(start) } : child;
    });
  }

  private embeddedRemainder(): Expr {
    return this.nested(() => {
      this.lexBlank();
      const child = this.parseOr();
      this.lexBlank();
      if (!this.lexStr(")")) this.fail("expected a ')' token");
      return child;
    });
  }

  private parseCheck(): Expr {
    return this.nested(() => {
      this.lexBlank();
      const start = this.pos;
      if (this.lexStr("(")) return this.embeddedRemainder();
      if (this.lexRegex(RX_FIELD_NAME)) {
        const left = this.fieldRemainder(this.last, start);
        return this.parseCondition(left, start);
      }
      const fn = this.lexTransformer();
      if (fn) {
        const left = this.transformerRemainder(fn, start);
        return this.parseCondition(left, start);
      }
      if (this.lexRegex(RX_IDENTIFIER)) return { kind: "macro", name: this.last, span: this.span(start) };
      this.fail("expected a '(' token, a field check, or an identifier");
    });
  }

  fieldRemainder(name: string, start: number): FieldRef {
    const arg = this.optionalFieldArg();
    return arg === undefined
      ? { kind: "field", name, span: this.span(start) }
      : { kind: "field", name, arg, span: this.span(start) };
  }

  private optionalFieldArg(): string | undefined {
    if (!this.lexStr("[")) return undefined;
    if (!this.lexQuoted() && !this.lexRegex(RX_FIELD_ARG_BARE)) {
      this.fail("expected a valid field argument: a quoted string or a bare string");
    }
    const arg = this.last;
    if (!this.lexStr("]")) this.fail("expected a ']' token");
    return arg;
  }

  transformerRemainder(fn: TransformerName, start: number): Transform {
    return this.nested(() => {
      this.lexBlank();
      const args: TransformArg[] = [];
      do {
        this.lexBlank();
        args.push(this.transformerArg());
        this.lexBlank();
      } while (this.lexStr(","));
      if (!this.lexStr(")")) this.fail("expected a ')' token closing the transformer");
      const arg = this.optionalFieldArg();
      const t: Transform = { kind: "transform", fn, args, span: this.span(start) };
      if (arg !== undefined) t.arg = arg;
      return t;
    });
  }

  private transformerArg(): TransformArg {
    const start = this.pos;
    if (this.lexRegex(RX_HEX) || this.lexRegex(RX_NUMBER)) return this.literal(start, false);
    if (this.lexQuoted()) return this.literal(start, true);
    if (this.lexStr("(")) return this.transformerList(start);
    const fn = this.lexTransformer();
    if (fn) return this.transformerRemainder(fn, start);
    if (this.lexRegex(RX_FIELD_NAME)) return this.fieldRemainder(this.last, start);
    this.fail(
      "expected field transformer argument: field, transformer, quoted string, number, or transformer list",
    );
  }

  private transformerList(start: number): TransformList {
    const items: TransformList["items"] = [];
    this.lexBlank();
    if (!this.lexStr(")")) {
      do {
        this.lexBlank();
        const itemStart = this.pos;
        if (this.lexRegex(RX_FIELD_NAME)) items.push(this.fieldRemainder(this.last, itemStart));
        else {
          const fn = this.lexTransformer();
          if (fn) items.push(this.transformerRemainder(fn, itemStart));
          else if (this.lexQuoted()) items.push(this.literal(itemStart, true));
          else if (this.lexRegex(RX_HEX) || this.lexRegex(RX_NUMBER))
            items.push(this.literal(itemStart, false));
          else this.fail("expected transformer list argument: field, transformer, quoted string, or number");
        }
        this.lexBlank();
      } while (this.lexStr(","));
      if (!this.lexStr(")")) this.fail("expected ')'");
    }
    return { kind: "tlist", items, span: this.span(start) };
  }

  private parseCondition(left: FieldRef | Transform, start: number): CheckExpr {
    return this.nested(() => {
      this.lexBlank();
      if (this.lexOperator(["exists"])) {
        return { kind: "check", left, op: "exists", span: this.span(start) };
      }
      this.lexBlank();
      let op: BinaryOperator;
      let modifier: Modifier | undefined;
      let right: CheckExpr["right"];
      if (this.lexOperator(NUM_OPS)) {
        op = this.last as BinaryOperator;
        right = this.numValueOrTransformer();
      } else if (this.lexOperator(STR_OPS)) {
        op = this.last.trim() as BinaryOperator;
        // Word operators consumed their blank already; symbol operators need one before a modifier.
        const hadBlank = /^[a-z]/.test(op) || this.lexBlank();
        const saved = this.pos;
        const savedLast = this.last;
        if (
          hadBlank &&
          this.lexOperator(MODIFIERS) &&
          this.listValueFollows() &&
          !this.boolKeywordFollows()
        ) {
          modifier = this.last.trim() as Modifier;
          right = this.listValue();
        } else {
          this.pos = saved;
          this.last = savedLast;
          right = this.strValueOrTransformer();
        }
      } else if (this.lexOperator(LIST_OPS)) {
        op = this.last as BinaryOperator;
        right = this.listValueOrTransformer();
      } else {
        this.fail(`expected a valid check operator: one of ${ALL_OPS.map((o) => `'${o}'`).join(", ")}`);
      }
      const check: CheckExpr = { kind: "check", left, op, right, span: this.span(start) };
      if (modifier) check.modifier = modifier;
      return check;
    });
  }

  private numValueOrTransformer(): Literal | Transform | ValRef {
    return this.nested(() => {
      this.lexBlank();
      const start = this.pos;
      const t = this.tryTransformerOrVal();
      if (t) return t;
      if (this.lexRegex(RX_HEX) || this.lexRegex(RX_NUMBER)) return this.literal(start, false);
      this.fail(`expected a number value or a field with a valid transformer: ${TRANSFORMER_LIST}`);
    });
  }

  private strValueOrTransformer(): Literal | Transform | ValRef {
    return this.nested(() => {
      this.lexBlank();
      const start = this.pos;
      const t = this.tryTransformerOrVal();
      if (t) return t;
      if (this.lexQuoted()) return this.literal(start, true);
      if (this.lexRegex(RX_BARE_STR)) return this.literal(start, false);
      this.fail(`expected a string value or a field with a valid transformer: ${TRANSFORMER_LIST}`);
    });
  }

  private strValue(): Literal | undefined {
    this.lexBlank();
    const start = this.pos;
    if (this.lexQuoted()) return this.literal(start, true);
    if (this.lexRegex(RX_BARE_STR)) return this.literal(start, false);
    return undefined;
  }

  private tryListLiteral(): ListLiteral | undefined {
    const start = this.pos;
    if (!this.lexStr("(")) return undefined;
    const items: Literal[] = [];
    this.lexBlank();
    const first = this.strValue();
    if (first) {
      items.push(first);
      this.lexBlank();
      while (this.lexStr(",")) {
        const item = this.strValue();
        if (!item) this.fail("expected a string value");
        items.push(item);
        this.lexBlank();
      }
    }
    if (!this.lexStr(")")) this.fail("expected a ')' token");
    return { kind: "list", items, span: this.span(start) };
  }

  /** A list name left after textual substitution is kept as a one-item list of that name. */
  private identifierAsList(start: number): ListLiteral {
    const item = this.literal(start, false);
    return { kind: "list", items: [item], span: item.span };
  }

  private listValue(): ListLiteral {
    return this.nested(() => {
      this.lexBlank();
      const start = this.pos;
      const list = this.tryListLiteral();
      if (list) return list;
      if (this.lexRegex(RX_IDENTIFIER)) return this.identifierAsList(start);
      this.fail("expected a list or an identifier");
    });
  }

  private listValueOrTransformer(): ListLiteral | Transform | ValRef {
    return this.nested(() => {
      this.lexBlank();
      const start = this.pos;
      const list = this.tryListLiteral();
      if (list) return list;
      const t = this.tryTransformerOrVal();
      if (t) return t;
      if (this.lexRegex(RX_IDENTIFIER)) return this.identifierAsList(start);
      this.fail(`expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMER_LIST}`);
    });
  }

  private tryTransformerOrVal(): Transform | ValRef | undefined {
    return this.nested(() => {
      this.lexBlank();
      const start = this.pos;
      if (this.lexStr("val(")) {
        this.lexBlank();
        const fieldStart = this.pos;
        if (!this.lexRegex(RX_FIELD_NAME)) this.fail("expected a field within 'val' transformer");
        const field = this.fieldRemainder(this.last, fieldStart);
        this.lexBlank();
        if (!this.lexStr(")")) this.fail("expected a ')' token closing the transformer");
        return { kind: "val", field, span: this.span(start) };
      }
      const fn = this.lexTransformer();
      if (fn) return this.transformerRemainder(fn, start);
      return undefined;
    });
  }

  private literal(start: number, quoted: boolean): Literal {
    return { kind: "literal", value: this.last, quoted, span: this.span(start) };
  }

  // --- lexing ---

  private lexBlank(): boolean {
    const s = this.input;
    const begin = this.pos;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      // space, \t, \b, \r, \n
      if (c === 32 || c === 9 || c === 8 || c === 13 || c === 10) this.pos++;
      else break;
    }
    return this.pos > begin;
  }

  private lexStr(str: string): boolean {
    if (this.input.startsWith(str, this.pos)) {
      this.last = str;
      this.pos += str.length;
      return true;
    }
    return false;
  }

  lexRegex(rx: RegExp): boolean {
    rx.lastIndex = this.pos;
    const m = rx.exec(this.input);
    if (!m) return false;
    this.last = m[0];
    this.pos += m[0].length;
    return true;
  }

  /** Operators written with a trailing space need a blank after them (backtrack otherwise). */
  private lexOperator(ops: readonly string[]): boolean {
    for (const op of ops) {
      if (!op.endsWith(" ")) {
        if (this.lexStr(op)) return true;
        continue;
      }
      const saved = this.pos;
      const savedLast = this.last;
      if (this.lexStr(op.trimEnd())) {
        if (this.lexBlank()) {
          this.last = op;
          return true;
        }
        this.pos = saved;
        this.last = savedLast;
      }
    }
    return false;
  }

  lexTransformer(): TransformerName | undefined {
    for (const t of TRANSFORMERS) {
      if (this.lexStr(t)) {
        this.lexBlank();
        return t.slice(0, -1) as TransformerName;
      }
    }
    return undefined;
  }

  private listValueFollows(): boolean {
    if (this.input[this.pos] === "(") return true;
    RX_IDENTIFIER.lastIndex = this.pos;
    return RX_IDENTIFIER.test(this.input);
  }

  private boolKeywordFollows(): boolean {
    for (const kw of ["and", "or", "not"]) {
      if (this.input.startsWith(kw, this.pos)) {
        const next = this.input[this.pos + kw.length];
        if (next === undefined || !/[a-zA-Z0-9]/.test(next)) return true;
      }
    }
    return false;
  }

  private lexQuoted(): boolean {
    const s = this.input;
    const delim = s[this.pos];
    if (delim !== "'" && delim !== '"') return false;
    let i = this.pos + 1;
    let prev = "\\";
    // Like libsinsp, the closing quote is the first one not preceded by a backslash.
    prev = delim;
    for (; i < s.length; i++) {
      const c = s[i] as string;
      if (c === delim && prev !== "\\") {
        const raw = s.slice(this.pos, i + 1);
        const start = this.pos;
        this.pos = i + 1;
        try {
          this.last = unescapeQuoted(raw);
        } catch (e) {
          this.pos = start;
          throw e;
        }
        return true;
      }
      prev = c;
    }
    return false;
  }
}

/** Decodes a quoted string including its quotes, with libsinsp's escapes; throws on bad ones. */
export function unescapeQuoted(raw: string): string {
  const quote = raw[0];
  let res = "";
  let escaped = false;
  const end = raw.length - 1;
  for (let i = 1; i < end; i++) {
    const c = raw[i] as string;
    if (!escaped) {
      if (c === "\\") escaped = true;
      else res += c;
      continue;
    }
    escaped = false;
    switch (c) {
      case "b":
        res += "\b";
        break;
      case "f":
        res += "\f";
        break;
      case "n":
        res += "\n";
        break;
      case "r":
        res += "\r";
        break;
      case "t":
        res += "\t";
        break;
      case " ": // libsinsp keeps old, wrongly escaped rules working: "\ " reads as a backslash
      case "\\":
        res += "\\";
        break;
      case "/":
        res += "/";
        break;
      case '"':
        if (quote !== '"') throw new FilterSyntaxError("invalid \\\" escape in '-quoted string", i);
        res += '"';
        break;
      case "'":
        if (quote !== "'") throw new FilterSyntaxError("invalid \\' escape in \"-quoted string", i);
        res += "'";
        break;
      case "x": {
        const hex = raw.slice(i + 1, i + 3);
        if (i + 2 >= end) throw new FilterSyntaxError("truncated hex char escape sequence", i);
        if (!/^[0-9a-fA-F]{2}$/.test(hex))
          throw new FilterSyntaxError(`invalid hex char escape sequence: ${hex}`, i);
        res += String.fromCharCode(Number.parseInt(hex, 16));
        i += 2;
        break;
      }
      default:
        throw new FilterSyntaxError(`unsupported string escape sequence: \\${c}`, i);
    }
  }
  return res;
}
