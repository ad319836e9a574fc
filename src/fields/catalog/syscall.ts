// Field catalog of the syscall source: what Falco 0.44 offers, i.e. libsinsp 0.25 (evt, process, user,
// group, fd, fs.path, fdlist) plus the container plugin 0.7 (container.*, k8s.*). Names, types and flags
// follow the libs tables; descriptions are ours.
import type { ArgSpec, FieldClass } from "../types.js";
import { genericEventClass } from "./generic.js";

export { syscallEventTypes } from "./syscall-events.js";

/** `proc.aname[2]`: an ancestor level; without it, a condition matches any ancestor. */
const ANCESTOR: ArgSpec = { kind: "index", required: false };
/** An optional numeric index: `proc.args[1]`, `fd.types[0]`. */
const OPTIONAL_INDEX: ArgSpec = { kind: "index", required: false };
/** A required key written in brackets only (plugin fields): `container.label[app]`. */
const KEY: ArgSpec = { kind: "key", required: true };
/** A required key written `name.key` (libsinsp also takes `name[n]` for evt.arg). */
const DOTTED_KEY: ArgSpec = { kind: "key", required: true, dotted: true };

/** libsinsp "evt" class for syscall events. */
const syscallEventClass: FieldClass = {
  name: "evt",
  desc:
    "Fields of syscall events. The arguments of most events can be read one by one with evt.arg, " +
    "e.g. evt.arg.filename.",
  fields: [
    {
      name: "evt.latency",
      type: "RELTIME",
      deprecated: true,
      desc: "Nanoseconds between the enter event and its matching exit event.",
    },
    { name: "evt.latency.s", type: "RELTIME", deprecated: true, desc: "Whole-second part of evt.latency." },
    {
      name: "evt.latency.ns",
      type: "RELTIME",
      deprecated: true,
      desc: "Nanosecond remainder of evt.latency.",
    },
    {
      name: "evt.latency.quantized",
      type: "UINT64",
      deprecated: true,
      hidden: true,
      desc: "Base-10 logarithm of evt.latency.",
    },
    {
      name: "evt.latency.human",
      type: "CHARBUF",
      deprecated: true,
      desc: "evt.latency as readable text, such as 10.3ms.",
    },
    { name: "evt.deltatime", type: "RELTIME", desc: "Nanoseconds since the previous event." },
    { name: "evt.deltatime.s", type: "RELTIME", desc: "Whole-second part of evt.deltatime." },
    { name: "evt.deltatime.ns", type: "RELTIME", desc: "Nanosecond remainder of evt.deltatime." },
    {
      name: "evt.outputtime",
      type: "CHARBUF",
      formatOnly: true,
      hidden: true,
      desc: "Event time in the configured output time format (evt.time by default); outputs only.",
    },
    {
      name: "evt.dir",
      type: "CHARBUF",
      deprecated: true,
      desc: "Event direction, '>' for enter and '<' for exit; only exit events are delivered now.",
    },
    { name: "evt.type", type: "CHARBUF", desc: "Name of the event, such as 'open' or 'execve'." },
    {
      name: "evt.type.is",
      type: "UINT32",
      arg: DOTTED_KEY,
      desc: "1 when the event has the type named after the dot (evt.type.is.open), 0 otherwise.",
    },
    {
      name: "syscall.type",
      type: "CHARBUF",
      desc:
        "For system call events, the name of the system call (e.g. 'open'); no value for other events such " +
        "as switch or internal events. Prefer it to evt.type when the value must be a real system call.",
    },
    {
      name: "evt.category",
      type: "CHARBUF",
      desc: "Category of the event, e.g. 'file' (open, close), 'net' (socket, bind) or 'memory' (brk, mmap).",
    },
    { name: "evt.cpu", type: "INT16", desc: "Number of the CPU the event happened on." },
    { name: "evt.args", type: "CHARBUF", desc: "All arguments of the event rendered as one string." },
    {
      name: "evt.arg",
      type: "CHARBUF",
      arg: DOTTED_KEY,
      desc:
        "One argument of the event, by name (evt.arg.fd) or by position (evt.arg[0]). FDs, return codes " +
        "and similar values are rendered as text where possible.",
    },
    {
      // libsinsp types this field PT_DYN ("DYNAMIC"): the real type is that of the named argument.
      name: "evt.rawarg",
      type: "INT64",
      arg: DOTTED_KEY,
      noRhs: true,
      noTransformer: true,
      desc: "One argument of the event, by name only (evt.rawarg.fd), as a raw value of the argument's type.",
    },
    { name: "evt.info", type: "CHARBUF", desc: "Same value as evt.args." },
    {
      name: "evt.buffer",
      type: "BYTEBUF",
      desc: "Data buffer of I/O events that carry one (read, recvfrom…); search it with contains or bcontains.",
    },
    {
      name: "evt.buflen",
      type: "UINT64",
      desc: "Length of the data buffer of I/O events that carry one (read, recvfrom…).",
    },
    {
      name: "evt.res",
      type: "CHARBUF",
      desc: "Return value as text: 'SUCCESS', or the name of the error code such as 'ENOENT'.",
    },
    {
      name: "evt.rawres",
      type: "INT64",
      desc: "Return value as a number (e.g. -2), for numeric comparisons.",
    },
    { name: "evt.failed", type: "BOOL", desc: "'true' when the event returned an error." },
    {
      name: "evt.is_io",
      type: "BOOL",
      desc: "'true' for events that read from or write to an FD (read, send, recvfrom…).",
    },
    {
      name: "evt.is_io_read",
      type: "BOOL",
      desc: "'true' for events that read from an FD (read, recv, recvfrom…).",
    },
    { name: "evt.is_io_write", type: "BOOL", desc: "'true' for events that write to an FD (write, send…)." },
    {
      name: "evt.io_dir",
      type: "CHARBUF",
      desc: "'r' for events that read from an FD, 'w' for events that write to one.",
    },
    {
      name: "evt.is_wait",
      type: "BOOL",
      desc: "'true' for events that put the thread to wait (sleep, select, poll…).",
    },
    {
      name: "evt.wait_latency",
      type: "RELTIME",
      deprecated: true,
      desc: "For events that wait (sleep, select, poll…), the nanoseconds spent waiting.",
    },
    { name: "evt.is_syslog", type: "BOOL", desc: "'true' for writes to /dev/log." },
    { name: "evt.count", type: "UINT32", desc: "Always 1; handy for counting events." },
    { name: "evt.count.error", type: "UINT32", desc: "1 for events that returned an error." },
    { name: "evt.count.error.file", type: "UINT32", desc: "1 for file I/O events that returned an error." },
    { name: "evt.count.error.net", type: "UINT32", desc: "1 for network I/O events that returned an error." },
    {
      name: "evt.count.error.memory",
      type: "UINT32",
      desc: "1 for memory allocation events that returned an error.",
    },
    {
      name: "evt.count.error.other",
      type: "UINT32",
      desc: "1 for failed events that are neither file, network nor memory events.",
    },
    { name: "evt.count.exit", type: "UINT32", desc: "1 for exit events." },
    {
      name: "evt.count.procinfo",
      type: "UINT32",
      hidden: true,
      desc: "1 for procinfo events of process main threads.",
    },
    { name: "evt.count.threadinfo", type: "UINT32", hidden: true, desc: "1 for procinfo events." },
    {
      name: "evt.around",
      type: "UINT64",
      arg: { kind: "index", required: true },
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "Written evt.around[T] = D: accepts events less than D milliseconds away from the evt.rawtime " +
        "value T. Only '=' is allowed.",
    },
    {
      // libsinsp flags it ARG_REQUIRED, yet parses only evt.abspath, evt.abspath.src and evt.abspath.dst.
      name: "evt.abspath",
      type: "CHARBUF",
      desc:
        "Absolute path built from a directory FD and a relative path in syscalls such as openat, renameat " +
        "or symlinkat. For syscalls with two paths use evt.abspath.src or evt.abspath.dst.",
    },
    {
      name: "evt.abspath.src",
      type: "CHARBUF",
      hidden: true,
      desc: "Absolute source path of two-path syscalls (renameat, linkat).",
    },
    {
      name: "evt.abspath.dst",
      type: "CHARBUF",
      hidden: true,
      desc: "Absolute destination path of two-path syscalls (renameat, linkat).",
    },
    { name: "evt.buflen.in", type: "UINT64", hidden: true, desc: "evt.buflen of input I/O events only." },
    { name: "evt.buflen.out", type: "UINT64", hidden: true, desc: "evt.buflen of output I/O events only." },
    { name: "evt.buflen.file", type: "UINT64", hidden: true, desc: "evt.buflen of file I/O events only." },
    {
      name: "evt.buflen.file.in",
      type: "UINT64",
      hidden: true,
      desc: "evt.buflen of file input events only.",
    },
    {
      name: "evt.buflen.file.out",
      type: "UINT64",
      hidden: true,
      desc: "evt.buflen of file output events only.",
    },
    { name: "evt.buflen.net", type: "UINT64", hidden: true, desc: "evt.buflen of network I/O events only." },
    {
      name: "evt.buflen.net.in",
      type: "UINT64",
      hidden: true,
      desc: "evt.buflen of network input events only.",
    },
    {
      name: "evt.buflen.net.out",
      type: "UINT64",
      hidden: true,
      desc: "evt.buflen of network output events only.",
    },
    {
      name: "evt.is_open_read",
      type: "BOOL",
      desc: "'true' for open, openat, openat2 and open_by_handle_at events that opened the path for reading.",
    },
    {
      name: "evt.is_open_write",
      type: "BOOL",
      desc: "'true' for open, openat, openat2 and open_by_handle_at events that opened the path for writing.",
    },
    {
      name: "evt.infra.docker.name",
      type: "CHARBUF",
      hidden: true,
      desc: "For docker infrastructure events, the event name.",
    },
    {
      name: "evt.infra.docker.container.id",
      type: "CHARBUF",
      hidden: true,
      desc: "For docker infrastructure events, the ID of the container concerned.",
    },
    {
      name: "evt.infra.docker.container.name",
      type: "CHARBUF",
      hidden: true,
      desc: "For docker infrastructure events, the name of the container concerned.",
    },
    {
      name: "evt.infra.docker.container.image",
      type: "CHARBUF",
      hidden: true,
      desc: "For docker infrastructure events, the image of the container concerned.",
    },
    {
      name: "evt.is_open_exec",
      type: "BOOL",
      desc: "'true' for open-family and creat events that create a file with execute permission.",
    },
    {
      name: "evt.is_open_create",
      type: "BOOL",
      desc: "'true' for open, openat, openat2 and open_by_handle_at events that create a file.",
    },
  ],
};

