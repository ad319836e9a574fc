// Field model shared by every event source: what a rule can ask about an event.

/** libsinsp parameter types, as `lanner fields` prints them (Falco's names without the PT_ prefix). */
export type FieldType =
  | "CHARBUF"
  | "BYTEBUF"
  | "FSPATH"
  | "FSRELPATH"
  | "INT8"
  | "INT16"
  | "INT32"
  | "INT64"
  | "UINT8"
  | "UINT16"
  | "UINT32"
  | "UINT64"
  | "BOOL"
  | "IPADDR"
  | "IPNET"
  | "IPV4ADDR"
  | "IPV6ADDR"
  | "IPV4NET"
  | "IPV6NET"
  | "PORT"
  | "L4PROTO"
  | "SOCKFAMILY"
  | "RELTIME"
  | "ABSTIME"
  | "DOUBLE"
  | "FD"
  | "PID"
  | "ERRNO"
  | "MODE"
  | "UID"
  | "GID"
  | "SIGTYPE"
  | "SYSCALLID"
  | "FLAGS8"
  | "FLAGS16"
  | "FLAGS32"
  | "ENUMFLAGS8"
  | "ENUMFLAGS16"
  | "ENUMFLAGS32";

/** One extracted scalar. 64-bit integers that may exceed 2^53 (timestamps) are bigint. */
export type Scalar = string | number | bigint | boolean | Uint8Array;
/** A field's value for one event: a scalar, or a list for list-valued fields. */
export type FieldValue = Scalar | readonly Scalar[];

/** How a field takes an argument: `proc.aname[2]`, `evt.arg.flags`, `jevt.value[/a/b]`, `k8s.pod.label["app"]`. */
export interface ArgSpec {
  /** index: non-negative integer; key: any string; path: JSON pointer starting with "/". */
  kind: "index" | "key" | "path";
  /** The field cannot be used without an argument. */
  required: boolean;
  /** The argument may also follow a dot: `evt.arg.flags` is `evt.arg[flags]`. */
  dotted?: boolean;
}

export interface FieldDef {
  /** Full name, with its class prefix: `proc.name`. */
  name: string;
  type: FieldType;
  desc: string;
  arg?: ArgSpec;
  /** The value is a list (k8s audit list fields, fdlist.*): `in` needs every value, `intersects` any. */
  isList?: boolean;
  /**
   * Without an argument the field stands for several values and a check matches when any value
   * matches (libsinsp's `proc.aname`, `proc.aexe`).
   */
  anyWithoutArg?: boolean;
  /**
   * Stands for both ends of a connection (`fd.ip`, `fd.port`): a check matches when either end does,
   * and `!=` means that neither end equals the value, as libsinsp evaluates it.
   */
  eitherEnd?: boolean;
  /** Kept for old rules; `lanner fields` marks it. */
  deprecated?: boolean;
  /** Not listed by `lanner fields`, still accepted in rules. */
  hidden?: boolean;
  /** Can only be used in outputs, not in conditions (libsinsp's EPF_FORMAT_ONLY). */
  formatOnly?: boolean;
  /** Can only be used in conditions, not in outputs (libsinsp's EPF_FILTER_ONLY: `fd.net`, `fd.ip`). */
  filterOnly?: boolean;
  /** Cannot be compared with another field through `val()`, nor be its argument (EPF_NO_RHS). */
  noRhs?: boolean;
  /** Cannot be wrapped in a transformer such as `tolower()` (EPF_NO_TRANSFORMER). */
  noTransformer?: boolean;
}

export interface FieldClass {
  /** `proc`, `fd`, `ka`… */
  name: string;
  desc: string;
  fields: readonly FieldDef[];
}

/** Reads one field from an event; `undefined` means the field has no value for this event. */
export type Extractor<E> = (evt: E) => FieldValue | undefined;

/**
 * Everything the filter compiler knows about one event source: its fields, the event types
 * `evt.type` can take, and how to bind a field to an extractor.
 */
export interface EventSchema<E> {
  /** Rule `source:` value: `syscall`, `k8s_audit`. */
  source: string;
  classes: readonly FieldClass[];
  /**
   * Names `evt.type` may compare with. Rules are indexed by these; an unknown name in an
   * `evt.type` check is a compile error. Undefined: the source has no event-type index.
   */
  eventTypes?: ReadonlySet<string>;
  /**
   * Single-valued string fields that index the rules of a source without event types: a rule that
   * can only match some values of them is tried only on events that have one of those values.
   */
  indexFields?: readonly string[];
  /** Binds a field (and its argument) to an extractor, once, at compile time. */
  bind(field: FieldDef, arg: string | undefined): Extractor<E>;
}
