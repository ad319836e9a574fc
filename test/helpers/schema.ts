// A small event source for filter tests: events are plain objects keyed by field name.
import type { EventSchema, FieldClass, FieldValue } from "../../src/fields/types.js";

export type TestEvent = Record<string, FieldValue | undefined>;

export const testClasses: FieldClass[] = [
  {
    name: "evt",
    desc: "event",
    fields: [
      { name: "evt.type", type: "CHARBUF", desc: "type" },
      { name: "evt.num", type: "UINT64", desc: "number" },
      { name: "evt.res", type: "CHARBUF", desc: "result" },
      { name: "evt.rawres", type: "INT64", desc: "raw result" },
      {
        name: "evt.arg",
        type: "CHARBUF",
        desc: "argument",
        arg: { kind: "key", required: true, dotted: true },
      },
      { name: "evt.buffer", type: "BYTEBUF", desc: "buffer" },
      { name: "evt.rawtime", type: "ABSTIME", desc: "time" },
      { name: "evt.is_open_read", type: "BOOL", desc: "open for read" },
    ],
  },
  {
    name: "proc",
    desc: "process",
    fields: [
      { name: "proc.name", type: "CHARBUF", desc: "name" },
      { name: "proc.pname", type: "CHARBUF", desc: "parent name" },
      { name: "proc.cmdline", type: "CHARBUF", desc: "command line" },
      { name: "proc.args", type: "CHARBUF", desc: "arguments" },
      { name: "proc.argv", type: "CHARBUF", desc: "argv list", isList: true },
      { name: "proc.pid", type: "INT64", desc: "pid" },
      {
        name: "proc.aname",
        type: "CHARBUF",
        desc: "ancestor",
        arg: { kind: "index", required: false },
        anyWithoutArg: true,
      },
    ],
  },
  {
    name: "fd",
    desc: "file descriptor",
    fields: [
      { name: "fd.name", type: "CHARBUF", desc: "name" },
      { name: "fd.num", type: "INT64", desc: "number" },
      { name: "fd.sip", type: "IPADDR", desc: "server ip" },
      { name: "fd.snet", type: "IPNET", desc: "server net" },
      { name: "fd.sport", type: "PORT", desc: "server port" },
    ],
  },
  {
    name: "ka",
    desc: "list fields",
    fields: [
      {
        name: "ka.req.pod.containers.image",
        type: "CHARBUF",
        desc: "images",
        isList: true,
        arg: { kind: "index", required: false },
      },
      { name: "ka.req.pod.containers.privileged", type: "BOOL", desc: "privileged", isList: true },
      { name: "k8s.pod.label", type: "CHARBUF", desc: "label", arg: { kind: "key", required: true } },
    ],
  },
];

export const testEventTypes = new Set([
  "open",
  "openat",
  "openat2",
  "execve",
  "connect",
  "close",
  "read",
  "write",
  "mkdir",
  "unlink",
]);

/** Binds `proc.aname[2]` to key "proc.aname[2]", `evt.arg.flags` to "evt.arg[flags]", others to their name. */
export const testSchema: EventSchema<TestEvent> = {
  source: "syscall",
  classes: testClasses,
  eventTypes: testEventTypes,
  bind(field, arg) {
    if (field.name === "proc.aname" && arg === undefined) return (e) => e["proc.aname"];
    const key = arg === undefined ? field.name : `${field.name}[${arg}]`;
    return (e) => e[key];
  },
};