/** The proc.* half of libsinsp's "process" class. */
const procClass: FieldClass = {
  name: "proc",
  desc: "The process that generated the event, its parent and its ancestors.",
  fields: [
    {
      name: "proc.exe",
      type: "CHARBUF",
      desc:
        "argv[0] of the process: usually the executable name, but the caller may pass any string. Read " +
        "from the execve arguments (up to 4096 bytes) or else from /proc/PID/cmdline (up to 1024 bytes); " +
        "it can differ from the last component of proc.exepath.",
    },
    { name: "proc.pexe", type: "CHARBUF", desc: "proc.exe of the parent process." },
    {
      name: "proc.aexe",
      type: "CHARBUF",
      arg: ANCESTOR,
      anyWithoutArg: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "proc.exe of an ancestor: [0] is the process itself, [1] its parent, [2] the grandparent, and so " +
        "on. Without an index a condition matches when any ancestor matches; an output lists the values of " +
        "all ancestors, separated by spaces.",
    },
    {
      name: "proc.exepath",
      type: "CHARBUF",
      desc:
        "Full path of the executable, symlinks resolved. Comes from the kernel, or else from /proc/PID/exe " +
        "(up to 1024 bytes); the modern eBPF probe may cut path components at 96 characters.",
    },
    { name: "proc.pexepath", type: "CHARBUF", desc: "proc.exepath of the parent process." },
    {
      name: "proc.aexepath",
      type: "CHARBUF",
      arg: ANCESTOR,
      anyWithoutArg: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "proc.exepath of an ancestor, indexed like proc.aexe ([1] is the parent). Without an index a " +
        "condition matches when any ancestor matches; an output lists all ancestors.",
    },
    {
      name: "proc.name",
      type: "CHARBUF",
      desc:
        "Name of the process: the kernel's comm, at most 16 characters. It may differ from the name of the " +
        "executable file when the process renames itself, as Java programs often do.",
    },
    { name: "proc.pname", type: "CHARBUF", desc: "proc.name of the parent process." },
    {
      name: "proc.aname",
      type: "CHARBUF",
      arg: ANCESTOR,
      anyWithoutArg: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "proc.name of an ancestor: [0] is the process itself, [1] its parent, [2] the grandparent, and so " +
        "on. Without an index a condition matches when any ancestor matches (proc.aname = bash); an output " +
        "lists the names of all ancestors.",
    },
    {
      name: "proc.args",
      type: "CHARBUF",
      arg: OPTIONAL_INDEX,
      desc:
        "Command-line arguments after argv[0], up to 4096 bytes. proc.args[N] picks one of them, counting " +
        "from 0 for the first argument after argv[0].",
    },
    {
      name: "proc.aargs",
      type: "CHARBUF",
      arg: ANCESTOR,
      anyWithoutArg: true,
      desc:
        "proc.args of an ancestor, indexed like proc.aname ([1] is the parent). Without an index a " +
        "condition matches when any ancestor matches; an output lists all ancestors.",
    },
    {
      name: "proc.cmdline",
      type: "CHARBUF",
      desc: "proc.name followed by proc.args, up to 4096 bytes.",
    },
    { name: "proc.pcmdline", type: "CHARBUF", desc: "proc.cmdline of the parent process." },
    {
      name: "proc.acmdline",
      type: "CHARBUF",
      arg: ANCESTOR,
      anyWithoutArg: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "proc.cmdline of an ancestor, indexed like proc.aname ([1] is the parent). Without an index a " +
        "condition matches when any ancestor matches; an output lists all ancestors.",
    },
    { name: "proc.cmdnargs", type: "UINT64", desc: "Number of command-line arguments in proc.args." },
    {
      name: "proc.cmdlenargs",
      type: "UINT64",
      desc: "Total number of characters of the arguments in proc.args, not counting the spaces between them.",
    },
    { name: "proc.exeline", type: "CHARBUF", desc: "proc.exe followed by proc.args." },
    {
      name: "proc.env",
      type: "CHARBUF",
      arg: { kind: "key", required: false },
      desc:
        "Environment of the process as 'NAME=value NAME2=value2'. proc.env[NAME] gives the value of one " +
        "variable.",
    },
    {
      name: "proc.aenv",
      type: "CHARBUF",
      arg: { kind: "key", required: false },
      anyWithoutArg: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "Experimental, may change. Without an argument a condition checks the environment of every " +
        "ancestor; proc.aenv[N] is the environment of the Nth ancestor; proc.aenv[NAME] is the first value " +
        "of NAME found going up the ancestors (at most 20 levels).",
    },
    { name: "proc.cwd", type: "CHARBUF", desc: "Current working directory of the process." },
    {
      name: "proc.loginshellid",
      type: "INT64",
      desc: "PID of the oldest shell among the ancestors, if there is one; tells user sessions apart.",
    },
    {
      name: "proc.tty",
      type: "UINT32",
      desc: "Controlling terminal of the process; 0 when it has none.",
    },
    { name: "proc.pid", type: "INT64", desc: "ID of the process." },
    { name: "proc.ppid", type: "INT64", desc: "ID of the parent process." },
    {
      name: "proc.apid",
      type: "INT64",
      arg: ANCESTOR,
      anyWithoutArg: true,
      noRhs: true,
      noTransformer: true,
      desc:
        "PID of an ancestor, indexed like proc.aname ([1] is the parent). Without an index a condition " +
        "matches when any ancestor matches, and an output shows the process's own PID.",
    },
    { name: "proc.vpid", type: "INT64", desc: "ID of the process inside its PID namespace." },
    { name: "proc.pvpid", type: "INT64", desc: "ID of the parent process inside the PID namespace." },
    { name: "proc.sid", type: "INT64", desc: "Session ID of the process." },
    {
      name: "proc.sname",
      type: "CHARBUF",
      desc:
        "Name of the session leader: the process whose PID is proc.sid, or else the oldest ancestor in the " +
        "same session.",
    },
    {
      name: "proc.sid.exe",
      type: "CHARBUF",
      desc: "proc.exe of the session leader (found as for proc.sname).",
    },
    {
      name: "proc.sid.exepath",
      type: "CHARBUF",
      desc: "proc.exepath of the session leader (found as for proc.sname).",
    },
    { name: "proc.vpgid", type: "INT64", desc: "Process group ID inside the PID namespace." },
    {
      name: "proc.vpgid.name",
      type: "CHARBUF",
      desc:
        "Name of the process group leader: the process whose vpid equals proc.vpgid, or else the oldest " +
        "ancestor in the same group. See proc.is_vpgid_leader.",
    },
    {
      name: "proc.vpgid.exe",
      type: "CHARBUF",
      desc: "proc.exe of the process group leader (found as for proc.vpgid.name).",
    },
    {
      name: "proc.vpgid.exepath",
      type: "CHARBUF",
      desc: "proc.exepath of the process group leader (found as for proc.vpgid.name).",
    },
    { name: "proc.pgid", type: "INT64", desc: "Process group ID in the host PID namespace." },
    {
      name: "proc.pgid.name",
      type: "CHARBUF",
      desc:
        "Name of the process group leader in the host namespace: the process whose pid equals proc.pgid, " +
        "or else the oldest ancestor in the same group. See proc.is_pgid_leader.",
    },
    {
      name: "proc.pgid.exe",
      type: "CHARBUF",
      desc: "proc.exe of the host process group leader (found as for proc.pgid.name).",
    },
    {
      name: "proc.pgid.exepath",
      type: "CHARBUF",
      desc: "proc.exepath of the host process group leader (found as for proc.pgid.name).",
    },
    { name: "proc.duration", type: "RELTIME", desc: "Nanoseconds since the process started." },
    { name: "proc.ppid.duration", type: "RELTIME", desc: "Nanoseconds since the parent process started." },
    {
      name: "proc.pid.ts",
      type: "RELTIME",
      desc: "Start time of the process, in nanoseconds since the epoch.",
    },
    {
      name: "proc.ppid.ts",
      type: "RELTIME",
      desc: "Start time of the parent process, in nanoseconds since the epoch.",
    },
    {
      name: "proc.is_exe_writable",
      type: "BOOL",
      desc: "'true' when the user that started the process can write to its executable file.",
    },
    {
      name: "proc.is_exe_upper_layer",
      type: "BOOL",
      desc:
        "'true' when the executable file is in the upper (writable) layer of an overlay filesystem. " +
        "Trustworthy on kernels 3.18 and later only.",
    },
    {
      name: "proc.is_exe_lower_layer",
      type: "BOOL",
      desc:
        "'true' when the executable file is in a lower (read-only) layer of an overlay filesystem. " +
        "Trustworthy on kernels 3.18 and later only.",
    },
    {
      name: "proc.is_exe_from_memfd",
      type: "BOOL",
      desc:
        "'true' when the executable is an anonymous in-memory file made with memfd_create and run through " +
        "its FD, leaving nothing on disk (fileless execution). Needs kernel 3.17 or later.",
    },
    {
      name: "proc.is_sid_leader",
      type: "BOOL",
      desc: "'true' when the process leads its session (proc.sid equals proc.vpid).",
    },
    {
      name: "proc.is_vpgid_leader",
      type: "BOOL",
      desc:
        "'true' when the process leads its process group (proc.vpgid equals proc.vpid). Usually 'true' for " +
        "a command typed in a terminal and 'false' for a child started by a script in the same group.",
    },
    {
      name: "proc.is_pgid_leader",
      type: "BOOL",
      desc: "'true' when the process leads its process group in the host namespace (proc.pgid equals proc.pid).",
    },
    {
      name: "proc.exe_ino",
      type: "INT64",
      desc: "Inode number of the executable file; can be matched with fd.ino.",
    },
    {
      name: "proc.exe_ino.ctime",
      type: "ABSTIME",
      desc:
        "Last status change time (ctime) of the executable's inode, in epoch nanoseconds. It moves on " +
        "writes and on owner, group, mode or link count changes.",
    },
    {
      name: "proc.exe_ino.mtime",
      type: "ABSTIME",
      desc:
        "Last modification time (mtime) of the executable's inode, in epoch nanoseconds. It moves when the " +
        "content changes (write, truncate…); use proc.exe_ino.ctime to see owner or mode changes.",
    },
    {
      name: "proc.exe_ino.ctime_duration_proc_start",
      type: "ABSTIME",
      desc: "Nanoseconds between the last status change (ctime) of the executable and the start of this process.",
    },
    {
      name: "proc.exe_ino.ctime_duration_pidns_start",
      type: "ABSTIME",
      desc:
        "Nanoseconds between the start of the PID namespace and the executable's ctime, when the ctime " +
        "comes after the namespace start.",
    },
    {
      name: "proc.pidns_init_start_ts",
      type: "UINT64",
      desc: "Start time of the process's PID namespace (container or host), in epoch nanoseconds.",
    },
    { name: "proc.fdopencount", type: "UINT64", desc: "Number of FDs the process has open." },
    { name: "proc.fdlimit", type: "INT64", desc: "Maximum number of FDs the process may open." },
    { name: "proc.fdusage", type: "DOUBLE", desc: "Open FDs divided by the FD limit of the process." },
    { name: "proc.vmsize", type: "UINT64", desc: "Total virtual memory of the process, in KiB." },
    { name: "proc.vmrss", type: "UINT64", desc: "Resident (not swapped) memory of the process, in KiB." },
    { name: "proc.vmswap", type: "UINT64", desc: "Swapped-out memory of the process, in KiB." },
    {
      name: "proc.nthreads",
      type: "UINT64",
      desc:
        "Number of live threads of the process, the leader included; equals proc.nchilds when the leader " +
        "thread is gone.",
    },
    {
      name: "proc.nchilds",
      type: "UINT64",
      desc: "Number of live threads of the process other than the leader thread.",
    },
    { name: "proc.stdin.type", type: "CHARBUF", desc: "Type of FD 0 (stdin) of the process." },
    { name: "proc.stdout.type", type: "CHARBUF", desc: "Type of FD 1 (stdout) of the process." },
    { name: "proc.stderr.type", type: "CHARBUF", desc: "Type of FD 2 (stderr) of the process." },
    { name: "proc.stdin.name", type: "CHARBUF", desc: "Name of FD 0 (stdin) of the process." },
    { name: "proc.stdout.name", type: "CHARBUF", desc: "Name of FD 1 (stdout) of the process." },
    { name: "proc.stderr.name", type: "CHARBUF", desc: "Name of FD 2 (stderr) of the process." },
  ],
};

