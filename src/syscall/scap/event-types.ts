// Vocabulary of the libs event table: parameter types, print formats, categories and event flags
// (values of `enum ppm_param_type`, `ppm_print_format`, `ppm_event_category`, `ppm_event_flags` in
// falcosecurity/libs driver/ppm_events_public.h), and the shapes of the generated tables.

/** Parameter types (`PT_*`); the numbers are the on-disk values of the libs headers. */
export const PT = {
  NONE: 0,
  INT8: 1,
  INT16: 2,
  INT32: 3,
  INT64: 4,
  UINT8: 5,
  UINT16: 6,
  UINT32: 7,
  UINT64: 8,
  CHARBUF: 9,
  BYTEBUF: 10,
  ERRNO: 11,
  SOCKADDR: 12,
  SOCKTUPLE: 13,
  FD: 14,
  PID: 15,
  FDLIST: 16,
  FSPATH: 17,
  SYSCALLID: 18,
  SIGTYPE: 19,
  RELTIME: 20,
  ABSTIME: 21,
  PORT: 22,
  L4PROTO: 23,
  SOCKFAMILY: 24,
  BOOL: 25,
  IPV4ADDR: 26,
  DYN: 27,
  FLAGS8: 28,
  FLAGS16: 29,
  FLAGS32: 30,
  UID: 31,
  GID: 32,
  DOUBLE: 33,
  SIGSET: 34,
  CHARBUFARRAY: 35,
  CHARBUF_PAIR_ARRAY: 36,
  IPV4NET: 37,
  IPV6ADDR: 38,
  IPV6NET: 39,
  IPADDR: 40,
  IPNET: 41,
  MODE: 42,
  FSRELPATH: 43,
  ENUMFLAGS8: 44,
  ENUMFLAGS16: 45,
  ENUMFLAGS32: 46,
  FD32: 47,
  PID32: 48,
} as const;
export type ParamType = (typeof PT)[keyof typeof PT];

/** Print formats (`PF_*`) of numeric parameters. */
export const PF = { NA: 0, DEC: 1, HEX: 2, PADDED_DEC: 3, ID: 4, DIR: 5, OCT: 6 } as const;
export type PrintFormat = (typeof PF)[keyof typeof PF];

/** Event categories (`EC_*`). The low byte is the syscall kind; INTERNAL marks events sysdig hides. */
export const EC = {
  UNKNOWN: 0,
  OTHER: 1,
  FILE: 2,
  NET: 3,
  IPC: 4,
  MEMORY: 5,
  PROCESS: 6,
  SLEEP: 7,
  SYSTEM: 8,
  SIGNAL: 9,
  USER: 10,
  TIME: 11,
  PROCESSING: 12,
  IO_BASE: 32,
  IO_READ: 32,
  IO_WRITE: 33,
  IO_OTHER: 34,
  WAIT: 64,
  SCHEDULER: 128,
  INTERNAL: 256,
  SYSCALL: 512,
  TRACEPOINT: 1024,
  PLUGIN: 2048,
  METAEVENT: 4096,
  ITER: 8192,
} as const;

/** Event flags (`EF_*`). DROP_SIMPLE_CONS exists only in old tables, CONVERTER_MANAGED only in new ones. */
export const EF = {
  NONE: 0,
  CREATES_FD: 1 << 0,
  DESTROYS_FD: 1 << 1,
  USES_FD: 1 << 2,
  READS_FROM_FD: 1 << 3,
  WRITES_TO_FD: 1 << 4,
  MODIFIES_STATE: 1 << 5,
  UNUSED: 1 << 6,
  WAITS: 1 << 7,
  SKIPPARSERESET: 1 << 8,
  OLD_VERSION: 1 << 9,
  DROP_SIMPLE_CONS: 1 << 10,
  LARGE_PAYLOAD: 1 << 11,
  CONVERTER_MANAGED: 1 << 12,
} as const;

/** A flag or enum table: `[name, value]` in the libs order (rendering depends on the order). */
export type FlagTable = readonly (readonly [name: string, value: number])[];

/** One parameter of an event: name, type, print format and, by type, its flag table, dirfd or dyn table. */
export interface ParamInfo {
  readonly name: string;
  readonly type: ParamType;
  readonly fmt: PrintFormat;
  /** FLAGS*, ENUMFLAGS*, MODE: the names of the bits or values. */
  readonly flags?: FlagTable;
  /** FSRELPATH: index of the dirfd parameter the path is relative to. */
  readonly dirfd?: number;
  /** DYN: the possible encodings, selected by the first byte of the value. */
  readonly dyn?: readonly ParamInfo[];
}

/** One entry of the event table, indexed by event type code. */
export interface EventInfo {
  readonly code: number;
  readonly name: string;
  readonly category: number;
  readonly flags: number;
  readonly params: readonly ParamInfo[];
  /**
   * How many of `params` libs e5c53d64 (sysdig 0.29.3) knows; later libs appended the rest. sysdig shows
   * min(this, the event's nparams) parameters.
   */
  readonly oldParams: number;
}

/** Builds a parameter description (used by the generated tables). */
export function param(
  name: string,
  type: ParamType,
  fmt: PrintFormat,
  extra?: { flags?: FlagTable; dirfd?: number; dyn?: readonly ParamInfo[] },
): ParamInfo {
  return extra ? { name, type, fmt, ...extra } : { name, type, fmt };
}

/** True for enter events (even codes), as `PPME_IS_ENTER`. */
export function isEnter(code: number): boolean {
  return (code & 1) === 0;
}
