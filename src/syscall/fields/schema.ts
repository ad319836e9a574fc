// The syscall source's field schema: every field of the syscall catalog bound to an extractor over a
// SyscallEvent (the decoded event plus the state engine's view of it), with libsinsp's value formats.
import { hostname as osHostname } from "node:os";
import { syscallEventTypes, syscallFieldClasses } from "../../fields/catalog/index.js";
import type { EventSchema, Extractor, FieldClass, FieldDef } from "../../fields/types.js";
import { bindContainer } from "./container.js";
import type { SyscallEvent } from "./event.js";
import { bindEvt } from "./evt.js";
import { bindFd, bindFdlist, bindFsPath } from "./fd.js";
import { bindProcess } from "./process.js";

export interface SyscallSchemaOptions {
  /** `evt.hostname`; default the FALCO_HOSTNAME / LANNER_HOSTNAME environment, else the machine's name. */
  hostname?: string;
}

/**
 * The "either end" fields (fd.ip, fd.port, fd.proto, fd.net) match when the client or the server side
 * matches: their extractors return both ends, so they are marked as multi-valued like proc.aname.
 */
const EITHER_END = new Set(["fd.ip", "fd.port", "fd.proto", "fd.net"]);

/** The catalog's classes, with the "either end" fields marked multi-valued. */
export const syscallSchemaClasses: readonly FieldClass[] = syscallFieldClasses.map((c) =>
  c.fields.some((f) => EITHER_END.has(f.name))
    ? {
        ...c,
        fields: c.fields.map((f) =>
          EITHER_END.has(f.name) ? { ...f, anyWithoutArg: true, eitherEnd: true } : f,
        ),
      }
    : c,
);

/** The extractor of one syscall field (and argument), or undefined when Lanner does not know the field. */
export function bindSyscallField(
  name: string,
  arg: string | undefined,
  options: SyscallSchemaOptions = {},
): Extractor<SyscallEvent> | undefined {
  let host: string | undefined;
  const hostname = () => {
    host ??= options.hostname ?? process.env.FALCO_HOSTNAME ?? process.env.LANNER_HOSTNAME ?? osHostname();
    return host;
  };
  if (name.startsWith("evt.") || name === "syscall.type") return bindEvt(name, arg, hostname);
  if (
    name.startsWith("proc.") ||
    name.startsWith("thread.") ||
    name.startsWith("user.") ||
    name.startsWith("group.")
  )
    return bindProcess(name, arg);
  if (name.startsWith("fd.")) return bindFd(name, arg);
  if (name.startsWith("fdlist.")) return bindFdlist(name);
  if (name.startsWith("fs.path.")) return bindFsPath(name);
  if (name.startsWith("container.") || name.startsWith("k8s.")) return bindContainer(name, arg);
  return undefined;
}

const missing: Extractor<SyscallEvent> = () => undefined;

/** The syscall source's schema: the catalog's fields over SyscallEvent, with the event-type names for the ruleset index. */
export function createSyscallSchema(options: SyscallSchemaOptions = {}): EventSchema<SyscallEvent> {
  return {
    source: "syscall",
    classes: syscallSchemaClasses,
    eventTypes: syscallEventTypes,
    bind(field: FieldDef, arg: string | undefined) {
      return bindSyscallField(field.name, arg, options) ?? missing;
    },
  };
}