/** The thread.* half of libsinsp's "process" class. */
const threadClass: FieldClass = {
  name: "thread",
  desc: "The thread that generated the event: IDs, capabilities, cgroups, CPU and memory use.",
  fields: [
    { name: "thread.cap_permitted", type: "CHARBUF", desc: "Permitted capability set of the thread." },
    { name: "thread.cap_inheritable", type: "CHARBUF", desc: "Inheritable capability set of the thread." },
    { name: "thread.cap_effective", type: "CHARBUF", desc: "Effective capability set of the thread." },
    { name: "thread.pfmajor", type: "UINT64", desc: "Major page faults since the thread started." },
    { name: "thread.pfminor", type: "UINT64", desc: "Minor page faults since the thread started." },
    { name: "thread.tid", type: "INT64", desc: "ID of the thread." },
    { name: "thread.ismain", type: "BOOL", desc: "'true' for the main thread of the process." },
    { name: "thread.vtid", type: "INT64", desc: "ID of the thread inside its PID namespace." },
    {
      name: "thread.nametid",
      type: "CHARBUF",
      hidden: true,
      desc: "Process name and thread ID joined: identifies a thread within one execve.",
    },
    {
      name: "thread.exectime",
      type: "RELTIME",
      desc: "CPU nanoseconds used by the thread scheduled last; set on switch events only.",
    },
    {
      name: "thread.totexectime",
      type: "RELTIME",
      desc: "CPU nanoseconds used by the thread since the capture started; set on switch events only.",
    },
    { name: "thread.cgroups", type: "CHARBUF", desc: "All cgroups of the thread, joined into one string." },
    {
      name: "thread.cgroup",
      type: "CHARBUF",
      arg: DOTTED_KEY,
      desc: "Cgroup of the thread for the subsystem named after the dot, e.g. thread.cgroup.cpuacct.",
    },
    { name: "thread.cpu", type: "DOUBLE", desc: "CPU used by the thread over the last second." },
    {
      name: "thread.cpu.user",
      type: "DOUBLE",
      desc: "User-mode CPU used by the thread over the last second.",
    },
    {
      name: "thread.cpu.system",
      type: "DOUBLE",
      desc: "Kernel-mode CPU used by the thread over the last second.",
    },
    {
      name: "thread.vmsize",
      type: "UINT64",
      desc: "On the main thread, the total virtual memory of the process in KiB; 0 on other threads.",
    },
    {
      name: "thread.vmrss",
      type: "UINT64",
      desc: "On the main thread, the resident memory of the process in KiB; 0 on other threads.",
    },
    {
      name: "thread.vmsize.b",
      type: "UINT64",
      hidden: true,
      desc: "thread.vmsize in bytes.",
    },
    {
      name: "thread.vmrss.b",
      type: "UINT64",
      hidden: true,
      desc: "thread.vmrss in bytes.",
    },
  ],
};

