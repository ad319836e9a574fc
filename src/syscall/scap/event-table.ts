// GENERATED FILE, do not edit. Generated from falcosecurity/libs driver/event_table.c:
// codes 0..335 take name, category, flags and parameters from libs e5c53d64 (the build inside
// sysdig 0.29.3, our oracle) and append the parameters libs 48dfd53 added later; codes 336..453
// come from libs 48dfd53. Categories keep only the syscall-kind bits (the low 9 bits).
import { EC, EF, type EventInfo, PF, PT, param as p } from "./event-types.js";
import * as F from "./flag-tables.js";

function e(
  code: number,
  name: string,
  category: number,
  flags: number,
  params: EventInfo["params"],
  oldParams = params.length,
): EventInfo {
  return { code, name, category, flags, params, oldParams };
}

/** The event table, indexed by event type code (`g_event_info`). */
export const EVENT_TABLE: readonly EventInfo[] = [
  // PPME_GENERIC_E
  e(0, "syscall", EC.OTHER, EF.NONE, [p("ID", PT.SYSCALLID, PF.DEC), p("nativeID", PT.UINT16, PF.DEC)]),
  // PPME_GENERIC_X
  e(1, "syscall", EC.OTHER, EF.NONE, [p("ID", PT.SYSCALLID, PF.DEC), p("nativeID", PT.UINT16, PF.DEC)], 1),
  // PPME_SYSCALL_OPEN_E
  e(2, "open", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("name", PT.FSPATH, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
    p("mode", PT.UINT32, PF.OCT),
  ]),
  // PPME_SYSCALL_OPEN_X
  e(
    3,
    "open",
    EC.FILE,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("fd", PT.FD, PF.DEC),
      p("name", PT.FSPATH, PF.NA),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
      p("mode", PT.UINT32, PF.OCT),
      p("dev", PT.UINT32, PF.HEX),
      p("ino", PT.UINT64, PF.DEC),
    ],
    5,
  ),
  // PPME_SYSCALL_CLOSE_E
  e(4, "close", EC.IO_OTHER, EF.DESTROYS_FD | EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
  ]),
  // PPME_SYSCALL_CLOSE_X
  e(
    5,
    "close",
    EC.IO_OTHER,
    EF.DESTROYS_FD | EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("fd", PT.FD, PF.DEC)],
    1,
  ),
  // PPME_SYSCALL_READ_E
  e(6, "read", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_READ_X
  e(
    7,
    "read",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_WRITE_E
  e(8, "write", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_WRITE_X
  e(
    9,
    "write",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_BRK_1_E
  e(10, "brk", EC.MEMORY, EF.OLD_VERSION, [p("size", PT.UINT32, PF.DEC)]),
  // PPME_SYSCALL_BRK_1_X
  e(11, "brk", EC.MEMORY, EF.OLD_VERSION, [p("res", PT.UINT64, PF.HEX)]),
  // PPME_SYSCALL_EXECVE_8_E
  e(12, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_EXECVE_8_X
  e(13, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_CLONE_11_E
  e(14, "clone", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_CLONE_11_X
  e(15, "clone", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_PROCEXIT_E
  e(16, "procexit", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_PROCEXIT_X
  e(17, "NA1", EC.PROCESS, EF.UNUSED, []),
  // PPME_SOCKET_SOCKET_E
  e(18, "socket", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("domain", PT.FLAGS32, PF.DEC, { flags: F.socket_families }),
    p("type", PT.UINT32, PF.DEC),
    p("proto", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_SOCKET_X
  e(
    19,
    "socket",
    EC.NET,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("fd", PT.FD, PF.DEC),
      p("domain", PT.ENUMFLAGS32, PF.DEC, { flags: F.socket_families }),
      p("type", PT.UINT32, PF.DEC),
      p("proto", PT.UINT32, PF.DEC),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags }),
    ],
    1,
  ),
  // PPME_SOCKET_BIND_E
  e(20, "bind", EC.NET, EF.USES_FD | EF.MODIFIES_STATE, [p("fd", PT.FD, PF.DEC)]),
  // PPME_SOCKET_BIND_X
  e(
    21,
    "bind",
    EC.NET,
    EF.USES_FD | EF.MODIFIES_STATE,
    [p("res", PT.ERRNO, PF.DEC), p("addr", PT.SOCKADDR, PF.NA), p("fd", PT.FD, PF.DEC)],
    2,
  ),
  // PPME_SOCKET_CONNECT_E
  e(22, "connect", EC.NET, EF.USES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("addr", PT.SOCKADDR, PF.NA),
  ]),
  // PPME_SOCKET_CONNECT_X
  e(
    23,
    "connect",
    EC.NET,
    EF.USES_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("tuple", PT.SOCKTUPLE, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("addr", PT.SOCKADDR, PF.NA),
    ],
    2,
  ),
  // PPME_SOCKET_LISTEN_E
  e(24, "listen", EC.NET, EF.USES_FD, [p("fd", PT.FD, PF.DEC), p("backlog", PT.UINT32, PF.DEC)]),
  // PPME_SOCKET_LISTEN_X
  e(
    25,
    "listen",
    EC.NET,
    EF.USES_FD,
    [p("res", PT.ERRNO, PF.DEC), p("fd", PT.FD, PF.DEC), p("backlog", PT.INT32, PF.DEC)],
    1,
  ),
  // PPME_SOCKET_ACCEPT_E
  e(26, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SOCKET_ACCEPT_X
  e(27, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("fd", PT.FD, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
    p("queuepct", PT.UINT8, PF.DEC),
  ]),
  // PPME_SOCKET_SEND_E
  e(28, "send", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_SEND_X
  e(
    29,
    "send",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("tuple", PT.SOCKTUPLE, PF.NA),
    ],
    2,
  ),
  // PPME_SOCKET_SENDTO_E
  e(30, "sendto", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
  ]),
  // PPME_SOCKET_SENDTO_X
  e(
    31,
    "sendto",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("tuple", PT.SOCKTUPLE, PF.NA),
    ],
    2,
  ),
  // PPME_SOCKET_RECV_E
  e(32, "recv", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_RECV_X
  e(
    33,
    "recv",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("tuple", PT.SOCKTUPLE, PF.NA),
    ],
    2,
  ),
  // PPME_SOCKET_RECVFROM_E
  e(34, "recvfrom", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_RECVFROM_X
  e(
    35,
    "recvfrom",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("tuple", PT.SOCKTUPLE, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
    ],
    3,
  ),
  // PPME_SOCKET_SHUTDOWN_E
  e(36, "shutdown", EC.NET, EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("how", PT.FLAGS8, PF.HEX, { flags: F.shutdown_how_old }),
  ]),
  // PPME_SOCKET_SHUTDOWN_X
  e(
    37,
    "shutdown",
    EC.NET,
    EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("how", PT.ENUMFLAGS8, PF.HEX, { flags: F.shutdown_how }),
    ],
    1,
  ),
  // PPME_SOCKET_GETSOCKNAME_E
  e(38, "getsockname", EC.NET, EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_GETSOCKNAME_X
  e(39, "getsockname", EC.NET, EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_GETPEERNAME_E
  e(40, "getpeername", EC.NET, EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_GETPEERNAME_X
  e(41, "getpeername", EC.NET, EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_SOCKETPAIR_E
  e(42, "socketpair", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("domain", PT.FLAGS32, PF.DEC, { flags: F.socket_families }),
    p("type", PT.UINT32, PF.DEC),
    p("proto", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_SOCKETPAIR_X
  e(
    43,
    "socketpair",
    EC.IPC,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd1", PT.FD, PF.DEC),
      p("fd2", PT.FD, PF.DEC),
      p("source", PT.UINT64, PF.HEX),
      p("peer", PT.UINT64, PF.HEX),
      p("domain", PT.ENUMFLAGS32, PF.DEC, { flags: F.socket_families }),
      p("type", PT.UINT32, PF.DEC),
      p("proto", PT.UINT32, PF.DEC),
    ],
    5,
  ),
  // PPME_SOCKET_SETSOCKOPT_E
  e(44, "setsockopt", EC.NET, EF.NONE, []),
  // PPME_SOCKET_SETSOCKOPT_X
  e(45, "setsockopt", EC.NET, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("level", PT.FLAGS8, PF.DEC, { flags: F.sockopt_levels }),
    p("optname", PT.FLAGS8, PF.DEC, { flags: F.sockopt_options }),
    p("val", PT.DYN, PF.DEC, { dyn: F.sockopt_dynamic_param }),
    p("optlen", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_GETSOCKOPT_E
  e(46, "getsockopt", EC.NET, EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_GETSOCKOPT_X
  e(47, "getsockopt", EC.NET, EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("level", PT.FLAGS8, PF.DEC, { flags: F.sockopt_levels }),
    p("optname", PT.FLAGS8, PF.DEC, { flags: F.sockopt_options }),
    p("val", PT.DYN, PF.DEC, { dyn: F.sockopt_dynamic_param }),
    p("optlen", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_SENDMSG_E
  e(48, "sendmsg", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
  ]),
  // PPME_SOCKET_SENDMSG_X
  e(
    49,
    "sendmsg",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("tuple", PT.SOCKTUPLE, PF.NA),
    ],
    2,
  ),
  // PPME_SOCKET_SENDMMSG_E
  e(50, "sendmmsg", EC.IO_WRITE, EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_SENDMMSG_X
  e(
    51,
    "sendmmsg",
    EC.IO_WRITE,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("tuple", PT.SOCKTUPLE, PF.NA),
    ],
    0,
  ),
  // PPME_SOCKET_RECVMSG_E
  e(52, "recvmsg", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.MODIFIES_STATE, [p("fd", PT.FD, PF.DEC)]),
  // PPME_SOCKET_RECVMSG_X
  e(
    53,
    "recvmsg",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("tuple", PT.SOCKTUPLE, PF.NA),
      p("msgcontrol", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
    ],
    4,
  ),
  // PPME_SOCKET_RECVMMSG_E
  e(54, "recvmmsg", EC.IO_READ, EF.DROP_SIMPLE_CONS, []),
  // PPME_SOCKET_RECVMMSG_X
  e(
    55,
    "recvmmsg",
    EC.IO_READ,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("tuple", PT.SOCKTUPLE, PF.NA),
      p("msgcontrol", PT.BYTEBUF, PF.NA),
    ],
    0,
  ),
  // PPME_SOCKET_ACCEPT4_E
  e(56, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [p("flags", PT.INT32, PF.HEX)]),
  // PPME_SOCKET_ACCEPT4_X
  e(57, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("fd", PT.FD, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
    p("queuepct", PT.UINT8, PF.DEC),
  ]),
  // PPME_SYSCALL_CREAT_E
  e(58, "creat", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("name", PT.FSPATH, PF.NA),
    p("mode", PT.UINT32, PF.OCT),
  ]),
  // PPME_SYSCALL_CREAT_X
  e(
    59,
    "creat",
    EC.FILE,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("fd", PT.FD, PF.DEC),
      p("name", PT.FSPATH, PF.NA),
      p("mode", PT.UINT32, PF.OCT),
      p("dev", PT.UINT32, PF.HEX),
      p("ino", PT.UINT64, PF.DEC),
      p("creat_flags", PT.FLAGS16, PF.HEX, { flags: F.creat_flags }),
    ],
    4,
  ),
  // PPME_SYSCALL_PIPE_E
  e(60, "pipe", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_PIPE_X
  e(61, "pipe", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd1", PT.FD, PF.DEC),
    p("fd2", PT.FD, PF.DEC),
    p("ino", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_EVENTFD_E
  e(62, "eventfd", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, [
    p("initval", PT.UINT64, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX),
  ]),
  // PPME_SYSCALL_EVENTFD_X
  e(
    63,
    "eventfd",
    EC.IPC,
    EF.CREATES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS,
    [p("res", PT.FD, PF.DEC), p("initval", PT.UINT64, PF.DEC), p("flags", PT.UINT32, PF.HEX)],
    1,
  ),
  // PPME_SYSCALL_FUTEX_E
  e(64, "futex", EC.IPC, EF.DROP_SIMPLE_CONS, [
    p("addr", PT.UINT64, PF.HEX),
    p("op", PT.FLAGS16, PF.HEX, { flags: F.futex_operations }),
    p("val", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_FUTEX_X
  e(
    65,
    "futex",
    EC.IPC,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("addr", PT.UINT64, PF.HEX),
      p("op", PT.FLAGS16, PF.HEX, { flags: F.futex_operations }),
      p("val", PT.UINT64, PF.DEC),
    ],
    1,
  ),
  // PPME_SYSCALL_STAT_E
  e(66, "stat", EC.FILE, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_STAT_X
  e(67, "stat", EC.FILE, EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_LSTAT_E
  e(68, "lstat", EC.FILE, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_LSTAT_X
  e(69, "lstat", EC.FILE, EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_FSTAT_E
  e(70, "fstat", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [p("fd", PT.FD, PF.NA)]),
  // PPME_SYSCALL_FSTAT_X
  e(
    71,
    "fstat",
    EC.FILE,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("fd", PT.FD, PF.NA)],
    1,
  ),
  // PPME_SYSCALL_STAT64_E
  e(72, "stat64", EC.FILE, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_STAT64_X
  e(73, "stat64", EC.FILE, EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_LSTAT64_E
  e(74, "lstat64", EC.FILE, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_LSTAT64_X
  e(75, "lstat64", EC.FILE, EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_FSTAT64_E
  e(76, "fstat64", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [p("fd", PT.FD, PF.NA)]),
  // PPME_SYSCALL_FSTAT64_X
  e(77, "fstat64", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_EPOLLWAIT_E
  e(78, "epoll_wait", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, [p("maxevents", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_EPOLLWAIT_X
  e(
    79,
    "epoll_wait",
    EC.WAIT,
    EF.WAITS | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("maxevents", PT.ERRNO, PF.DEC)],
    1,
  ),
  // PPME_SYSCALL_POLL_E
  e(80, "poll", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, [
    p("fds", PT.FDLIST, PF.DEC),
    p("timeout", PT.INT64, PF.DEC),
  ]),
  // PPME_SYSCALL_POLL_X
  e(
    81,
    "poll",
    EC.WAIT,
    EF.WAITS | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("fds", PT.FDLIST, PF.DEC), p("timeout", PT.INT64, PF.DEC)],
    2,
  ),
  // PPME_SYSCALL_SELECT_E
  e(82, "select", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_SELECT_X
  e(83, "select", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_NEWSELECT_E
  e(84, "select", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_NEWSELECT_X
  e(85, "select", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_LSEEK_E
  e(86, "lseek", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("offset", PT.UINT64, PF.DEC),
    p("whence", PT.FLAGS8, PF.DEC, { flags: F.lseek_whence }),
  ]),
  // PPME_SYSCALL_LSEEK_X
  e(
    87,
    "lseek",
    EC.FILE,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("offset", PT.UINT64, PF.DEC),
      p("whence", PT.ENUMFLAGS8, PF.DEC, { flags: F.lseek_whence }),
    ],
    1,
  ),
  // PPME_SYSCALL_LLSEEK_E
  e(88, "llseek", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("offset", PT.UINT64, PF.DEC),
    p("whence", PT.FLAGS8, PF.DEC, { flags: F.lseek_whence }),
  ]),
  // PPME_SYSCALL_LLSEEK_X
  e(
    89,
    "llseek",
    EC.FILE,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("offset", PT.UINT64, PF.DEC),
      p("whence", PT.ENUMFLAGS8, PF.DEC, { flags: F.lseek_whence }),
    ],
    1,
  ),
  // PPME_SYSCALL_IOCTL_2_E
  e(90, "ioctl", EC.IO_OTHER, EF.USES_FD | EF.OLD_VERSION, [
    p("fd", PT.FD, PF.DEC),
    p("request", PT.UINT64, PF.HEX),
  ]),
  // PPME_SYSCALL_IOCTL_2_X
  e(91, "ioctl", EC.IO_OTHER, EF.USES_FD | EF.OLD_VERSION, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_GETCWD_E
  e(92, "getcwd", EC.FILE, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETCWD_X
  e(93, "getcwd", EC.FILE, EF.DROP_SIMPLE_CONS, [p("res", PT.ERRNO, PF.DEC), p("path", PT.CHARBUF, PF.NA)]),
  // PPME_SYSCALL_CHDIR_E
  e(94, "chdir", EC.FILE, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_CHDIR_X
  e(95, "chdir", EC.FILE, EF.MODIFIES_STATE, [p("res", PT.ERRNO, PF.DEC), p("path", PT.CHARBUF, PF.NA)]),
  // PPME_SYSCALL_FCHDIR_E
  e(96, "fchdir", EC.FILE, EF.USES_FD | EF.MODIFIES_STATE, [p("fd", PT.FD, PF.NA)]),
  // PPME_SYSCALL_FCHDIR_X
  e(
    97,
    "fchdir",
    EC.FILE,
    EF.USES_FD | EF.MODIFIES_STATE,
    [p("res", PT.ERRNO, PF.DEC), p("fd", PT.FD, PF.NA)],
    1,
  ),
  // PPME_SYSCALL_MKDIR_E
  e(98, "mkdir", EC.FILE, EF.NONE, [p("path", PT.FSPATH, PF.NA), p("mode", PT.UINT32, PF.HEX)]),
  // PPME_SYSCALL_MKDIR_X
  e(99, "mkdir", EC.FILE, EF.NONE, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_RMDIR_E
  e(100, "rmdir", EC.FILE, EF.NONE, [p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_RMDIR_X
  e(101, "rmdir", EC.FILE, EF.NONE, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_OPENAT_E
  e(102, "openat", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("dirfd", PT.FD, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
    p("mode", PT.UINT32, PF.OCT),
  ]),
  // PPME_SYSCALL_OPENAT_X
  e(103, "openat", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [p("fd", PT.FD, PF.DEC)]),
  // PPME_SYSCALL_LINK_E
  e(104, "link", EC.FILE, EF.OLD_VERSION, [p("oldpath", PT.FSPATH, PF.NA), p("newpath", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_LINK_X
  e(105, "link", EC.FILE, EF.OLD_VERSION, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_LINKAT_E
  e(106, "linkat", EC.FILE, EF.OLD_VERSION, [
    p("olddir", PT.FD, PF.DEC),
    p("oldpath", PT.CHARBUF, PF.NA),
    p("newdir", PT.FD, PF.DEC),
    p("newpath", PT.CHARBUF, PF.NA),
  ]),
  // PPME_SYSCALL_LINKAT_X
  e(107, "linkat", EC.FILE, EF.OLD_VERSION, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_UNLINK_E
  e(108, "unlink", EC.FILE, EF.OLD_VERSION, [p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_UNLINK_X
  e(109, "unlink", EC.FILE, EF.OLD_VERSION, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_UNLINKAT_E
  e(110, "unlinkat", EC.FILE, EF.OLD_VERSION, [p("dirfd", PT.FD, PF.DEC), p("name", PT.CHARBUF, PF.NA)]),
  // PPME_SYSCALL_UNLINKAT_X
  e(111, "unlinkat", EC.FILE, EF.OLD_VERSION, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_PREAD_E
  e(112, "pread", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
    p("pos", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_PREAD_X
  e(
    113,
    "pread",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("pos", PT.UINT64, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_PWRITE_E
  e(114, "pwrite", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
    p("pos", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_PWRITE_X
  e(
    115,
    "pwrite",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("pos", PT.UINT64, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_READV_E
  e(116, "readv", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS, [p("fd", PT.FD, PF.DEC)]),
  // PPME_SYSCALL_READV_X
  e(
    117,
    "readv",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
    ],
    3,
  ),
  // PPME_SYSCALL_WRITEV_E
  e(118, "writev", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_WRITEV_X
  e(
    119,
    "writev",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_PREADV_E
  e(120, "preadv", EC.IO_READ, EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("pos", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_PREADV_X
  e(
    121,
    "preadv",
    EC.IO_READ,
    EF.USES_FD | EF.READS_FROM_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("pos", PT.UINT64, PF.DEC),
    ],
    3,
  ),
  // PPME_SYSCALL_PWRITEV_E
  e(122, "pwritev", EC.IO_WRITE, EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("size", PT.UINT32, PF.DEC),
    p("pos", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_PWRITEV_X
  e(
    123,
    "pwritev",
    EC.IO_WRITE,
    EF.USES_FD | EF.WRITES_TO_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("data", PT.BYTEBUF, PF.NA),
      p("fd", PT.FD, PF.DEC),
      p("size", PT.UINT32, PF.DEC),
      p("pos", PT.UINT64, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_DUP_E
  e(124, "dup", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE, [p("fd", PT.FD, PF.DEC)]),
  // PPME_SYSCALL_DUP_X
  e(125, "dup", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE, [p("res", PT.FD, PF.DEC)]),
  // PPME_SYSCALL_SIGNALFD_E
  e(126, "signalfd", EC.SIGNAL, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("mask", PT.UINT32, PF.HEX),
    p("flags", PT.FLAGS8, PF.HEX),
  ]),
  // PPME_SYSCALL_SIGNALFD_X
  e(
    127,
    "signalfd",
    EC.SIGNAL,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("res", PT.FD, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("mask", PT.UINT32, PF.HEX),
      p("flags", PT.UINT8, PF.HEX),
    ],
    1,
  ),
  // PPME_SYSCALL_KILL_E
  e(128, "kill", EC.SIGNAL, EF.NONE, [p("pid", PT.PID, PF.DEC), p("sig", PT.SIGTYPE, PF.DEC)]),
  // PPME_SYSCALL_KILL_X
  e(
    129,
    "kill",
    EC.SIGNAL,
    EF.NONE,
    [p("res", PT.ERRNO, PF.DEC), p("pid", PT.PID, PF.DEC), p("sig", PT.SIGTYPE, PF.DEC)],
    1,
  ),
  // PPME_SYSCALL_TKILL_E
  e(130, "tkill", EC.SIGNAL, EF.NONE, [p("tid", PT.PID, PF.DEC), p("sig", PT.SIGTYPE, PF.DEC)]),
  // PPME_SYSCALL_TKILL_X
  e(
    131,
    "tkill",
    EC.SIGNAL,
    EF.NONE,
    [p("res", PT.ERRNO, PF.DEC), p("tid", PT.PID, PF.DEC), p("sig", PT.SIGTYPE, PF.DEC)],
    1,
  ),
  // PPME_SYSCALL_TGKILL_E
  e(132, "tgkill", EC.SIGNAL, EF.NONE, [
    p("pid", PT.PID, PF.DEC),
    p("tid", PT.PID, PF.DEC),
    p("sig", PT.SIGTYPE, PF.DEC),
  ]),
  // PPME_SYSCALL_TGKILL_X
  e(
    133,
    "tgkill",
    EC.SIGNAL,
    EF.NONE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("tid", PT.PID, PF.DEC),
      p("sig", PT.SIGTYPE, PF.DEC),
    ],
    1,
  ),
  // PPME_SYSCALL_NANOSLEEP_E
  e(134, "nanosleep", EC.SLEEP, EF.WAITS | EF.DROP_SIMPLE_CONS, [p("interval", PT.RELTIME, PF.DEC)]),
  // PPME_SYSCALL_NANOSLEEP_X
  e(
    135,
    "nanosleep",
    EC.SLEEP,
    EF.WAITS | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("interval", PT.RELTIME, PF.DEC)],
    1,
  ),
  // PPME_SYSCALL_TIMERFD_CREATE_E
  e(136, "timerfd_create", EC.TIME, EF.CREATES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, [
    p("clockid", PT.UINT8, PF.DEC),
    p("flags", PT.FLAGS8, PF.HEX),
  ]),
  // PPME_SYSCALL_TIMERFD_CREATE_X
  e(
    137,
    "timerfd_create",
    EC.TIME,
    EF.CREATES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS,
    [p("res", PT.FD, PF.DEC), p("clockid", PT.UINT8, PF.DEC), p("flags", PT.UINT8, PF.HEX)],
    1,
  ),
  // PPME_SYSCALL_INOTIFY_INIT_E
  e(138, "inotify_init", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE, [p("flags", PT.FLAGS8, PF.HEX)]),
  // PPME_SYSCALL_INOTIFY_INIT_X
  e(
    139,
    "inotify_init",
    EC.IPC,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [p("res", PT.FD, PF.DEC), p("flags", PT.UINT8, PF.HEX)],
    1,
  ),
  // PPME_SYSCALL_GETRLIMIT_E
  e(140, "getrlimit", EC.PROCESS, EF.DROP_SIMPLE_CONS, [
    p("resource", PT.FLAGS8, PF.DEC, { flags: F.rlimit_resources }),
  ]),
  // PPME_SYSCALL_GETRLIMIT_X
  e(
    141,
    "getrlimit",
    EC.PROCESS,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("cur", PT.INT64, PF.DEC),
      p("max", PT.INT64, PF.DEC),
      p("resource", PT.ENUMFLAGS8, PF.DEC, { flags: F.rlimit_resources }),
    ],
    3,
  ),
  // PPME_SYSCALL_SETRLIMIT_E
  e(142, "setrlimit", EC.PROCESS, EF.DROP_SIMPLE_CONS, [
    p("resource", PT.FLAGS8, PF.DEC, { flags: F.rlimit_resources }),
  ]),
  // PPME_SYSCALL_SETRLIMIT_X
  e(
    143,
    "setrlimit",
    EC.PROCESS,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("cur", PT.INT64, PF.DEC),
      p("max", PT.INT64, PF.DEC),
      p("resource", PT.ENUMFLAGS8, PF.DEC, { flags: F.rlimit_resources }),
    ],
    3,
  ),
  // PPME_SYSCALL_PRLIMIT_E
  e(144, "prlimit", EC.PROCESS, EF.NONE, [
    p("pid", PT.PID, PF.DEC),
    p("resource", PT.FLAGS8, PF.DEC, { flags: F.rlimit_resources }),
  ]),
  // PPME_SYSCALL_PRLIMIT_X
  e(
    145,
    "prlimit",
    EC.PROCESS,
    EF.NONE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("newcur", PT.INT64, PF.DEC),
      p("newmax", PT.INT64, PF.DEC),
      p("oldcur", PT.INT64, PF.DEC),
      p("oldmax", PT.INT64, PF.DEC),
      p("pid", PT.INT64, PF.DEC),
      p("resource", PT.ENUMFLAGS8, PF.DEC, { flags: F.rlimit_resources }),
    ],
    5,
  ),
  // PPME_SCHEDSWITCH_1_E
  e(146, "switch", EC.SCHEDULER, EF.SKIPPARSERESET | EF.OLD_VERSION | EF.DROP_SIMPLE_CONS, [
    p("next", PT.PID, PF.DEC),
  ]),
  // PPME_SCHEDSWITCH_1_X
  e(147, "NA2", EC.SCHEDULER, EF.UNUSED | EF.SKIPPARSERESET | EF.OLD_VERSION, []),
  // PPME_DROP_E
  e(148, "drop", EC.INTERNAL, EF.SKIPPARSERESET, [p("ratio", PT.UINT32, PF.DEC)]),
  // PPME_DROP_X
  e(149, "drop", EC.INTERNAL, EF.SKIPPARSERESET, [p("ratio", PT.UINT32, PF.DEC)]),
  // PPME_SYSCALL_FCNTL_E
  e(150, "fcntl", EC.IO_OTHER, EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS, [
    p("fd", PT.FD, PF.DEC),
    p("cmd", PT.FLAGS8, PF.DEC, { flags: F.fcntl_commands }),
  ]),
  // PPME_SYSCALL_FCNTL_X
  e(
    151,
    "fcntl",
    EC.IO_OTHER,
    EF.USES_FD | EF.MODIFIES_STATE | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.FD, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("cmd", PT.ENUMFLAGS8, PF.DEC, { flags: F.fcntl_commands }),
      p("arg", PT.UINT64, PF.HEX),
    ],
    1,
  ),
  // PPME_SCHEDSWITCH_6_E
  e(152, "switch", EC.SCHEDULER, EF.DROP_SIMPLE_CONS, [
    p("next", PT.PID, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
  ]),
  // PPME_SCHEDSWITCH_6_X
  e(153, "NA2", EC.SCHEDULER, EF.UNUSED, []),
  // PPME_SYSCALL_EXECVE_13_E
  e(154, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_EXECVE_13_X
  e(155, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_CLONE_16_E
  e(156, "clone", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_CLONE_16_X
  e(157, "clone", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_BRK_4_E
  e(158, "brk", EC.MEMORY, EF.DROP_SIMPLE_CONS, [p("addr", PT.UINT64, PF.HEX)]),
  // PPME_SYSCALL_BRK_4_X
  e(
    159,
    "brk",
    EC.MEMORY,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.UINT64, PF.HEX),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("addr", PT.UINT64, PF.HEX),
    ],
    4,
  ),
  // PPME_SYSCALL_MMAP_E
  e(160, "mmap", EC.MEMORY, EF.DROP_SIMPLE_CONS, [
    p("addr", PT.UINT64, PF.HEX),
    p("length", PT.UINT64, PF.DEC),
    p("prot", PT.FLAGS32, PF.HEX, { flags: F.prot_flags }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.mmap_flags }),
    p("fd", PT.FD, PF.DEC),
    p("offset", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_MMAP_X
  e(
    161,
    "mmap",
    EC.MEMORY,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.UINT64, PF.HEX),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("addr", PT.UINT64, PF.HEX),
      p("length", PT.UINT64, PF.DEC),
      p("prot", PT.FLAGS32, PF.HEX, { flags: F.prot_flags }),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.mmap_flags }),
      p("fd", PT.FD, PF.DEC),
      p("offset", PT.UINT64, PF.DEC),
    ],
    4,
  ),
  // PPME_SYSCALL_MMAP2_E
  e(162, "mmap2", EC.MEMORY, EF.DROP_SIMPLE_CONS, [
    p("addr", PT.UINT64, PF.HEX),
    p("length", PT.UINT64, PF.DEC),
    p("prot", PT.FLAGS32, PF.HEX, { flags: F.prot_flags }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.mmap_flags }),
    p("fd", PT.FD, PF.DEC),
    p("pgoffset", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_MMAP2_X
  e(
    163,
    "mmap2",
    EC.MEMORY,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.UINT64, PF.HEX),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("addr", PT.UINT64, PF.HEX),
      p("length", PT.UINT64, PF.DEC),
      p("prot", PT.FLAGS32, PF.HEX, { flags: F.prot_flags }),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.mmap_flags }),
      p("fd", PT.FD, PF.DEC),
      p("pgoffset", PT.UINT64, PF.DEC),
    ],
    4,
  ),
  // PPME_SYSCALL_MUNMAP_E
  e(164, "munmap", EC.MEMORY, EF.DROP_SIMPLE_CONS, [
    p("addr", PT.UINT64, PF.HEX),
    p("length", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_MUNMAP_X
  e(
    165,
    "munmap",
    EC.MEMORY,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("addr", PT.UINT64, PF.HEX),
      p("length", PT.UINT64, PF.DEC),
    ],
    4,
  ),
  // PPME_SYSCALL_SPLICE_E
  e(166, "splice", EC.IO_OTHER, EF.USES_FD | EF.DROP_SIMPLE_CONS, [
    p("fd_in", PT.FD, PF.DEC),
    p("fd_out", PT.FD, PF.DEC),
    p("size", PT.UINT64, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.splice_flags }),
  ]),
  // PPME_SYSCALL_SPLICE_X
  e(
    167,
    "splice",
    EC.IO_OTHER,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd_in", PT.FD, PF.DEC),
      p("fd_out", PT.FD, PF.DEC),
      p("size", PT.UINT64, PF.DEC),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.splice_flags }),
    ],
    1,
  ),
  // PPME_SYSCALL_PTRACE_E
  e(168, "ptrace", EC.PROCESS, EF.NONE, [
    p("request", PT.FLAGS16, PF.DEC, { flags: F.ptrace_requests }),
    p("pid", PT.PID, PF.DEC),
  ]),
  // PPME_SYSCALL_PTRACE_X
  e(
    169,
    "ptrace",
    EC.PROCESS,
    EF.NONE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("addr", PT.DYN, PF.HEX, { dyn: F.ptrace_dynamic_param }),
      p("data", PT.DYN, PF.HEX, { dyn: F.ptrace_dynamic_param }),
      p("request", PT.ENUMFLAGS16, PF.DEC, { flags: F.ptrace_requests }),
      p("pid", PT.PID, PF.DEC),
    ],
    3,
  ),
  // PPME_SYSCALL_IOCTL_3_E
  e(170, "ioctl", EC.IO_OTHER, EF.USES_FD, [
    p("fd", PT.FD, PF.DEC),
    p("request", PT.UINT64, PF.HEX),
    p("argument", PT.UINT64, PF.HEX),
  ]),
  // PPME_SYSCALL_IOCTL_3_X
  e(
    171,
    "ioctl",
    EC.IO_OTHER,
    EF.USES_FD,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.DEC),
      p("request", PT.UINT64, PF.HEX),
      p("argument", PT.UINT64, PF.HEX),
    ],
    1,
  ),
  // PPME_SYSCALL_EXECVE_14_E
  e(172, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_EXECVE_14_X
  e(173, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("env", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_SYSCALL_RENAME_E
  e(174, "rename", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_RENAME_X
  e(175, "rename", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("oldpath", PT.FSPATH, PF.NA),
    p("newpath", PT.FSPATH, PF.NA),
  ]),
  // PPME_SYSCALL_RENAMEAT_E
  e(176, "renameat", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_RENAMEAT_X
  e(177, "renameat", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("olddirfd", PT.FD, PF.DEC),
    p("oldpath", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("newdirfd", PT.FD, PF.DEC),
    p("newpath", PT.FSRELPATH, PF.NA, { dirfd: 3 }),
  ]),
  // PPME_SYSCALL_SYMLINK_E
  e(178, "symlink", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_SYMLINK_X
  e(179, "symlink", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("target", PT.CHARBUF, PF.NA),
    p("linkpath", PT.FSPATH, PF.NA),
  ]),
  // PPME_SYSCALL_SYMLINKAT_E
  e(180, "symlinkat", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_SYMLINKAT_X
  e(181, "symlinkat", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("target", PT.CHARBUF, PF.NA),
    p("linkdirfd", PT.FD, PF.DEC),
    p("linkpath", PT.FSRELPATH, PF.NA, { dirfd: 2 }),
  ]),
  // PPME_SYSCALL_FORK_E
  e(182, "fork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_FORK_X
  e(183, "fork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_VFORK_E
  e(184, "vfork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_VFORK_X
  e(185, "vfork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_PROCEXIT_1_E
  e(
    186,
    "procexit",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("status", PT.ERRNO, PF.DEC),
      p("ret", PT.ERRNO, PF.DEC),
      p("sig", PT.SIGTYPE, PF.DEC),
      p("core", PT.UINT8, PF.DEC),
      p("reaper_tid", PT.PID, PF.DEC),
    ],
    4,
  ),
  // PPME_PROCEXIT_1_X
  e(187, "NA1", EC.PROCESS, EF.UNUSED, []),
  // PPME_SYSCALL_SENDFILE_E
  e(188, "sendfile", EC.IO_WRITE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [
    p("out_fd", PT.FD, PF.DEC),
    p("in_fd", PT.FD, PF.DEC),
    p("offset", PT.UINT64, PF.DEC),
    p("size", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_SENDFILE_X
  e(
    189,
    "sendfile",
    EC.IO_WRITE,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("offset", PT.UINT64, PF.DEC),
      p("out_fd", PT.FD, PF.DEC),
      p("in_fd", PT.FD, PF.DEC),
      p("size", PT.UINT64, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_QUOTACTL_E
  e(190, "quotactl", EC.USER, EF.NONE, [
    p("cmd", PT.FLAGS16, PF.DEC, { flags: F.quotactl_cmds }),
    p("type", PT.FLAGS8, PF.DEC, { flags: F.quotactl_types }),
    p("id", PT.UINT32, PF.DEC),
    p("quota_fmt", PT.FLAGS8, PF.DEC, { flags: F.quotactl_quota_fmts }),
  ]),
  // PPME_SYSCALL_QUOTACTL_X
  e(
    191,
    "quotactl",
    EC.USER,
    EF.NONE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("special", PT.CHARBUF, PF.NA),
      p("quotafilepath", PT.CHARBUF, PF.NA),
      p("dqb_bhardlimit", PT.UINT64, PF.DEC),
      p("dqb_bsoftlimit", PT.UINT64, PF.DEC),
      p("dqb_curspace", PT.UINT64, PF.DEC),
      p("dqb_ihardlimit", PT.UINT64, PF.DEC),
      p("dqb_isoftlimit", PT.UINT64, PF.DEC),
      p("dqb_btime", PT.RELTIME, PF.DEC),
      p("dqb_itime", PT.RELTIME, PF.DEC),
      p("dqi_bgrace", PT.RELTIME, PF.DEC),
      p("dqi_igrace", PT.RELTIME, PF.DEC),
      p("dqi_flags", PT.FLAGS8, PF.DEC, { flags: F.quotactl_dqi_flags }),
      p("quota_fmt_out", PT.FLAGS8, PF.DEC, { flags: F.quotactl_quota_fmts }),
      p("cmd", PT.FLAGS16, PF.DEC, { flags: F.quotactl_cmds }),
      p("type", PT.FLAGS8, PF.DEC, { flags: F.quotactl_types }),
      p("id", PT.UINT32, PF.DEC),
      p("quota_fmt", PT.FLAGS8, PF.DEC, { flags: F.quotactl_quota_fmts }),
    ],
    14,
  ),
  // PPME_SYSCALL_SETRESUID_E
  e(192, "setresuid", EC.USER, EF.MODIFIES_STATE, [
    p("ruid", PT.UID, PF.DEC),
    p("euid", PT.UID, PF.DEC),
    p("suid", PT.UID, PF.DEC),
  ]),
  // PPME_SYSCALL_SETRESUID_X
  e(
    193,
    "setresuid",
    EC.USER,
    EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("ruid", PT.UID, PF.DEC),
      p("euid", PT.UID, PF.DEC),
      p("suid", PT.UID, PF.DEC),
    ],
    1,
  ),
  // PPME_SYSCALL_SETRESGID_E
  e(194, "setresgid", EC.USER, EF.MODIFIES_STATE, [
    p("rgid", PT.GID, PF.DEC),
    p("egid", PT.GID, PF.DEC),
    p("sgid", PT.GID, PF.DEC),
  ]),
  // PPME_SYSCALL_SETRESGID_X
  e(
    195,
    "setresgid",
    EC.USER,
    EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("rgid", PT.GID, PF.DEC),
      p("egid", PT.GID, PF.DEC),
      p("sgid", PT.GID, PF.DEC),
    ],
    1,
  ),
  // PPME_SCAPEVENT_E
  e(196, "sysdigevent", EC.INTERNAL, EF.SKIPPARSERESET, [
    p("event_type", PT.UINT32, PF.DEC),
    p("event_data", PT.UINT64, PF.DEC),
  ]),
  // PPME_SCAPEVENT_X
  e(197, "sysdigevent", EC.INTERNAL, EF.UNUSED, []),
  // PPME_SYSCALL_SETUID_E
  e(198, "setuid", EC.USER, EF.MODIFIES_STATE, [p("uid", PT.UID, PF.DEC)]),
  // PPME_SYSCALL_SETUID_X
  e(199, "setuid", EC.USER, EF.MODIFIES_STATE, [p("res", PT.ERRNO, PF.DEC), p("uid", PT.UID, PF.DEC)], 1),
  // PPME_SYSCALL_SETGID_E
  e(200, "setgid", EC.USER, EF.MODIFIES_STATE, [p("gid", PT.GID, PF.DEC)]),
  // PPME_SYSCALL_SETGID_X
  e(201, "setgid", EC.USER, EF.MODIFIES_STATE, [p("res", PT.ERRNO, PF.DEC), p("gid", PT.GID, PF.DEC)], 1),
  // PPME_SYSCALL_GETUID_E
  e(202, "getuid", EC.USER, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETUID_X
  e(203, "getuid", EC.USER, EF.DROP_SIMPLE_CONS, [p("uid", PT.UID, PF.DEC)]),
  // PPME_SYSCALL_GETEUID_E
  e(204, "geteuid", EC.USER, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETEUID_X
  e(205, "geteuid", EC.USER, EF.DROP_SIMPLE_CONS, [p("euid", PT.UID, PF.DEC)]),
  // PPME_SYSCALL_GETGID_E
  e(206, "getgid", EC.USER, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETGID_X
  e(207, "getgid", EC.USER, EF.DROP_SIMPLE_CONS, [p("gid", PT.GID, PF.DEC)]),
  // PPME_SYSCALL_GETEGID_E
  e(208, "getegid", EC.USER, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETEGID_X
  e(209, "getegid", EC.USER, EF.DROP_SIMPLE_CONS, [p("egid", PT.GID, PF.DEC)]),
  // PPME_SYSCALL_GETRESUID_E
  e(210, "getresuid", EC.USER, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETRESUID_X
  e(211, "getresuid", EC.USER, EF.DROP_SIMPLE_CONS, [
    p("res", PT.ERRNO, PF.DEC),
    p("ruid", PT.UID, PF.DEC),
    p("euid", PT.UID, PF.DEC),
    p("suid", PT.UID, PF.DEC),
  ]),
  // PPME_SYSCALL_GETRESGID_E
  e(212, "getresgid", EC.USER, EF.DROP_SIMPLE_CONS, []),
  // PPME_SYSCALL_GETRESGID_X
  e(213, "getresgid", EC.USER, EF.DROP_SIMPLE_CONS, [
    p("res", PT.ERRNO, PF.DEC),
    p("rgid", PT.GID, PF.DEC),
    p("egid", PT.GID, PF.DEC),
    p("sgid", PT.GID, PF.DEC),
  ]),
  // PPME_SYSCALL_EXECVE_15_E
  e(214, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_EXECVE_15_X
  e(215, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("env", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_SYSCALL_CLONE_17_E
  e(216, "clone", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_CLONE_17_X
  e(217, "clone", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_FORK_17_E
  e(218, "fork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_FORK_17_X
  e(219, "fork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_VFORK_17_E
  e(220, "vfork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_VFORK_17_X
  e(221, "vfork", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.PID, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.INT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_CLONE_20_E
  e(222, "clone", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_CLONE_20_X
  e(
    223,
    "clone",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("res", PT.PID, PF.DEC),
      p("exe", PT.CHARBUF, PF.NA),
      p("args", PT.BYTEBUF, PF.NA),
      p("tid", PT.PID, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("ptid", PT.PID, PF.DEC),
      p("cwd", PT.CHARBUF, PF.NA),
      p("fdlimit", PT.INT64, PF.DEC),
      p("pgft_maj", PT.UINT64, PF.DEC),
      p("pgft_min", PT.UINT64, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("comm", PT.CHARBUF, PF.NA),
      p("cgroups", PT.BYTEBUF, PF.NA),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
      p("uid", PT.UINT32, PF.DEC),
      p("gid", PT.UINT32, PF.DEC),
      p("vtid", PT.PID, PF.DEC),
      p("vpid", PT.PID, PF.DEC),
      p("pidns_init_start_ts", PT.UINT64, PF.DEC),
    ],
    20,
  ),
  // PPME_SYSCALL_FORK_20_E
  e(224, "fork", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_FORK_20_X
  e(
    225,
    "fork",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("res", PT.PID, PF.DEC),
      p("exe", PT.CHARBUF, PF.NA),
      p("args", PT.BYTEBUF, PF.NA),
      p("tid", PT.PID, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("ptid", PT.PID, PF.DEC),
      p("cwd", PT.CHARBUF, PF.NA),
      p("fdlimit", PT.INT64, PF.DEC),
      p("pgft_maj", PT.UINT64, PF.DEC),
      p("pgft_min", PT.UINT64, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("comm", PT.CHARBUF, PF.NA),
      p("cgroups", PT.BYTEBUF, PF.NA),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
      p("uid", PT.UINT32, PF.DEC),
      p("gid", PT.UINT32, PF.DEC),
      p("vtid", PT.PID, PF.DEC),
      p("vpid", PT.PID, PF.DEC),
      p("pidns_init_start_ts", PT.UINT64, PF.DEC),
    ],
    20,
  ),
  // PPME_SYSCALL_VFORK_20_E
  e(226, "vfork", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_VFORK_20_X
  e(
    227,
    "vfork",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("res", PT.PID, PF.DEC),
      p("exe", PT.CHARBUF, PF.NA),
      p("args", PT.BYTEBUF, PF.NA),
      p("tid", PT.PID, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("ptid", PT.PID, PF.DEC),
      p("cwd", PT.CHARBUF, PF.NA),
      p("fdlimit", PT.INT64, PF.DEC),
      p("pgft_maj", PT.UINT64, PF.DEC),
      p("pgft_min", PT.UINT64, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("comm", PT.CHARBUF, PF.NA),
      p("cgroups", PT.BYTEBUF, PF.NA),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
      p("uid", PT.UINT32, PF.DEC),
      p("gid", PT.UINT32, PF.DEC),
      p("vtid", PT.PID, PF.DEC),
      p("vpid", PT.PID, PF.DEC),
      p("pidns_init_start_ts", PT.UINT64, PF.DEC),
    ],
    20,
  ),
  // PPME_CONTAINER_E
  e(228, "container", EC.INTERNAL, EF.MODIFIES_STATE | EF.SKIPPARSERESET | EF.OLD_VERSION, [
    p("id", PT.CHARBUF, PF.NA),
    p("type", PT.UINT32, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("image", PT.CHARBUF, PF.NA),
  ]),
  // PPME_CONTAINER_X
  e(229, "container", EC.INTERNAL, EF.UNUSED | EF.OLD_VERSION, []),
  // PPME_SYSCALL_EXECVE_16_E
  e(230, "execve", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_EXECVE_16_X
  e(231, "execve", EC.PROCESS, EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("cgroups", PT.BYTEBUF, PF.NA),
    p("env", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_SIGNALDELIVER_E
  e(232, "signaldeliver", EC.SIGNAL, EF.DROP_SIMPLE_CONS, [
    p("spid", PT.PID, PF.DEC),
    p("dpid", PT.PID, PF.DEC),
    p("sig", PT.SIGTYPE, PF.DEC),
  ]),
  // PPME_SIGNALDELIVER_X
  e(233, "signaldeliver", EC.SIGNAL, EF.UNUSED, []),
  // PPME_PROCINFO_E
  e(234, "procinfo", EC.INTERNAL, EF.SKIPPARSERESET | EF.DROP_SIMPLE_CONS, [
    p("cpu_usr", PT.UINT64, PF.DEC),
    p("cpu_sys", PT.UINT64, PF.DEC),
  ]),
  // PPME_PROCINFO_X
  e(235, "NA2", EC.INTERNAL, EF.UNUSED, []),
  // PPME_SYSCALL_GETDENTS_E
  e(236, "getdents", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [p("fd", PT.FD, PF.NA)]),
  // PPME_SYSCALL_GETDENTS_X
  e(
    237,
    "getdents",
    EC.FILE,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("fd", PT.FD, PF.NA)],
    1,
  ),
  // PPME_SYSCALL_GETDENTS64_E
  e(238, "getdents64", EC.FILE, EF.USES_FD | EF.DROP_SIMPLE_CONS, [p("fd", PT.FD, PF.NA)]),
  // PPME_SYSCALL_GETDENTS64_X
  e(
    239,
    "getdents64",
    EC.FILE,
    EF.USES_FD | EF.DROP_SIMPLE_CONS,
    [p("res", PT.ERRNO, PF.DEC), p("fd", PT.FD, PF.NA)],
    1,
  ),
  // PPME_SYSCALL_SETNS_E
  e(240, "setns", EC.PROCESS, EF.USES_FD, [
    p("fd", PT.FD, PF.NA),
    p("nstype", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
  ]),
  // PPME_SYSCALL_SETNS_X
  e(
    241,
    "setns",
    EC.PROCESS,
    EF.USES_FD,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.NA),
      p("nstype", PT.FLAGS32, PF.HEX, { flags: F.clone_flags }),
    ],
    1,
  ),
  // PPME_SYSCALL_FLOCK_E
  e(242, "flock", EC.FILE, EF.USES_FD, [
    p("fd", PT.FD, PF.NA),
    p("operation", PT.FLAGS32, PF.HEX, { flags: F.flock_flags }),
  ]),
  // PPME_SYSCALL_FLOCK_X
  e(
    243,
    "flock",
    EC.FILE,
    EF.USES_FD,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fd", PT.FD, PF.NA),
      p("operation", PT.FLAGS32, PF.HEX, { flags: F.flock_flags }),
    ],
    1,
  ),
  // PPME_CPU_HOTPLUG_E
  e(244, "cpu_hotplug", EC.SYSTEM, EF.MODIFIES_STATE | EF.SKIPPARSERESET, [
    p("cpu", PT.UINT32, PF.DEC),
    p("action", PT.UINT32, PF.DEC),
  ]),
  // PPME_CPU_HOTPLUG_X
  e(245, "NA2", EC.SYSTEM, EF.UNUSED, []),
  // PPME_SOCKET_ACCEPT_5_E
  e(246, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE, []),
  // PPME_SOCKET_ACCEPT_5_X
  e(247, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
    p("queuepct", PT.UINT8, PF.DEC),
    p("queuelen", PT.UINT32, PF.DEC),
    p("queuemax", PT.UINT32, PF.DEC),
  ]),
  // PPME_SOCKET_ACCEPT4_5_E
  e(248, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE, [p("flags", PT.INT32, PF.HEX)]),
  // PPME_SOCKET_ACCEPT4_5_X
  e(249, "accept", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
    p("queuepct", PT.UINT8, PF.DEC),
    p("queuelen", PT.UINT32, PF.DEC),
    p("queuemax", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_SEMOP_E
  e(250, "semop", EC.PROCESS, EF.DROP_SIMPLE_CONS, [p("semid", PT.INT32, PF.DEC)]),
  // PPME_SYSCALL_SEMOP_X
  e(
    251,
    "semop",
    EC.PROCESS,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("nsops", PT.UINT32, PF.DEC),
      p("sem_num_0", PT.UINT16, PF.DEC),
      p("sem_op_0", PT.INT16, PF.DEC),
      p("sem_flg_0", PT.FLAGS16, PF.HEX, { flags: F.semop_flags }),
      p("sem_num_1", PT.UINT16, PF.DEC),
      p("sem_op_1", PT.INT16, PF.DEC),
      p("sem_flg_1", PT.FLAGS16, PF.HEX, { flags: F.semop_flags }),
      p("semid", PT.INT32, PF.DEC),
    ],
    8,
  ),
  // PPME_SYSCALL_SEMCTL_E
  e(252, "semctl", EC.PROCESS, EF.DROP_SIMPLE_CONS, [
    p("semid", PT.INT32, PF.DEC),
    p("semnum", PT.INT32, PF.DEC),
    p("cmd", PT.FLAGS16, PF.HEX, { flags: F.semctl_commands }),
    p("val", PT.INT32, PF.DEC),
  ]),
  // PPME_SYSCALL_SEMCTL_X
  e(
    253,
    "semctl",
    EC.PROCESS,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("semid", PT.INT32, PF.DEC),
      p("semnum", PT.INT32, PF.DEC),
      p("cmd", PT.FLAGS16, PF.HEX, { flags: F.semctl_commands }),
      p("val", PT.INT32, PF.DEC),
    ],
    1,
  ),
  // PPME_SYSCALL_PPOLL_E
  e(254, "ppoll", EC.WAIT, EF.WAITS | EF.DROP_SIMPLE_CONS, [
    p("fds", PT.FDLIST, PF.DEC),
    p("timeout", PT.RELTIME, PF.DEC),
    p("sigmask", PT.SIGSET, PF.DEC),
  ]),
  // PPME_SYSCALL_PPOLL_X
  e(
    255,
    "ppoll",
    EC.WAIT,
    EF.WAITS | EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fds", PT.FDLIST, PF.DEC),
      p("timeout", PT.RELTIME, PF.DEC),
      p("sigmask", PT.SIGSET, PF.DEC),
    ],
    2,
  ),
  // PPME_SYSCALL_MOUNT_E
  e(256, "mount", EC.FILE, EF.MODIFIES_STATE, [p("flags", PT.FLAGS32, PF.HEX, { flags: F.mount_flags })]),
  // PPME_SYSCALL_MOUNT_X
  e(
    257,
    "mount",
    EC.FILE,
    EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("dev", PT.CHARBUF, PF.NA),
      p("dir", PT.FSPATH, PF.NA),
      p("type", PT.CHARBUF, PF.NA),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.mount_flags }),
    ],
    4,
  ),
  // PPME_SYSCALL_UMOUNT_E
  e(258, "umount", EC.FILE, EF.MODIFIES_STATE, [p("flags", PT.FLAGS32, PF.HEX, { flags: F.umount_flags })]),
  // PPME_SYSCALL_UMOUNT_X
  e(259, "umount", EC.FILE, EF.MODIFIES_STATE, [p("res", PT.ERRNO, PF.DEC), p("name", PT.FSPATH, PF.NA)]),
  // PPME_K8S_E
  e(260, "k8s", EC.INTERNAL, EF.MODIFIES_STATE | EF.SKIPPARSERESET, [p("json", PT.CHARBUF, PF.NA)]),
  // PPME_K8S_X
  e(261, "NA3", EC.SYSTEM, EF.UNUSED, []),
  // PPME_SYSCALL_SEMGET_E
  e(262, "semget", EC.PROCESS, EF.DROP_SIMPLE_CONS, [
    p("key", PT.INT32, PF.HEX),
    p("nsems", PT.INT32, PF.DEC),
    p("semflg", PT.FLAGS32, PF.HEX, { flags: F.semget_flags }),
  ]),
  // PPME_SYSCALL_SEMGET_X
  e(
    263,
    "semget",
    EC.PROCESS,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("key", PT.INT32, PF.HEX),
      p("nsems", PT.INT32, PF.DEC),
      p("semflg", PT.FLAGS32, PF.HEX, { flags: F.semget_flags }),
    ],
    1,
  ),
  // PPME_SYSCALL_ACCESS_E
  e(264, "access", EC.FILE, EF.DROP_SIMPLE_CONS, [p("mode", PT.FLAGS32, PF.HEX, { flags: F.access_flags })]),
  // PPME_SYSCALL_ACCESS_X
  e(
    265,
    "access",
    EC.FILE,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("name", PT.FSPATH, PF.NA),
      p("mode", PT.FLAGS32, PF.HEX, { flags: F.access_flags }),
    ],
    2,
  ),
  // PPME_SYSCALL_CHROOT_E
  e(266, "chroot", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_CHROOT_X
  e(267, "chroot", EC.PROCESS, EF.MODIFIES_STATE, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_TRACER_E
  e(268, "tracer", EC.OTHER, EF.NONE, [
    p("id", PT.INT64, PF.DEC),
    p("tags", PT.CHARBUFARRAY, PF.NA),
    p("args", PT.CHARBUF_PAIR_ARRAY, PF.NA),
  ]),
  // PPME_TRACER_X
  e(269, "tracer", EC.OTHER, EF.NONE, [
    p("id", PT.INT64, PF.DEC),
    p("tags", PT.CHARBUFARRAY, PF.NA),
    p("args", PT.CHARBUF_PAIR_ARRAY, PF.NA),
  ]),
  // PPME_MESOS_E
  e(270, "mesos", EC.INTERNAL, EF.MODIFIES_STATE | EF.SKIPPARSERESET, [p("json", PT.CHARBUF, PF.NA)]),
  // PPME_MESOS_X
  e(271, "NA4", EC.SYSTEM, EF.UNUSED, []),
  // PPME_CONTAINER_JSON_E
  e(272, "container", EC.PROCESS, EF.MODIFIES_STATE, [p("json", PT.CHARBUF, PF.NA)]),
  // PPME_CONTAINER_JSON_X
  e(273, "container", EC.PROCESS, EF.UNUSED, []),
  // PPME_SYSCALL_SETSID_E
  e(274, "setsid", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_SETSID_X
  e(275, "setsid", EC.PROCESS, EF.MODIFIES_STATE, [p("res", PT.PID, PF.DEC)]),
  // PPME_SYSCALL_MKDIR_2_E
  e(276, "mkdir", EC.FILE, EF.NONE, [p("mode", PT.UINT32, PF.HEX)]),
  // PPME_SYSCALL_MKDIR_2_X
  e(
    277,
    "mkdir",
    EC.FILE,
    EF.NONE,
    [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA), p("mode", PT.UINT32, PF.HEX)],
    2,
  ),
  // PPME_SYSCALL_RMDIR_2_E
  e(278, "rmdir", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_RMDIR_2_X
  e(279, "rmdir", EC.FILE, EF.NONE, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_NOTIFICATION_E
  e(280, "notification", EC.OTHER, EF.SKIPPARSERESET, [
    p("id", PT.CHARBUF, PF.DEC),
    p("desc", PT.CHARBUF, PF.NA),
  ]),
  // PPME_NOTIFICATION_X
  e(281, "NA4", EC.SYSTEM, EF.UNUSED, []),
  // PPME_SYSCALL_EXECVE_17_E
  e(282, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_EXECVE_17_X
  e(283, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("cgroups", PT.BYTEBUF, PF.NA),
    p("env", PT.BYTEBUF, PF.NA),
    p("tty", PT.INT32, PF.DEC),
  ]),
  // PPME_SYSCALL_UNSHARE_E
  e(284, "unshare", EC.PROCESS, EF.NONE, [p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old })]),
  // PPME_SYSCALL_UNSHARE_X
  e(
    285,
    "unshare",
    EC.PROCESS,
    EF.NONE,
    [p("res", PT.ERRNO, PF.DEC), p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags })],
    1,
  ),
  // PPME_INFRASTRUCTURE_EVENT_E
  e(286, "infra", EC.INTERNAL, EF.SKIPPARSERESET, [
    p("source", PT.CHARBUF, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("description", PT.CHARBUF, PF.NA),
    p("scope", PT.CHARBUF, PF.NA),
  ]),
  // PPME_INFRASTRUCTURE_EVENT_X
  e(287, "NA4", EC.SYSTEM, EF.UNUSED, []),
  // PPME_SYSCALL_EXECVE_18_E
  e(288, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [p("filename", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_EXECVE_18_X
  e(289, "execve", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("res", PT.ERRNO, PF.DEC),
    p("exe", PT.CHARBUF, PF.NA),
    p("args", PT.BYTEBUF, PF.NA),
    p("tid", PT.PID, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("ptid", PT.PID, PF.DEC),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("cgroups", PT.BYTEBUF, PF.NA),
    p("env", PT.BYTEBUF, PF.NA),
    p("tty", PT.INT32, PF.DEC),
  ]),
  // PPME_PAGE_FAULT_E
  e(290, "page_fault", EC.OTHER, EF.SKIPPARSERESET | EF.DROP_SIMPLE_CONS, [
    p("addr", PT.UINT64, PF.HEX),
    p("ip", PT.UINT64, PF.HEX),
    p("error", PT.FLAGS32, PF.HEX, { flags: F.pf_flags }),
  ]),
  // PPME_PAGE_FAULT_X
  e(291, "NA5", EC.OTHER, EF.UNUSED, []),
  // PPME_SYSCALL_EXECVE_19_E
  e(292, "execve", EC.PROCESS, EF.MODIFIES_STATE, [p("filename", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_EXECVE_19_X
  e(
    293,
    "execve",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("exe", PT.CHARBUF, PF.NA),
      p("args", PT.BYTEBUF, PF.NA),
      p("tid", PT.PID, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("ptid", PT.PID, PF.DEC),
      p("cwd", PT.CHARBUF, PF.NA),
      p("fdlimit", PT.UINT64, PF.DEC),
      p("pgft_maj", PT.UINT64, PF.DEC),
      p("pgft_min", PT.UINT64, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("comm", PT.CHARBUF, PF.NA),
      p("cgroups", PT.BYTEBUF, PF.NA),
      p("env", PT.BYTEBUF, PF.NA),
      p("tty", PT.INT32, PF.DEC),
      p("pgid", PT.PID, PF.DEC),
      p("loginuid", PT.INT32, PF.DEC),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.execve_flags_old }),
      p("cap_inheritable", PT.UINT64, PF.HEX),
      p("cap_permitted", PT.UINT64, PF.HEX),
      p("cap_effective", PT.UINT64, PF.HEX),
      p("exe_ino", PT.UINT64, PF.DEC),
      p("exe_ino_ctime", PT.ABSTIME, PF.DEC),
      p("exe_ino_mtime", PT.ABSTIME, PF.DEC),
      p("uid", PT.UID, PF.DEC),
      p("trusted_exepath", PT.FSPATH, PF.NA),
      p("pgid", PT.PID, PF.NA),
      p("gid", PT.GID, PF.DEC),
      p("filename", PT.FSPATH, PF.NA),
    ],
    20,
  ),
  // PPME_SYSCALL_SETPGID_E
  e(294, "setpgid", EC.PROCESS, EF.MODIFIES_STATE, [p("pid", PT.PID, PF.DEC), p("pgid", PT.PID, PF.DEC)]),
  // PPME_SYSCALL_SETPGID_X
  e(
    295,
    "setpgid",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [p("res", PT.PID, PF.DEC), p("pid", PT.PID, PF.DEC), p("pgid", PT.PID, PF.DEC)],
    1,
  ),
  // PPME_SYSCALL_BPF_E
  e(296, "bpf", EC.OTHER, EF.CREATES_FD, [p("cmd", PT.INT64, PF.DEC)]),
  // PPME_SYSCALL_BPF_X
  e(297, "bpf", EC.OTHER, EF.CREATES_FD, [p("res_or_fd", PT.DYN, PF.DEC, { dyn: F.bpf_dynamic_param })]),
  // PPME_SYSCALL_SECCOMP_E
  e(298, "seccomp", EC.OTHER, EF.NONE, [p("op", PT.UINT64, PF.DEC), p("flags", PT.UINT64, PF.HEX)], 1),
  // PPME_SYSCALL_SECCOMP_X
  e(
    299,
    "seccomp",
    EC.OTHER,
    EF.NONE,
    [p("res", PT.ERRNO, PF.DEC), p("op", PT.UINT64, PF.DEC), p("flags", PT.UINT64, PF.HEX)],
    1,
  ),
  // PPME_SYSCALL_UNLINK_2_E
  e(300, "unlink", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_UNLINK_2_X
  e(301, "unlink", EC.FILE, EF.NONE, [p("res", PT.ERRNO, PF.DEC), p("path", PT.FSPATH, PF.NA)]),
  // PPME_SYSCALL_UNLINKAT_2_E
  e(302, "unlinkat", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_UNLINKAT_2_X
  e(303, "unlinkat", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("dirfd", PT.FD, PF.DEC),
    p("name", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.unlinkat_flags }),
  ]),
  // PPME_SYSCALL_MKDIRAT_E
  e(304, "mkdirat", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_MKDIRAT_X
  e(305, "mkdirat", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("dirfd", PT.FD, PF.DEC),
    p("path", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("mode", PT.UINT32, PF.HEX),
  ]),
  // PPME_SYSCALL_OPENAT_2_E
  e(306, "openat", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("dirfd", PT.FD, PF.DEC),
    p("name", PT.FSRELPATH, PF.NA, { dirfd: 0 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
    p("mode", PT.UINT32, PF.OCT),
  ]),
  // PPME_SYSCALL_OPENAT_2_X
  e(
    307,
    "openat",
    EC.FILE,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("fd", PT.FD, PF.DEC),
      p("dirfd", PT.FD, PF.DEC),
      p("name", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
      p("mode", PT.UINT32, PF.OCT),
      p("dev", PT.UINT32, PF.HEX),
      p("ino", PT.UINT64, PF.DEC),
    ],
    6,
  ),
  // PPME_SYSCALL_LINK_2_E
  e(308, "link", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_LINK_2_X
  e(309, "link", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("oldpath", PT.FSPATH, PF.NA),
    p("newpath", PT.FSPATH, PF.NA),
  ]),
  // PPME_SYSCALL_LINKAT_2_E
  e(310, "linkat", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_LINKAT_2_X
  e(311, "linkat", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("olddir", PT.FD, PF.DEC),
    p("oldpath", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("newdir", PT.FD, PF.DEC),
    p("newpath", PT.FSRELPATH, PF.NA, { dirfd: 3 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.linkat_flags }),
  ]),
  // PPME_SYSCALL_FCHMODAT_E
  e(312, "fchmodat", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_FCHMODAT_X
  e(313, "fchmodat", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("dirfd", PT.FD, PF.DEC),
    p("filename", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("mode", PT.MODE, PF.OCT, { flags: F.chmod_mode }),
  ]),
  // PPME_SYSCALL_CHMOD_E
  e(314, "chmod", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_CHMOD_X
  e(315, "chmod", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("filename", PT.FSPATH, PF.NA),
    p("mode", PT.MODE, PF.OCT, { flags: F.chmod_mode }),
  ]),
  // PPME_SYSCALL_FCHMOD_E
  e(316, "fchmod", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_FCHMOD_X
  e(317, "fchmod", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("mode", PT.MODE, PF.OCT, { flags: F.chmod_mode }),
  ]),
  // PPME_SYSCALL_RENAMEAT2_E
  e(318, "renameat2", EC.FILE, EF.NONE, []),
  // PPME_SYSCALL_RENAMEAT2_X
  e(319, "renameat2", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("olddirfd", PT.FD, PF.DEC),
    p("oldpath", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("newdirfd", PT.FD, PF.DEC),
    p("newpath", PT.FSRELPATH, PF.NA, { dirfd: 3 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.renameat2_flags }),
  ]),
  // PPME_SYSCALL_USERFAULTFD_E
  e(320, "userfaultfd", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_USERFAULTFD_X
  e(321, "userfaultfd", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
  ]),
  // PPME_PLUGINEVENT_E
  e(322, "pluginevent", EC.OTHER, EF.LARGE_PAYLOAD, [
    p("plugin ID", PT.UINT32, PF.DEC),
    p("event_data", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_PLUGINEVENT_X
  e(323, "pluginevent", EC.OTHER, EF.UNUSED, []),
  // PPME_CONTAINER_JSON_2_E
  e(324, "container", EC.PROCESS, EF.MODIFIES_STATE | EF.LARGE_PAYLOAD, [p("json", PT.CHARBUF, PF.NA)]),
  // PPME_CONTAINER_JSON_2_X
  e(325, "container", EC.PROCESS, EF.UNUSED, []),
  // PPME_SYSCALL_OPENAT2_E
  e(326, "openat2", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("dirfd", PT.FD, PF.DEC),
    p("name", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
    p("mode", PT.UINT32, PF.OCT),
    p("resolve", PT.FLAGS32, PF.HEX, { flags: F.openat2_flags }),
  ]),
  // PPME_SYSCALL_OPENAT2_X
  e(
    327,
    "openat2",
    EC.FILE,
    EF.CREATES_FD | EF.MODIFIES_STATE,
    [
      p("fd", PT.FD, PF.DEC),
      p("dirfd", PT.FD, PF.DEC),
      p("name", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags_old }),
      p("mode", PT.UINT32, PF.OCT),
      p("resolve", PT.FLAGS32, PF.HEX, { flags: F.openat2_flags }),
      p("dev", PT.UINT32, PF.HEX),
      p("ino", PT.UINT64, PF.DEC),
    ],
    6,
  ),
  // PPME_SYSCALL_MPROTECT_E
  e(328, "mprotect", EC.MEMORY, EF.DROP_SIMPLE_CONS, [
    p("addr", PT.UINT64, PF.HEX),
    p("length", PT.UINT64, PF.DEC),
    p("prot", PT.FLAGS32, PF.HEX, { flags: F.prot_flags }),
  ]),
  // PPME_SYSCALL_MPROTECT_X
  e(
    329,
    "mprotect",
    EC.MEMORY,
    EF.DROP_SIMPLE_CONS,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("addr", PT.UINT64, PF.HEX),
      p("length", PT.UINT64, PF.DEC),
      p("prot", PT.FLAGS32, PF.HEX, { flags: F.prot_flags }),
    ],
    1,
  ),
  // PPME_SYSCALL_EXECVEAT_E
  e(330, "execveat", EC.PROCESS, EF.MODIFIES_STATE, [
    p("dirfd", PT.FD, PF.DEC),
    p("pathname", PT.FSRELPATH, PF.NA, { dirfd: 0 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.execveat_flags }),
  ]),
  // PPME_SYSCALL_EXECVEAT_X
  e(
    331,
    "execveat",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("exe", PT.CHARBUF, PF.NA),
      p("args", PT.BYTEBUF, PF.NA),
      p("tid", PT.PID, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("ptid", PT.PID, PF.DEC),
      p("cwd", PT.CHARBUF, PF.NA),
      p("fdlimit", PT.UINT64, PF.DEC),
      p("pgft_maj", PT.UINT64, PF.DEC),
      p("pgft_min", PT.UINT64, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("comm", PT.CHARBUF, PF.NA),
      p("cgroups", PT.BYTEBUF, PF.NA),
      p("env", PT.BYTEBUF, PF.NA),
      p("tty", PT.INT32, PF.DEC),
      p("pgid", PT.PID, PF.DEC),
      p("loginuid", PT.INT32, PF.DEC),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.execve_flags_old }),
      p("cap_inheritable", PT.UINT64, PF.HEX),
      p("cap_permitted", PT.UINT64, PF.HEX),
      p("cap_effective", PT.UINT64, PF.HEX),
      p("exe_ino", PT.UINT64, PF.DEC),
      p("exe_ino_ctime", PT.ABSTIME, PF.DEC),
      p("exe_ino_mtime", PT.ABSTIME, PF.DEC),
      p("uid", PT.UID, PF.DEC),
      p("trusted_exepath", PT.FSPATH, PF.NA),
      p("pgid", PT.PID, PF.NA),
      p("gid", PT.GID, PF.DEC),
    ],
    20,
  ),
  // PPME_SYSCALL_COPY_FILE_RANGE_E
  e(332, "copy_file_range", EC.FILE, EF.USES_FD | EF.READS_FROM_FD | EF.WRITES_TO_FD, [
    p("fdin", PT.FD, PF.DEC),
    p("offin", PT.UINT64, PF.DEC),
    p("len", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_COPY_FILE_RANGE_X
  e(
    333,
    "copy_file_range",
    EC.FILE,
    EF.USES_FD | EF.READS_FROM_FD | EF.WRITES_TO_FD,
    [
      p("res", PT.ERRNO, PF.DEC),
      p("fdout", PT.FD, PF.DEC),
      p("offout", PT.UINT64, PF.DEC),
      p("fdin", PT.FD, PF.DEC),
      p("offin", PT.UINT64, PF.DEC),
      p("len", PT.UINT64, PF.DEC),
    ],
    3,
  ),
  // PPME_SYSCALL_CLONE3_E
  e(334, "clone3", EC.PROCESS, EF.MODIFIES_STATE, []),
  // PPME_SYSCALL_CLONE3_X
  e(
    335,
    "clone3",
    EC.PROCESS,
    EF.MODIFIES_STATE,
    [
      p("res", PT.PID, PF.DEC),
      p("exe", PT.CHARBUF, PF.NA),
      p("args", PT.BYTEBUF, PF.NA),
      p("tid", PT.PID, PF.DEC),
      p("pid", PT.PID, PF.DEC),
      p("ptid", PT.PID, PF.DEC),
      p("cwd", PT.CHARBUF, PF.NA),
      p("fdlimit", PT.INT64, PF.DEC),
      p("pgft_maj", PT.UINT64, PF.DEC),
      p("pgft_min", PT.UINT64, PF.DEC),
      p("vm_size", PT.UINT32, PF.DEC),
      p("vm_rss", PT.UINT32, PF.DEC),
      p("vm_swap", PT.UINT32, PF.DEC),
      p("comm", PT.CHARBUF, PF.NA),
      p("cgroups", PT.BYTEBUF, PF.NA),
      p("flags", PT.FLAGS32, PF.HEX, { flags: F.clone_flags_old }),
      p("uid", PT.UINT32, PF.DEC),
      p("gid", PT.UINT32, PF.DEC),
      p("vtid", PT.PID, PF.DEC),
      p("vpid", PT.PID, PF.DEC),
      p("pidns_init_start_ts", PT.UINT64, PF.DEC),
    ],
    20,
  ),
  // PPME_SYSCALL_OPEN_BY_HANDLE_AT_E
  e(336, "open_by_handle_at", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_OPEN_BY_HANDLE_AT_X
  e(337, "open_by_handle_at", EC.FILE, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("mountfd", PT.FD, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags }),
    p("path", PT.FSPATH, PF.NA),
    p("dev", PT.UINT32, PF.HEX),
    p("ino", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_IO_URING_SETUP_E
  e(338, "io_uring_setup", EC.IO_OTHER, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_IO_URING_SETUP_X
  e(339, "io_uring_setup", EC.IO_OTHER, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("entries", PT.UINT32, PF.DEC),
    p("sq_entries", PT.UINT32, PF.DEC),
    p("cq_entries", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.io_uring_setup_flags }),
    p("sq_thread_cpu", PT.UINT32, PF.DEC),
    p("sq_thread_idle", PT.UINT32, PF.DEC),
    p("features", PT.FLAGS32, PF.HEX, { flags: F.io_uring_setup_feats }),
  ]),
  // PPME_SYSCALL_IO_URING_ENTER_E
  e(340, "io_uring_enter", EC.IO_OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_IO_URING_ENTER_X
  e(341, "io_uring_enter", EC.IO_OTHER, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("to_submit", PT.UINT32, PF.DEC),
    p("min_complete", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.io_uring_enter_flags }),
    p("sig", PT.SIGSET, PF.DEC),
  ]),
  // PPME_SYSCALL_IO_URING_REGISTER_E
  e(342, "io_uring_register", EC.IO_OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_IO_URING_REGISTER_X
  e(343, "io_uring_register", EC.IO_OTHER, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("opcode", PT.ENUMFLAGS16, PF.DEC, { flags: F.io_uring_register_opcodes }),
    p("arg", PT.UINT64, PF.HEX),
    p("nr_args", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_MLOCK_E
  e(344, "mlock", EC.MEMORY, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MLOCK_X
  e(345, "mlock", EC.MEMORY, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("addr", PT.UINT64, PF.HEX),
    p("len", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_MUNLOCK_E
  e(346, "munlock", EC.MEMORY, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MUNLOCK_X
  e(347, "munlock", EC.MEMORY, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("addr", PT.UINT64, PF.HEX),
    p("len", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_MLOCKALL_E
  e(348, "mlockall", EC.MEMORY, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MLOCKALL_X
  e(349, "mlockall", EC.MEMORY, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.mlockall_flags }),
  ]),
  // PPME_SYSCALL_MUNLOCKALL_E
  e(350, "munlockall", EC.MEMORY, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MUNLOCKALL_X
  e(351, "munlockall", EC.MEMORY, EF.NONE, [p("res", PT.ERRNO, PF.DEC)]),
  // PPME_SYSCALL_CAPSET_E
  e(352, "capset", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_CAPSET_X
  e(353, "capset", EC.PROCESS, EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("cap_inheritable", PT.UINT64, PF.HEX),
    p("cap_permitted", PT.UINT64, PF.HEX),
    p("cap_effective", PT.UINT64, PF.HEX),
  ]),
  // PPME_USER_ADDED_E
  e(354, "useradded", EC.PROCESS, EF.MODIFIES_STATE, [
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("home", PT.CHARBUF, PF.NA),
    p("shell", PT.CHARBUF, PF.NA),
    p("container_id", PT.CHARBUF, PF.NA),
  ]),
  // PPME_USER_ADDED_X
  e(355, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_USER_DELETED_E
  e(356, "userdeleted", EC.PROCESS, EF.MODIFIES_STATE, [
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("home", PT.CHARBUF, PF.NA),
    p("shell", PT.CHARBUF, PF.NA),
    p("container_id", PT.CHARBUF, PF.NA),
  ]),
  // PPME_USER_DELETED_X
  e(357, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_GROUP_ADDED_E
  e(358, "groupadded", EC.PROCESS, EF.MODIFIES_STATE, [
    p("gid", PT.UINT32, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("container_id", PT.CHARBUF, PF.NA),
  ]),
  // PPME_GROUP_ADDED_X
  e(359, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_GROUP_DELETED_E
  e(360, "groupdeleted", EC.PROCESS, EF.MODIFIES_STATE, [
    p("gid", PT.UINT32, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("container_id", PT.CHARBUF, PF.NA),
  ]),
  // PPME_GROUP_DELETED_X
  e(361, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_SYSCALL_DUP2_E
  e(362, "dup2", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("fd", PT.FD, PF.DEC),
  ]),
  // PPME_SYSCALL_DUP2_X
  e(363, "dup2", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE, [
    p("res", PT.FD, PF.DEC),
    p("oldfd", PT.FD, PF.DEC),
    p("newfd", PT.FD, PF.DEC),
  ]),
  // PPME_SYSCALL_DUP3_E
  e(364, "dup3", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("fd", PT.FD, PF.DEC),
  ]),
  // PPME_SYSCALL_DUP3_X
  e(365, "dup3", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE, [
    p("res", PT.FD, PF.DEC),
    p("oldfd", PT.FD, PF.DEC),
    p("newfd", PT.FD, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags }),
  ]),
  // PPME_SYSCALL_DUP_1_E
  e(366, "dup", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, [
    p("fd", PT.FD, PF.DEC),
  ]),
  // PPME_SYSCALL_DUP_1_X
  e(367, "dup", EC.IO_OTHER, EF.CREATES_FD | EF.USES_FD | EF.MODIFIES_STATE, [
    p("res", PT.FD, PF.DEC),
    p("oldfd", PT.FD, PF.DEC),
  ]),
  // PPME_SYSCALL_BPF_2_E
  e(368, "bpf", EC.OTHER, EF.CREATES_FD | EF.OLD_VERSION, [p("cmd", PT.INT64, PF.DEC)]),
  // PPME_SYSCALL_BPF_2_X
  e(369, "bpf", EC.OTHER, EF.CREATES_FD, [
    p("fd", PT.FD, PF.DEC),
    p("cmd", PT.ENUMFLAGS32, PF.DEC, { flags: F.bpf_commands }),
  ]),
  // PPME_SYSCALL_MLOCK2_E
  e(370, "mlock2", EC.MEMORY, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MLOCK2_X
  e(371, "mlock2", EC.MEMORY, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("addr", PT.UINT64, PF.HEX),
    p("len", PT.UINT64, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.mlock2_flags }),
  ]),
  // PPME_SYSCALL_FSCONFIG_E
  e(372, "fsconfig", EC.SYSTEM, EF.OLD_VERSION, []),
  // PPME_SYSCALL_FSCONFIG_X
  e(373, "fsconfig", EC.SYSTEM, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("cmd", PT.ENUMFLAGS32, PF.DEC, { flags: F.fsconfig_cmds }),
    p("key", PT.CHARBUF, PF.NA),
    p("value_bytebuf", PT.BYTEBUF, PF.NA),
    p("value_charbuf", PT.CHARBUF, PF.NA),
    p("aux", PT.INT32, PF.DEC),
  ]),
  // PPME_SYSCALL_EPOLL_CREATE_E
  e(374, "epoll_create", EC.WAIT, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION | EF.CONVERTER_MANAGED, [
    p("size", PT.INT32, PF.DEC),
  ]),
  // PPME_SYSCALL_EPOLL_CREATE_X
  e(375, "epoll_create", EC.WAIT, EF.CREATES_FD | EF.MODIFIES_STATE | EF.CONVERTER_MANAGED, [
    p("res", PT.ERRNO, PF.DEC),
    p("size", PT.INT32, PF.DEC),
  ]),
  // PPME_SYSCALL_EPOLL_CREATE1_E
  e(
    376,
    "epoll_create1",
    EC.WAIT,
    EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION | EF.CONVERTER_MANAGED,
    [p("flags", PT.FLAGS32, PF.HEX, { flags: F.epoll_create1_flags })],
  ),
  // PPME_SYSCALL_EPOLL_CREATE1_X
  e(377, "epoll_create1", EC.WAIT, EF.CREATES_FD | EF.MODIFIES_STATE | EF.CONVERTER_MANAGED, [
    p("res", PT.ERRNO, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.epoll_create1_flags }),
  ]),
  // PPME_SYSCALL_CHOWN_E
  e(378, "chown", EC.FILE, EF.OLD_VERSION, []),
  // PPME_SYSCALL_CHOWN_X
  e(379, "chown", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_LCHOWN_E
  e(380, "lchown", EC.FILE, EF.OLD_VERSION, []),
  // PPME_SYSCALL_LCHOWN_X
  e(381, "lchown", EC.FILE, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_FCHOWN_E
  e(382, "fchown", EC.FILE, EF.OLD_VERSION, []),
  // PPME_SYSCALL_FCHOWN_X
  e(383, "fchown", EC.FILE, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_FCHOWNAT_E
  e(384, "fchownat", EC.FILE, EF.OLD_VERSION, []),
  // PPME_SYSCALL_FCHOWNAT_X
  e(385, "fchownat", EC.FILE, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("dirfd", PT.FD, PF.DEC),
    p("pathname", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("uid", PT.UINT32, PF.DEC),
    p("gid", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.fchownat_flags }),
  ]),
  // PPME_SYSCALL_UMOUNT_1_E
  e(386, "umount", EC.FILE, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_UMOUNT_1_X
  e(387, "umount", EC.FILE, EF.MODIFIES_STATE, [p("res", PT.ERRNO, PF.DEC), p("name", PT.FSPATH, PF.NA)]),
  // PPME_SOCKET_ACCEPT4_6_E
  e(388, "accept4", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION | EF.CONVERTER_MANAGED, [
    p("flags", PT.INT32, PF.HEX),
  ]),
  // PPME_SOCKET_ACCEPT4_6_X
  e(389, "accept4", EC.NET, EF.CREATES_FD | EF.MODIFIES_STATE | EF.CONVERTER_MANAGED, [
    p("fd", PT.FD, PF.DEC),
    p("tuple", PT.SOCKTUPLE, PF.NA),
    p("queuepct", PT.UINT8, PF.DEC),
    p("queuelen", PT.UINT32, PF.DEC),
    p("queuemax", PT.UINT32, PF.DEC),
    p("flags", PT.INT32, PF.HEX),
  ]),
  // PPME_SYSCALL_UMOUNT2_E
  e(390, "umount2", EC.FILE, EF.MODIFIES_STATE | EF.OLD_VERSION | EF.CONVERTER_MANAGED, [
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.umount_flags }),
  ]),
  // PPME_SYSCALL_UMOUNT2_X
  e(391, "umount2", EC.FILE, EF.MODIFIES_STATE | EF.CONVERTER_MANAGED, [
    p("res", PT.ERRNO, PF.DEC),
    p("name", PT.FSPATH, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.umount_flags }),
  ]),
  // PPME_SYSCALL_PIPE2_E
  e(392, "pipe2", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_PIPE2_X
  e(393, "pipe2", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd1", PT.FD, PF.DEC),
    p("fd2", PT.FD, PF.DEC),
    p("ino", PT.UINT64, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags }),
  ]),
  // PPME_SYSCALL_INOTIFY_INIT1_E
  e(394, "inotify_init1", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_INOTIFY_INIT1_X
  e(395, "inotify_init1", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("res", PT.FD, PF.DEC),
    p("flags", PT.FLAGS16, PF.HEX, { flags: F.file_flags }),
  ]),
  // PPME_SYSCALL_EVENTFD2_E
  e(396, "eventfd2", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION | EF.CONVERTER_MANAGED, [
    p("initval", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_EVENTFD2_X
  e(397, "eventfd2", EC.IPC, EF.CREATES_FD | EF.MODIFIES_STATE | EF.CONVERTER_MANAGED, [
    p("res", PT.FD, PF.DEC),
    p("flags", PT.FLAGS16, PF.HEX, { flags: F.file_flags }),
    p("initval", PT.UINT64, PF.DEC),
  ]),
  // PPME_SYSCALL_SIGNALFD4_E
  e(398, "signalfd4", EC.SIGNAL, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION | EF.CONVERTER_MANAGED, [
    p("fd", PT.FD, PF.DEC),
    p("mask", PT.UINT32, PF.HEX),
  ]),
  // PPME_SYSCALL_SIGNALFD4_X
  e(399, "signalfd4", EC.SIGNAL, EF.CREATES_FD | EF.MODIFIES_STATE | EF.CONVERTER_MANAGED, [
    p("res", PT.FD, PF.DEC),
    p("flags", PT.FLAGS16, PF.HEX, { flags: F.file_flags }),
    p("fd", PT.FD, PF.DEC),
    p("mask", PT.UINT32, PF.HEX),
  ]),
  // PPME_SYSCALL_PRCTL_E
  e(400, "prctl", EC.PROCESS, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_PRCTL_X
  e(401, "prctl", EC.PROCESS, EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("option", PT.ENUMFLAGS32, PF.DEC, { flags: F.prctl_options }),
    p("arg2_str", PT.CHARBUF, PF.NA),
    p("arg2_int", PT.INT64, PF.DEC),
  ]),
  // PPME_ASYNCEVENT_E
  e(402, "asyncevent", EC.OTHER, EF.LARGE_PAYLOAD, [
    p("plugin_id", PT.UINT32, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("data", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_ASYNCEVENT_X
  e(403, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_SYSCALL_MEMFD_CREATE_E
  e(404, "memfd_create", EC.MEMORY, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_MEMFD_CREATE_X
  e(405, "memfd_create", EC.MEMORY, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.memfd_create_flags }),
  ]),
  // PPME_SYSCALL_PIDFD_GETFD_E
  e(406, "pidfd_getfd", EC.PROCESS, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_PIDFD_GETFD_X
  e(407, "pidfd_getfd", EC.PROCESS, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("pid_fd", PT.FD, PF.DEC),
    p("target_fd", PT.FD, PF.DEC),
    p("flags", PT.UINT32, PF.HEX),
  ]),
  // PPME_SYSCALL_PIDFD_OPEN_E
  e(408, "pidfd_open", EC.PROCESS, EF.CREATES_FD | EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_PIDFD_OPEN_X
  e(409, "pidfd_open", EC.PROCESS, EF.CREATES_FD | EF.MODIFIES_STATE, [
    p("fd", PT.FD, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.pidfd_open_flags }),
  ]),
  // PPME_SYSCALL_INIT_MODULE_E
  e(410, "init_module", EC.OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_INIT_MODULE_X
  e(411, "init_module", EC.OTHER, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("img", PT.BYTEBUF, PF.NA),
    p("length", PT.UINT64, PF.DEC),
    p("uargs", PT.CHARBUF, PF.NA),
  ]),
  // PPME_SYSCALL_FINIT_MODULE_E
  e(412, "finit_module", EC.OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_FINIT_MODULE_X
  e(413, "finit_module", EC.OTHER, EF.USES_FD | EF.READS_FROM_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("fd", PT.FD, PF.DEC),
    p("uargs", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.finit_module_flags }),
  ]),
  // PPME_SYSCALL_MKNOD_E
  e(414, "mknod", EC.OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MKNOD_X
  e(415, "mknod", EC.OTHER, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("mode", PT.MODE, PF.OCT, { flags: F.mknod_mode }),
    p("dev", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_MKNODAT_E
  e(416, "mknodat", EC.OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_MKNODAT_X
  e(417, "mknodat", EC.OTHER, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("dirfd", PT.FD, PF.DEC),
    p("path", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("mode", PT.MODE, PF.OCT, { flags: F.mknod_mode }),
    p("dev", PT.UINT32, PF.DEC),
  ]),
  // PPME_SYSCALL_NEWFSTATAT_E
  e(418, "newfstatat", EC.FILE, EF.OLD_VERSION, []),
  // PPME_SYSCALL_NEWFSTATAT_X
  e(419, "newfstatat", EC.FILE, EF.USES_FD, [
    p("res", PT.ERRNO, PF.DEC),
    p("dirfd", PT.FD, PF.DEC),
    p("path", PT.FSRELPATH, PF.NA, { dirfd: 1 }),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.newfstatat_flags }),
  ]),
  // PPME_SYSCALL_PROCESS_VM_READV_E
  e(420, "process_vm_readv", EC.IPC, EF.OLD_VERSION, []),
  // PPME_SYSCALL_PROCESS_VM_READV_X
  e(421, "process_vm_readv", EC.IPC, EF.NONE, [
    p("res", PT.INT64, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("data", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_SYSCALL_PROCESS_VM_WRITEV_E
  e(422, "process_vm_writev", EC.IPC, EF.OLD_VERSION, []),
  // PPME_SYSCALL_PROCESS_VM_WRITEV_X
  e(423, "process_vm_writev", EC.IPC, EF.NONE, [
    p("res", PT.INT64, PF.DEC),
    p("pid", PT.PID, PF.DEC),
    p("data", PT.BYTEBUF, PF.NA),
  ]),
  // PPME_SYSCALL_DELETE_MODULE_E
  e(424, "delete_module", EC.OTHER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_DELETE_MODULE_X
  e(425, "delete_module", EC.OTHER, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("name", PT.CHARBUF, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.delete_module_flags }),
  ]),
  // PPME_SYSCALL_SETREUID_E
  e(426, "setreuid", EC.USER, EF.MODIFIES_STATE | EF.OLD_VERSION, []),
  // PPME_SYSCALL_SETREUID_X
  e(427, "setreuid", EC.USER, EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("ruid", PT.UID, PF.DEC),
    p("euid", PT.UID, PF.DEC),
  ]),
  // PPME_SYSCALL_SETREGID_E
  e(428, "setregid", EC.USER, EF.OLD_VERSION, []),
  // PPME_SYSCALL_SETREGID_X
  e(429, "setregid", EC.USER, EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("rgid", PT.UID, PF.DEC),
    p("egid", PT.UID, PF.DEC),
  ]),
  // PPME_ITER_TASK_E
  e(430, "task", EC.PROCESS, EF.MODIFIES_STATE, [
    p("ppid", PT.PID32, PF.DEC),
    p("pgid", PT.PID32, PF.DEC),
    p("vpgid", PT.PID32, PF.DEC),
    p("sid", PT.PID32, PF.DEC),
    p("comm", PT.CHARBUF, PF.NA),
    p("argv", PT.CHARBUFARRAY, PF.NA),
    p("exepath", PT.FSPATH, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.execve_flags }),
    p("env", PT.CHARBUFARRAY, PF.NA),
    p("cwd", PT.CHARBUF, PF.NA),
    p("fdlimit", PT.UINT64, PF.DEC),
    p("euid", PT.UID, PF.DEC),
    p("egid", PT.GID, PF.DEC),
    p("cap_permitted", PT.UINT64, PF.HEX),
    p("cap_effective", PT.UINT64, PF.HEX),
    p("cap_inheritable", PT.UINT64, PF.HEX),
    p("exe_ino_num", PT.UINT64, PF.DEC),
    p("exe_ino_ctime", PT.ABSTIME, PF.DEC),
    p("exe_ino_mtime", PT.ABSTIME, PF.DEC),
    p("vm_size", PT.UINT32, PF.DEC),
    p("vm_rss", PT.UINT32, PF.DEC),
    p("vm_swap", PT.UINT32, PF.DEC),
    p("pgft_maj", PT.UINT64, PF.DEC),
    p("pgft_min", PT.UINT64, PF.DEC),
    p("vtgid", PT.PID32, PF.DEC),
    p("vpid", PT.PID32, PF.DEC),
    p("pidns_init_start_ts", PT.UINT64, PF.DEC),
    p("cgroups", PT.CHARBUFARRAY, PF.NA),
    p("root", PT.FSPATH, PF.NA),
    p("start_time", PT.ABSTIME, PF.DEC),
    p("tty", PT.UINT32, PF.DEC),
    p("loginuid", PT.UID, PF.DEC),
  ]),
  // PPME_ITER_TASK_X
  e(431, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_PIPE_E
  e(432, "task_file_pipe", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_PIPE_X
  e(433, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_MEMFD_E
  e(434, "task_file_memfd", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_MEMFD_X
  e(435, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_REGULAR_E
  e(436, "task_file_regular", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.file_flags }),
    p("mnt_id", PT.UINT32, PF.DEC),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_REGULAR_X
  e(437, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_DIRECTORY_E
  e(438, "task_file_directory", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("path", PT.FSPATH, PF.NA),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_DIRECTORY_X
  e(439, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_SOCKET_INET_E
  e(440, "task_file_socket_inet", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("sk_type", PT.UINT16, PF.DEC),
    p("sk_proto", PT.UINT16, PF.DEC),
    p("local_ip", PT.IPV4ADDR, PF.HEX),
    p("local_port", PT.PORT, PF.HEX),
    p("remote_ip", PT.IPV4ADDR, PF.HEX),
    p("remote_port", PT.PORT, PF.HEX),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_SOCKET_INET_X
  e(441, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_SOCKET_INET6_E
  e(442, "task_file_socket_inet6", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("sk_type", PT.UINT16, PF.DEC),
    p("sk_proto", PT.UINT16, PF.DEC),
    p("local_ip", PT.IPV6ADDR, PF.HEX),
    p("local_port", PT.PORT, PF.HEX),
    p("remote_ip", PT.IPV6ADDR, PF.HEX),
    p("remote_port", PT.PORT, PF.HEX),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_SOCKET_INET6_X
  e(443, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_SOCKET_UNIX_E
  e(444, "task_file_socket_unix", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("sk_type", PT.UINT16, PF.DEC),
    p("sk_proto", PT.UINT16, PF.DEC),
    p("sk_pointer", PT.UINT64, PF.NA),
    p("sun_path", PT.FSPATH, PF.NA),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_SOCKET_UNIX_X
  e(445, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_SOCKET_NETLINK_E
  e(446, "task_file_socket_netlink", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("sk_type", PT.UINT16, PF.DEC),
    p("sk_proto", PT.UINT16, PF.DEC),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_SOCKET_NETLINK_X
  e(447, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_ITER_TASK_FILE_ANON_INODE_E
  e(448, "task_file_anon_inode", EC.FILE, EF.MODIFIES_STATE, [
    p("fd", PT.FD32, PF.DEC),
    p("fd_type", PT.FLAGS8, PF.DEC, { flags: F.anon_inode_fd_types }),
    p("path", PT.FSPATH, PF.NA),
    p("ino_num", PT.UINT64, PF.DEC),
  ]),
  // PPME_ITER_TASK_FILE_ANON_INODE_X
  e(449, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_SYSCALL_CLOSE_RANGE_E
  e(450, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_SYSCALL_CLOSE_RANGE_X
  e(451, "close_range", EC.IO_OTHER, EF.MODIFIES_STATE, [
    p("res", PT.ERRNO, PF.DEC),
    p("first", PT.UINT32, PF.DEC),
    p("last", PT.UINT32, PF.DEC),
    p("flags", PT.FLAGS32, PF.HEX, { flags: F.close_range_flags }),
  ]),
  // PPME_SYSCALL_KEYCTL_E
  e(452, "NA", EC.UNKNOWN, EF.UNUSED, []),
  // PPME_SYSCALL_KEYCTL_X
  e(453, "keyctl", EC.OTHER, EF.NONE, [
    p("res", PT.ERRNO, PF.DEC),
    p("operation", PT.ENUMFLAGS32, PF.DEC, { flags: F.keyctl_operations }),
    p("arg2", PT.DYN, PF.DEC, { dyn: F.keyctl_dynamic_param }),
    p("arg3", PT.DYN, PF.DEC, { dyn: F.keyctl_dynamic_param }),
    p("arg4", PT.DYN, PF.DEC, { dyn: F.keyctl_dynamic_param }),
    p("arg5", PT.DYN, PF.DEC, { dyn: F.keyctl_dynamic_param }),
  ]),
];

/** Number of event type codes; events with a type at or above it are skipped by readers. */
export const EVENT_TYPE_MAX = 454;

/** Event type code → `evt.type` name (all versions of a syscall share one name). */
export const eventTypeNames: readonly string[] = EVENT_TABLE.map((x) => x.name);

/** Event type codes by their libs enum name (`PPME_*`, as in libs 48dfd53). */
export const EventCode = {
  PPME_GENERIC_E: 0,
  PPME_GENERIC_X: 1,
  PPME_SYSCALL_OPEN_E: 2,
  PPME_SYSCALL_OPEN_X: 3,
  PPME_SYSCALL_CLOSE_E: 4,
  PPME_SYSCALL_CLOSE_X: 5,
  PPME_SYSCALL_READ_E: 6,
  PPME_SYSCALL_READ_X: 7,
  PPME_SYSCALL_WRITE_E: 8,
  PPME_SYSCALL_WRITE_X: 9,
  PPME_SYSCALL_BRK_1_E: 10,
  PPME_SYSCALL_BRK_1_X: 11,
  PPME_SYSCALL_EXECVE_8_E: 12,
  PPME_SYSCALL_EXECVE_8_X: 13,
  PPME_SYSCALL_CLONE_11_E: 14,
  PPME_SYSCALL_CLONE_11_X: 15,
  PPME_PROCEXIT_E: 16,
  PPME_PROCEXIT_X: 17,
  PPME_SOCKET_SOCKET_E: 18,
  PPME_SOCKET_SOCKET_X: 19,
  PPME_SOCKET_BIND_E: 20,
  PPME_SOCKET_BIND_X: 21,
  PPME_SOCKET_CONNECT_E: 22,
  PPME_SOCKET_CONNECT_X: 23,
  PPME_SOCKET_LISTEN_E: 24,
  PPME_SOCKET_LISTEN_X: 25,
  PPME_SOCKET_ACCEPT_E: 26,
  PPME_SOCKET_ACCEPT_X: 27,
  PPME_SOCKET_SEND_E: 28,
  PPME_SOCKET_SEND_X: 29,
  PPME_SOCKET_SENDTO_E: 30,
  PPME_SOCKET_SENDTO_X: 31,
  PPME_SOCKET_RECV_E: 32,
  PPME_SOCKET_RECV_X: 33,
  PPME_SOCKET_RECVFROM_E: 34,
  PPME_SOCKET_RECVFROM_X: 35,
  PPME_SOCKET_SHUTDOWN_E: 36,
  PPME_SOCKET_SHUTDOWN_X: 37,
  PPME_SOCKET_GETSOCKNAME_E: 38,
  PPME_SOCKET_GETSOCKNAME_X: 39,
  PPME_SOCKET_GETPEERNAME_E: 40,
  PPME_SOCKET_GETPEERNAME_X: 41,
  PPME_SOCKET_SOCKETPAIR_E: 42,
  PPME_SOCKET_SOCKETPAIR_X: 43,
  PPME_SOCKET_SETSOCKOPT_E: 44,
  PPME_SOCKET_SETSOCKOPT_X: 45,
  PPME_SOCKET_GETSOCKOPT_E: 46,
  PPME_SOCKET_GETSOCKOPT_X: 47,
  PPME_SOCKET_SENDMSG_E: 48,
  PPME_SOCKET_SENDMSG_X: 49,
  PPME_SOCKET_SENDMMSG_E: 50,
  PPME_SOCKET_SENDMMSG_X: 51,
  PPME_SOCKET_RECVMSG_E: 52,
  PPME_SOCKET_RECVMSG_X: 53,
  PPME_SOCKET_RECVMMSG_E: 54,
  PPME_SOCKET_RECVMMSG_X: 55,
  PPME_SOCKET_ACCEPT4_E: 56,
  PPME_SOCKET_ACCEPT4_X: 57,
  PPME_SYSCALL_CREAT_E: 58,
  PPME_SYSCALL_CREAT_X: 59,
  PPME_SYSCALL_PIPE_E: 60,
  PPME_SYSCALL_PIPE_X: 61,
  PPME_SYSCALL_EVENTFD_E: 62,
  PPME_SYSCALL_EVENTFD_X: 63,
  PPME_SYSCALL_FUTEX_E: 64,
  PPME_SYSCALL_FUTEX_X: 65,
  PPME_SYSCALL_STAT_E: 66,
  PPME_SYSCALL_STAT_X: 67,
  PPME_SYSCALL_LSTAT_E: 68,
  PPME_SYSCALL_LSTAT_X: 69,
  PPME_SYSCALL_FSTAT_E: 70,
  PPME_SYSCALL_FSTAT_X: 71,
  PPME_SYSCALL_STAT64_E: 72,
  PPME_SYSCALL_STAT64_X: 73,
  PPME_SYSCALL_LSTAT64_E: 74,
  PPME_SYSCALL_LSTAT64_X: 75,
  PPME_SYSCALL_FSTAT64_E: 76,
  PPME_SYSCALL_FSTAT64_X: 77,
  PPME_SYSCALL_EPOLLWAIT_E: 78,
  PPME_SYSCALL_EPOLLWAIT_X: 79,
  PPME_SYSCALL_POLL_E: 80,
  PPME_SYSCALL_POLL_X: 81,
  PPME_SYSCALL_SELECT_E: 82,
  PPME_SYSCALL_SELECT_X: 83,
  PPME_SYSCALL_NEWSELECT_E: 84,
  PPME_SYSCALL_NEWSELECT_X: 85,
  PPME_SYSCALL_LSEEK_E: 86,
  PPME_SYSCALL_LSEEK_X: 87,
  PPME_SYSCALL_LLSEEK_E: 88,
  PPME_SYSCALL_LLSEEK_X: 89,
  PPME_SYSCALL_IOCTL_2_E: 90,
  PPME_SYSCALL_IOCTL_2_X: 91,
  PPME_SYSCALL_GETCWD_E: 92,
  PPME_SYSCALL_GETCWD_X: 93,
  PPME_SYSCALL_CHDIR_E: 94,
  PPME_SYSCALL_CHDIR_X: 95,
  PPME_SYSCALL_FCHDIR_E: 96,
  PPME_SYSCALL_FCHDIR_X: 97,
  PPME_SYSCALL_MKDIR_E: 98,
  PPME_SYSCALL_MKDIR_X: 99,
  PPME_SYSCALL_RMDIR_E: 100,
  PPME_SYSCALL_RMDIR_X: 101,
  PPME_SYSCALL_OPENAT_E: 102,
  PPME_SYSCALL_OPENAT_X: 103,
  PPME_SYSCALL_LINK_E: 104,
  PPME_SYSCALL_LINK_X: 105,
  PPME_SYSCALL_LINKAT_E: 106,
  PPME_SYSCALL_LINKAT_X: 107,
  PPME_SYSCALL_UNLINK_E: 108,
  PPME_SYSCALL_UNLINK_X: 109,
  PPME_SYSCALL_UNLINKAT_E: 110,
  PPME_SYSCALL_UNLINKAT_X: 111,
  PPME_SYSCALL_PREAD_E: 112,
  PPME_SYSCALL_PREAD_X: 113,
  PPME_SYSCALL_PWRITE_E: 114,
  PPME_SYSCALL_PWRITE_X: 115,
  PPME_SYSCALL_READV_E: 116,
  PPME_SYSCALL_READV_X: 117,
  PPME_SYSCALL_WRITEV_E: 118,
  PPME_SYSCALL_WRITEV_X: 119,
  PPME_SYSCALL_PREADV_E: 120,
  PPME_SYSCALL_PREADV_X: 121,
  PPME_SYSCALL_PWRITEV_E: 122,
  PPME_SYSCALL_PWRITEV_X: 123,
  PPME_SYSCALL_DUP_E: 124,
  PPME_SYSCALL_DUP_X: 125,
  PPME_SYSCALL_SIGNALFD_E: 126,
  PPME_SYSCALL_SIGNALFD_X: 127,
  PPME_SYSCALL_KILL_E: 128,
  PPME_SYSCALL_KILL_X: 129,
  PPME_SYSCALL_TKILL_E: 130,
  PPME_SYSCALL_TKILL_X: 131,
  PPME_SYSCALL_TGKILL_E: 132,
  PPME_SYSCALL_TGKILL_X: 133,
  PPME_SYSCALL_NANOSLEEP_E: 134,
  PPME_SYSCALL_NANOSLEEP_X: 135,
  PPME_SYSCALL_TIMERFD_CREATE_E: 136,
  PPME_SYSCALL_TIMERFD_CREATE_X: 137,
  PPME_SYSCALL_INOTIFY_INIT_E: 138,
  PPME_SYSCALL_INOTIFY_INIT_X: 139,
  PPME_SYSCALL_GETRLIMIT_E: 140,
  PPME_SYSCALL_GETRLIMIT_X: 141,
  PPME_SYSCALL_SETRLIMIT_E: 142,
  PPME_SYSCALL_SETRLIMIT_X: 143,
  PPME_SYSCALL_PRLIMIT_E: 144,
  PPME_SYSCALL_PRLIMIT_X: 145,
  PPME_SCHEDSWITCH_1_E: 146,
  PPME_SCHEDSWITCH_1_X: 147,
  PPME_DROP_E: 148,
  PPME_DROP_X: 149,
  PPME_SYSCALL_FCNTL_E: 150,
  PPME_SYSCALL_FCNTL_X: 151,
  PPME_SCHEDSWITCH_6_E: 152,
  PPME_SCHEDSWITCH_6_X: 153,
  PPME_SYSCALL_EXECVE_13_E: 154,
  PPME_SYSCALL_EXECVE_13_X: 155,
  PPME_SYSCALL_CLONE_16_E: 156,
  PPME_SYSCALL_CLONE_16_X: 157,
  PPME_SYSCALL_BRK_4_E: 158,
  PPME_SYSCALL_BRK_4_X: 159,
  PPME_SYSCALL_MMAP_E: 160,
  PPME_SYSCALL_MMAP_X: 161,
  PPME_SYSCALL_MMAP2_E: 162,
  PPME_SYSCALL_MMAP2_X: 163,
  PPME_SYSCALL_MUNMAP_E: 164,
  PPME_SYSCALL_MUNMAP_X: 165,
  PPME_SYSCALL_SPLICE_E: 166,
  PPME_SYSCALL_SPLICE_X: 167,
  PPME_SYSCALL_PTRACE_E: 168,
  PPME_SYSCALL_PTRACE_X: 169,
  PPME_SYSCALL_IOCTL_3_E: 170,
  PPME_SYSCALL_IOCTL_3_X: 171,
  PPME_SYSCALL_EXECVE_14_E: 172,
  PPME_SYSCALL_EXECVE_14_X: 173,
  PPME_SYSCALL_RENAME_E: 174,
  PPME_SYSCALL_RENAME_X: 175,
  PPME_SYSCALL_RENAMEAT_E: 176,
  PPME_SYSCALL_RENAMEAT_X: 177,
  PPME_SYSCALL_SYMLINK_E: 178,
  PPME_SYSCALL_SYMLINK_X: 179,
  PPME_SYSCALL_SYMLINKAT_E: 180,
  PPME_SYSCALL_SYMLINKAT_X: 181,
  PPME_SYSCALL_FORK_E: 182,
  PPME_SYSCALL_FORK_X: 183,
  PPME_SYSCALL_VFORK_E: 184,
  PPME_SYSCALL_VFORK_X: 185,
  PPME_PROCEXIT_1_E: 186,
  PPME_PROCEXIT_1_X: 187,
  PPME_SYSCALL_SENDFILE_E: 188,
  PPME_SYSCALL_SENDFILE_X: 189,
  PPME_SYSCALL_QUOTACTL_E: 190,
  PPME_SYSCALL_QUOTACTL_X: 191,
  PPME_SYSCALL_SETRESUID_E: 192,
  PPME_SYSCALL_SETRESUID_X: 193,
  PPME_SYSCALL_SETRESGID_E: 194,
  PPME_SYSCALL_SETRESGID_X: 195,
  PPME_SCAPEVENT_E: 196,
  PPME_SCAPEVENT_X: 197,
  PPME_SYSCALL_SETUID_E: 198,
  PPME_SYSCALL_SETUID_X: 199,
  PPME_SYSCALL_SETGID_E: 200,
  PPME_SYSCALL_SETGID_X: 201,
  PPME_SYSCALL_GETUID_E: 202,
  PPME_SYSCALL_GETUID_X: 203,
  PPME_SYSCALL_GETEUID_E: 204,
  PPME_SYSCALL_GETEUID_X: 205,
  PPME_SYSCALL_GETGID_E: 206,
  PPME_SYSCALL_GETGID_X: 207,
  PPME_SYSCALL_GETEGID_E: 208,
  PPME_SYSCALL_GETEGID_X: 209,
  PPME_SYSCALL_GETRESUID_E: 210,
  PPME_SYSCALL_GETRESUID_X: 211,
  PPME_SYSCALL_GETRESGID_E: 212,
  PPME_SYSCALL_GETRESGID_X: 213,
  PPME_SYSCALL_EXECVE_15_E: 214,
  PPME_SYSCALL_EXECVE_15_X: 215,
  PPME_SYSCALL_CLONE_17_E: 216,
  PPME_SYSCALL_CLONE_17_X: 217,
  PPME_SYSCALL_FORK_17_E: 218,
  PPME_SYSCALL_FORK_17_X: 219,
  PPME_SYSCALL_VFORK_17_E: 220,
  PPME_SYSCALL_VFORK_17_X: 221,
  PPME_SYSCALL_CLONE_20_E: 222,
  PPME_SYSCALL_CLONE_20_X: 223,
  PPME_SYSCALL_FORK_20_E: 224,
  PPME_SYSCALL_FORK_20_X: 225,
  PPME_SYSCALL_VFORK_20_E: 226,
  PPME_SYSCALL_VFORK_20_X: 227,
  PPME_CONTAINER_E: 228,
  PPME_CONTAINER_X: 229,
  PPME_SYSCALL_EXECVE_16_E: 230,
  PPME_SYSCALL_EXECVE_16_X: 231,
  PPME_SIGNALDELIVER_E: 232,
  PPME_SIGNALDELIVER_X: 233,
  PPME_PROCINFO_E: 234,
  PPME_PROCINFO_X: 235,
  PPME_SYSCALL_GETDENTS_E: 236,
  PPME_SYSCALL_GETDENTS_X: 237,
  PPME_SYSCALL_GETDENTS64_E: 238,
  PPME_SYSCALL_GETDENTS64_X: 239,
  PPME_SYSCALL_SETNS_E: 240,
  PPME_SYSCALL_SETNS_X: 241,
  PPME_SYSCALL_FLOCK_E: 242,
  PPME_SYSCALL_FLOCK_X: 243,
  PPME_CPU_HOTPLUG_E: 244,
  PPME_CPU_HOTPLUG_X: 245,
  PPME_SOCKET_ACCEPT_5_E: 246,
  PPME_SOCKET_ACCEPT_5_X: 247,
  PPME_SOCKET_ACCEPT4_5_E: 248,
  PPME_SOCKET_ACCEPT4_5_X: 249,
  PPME_SYSCALL_SEMOP_E: 250,
  PPME_SYSCALL_SEMOP_X: 251,
  PPME_SYSCALL_SEMCTL_E: 252,
  PPME_SYSCALL_SEMCTL_X: 253,
  PPME_SYSCALL_PPOLL_E: 254,
  PPME_SYSCALL_PPOLL_X: 255,
  PPME_SYSCALL_MOUNT_E: 256,
  PPME_SYSCALL_MOUNT_X: 257,
  PPME_SYSCALL_UMOUNT_E: 258,
  PPME_SYSCALL_UMOUNT_X: 259,
  PPME_K8S_E: 260,
  PPME_K8S_X: 261,
  PPME_SYSCALL_SEMGET_E: 262,
  PPME_SYSCALL_SEMGET_X: 263,
  PPME_SYSCALL_ACCESS_E: 264,
  PPME_SYSCALL_ACCESS_X: 265,
  PPME_SYSCALL_CHROOT_E: 266,
  PPME_SYSCALL_CHROOT_X: 267,
  PPME_TRACER_E: 268,
  PPME_TRACER_X: 269,
  PPME_MESOS_E: 270,
  PPME_MESOS_X: 271,
  PPME_CONTAINER_JSON_E: 272,
  PPME_CONTAINER_JSON_X: 273,
  PPME_SYSCALL_SETSID_E: 274,
  PPME_SYSCALL_SETSID_X: 275,
  PPME_SYSCALL_MKDIR_2_E: 276,
  PPME_SYSCALL_MKDIR_2_X: 277,
  PPME_SYSCALL_RMDIR_2_E: 278,
  PPME_SYSCALL_RMDIR_2_X: 279,
  PPME_NOTIFICATION_E: 280,
  PPME_NOTIFICATION_X: 281,
  PPME_SYSCALL_EXECVE_17_E: 282,
  PPME_SYSCALL_EXECVE_17_X: 283,
  PPME_SYSCALL_UNSHARE_E: 284,
  PPME_SYSCALL_UNSHARE_X: 285,
  PPME_INFRASTRUCTURE_EVENT_E: 286,
  PPME_INFRASTRUCTURE_EVENT_X: 287,
  PPME_SYSCALL_EXECVE_18_E: 288,
  PPME_SYSCALL_EXECVE_18_X: 289,
  PPME_PAGE_FAULT_E: 290,
  PPME_PAGE_FAULT_X: 291,
  PPME_SYSCALL_EXECVE_19_E: 292,
  PPME_SYSCALL_EXECVE_19_X: 293,
  PPME_SYSCALL_SETPGID_E: 294,
  PPME_SYSCALL_SETPGID_X: 295,
  PPME_SYSCALL_BPF_E: 296,
  PPME_SYSCALL_BPF_X: 297,
  PPME_SYSCALL_SECCOMP_E: 298,
  PPME_SYSCALL_SECCOMP_X: 299,
  PPME_SYSCALL_UNLINK_2_E: 300,
  PPME_SYSCALL_UNLINK_2_X: 301,
  PPME_SYSCALL_UNLINKAT_2_E: 302,
  PPME_SYSCALL_UNLINKAT_2_X: 303,
  PPME_SYSCALL_MKDIRAT_E: 304,
  PPME_SYSCALL_MKDIRAT_X: 305,
  PPME_SYSCALL_OPENAT_2_E: 306,
  PPME_SYSCALL_OPENAT_2_X: 307,
  PPME_SYSCALL_LINK_2_E: 308,
  PPME_SYSCALL_LINK_2_X: 309,
  PPME_SYSCALL_LINKAT_2_E: 310,
  PPME_SYSCALL_LINKAT_2_X: 311,
  PPME_SYSCALL_FCHMODAT_E: 312,
  PPME_SYSCALL_FCHMODAT_X: 313,
  PPME_SYSCALL_CHMOD_E: 314,
  PPME_SYSCALL_CHMOD_X: 315,
  PPME_SYSCALL_FCHMOD_E: 316,
  PPME_SYSCALL_FCHMOD_X: 317,
  PPME_SYSCALL_RENAMEAT2_E: 318,
  PPME_SYSCALL_RENAMEAT2_X: 319,
  PPME_SYSCALL_USERFAULTFD_E: 320,
  PPME_SYSCALL_USERFAULTFD_X: 321,
  PPME_PLUGINEVENT_E: 322,
  PPME_PLUGINEVENT_X: 323,
  PPME_CONTAINER_JSON_2_E: 324,
  PPME_CONTAINER_JSON_2_X: 325,
  PPME_SYSCALL_OPENAT2_E: 326,
  PPME_SYSCALL_OPENAT2_X: 327,
  PPME_SYSCALL_MPROTECT_E: 328,
  PPME_SYSCALL_MPROTECT_X: 329,
  PPME_SYSCALL_EXECVEAT_E: 330,
  PPME_SYSCALL_EXECVEAT_X: 331,
  PPME_SYSCALL_COPY_FILE_RANGE_E: 332,
  PPME_SYSCALL_COPY_FILE_RANGE_X: 333,
  PPME_SYSCALL_CLONE3_E: 334,
  PPME_SYSCALL_CLONE3_X: 335,
  PPME_SYSCALL_OPEN_BY_HANDLE_AT_E: 336,
  PPME_SYSCALL_OPEN_BY_HANDLE_AT_X: 337,
  PPME_SYSCALL_IO_URING_SETUP_E: 338,
  PPME_SYSCALL_IO_URING_SETUP_X: 339,
  PPME_SYSCALL_IO_URING_ENTER_E: 340,
  PPME_SYSCALL_IO_URING_ENTER_X: 341,
  PPME_SYSCALL_IO_URING_REGISTER_E: 342,
  PPME_SYSCALL_IO_URING_REGISTER_X: 343,
  PPME_SYSCALL_MLOCK_E: 344,
  PPME_SYSCALL_MLOCK_X: 345,
  PPME_SYSCALL_MUNLOCK_E: 346,
  PPME_SYSCALL_MUNLOCK_X: 347,
  PPME_SYSCALL_MLOCKALL_E: 348,
  PPME_SYSCALL_MLOCKALL_X: 349,
  PPME_SYSCALL_MUNLOCKALL_E: 350,
  PPME_SYSCALL_MUNLOCKALL_X: 351,
  PPME_SYSCALL_CAPSET_E: 352,
  PPME_SYSCALL_CAPSET_X: 353,
  PPME_USER_ADDED_E: 354,
  PPME_USER_ADDED_X: 355,
  PPME_USER_DELETED_E: 356,
  PPME_USER_DELETED_X: 357,
  PPME_GROUP_ADDED_E: 358,
  PPME_GROUP_ADDED_X: 359,
  PPME_GROUP_DELETED_E: 360,
  PPME_GROUP_DELETED_X: 361,
  PPME_SYSCALL_DUP2_E: 362,
  PPME_SYSCALL_DUP2_X: 363,
  PPME_SYSCALL_DUP3_E: 364,
  PPME_SYSCALL_DUP3_X: 365,
  PPME_SYSCALL_DUP_1_E: 366,
  PPME_SYSCALL_DUP_1_X: 367,
  PPME_SYSCALL_BPF_2_E: 368,
  PPME_SYSCALL_BPF_2_X: 369,
  PPME_SYSCALL_MLOCK2_E: 370,
  PPME_SYSCALL_MLOCK2_X: 371,
  PPME_SYSCALL_FSCONFIG_E: 372,
  PPME_SYSCALL_FSCONFIG_X: 373,
  PPME_SYSCALL_EPOLL_CREATE_E: 374,
  PPME_SYSCALL_EPOLL_CREATE_X: 375,
  PPME_SYSCALL_EPOLL_CREATE1_E: 376,
  PPME_SYSCALL_EPOLL_CREATE1_X: 377,
  PPME_SYSCALL_CHOWN_E: 378,
  PPME_SYSCALL_CHOWN_X: 379,
  PPME_SYSCALL_LCHOWN_E: 380,
  PPME_SYSCALL_LCHOWN_X: 381,
  PPME_SYSCALL_FCHOWN_E: 382,
  PPME_SYSCALL_FCHOWN_X: 383,
  PPME_SYSCALL_FCHOWNAT_E: 384,
  PPME_SYSCALL_FCHOWNAT_X: 385,
  PPME_SYSCALL_UMOUNT_1_E: 386,
  PPME_SYSCALL_UMOUNT_1_X: 387,
  PPME_SOCKET_ACCEPT4_6_E: 388,
  PPME_SOCKET_ACCEPT4_6_X: 389,
  PPME_SYSCALL_UMOUNT2_E: 390,
  PPME_SYSCALL_UMOUNT2_X: 391,
  PPME_SYSCALL_PIPE2_E: 392,
  PPME_SYSCALL_PIPE2_X: 393,
  PPME_SYSCALL_INOTIFY_INIT1_E: 394,
  PPME_SYSCALL_INOTIFY_INIT1_X: 395,
  PPME_SYSCALL_EVENTFD2_E: 396,
  PPME_SYSCALL_EVENTFD2_X: 397,
  PPME_SYSCALL_SIGNALFD4_E: 398,
  PPME_SYSCALL_SIGNALFD4_X: 399,
  PPME_SYSCALL_PRCTL_E: 400,
  PPME_SYSCALL_PRCTL_X: 401,
  PPME_ASYNCEVENT_E: 402,
  PPME_ASYNCEVENT_X: 403,
  PPME_SYSCALL_MEMFD_CREATE_E: 404,
  PPME_SYSCALL_MEMFD_CREATE_X: 405,
  PPME_SYSCALL_PIDFD_GETFD_E: 406,
  PPME_SYSCALL_PIDFD_GETFD_X: 407,
  PPME_SYSCALL_PIDFD_OPEN_E: 408,
  PPME_SYSCALL_PIDFD_OPEN_X: 409,
  PPME_SYSCALL_INIT_MODULE_E: 410,
  PPME_SYSCALL_INIT_MODULE_X: 411,
  PPME_SYSCALL_FINIT_MODULE_E: 412,
  PPME_SYSCALL_FINIT_MODULE_X: 413,
  PPME_SYSCALL_MKNOD_E: 414,
  PPME_SYSCALL_MKNOD_X: 415,
  PPME_SYSCALL_MKNODAT_E: 416,
  PPME_SYSCALL_MKNODAT_X: 417,
  PPME_SYSCALL_NEWFSTATAT_E: 418,
  PPME_SYSCALL_NEWFSTATAT_X: 419,
  PPME_SYSCALL_PROCESS_VM_READV_E: 420,
  PPME_SYSCALL_PROCESS_VM_READV_X: 421,
  PPME_SYSCALL_PROCESS_VM_WRITEV_E: 422,
  PPME_SYSCALL_PROCESS_VM_WRITEV_X: 423,
  PPME_SYSCALL_DELETE_MODULE_E: 424,
  PPME_SYSCALL_DELETE_MODULE_X: 425,
  PPME_SYSCALL_SETREUID_E: 426,
  PPME_SYSCALL_SETREUID_X: 427,
  PPME_SYSCALL_SETREGID_E: 428,
  PPME_SYSCALL_SETREGID_X: 429,
  PPME_ITER_TASK_E: 430,
  PPME_ITER_TASK_X: 431,
  PPME_ITER_TASK_FILE_PIPE_E: 432,
  PPME_ITER_TASK_FILE_PIPE_X: 433,
  PPME_ITER_TASK_FILE_MEMFD_E: 434,
  PPME_ITER_TASK_FILE_MEMFD_X: 435,
  PPME_ITER_TASK_FILE_REGULAR_E: 436,
  PPME_ITER_TASK_FILE_REGULAR_X: 437,
  PPME_ITER_TASK_FILE_DIRECTORY_E: 438,
  PPME_ITER_TASK_FILE_DIRECTORY_X: 439,
  PPME_ITER_TASK_FILE_SOCKET_INET_E: 440,
  PPME_ITER_TASK_FILE_SOCKET_INET_X: 441,
  PPME_ITER_TASK_FILE_SOCKET_INET6_E: 442,
  PPME_ITER_TASK_FILE_SOCKET_INET6_X: 443,
  PPME_ITER_TASK_FILE_SOCKET_UNIX_E: 444,
  PPME_ITER_TASK_FILE_SOCKET_UNIX_X: 445,
  PPME_ITER_TASK_FILE_SOCKET_NETLINK_E: 446,
  PPME_ITER_TASK_FILE_SOCKET_NETLINK_X: 447,
  PPME_ITER_TASK_FILE_ANON_INODE_E: 448,
  PPME_ITER_TASK_FILE_ANON_INODE_X: 449,
  PPME_SYSCALL_CLOSE_RANGE_E: 450,
  PPME_SYSCALL_CLOSE_RANGE_X: 451,
  PPME_SYSCALL_KEYCTL_E: 452,
  PPME_SYSCALL_KEYCTL_X: 453,
} as const;
