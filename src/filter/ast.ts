// The condition language's syntax tree, as libsinsp's parser builds it.

/** Offsets into the condition text (0-based, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOperator =
  | "="
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "contains"
  | "icontains"
  | "bcontains"
  | "startswith"
  | "bstartswith"
  | "endswith"
  | "glob"
  | "iglob"
  | "regex"
  | "in"
  | "intersects"
  | "pmatch";

export type Operator = BinaryOperator | "exists";
export type Modifier = "oneof" | "anyof" | "allof";
export type TransformerName =
  | "tolower"
  | "toupper"
  | "b64"
  | "basename"
  | "len"
  | "join"
  | "concat"
  | "getopt";

/** A field reference: `proc.aname[2]`, `evt.arg.flags` (kept as written; the compiler resolves it). */
export interface FieldRef {
  kind: "field";
  name: string;
  arg?: string;
  span: Span;
}

/** A literal string or number as written (numbers stay text until the field type is known). */
export interface Literal {
  kind: "literal";
  value: string;
  quoted: boolean;
  span: Span;
}

/** `(a, b, c)` or a bare identifier naming a list that textual substitution did not replace. */
export interface ListLiteral {
  kind: "list";
  items: Literal[];
  span: Span;
}

/** `tolower(fd.name)`, `join(",", (a, b))`, `getopt(proc.args, "t:")[t]`. */
export interface Transform {
  kind: "transform";
  fn: TransformerName;
  args: TransformArg[];
  /** Argument after the closing parenthesis (`getopt(...)[t]`). */
  arg?: string;
  span: Span;
}

/** `(a, "b", tolower(c))`: a list argument of a transformer. */
export interface TransformList {
  kind: "tlist";
  items: (FieldRef | Literal | Transform)[];
  span: Span;
}

export type TransformArg = FieldRef | Literal | Transform | TransformList;

/** `val(proc.pname)`: compare with another field of the same event. */
export interface ValRef {
  kind: "val";
  field: FieldRef;
  span: Span;
}

export interface CheckExpr {
  kind: "check";
  /** A field, or a transformer over fields. */
  left: FieldRef | Transform;
  op: Operator;
  modifier?: Modifier;
  /** Absent only for `exists`. */
  right?: Literal | ListLiteral | Transform | ValRef;
  span: Span;
}

export interface MacroRef {
  kind: "macro";
  name: string;
  span: Span;
}

export interface AndExpr {
  kind: "and";
  children: Expr[];
  span: Span;
}

export interface OrExpr {
  kind: "or";
  children: Expr[];
  span: Span;
}

export interface NotExpr {
  kind: "not";
  child: Expr;
  span: Span;
}

export type Expr = AndExpr | OrExpr | NotExpr | CheckExpr | MacroRef;