const userClass: FieldClass = {
  name: "user",
  desc: "The user the process runs as, and the user who logged in (audit user).",
  fields: [
    { name: "user.uid", type: "UINT32", desc: "User ID." },
    { name: "user.name", type: "CHARBUF", desc: "User name." },
    { name: "user.homedir", type: "CHARBUF", desc: "Home directory of the user." },
    { name: "user.shell", type: "CHARBUF", desc: "Login shell of the user." },
    {
      name: "user.loginuid",
      type: "INT64",
      desc: "Audit user ID (auid) of the session; -1 when unset (the kernel's 4294967295).",
    },
    { name: "user.loginname", type: "CHARBUF", desc: "Name of the audit user (auid)." },
  ],
};

const groupClass: FieldClass = {
  name: "group",
  desc: "The group the process runs as.",
  fields: [
    { name: "group.gid", type: "UINT32", desc: "Group ID." },
    { name: "group.name", type: "CHARBUF", desc: "Group name." },
  ],
};

const fdClass: FieldClass = {
  name: "fd",
  desc: "The file descriptor of syscalls that take or return one: the file, socket or pipe behind it.",
  fields: [
    { name: "fd.num", type: "INT64", desc: "Number of the file descriptor." },
    {
      name: "fd.type",
      type: "CHARBUF",
      desc:
        "Kind of FD: 'file', 'directory', 'ipv4', 'ipv6', 'unix', 'pipe', 'event', 'signalfd', " +
        "'eventpoll', 'inotify', 'memfd'…",
    },
    {
      name: "fd.typechar",
      type: "CHARBUF",
      desc:
        "Kind of FD as one character: f file, 4 IPv4 socket, 6 IPv6 socket, u unix socket, p pipe, " +
        "e eventfd, s signalfd, l eventpoll, i inotify, b bpf, u userfaultfd, r io_uring, m memfd, o other.",
    },
    {
      name: "fd.name",
      type: "CHARBUF",
      desc: "Full name of the FD: the absolute path for files, the connection tuple for sockets.",
    },
    { name: "fd.directory", type: "CHARBUF", desc: "For files, the directory holding the file." },
    { name: "fd.filename", type: "CHARBUF", desc: "For files, the file name without its directory." },
    {
      name: "fd.ip",
      type: "IPADDR",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when either the client or the server IP address of the FD matches.",
    },
    { name: "fd.cip", type: "IPADDR", desc: "Client IP address." },
    { name: "fd.sip", type: "IPADDR", desc: "Server IP address." },
    { name: "fd.lip", type: "IPADDR", desc: "Local IP address." },
    { name: "fd.rip", type: "IPADDR", desc: "Remote IP address." },
    {
      name: "fd.port",
      type: "PORT",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when either the client or the server port of the FD matches.",
    },
    { name: "fd.cport", type: "PORT", desc: "For TCP/UDP FDs, the client port." },
    { name: "fd.sport", type: "PORT", desc: "For TCP/UDP FDs, the server port." },
    { name: "fd.lport", type: "PORT", desc: "For TCP/UDP FDs, the local port." },
    { name: "fd.rport", type: "PORT", desc: "For TCP/UDP FDs, the remote port." },
    {
      name: "fd.l4proto",
      type: "CHARBUF",
      desc: "Transport protocol of a socket: 'tcp', 'udp', 'icmp' or 'raw'.",
    },
    { name: "fd.sockfamily", type: "CHARBUF", desc: "Family of a socket: 'ip' or 'unix'." },
    {
      name: "fd.is_server",
      type: "BOOL",
      desc: "'true' when the process owning the FD is the server end of the connection.",
    },
    {
      name: "fd.uid",
      type: "CHARBUF",
      desc: "Unique identifier of the FD, made of the FD number and the thread ID.",
    },
    {
      name: "fd.containername",
      type: "CHARBUF",
      desc: "Container ID joined with the FD name; tells which container an FD belongs to.",
    },
    {
      name: "fd.containerdirectory",
      type: "CHARBUF",
      desc: "Container ID joined with the directory name; tells which container a directory belongs to.",
    },
    {
      name: "fd.proto",
      type: "PORT",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when either the client or the server protocol of the FD matches.",
    },
    { name: "fd.cproto", type: "CHARBUF", desc: "For TCP/UDP FDs, the client protocol." },
    { name: "fd.sproto", type: "CHARBUF", desc: "For TCP/UDP FDs, the server protocol." },
    { name: "fd.lproto", type: "CHARBUF", desc: "For TCP/UDP FDs, the local protocol." },
    { name: "fd.rproto", type: "CHARBUF", desc: "For TCP/UDP FDs, the remote protocol." },
    {
      name: "fd.net",
      type: "IPNET",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when the client or the server IP address is in the given network (CIDR).",
    },
    {
      name: "fd.cnet",
      type: "IPNET",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when the client IP address is in the given network (CIDR).",
    },
    {
      name: "fd.snet",
      type: "IPNET",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when the server IP address is in the given network (CIDR).",
    },
    {
      name: "fd.lnet",
      type: "IPNET",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when the local IP address is in the given network (CIDR).",
    },
    {
      name: "fd.rnet",
      type: "IPNET",
      filterOnly: true,
      noRhs: true,
      noTransformer: true,
      desc: "Matches when the remote IP address is in the given network (CIDR).",
    },
    { name: "fd.connected", type: "BOOL", desc: "For TCP/UDP FDs, 'true' when the socket is connected." },
    {
      name: "fd.name_changed",
      type: "BOOL",
      desc:
        "'true' when the event changed the name of the FD it uses, e.g. a UDP socket whose connection " +
        "tuple changed.",
    },
    {
      name: "fd.cip.name",
      type: "CHARBUF",
      noRhs: true,
      noTransformer: true,
      desc: "Domain name that resolves to the client IP address.",
    },
    {
      name: "fd.sip.name",
      type: "CHARBUF",
      noRhs: true,
      noTransformer: true,
      desc: "Domain name that resolves to the server IP address.",
    },
    {
      name: "fd.lip.name",
      type: "CHARBUF",
      noRhs: true,
      noTransformer: true,
      desc: "Domain name that resolves to the local IP address.",
    },
    {
      name: "fd.rip.name",
      type: "CHARBUF",
      noRhs: true,
      noTransformer: true,
      desc: "Domain name that resolves to the remote IP address.",
    },
    { name: "fd.dev", type: "INT32", desc: "Number (major and minor) of the device holding the file." },
    { name: "fd.dev.major", type: "INT32", desc: "Major number of the device holding the file." },
    { name: "fd.dev.minor", type: "INT32", desc: "Minor number of the device holding the file." },
    { name: "fd.ino", type: "INT64", desc: "Inode number of the file." },
    {
      name: "fd.nameraw",
      type: "CHARBUF",
      desc:
        "For file paths only: the path as the syscall received it, barely sanitized and not made absolute " +
        "(compare fd.name).",
    },
    {
      name: "fd.types",
      type: "CHARBUF",
      isList: true,
      arg: OPTIONAL_INDEX,
      noRhs: true,
      desc: "Types of all the FDs the process has open; fd.types[N] is a one-item list with the type of FD N.",
    },
    {
      name: "fd.is_upper_layer",
      type: "BOOL",
      desc: "'true' when the file is in the upper (writable) layer of an overlay filesystem.",
    },
    {
      name: "fd.is_lower_layer",
      type: "BOOL",
      desc: "'true' when the file is in a lower (read-only) layer of an overlay filesystem.",
    },
  ],
};

