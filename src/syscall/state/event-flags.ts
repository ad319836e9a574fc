// Per-event-type facts the state engine and the fields look up on every event, as flat arrays (flags,
// category, name, which parameter is "res"/"fd"), computed once from the event table.
import { EventCode as C, EVENT_TABLE, EVENT_TYPE_MAX } from "../scap/event-table.js";
import { EC, type EventInfo } from "../scap/event-types.js";
import { SYSCALL_NAMES } from "../scap/names.js";

/** `EF_*` flags by event type. */
export const EVENT_FLAGS = new Int32Array(EVENT_TYPE_MAX);
/** Category (low 9 bits of `EC_*`) by event type. */
export const EVENT_CATEGORY = new Int32Array(EVENT_TYPE_MAX);
/** Parameters sysdig 0.29 knows, by event type. */
export const OLD_PARAMS = new Uint8Array(EVENT_TYPE_MAX);
/** True when parameter 0 is called "res" or "fd" (libsinsp's error detection). */
export const FIRST_PARAM_IS_RES = new Uint8Array(EVENT_TYPE_MAX);
/** Index of the "res" parameter among the known ones, or -1. */
export const RES_PARAM = new Int8Array(EVENT_TYPE_MAX).fill(-1);
/**
 * Where an exit event carries the fd it used (`get_exit_event_fd_location` in newer libscap), or -1:
 * newer drivers send exits without enters, so the fd comes from the exit itself.
 */
export const EXIT_FD_PARAM = new Int8Array(EVENT_TYPE_MAX).fill(-1);
/** Event types below this are the ones libs e5c53d64 (sysdig 0.29.3) knows (its `PPM_EVENT_MAX`). */
export const OLD_EVENT_MAX = 336;
/** Event table name by type ("syscall" for generic events, see eventTypeName). */
export const EVENT_NAMES: string[] = new Array<string>(EVENT_TYPE_MAX).fill("");

for (const e of EVENT_TABLE as readonly (EventInfo | undefined)[]) {
  if (e === undefined) continue;
  EVENT_FLAGS[e.code] = e.flags;
  EVENT_CATEGORY[e.code] = e.category;
  OLD_PARAMS[e.code] = e.oldParams;
  EVENT_NAMES[e.code] = e.name;
  const first = e.params[0]?.name;
  if (first === "res" || first === "fd") FIRST_PARAM_IS_RES[e.code] = 1;
  for (let i = 0; i < e.oldParams; i++) {
    if (e.params[i]?.name === "res" && RES_PARAM[e.code] === -1) RES_PARAM[e.code] = i;
  }
}

const EXIT_FD_LOCATIONS: Readonly<Record<number, readonly (keyof typeof C)[]>> = {
  1: [
    "PPME_SYSCALL_SETNS_X",
    "PPME_SOCKET_LISTEN_X",
    "PPME_SOCKET_SHUTDOWN_X",
    "PPME_SYSCALL_FCHDIR_X",
    "PPME_SYSCALL_LSEEK_X",
    "PPME_SYSCALL_LLSEEK_X",
    "PPME_SYSCALL_IOCTL_3_X",
    "PPME_SYSCALL_FSTAT_X",
    "PPME_SYSCALL_CLOSE_X",
    "PPME_SYSCALL_GETDENTS_X",
    "PPME_SYSCALL_GETDENTS64_X",
    "PPME_SYSCALL_FLOCK_X",
    "PPME_SYSCALL_COPY_FILE_RANGE_X",
    "PPME_SYSCALL_FCNTL_X",
    "PPME_SYSCALL_DUP_1_X",
    "PPME_SYSCALL_DUP2_X",
    "PPME_SYSCALL_DUP3_X",
    "PPME_SYSCALL_NEWFSTATAT_X",
    "PPME_SYSCALL_FCHOWNAT_X",
    "PPME_SYSCALL_FCHMODAT_X",
    "PPME_SYSCALL_MKDIRAT_X",
    "PPME_SYSCALL_UNLINKAT_2_X",
    "PPME_SYSCALL_MKNODAT_X",
    "PPME_SOCKET_SENDMMSG_X",
    "PPME_SOCKET_RECVMMSG_X",
    "PPME_SYSCALL_IO_URING_REGISTER_X",
    "PPME_SYSCALL_IO_URING_ENTER_X",
    "PPME_SOCKET_SETSOCKOPT_X",
    "PPME_SOCKET_GETSOCKOPT_X",
    "PPME_SYSCALL_FSCONFIG_X",
    "PPME_SYSCALL_FINIT_MODULE_X",
    "PPME_SYSCALL_FCHMOD_X",
    "PPME_SYSCALL_FCHOWN_X",
  ],
  2: [
    "PPME_SYSCALL_READ_X",
    "PPME_SYSCALL_PREAD_X",
    "PPME_SOCKET_BIND_X",
    "PPME_SYSCALL_WRITE_X",
    "PPME_SYSCALL_PWRITE_X",
    "PPME_SOCKET_RECV_X",
    "PPME_SOCKET_SEND_X",
    "PPME_SOCKET_SENDTO_X",
    "PPME_SOCKET_SENDMSG_X",
    "PPME_SYSCALL_SENDFILE_X",
    "PPME_SYSCALL_SPLICE_X",
    "PPME_SYSCALL_WRITEV_X",
    "PPME_SYSCALL_PWRITEV_X",
    "PPME_SOCKET_CONNECT_X",
    "PPME_SYSCALL_SYMLINKAT_X",
  ],
  3: ["PPME_SOCKET_RECVFROM_X", "PPME_SYSCALL_READV_X", "PPME_SYSCALL_PREADV_X"],
  5: ["PPME_SOCKET_RECVMSG_X"],
  8: ["PPME_SYSCALL_MMAP_X", "PPME_SYSCALL_MMAP2_X"],
};
for (const [loc, names] of Object.entries(EXIT_FD_LOCATIONS)) {
  for (const n of names) EXIT_FD_PARAM[C[n]] = Number(loc);
}

/** Is this event type hidden by sysdig unless -D (category EC_INTERNAL)? */
export function isInternal(type: number): boolean {
  return ((EVENT_CATEGORY[type] as number) & EC.INTERNAL) !== 0;
}

/** `evt.type` of an event: the table name, or for generic events the syscall's name (PPM_SC code in param 0). */
export function typeNameOf(type: number, syscallId: number | undefined): string {
  if (type === 0 || type === 1)
    return (syscallId !== undefined ? SYSCALL_NAMES[syscallId] : undefined) ?? "<unknown>";
  return EVENT_NAMES[type] as string;
}
