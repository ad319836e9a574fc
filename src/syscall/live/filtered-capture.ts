// `lanner capture -w FILE --filter COND`: the probe's stream read through the state engine, and
// written back block for block: every metadata block (section header, machine info, users, process
// and fd lists) and the events the filter keeps. Unlike `sysdig -w FILE COND`, the events that make
// and change processes (clone family, execve family, procexit, credentials, cwd) are always kept, so
// processes started during the capture still have their names and lineage when it is read. Events the
// replay never hands to a filter (internal and state-only ones) are kept too.
import type { Writable } from "node:stream";
import { compileFilter, parseCondition } from "../../filter/index.js";
import type { SyscallEvent } from "../fields/event.js";
import { createSyscallSchema } from "../fields/schema.js";
import { replayScap } from "../replay.js";
import { eventBlockInfo } from "../scap/blocks.js";
import type { ScapError, ScapSource } from "../scap/reader.js";

/** Event types kept whatever the filter says: the process table depends on them. */
const PROCESS_STATE = new Set([
  "clone",
  "clone3",
  "fork",
  "vfork",
  "execve",
  "execveat",
  "procexit",
  "setuid",
  "setgid",
  "setresuid",
  "setresgid",
  "setsid",
  "setpgid",
  "chdir",
  "fchdir",
  "prctl",
]);

export interface FilteredCaptureResult {
  /** Events read from the stream. */
  events: number;
  /** Events written (kept by the filter, plus process-state and internal ones). */
  written: number;
  error?: ScapError;
}

/** Compiles a capture filter; throws with the compiler's message when it does not compile. */
export function compileCaptureFilter(condition: string): (evt: SyscallEvent) => boolean {
  const f = compileFilter(parseCondition(condition), createSyscallSchema());
  return (evt) => f.match(evt);
}

/**
 * Copies `source` to `out`, keeping metadata and the events `condition` matches. Writes are queued on
 * `out` as they come (a file keeps up with the probe); the caller ends `out`.
 */
export async function writeFilteredCapture(
  source: ScapSource,
  out: Writable,
  condition: string,
): Promise<FilteredCaptureResult> {
  const match = compileCaptureFilter(condition);
  let pending: Buffer | undefined;
  let written = 0;
  const write = (b: Buffer) => {
    out.write(b);
  };
  const flushUndelivered = () => {
    if (pending === undefined) return;
    write(pending);
    written++;
    pending = undefined;
  };
  const result = await replayScap(source, {
    allEvents: true,
    onRawBlock(type, bytes) {
      flushUndelivered();
      // The view is only valid during the call: events are copied until the filter decides.
      if (eventBlockInfo(type) !== 0) pending = Buffer.from(bytes);
      else write(Buffer.from(bytes));
    },
    onEvent(evt, type) {
      const keep = PROCESS_STATE.has(type) || match(evt);
      if (keep && pending !== undefined) {
        write(pending);
        written++;
      }
      pending = undefined;
      return undefined;
    },
  });
  flushUndelivered();
  const r: FilteredCaptureResult = { events: result.events, written };
  if (result.error !== undefined) r.error = result.error;
  return r;
}