const fsPathClass: FieldClass = {
  name: "fs.path",
  desc:
    "Filesystem path arguments of syscalls, including those that take a path rather than an FD " +
    "(unlink, rename, mkdir…).",
  fields: [
    {
      name: "fs.path.name",
      type: "CHARBUF",
      desc: "Path the syscall works on, made absolute (the thread's cwd prepended when needed).",
    },
    {
      name: "fs.path.nameraw",
      type: "CHARBUF",
      desc: "Path the syscall works on, exactly as passed, possibly relative.",
    },
    {
      name: "fs.path.source",
      type: "CHARBUF",
      desc: "For syscalls with a source and a target (rename, link…), the source path made absolute.",
    },
    {
      name: "fs.path.sourceraw",
      type: "CHARBUF",
      desc: "For syscalls with a source and a target, the source path exactly as passed.",
    },
    {
      name: "fs.path.target",
      type: "CHARBUF",
      desc: "For syscalls with a source and a target (rename, link…), the target path made absolute.",
    },
    {
      name: "fs.path.targetraw",
      type: "CHARBUF",
      desc: "For syscalls with a source and a target, the target path exactly as passed.",
    },
  ],
};

// libsinsp returns these as one comma-separated string, not as EPF_IS_LIST lists.
const fdlistClass: FieldClass = {
  name: "fdlist",
  desc: "The FD set of poll events.",
  fields: [
    {
      name: "fdlist.nums",
      type: "CHARBUF",
      desc: "For poll events, the FD numbers of the 'fds' argument, comma-separated.",
    },
    {
      name: "fdlist.names",
      type: "CHARBUF",
      desc: "For poll events, the FD names of the 'fds' argument, comma-separated.",
    },
    {
      name: "fdlist.cips",
      type: "CHARBUF",
      desc: "For poll events, the client IP addresses of the 'fds' argument, comma-separated.",
    },
    {
      name: "fdlist.sips",
      type: "CHARBUF",
      desc: "For poll events, the server IP addresses of the 'fds' argument, comma-separated.",
    },
    {
      name: "fdlist.cports",
      type: "CHARBUF",
      desc: "For poll events, the client TCP/UDP ports of the 'fds' argument, comma-separated.",
    },
    {
      name: "fdlist.sports",
      type: "CHARBUF",
      desc: "For poll events, the server TCP/UDP ports of the 'fds' argument, comma-separated.",
    },
  ],
};

