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
export type TransformerName = "tolower" | "toupper" | "b64" | "basename" | "len" | "join" | "concat" | "getopt";

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

export interface Transform {
  kind: "transform";
  fn: TransformerName;
  args: ValueExpr[];
  span: Span;
}

/** `val(proc.pname)`: compare with another field of the same event. */
export interface ValRef {
  kind: "val";
  field: FieldRef;
  span: Span;
}

/** What can stand on either side of an operator. */
export type ValueExpr = FieldRef | Literal | ListLiteral | Transform | ValRef;

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