/** Container plugin 0.7.1, container.* part (plus its deprecated proc.is_container_* fields). */
const containerClass: FieldClass = {
  name: "container",
  desc:
    "The container the process runs in. container.id comes from the cgroups in the kernel; the other " +
    "fields come from the container runtime and may be missing while its lookup is pending.",
  fields: [
    {
      name: "container.id",
      type: "CHARBUF",
      desc:
        "Container ID cut to 12 characters, read from the process's cgroups, so always available; 'host' " +
        "outside containers. It is the key of the runtime lookup for the other container.* fields. Pod " +
        "sandbox processes have a container.id equal to k8s.pod.sandbox_id.",
    },
    {
      name: "container.full_id",
      type: "CHARBUF",
      desc: "Full 64-character container ID, filled in by the runtime lookup.",
    },
    { name: "container.name", type: "CHARBUF", desc: "Container name; 'host' outside containers." },
    {
      name: "container.image",
      type: "CHARBUF",
      desc: "Image of the container, e.g. falcosecurity/falco:latest.",
    },
    { name: "container.image.id", type: "CHARBUF", desc: "Image ID, e.g. 6f7e2741b66b." },
    { name: "container.type", type: "CHARBUF", desc: "Container runtime: docker, cri-o, containerd…" },
    { name: "container.privileged", type: "BOOL", desc: "'true' for privileged containers." },
    {
      name: "container.mounts",
      type: "CHARBUF",
      desc: "All mounts, separated by spaces, each written 'source:dest:mode:rdrw:propagation'.",
    },
    {
      name: "container.mount",
      type: "CHARBUF",
      arg: KEY,
      desc:
        "One mount as 'source:dest:mode:rdrw:propagation', chosen by index (container.mount[0]) or by " +
        "source path, which may be a glob (container.mount[/usr/local/*]); 'none' when nothing matches.",
    },
    {
      name: "container.mount.source",
      type: "CHARBUF",
      arg: KEY,
      desc: "Source of one mount, chosen by index or by destination path (a glob is allowed).",
    },
    {
      name: "container.mount.dest",
      type: "CHARBUF",
      arg: KEY,
      desc: "Destination of one mount, chosen by index or by source path (a glob is allowed).",
    },
    {
      name: "container.mount.mode",
      type: "CHARBUF",
      arg: KEY,
      desc: "Mode of one mount, chosen by index or by source path (a glob is allowed).",
    },
    {
      name: "container.mount.rdwr",
      type: "CHARBUF",
      arg: KEY,
      desc: "Read/write flag of one mount, chosen by index or by source path (a glob is allowed).",
    },
    {
      name: "container.mount.propagation",
      type: "CHARBUF",
      arg: KEY,
      desc: "Propagation mode of one mount, chosen by index or by source path (a glob is allowed).",
    },
    {
      name: "container.image.repository",
      type: "CHARBUF",
      desc: "Repository part of the image, e.g. falcosecurity/falco.",
    },
    { name: "container.image.tag", type: "CHARBUF", desc: "Tag of the image, e.g. latest." },
    { name: "container.image.digest", type: "CHARBUF", desc: "Registry digest of the image (sha256:…)." },
    {
      name: "container.healthcheck",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated: never has a value.",
    },
    {
      name: "container.liveness_probe",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated: never has a value; the k8smeta plugin replaces it.",
    },
    {
      name: "container.readiness_probe",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated: never has a value; the k8smeta plugin replaces it.",
    },
    {
      name: "container.start_ts",
      type: "ABSTIME",
      desc:
        "Start time of the container in epoch nanoseconds, derived in the kernel from " +
        "proc.pidns_init_start_ts rather than asked from the runtime.",
    },
    { name: "container.duration", type: "RELTIME", desc: "Nanoseconds since container.start_ts." },
    {
      name: "container.ip",
      type: "CHARBUF",
      desc: "Primary IPv4 address of the container (or pod), as the runtime reports it.",
    },
    {
      name: "container.cni.json",
      type: "CHARBUF",
      desc:
        "CNI result of the pod status as unparsed JSON, with the IPv4 and IPv6 addresses of every network " +
        "interface. CRI runtimes (containerd, cri-o) only.",
    },
    {
      name: "container.host_pid",
      type: "BOOL",
      desc: "'true' when the container shares the host PID namespace.",
    },
    {
      name: "container.host_network",
      type: "BOOL",
      desc: "'true' when the container shares the host network namespace.",
    },
    {
      name: "container.host_ipc",
      type: "BOOL",
      desc: "'true' when the container shares the host IPC namespace.",
    },
    {
      name: "container.label",
      type: "CHARBUF",
      arg: KEY,
      desc: "Value of one container label: container.label[name].",
    },
    {
      name: "container.labels",
      type: "CHARBUF",
      desc: "All container labels as comma-separated key:value pairs.",
    },
    {
      name: "proc.is_container_healthcheck",
      type: "BOOL",
      deprecated: true,
      desc: "Deprecated: never has a value.",
    },
    {
      name: "proc.is_container_liveness_probe",
      type: "BOOL",
      deprecated: true,
      desc: "Deprecated: never has a value; the k8smeta plugin replaces it.",
    },
    {
      name: "proc.is_container_readiness_probe",
      type: "BOOL",
      deprecated: true,
      desc: "Deprecated: never has a value; the k8smeta plugin replaces it.",
    },
  ],
};

/** Container plugin 0.7.1, k8s.* part: pod metadata that the container runtime knows. */
const k8sClass: FieldClass = {
  name: "k8s",
  desc:
    "The Kubernetes pod of the container, as the container runtime reports it (looked up with the " +
    "container.* fields, so possibly missing at first).",
  fields: [
    { name: "k8s.pod.name", type: "CHARBUF", desc: "Name of the pod." },
    { name: "k8s.ns.name", type: "CHARBUF", desc: "Namespace of the pod." },
    {
      name: "k8s.pod.id",
      type: "CHARBUF",
      desc: "Legacy name of k8s.pod.uid (despite its name, not the sandbox ID); prefer k8s.pod.uid.",
    },
    {
      name: "k8s.pod.uid",
      type: "CHARBUF",
      desc: "UID Kubernetes gave the pod when it was created, e.g. 3e41dc6b-08a8-44db-bc2a-3724b18ab19a.",
    },
    {
      name: "k8s.pod.sandbox_id",
      type: "CHARBUF",
      desc:
        "Pod sandbox ID cut to 12 characters, from the cgroups: the sandbox's counterpart of container.id, " +
        "specific to the runtime and different from the pod UID.",
    },
    { name: "k8s.pod.full_sandbox_id", type: "CHARBUF", desc: "Full pod sandbox ID." },
    {
      name: "k8s.pod.label",
      type: "CHARBUF",
      arg: KEY,
      desc:
        "Value of one pod label: k8s.pod.label[name]. The name keeps its own characters, e.g. " +
        "k8s.pod.label[app.kubernetes.io/name].",
    },
    {
      name: "k8s.pod.labels",
      type: "CHARBUF",
      desc: "All pod labels as comma-separated key:value pairs.",
    },
    {
      name: "k8s.pod.ip",
      type: "CHARBUF",
      desc: "IPv4 address of the pod; the same as container.ip, since a pod's containers share its network.",
    },
    {
      name: "k8s.pod.cni.json",
      type: "CHARBUF",
      desc: "CNI result of the pod as unparsed JSON; the same as container.cni.json.",
    },
    {
      name: "k8s.rc.name",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (replication controller name): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rc.id",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (replication controller ID): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rc.label",
      type: "CHARBUF",
      arg: KEY,
      deprecated: true,
      desc: "Deprecated (replication controller label): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rc.labels",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (replication controller labels): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.svc.name",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (service name): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.svc.id",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (service ID): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.svc.label",
      type: "CHARBUF",
      arg: KEY,
      deprecated: true,
      desc: "Deprecated (service label): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.svc.labels",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (service labels): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.ns.id",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (namespace ID): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.ns.label",
      type: "CHARBUF",
      arg: KEY,
      deprecated: true,
      desc: "Deprecated (namespace label): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.ns.labels",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (namespace labels): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rs.name",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (replica set name): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rs.id",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (replica set ID): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rs.label",
      type: "CHARBUF",
      arg: KEY,
      deprecated: true,
      desc: "Deprecated (replica set label): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.rs.labels",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (replica set labels): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.deployment.name",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (deployment name): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.deployment.id",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (deployment ID): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.deployment.label",
      type: "CHARBUF",
      arg: KEY,
      deprecated: true,
      desc: "Deprecated (deployment label): never has a value; use the k8smeta plugin.",
    },
    {
      name: "k8s.deployment.labels",
      type: "CHARBUF",
      deprecated: true,
      desc: "Deprecated (deployment labels): never has a value; use the k8smeta plugin.",
    },
  ],
};

/** Every field class of the syscall source, in Falco's listing order. */
export const syscallFieldClasses: readonly FieldClass[] = [
  genericEventClass,
  syscallEventClass,
  procClass,
  threadClass,
  userClass,
  groupClass,
  fdClass,
  fsPathClass,
  fdlistClass,
  containerClass,
  k8sClass,
];
