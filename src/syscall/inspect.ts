// `sysdig -r` for Lanner: read a capture through the state engine and print its events, in sysdig's
// default line format or a `-p` format, selected by a filter in the condition language. Filters work
// like sysdig's: by default a capture filter (events that do not change state are dropped before they
// are parsed, and the thread then forgets their enter event), or a display filter (`-d`) evaluated
// after parsing, which is what Falco's rules see.
import type { EventSchema } from "../fields/types.js";
import { compileFilter, compileOutputTemplate, FieldCache, parseCondition } from "../filter/index.js";
import { SyscallEvent } from "./fields/event.js";
import { createSyscallSchema } from "./fields/schema.js";
import { EF } from "./scap/event-types.js";
import { STATE_ONLY } from "./scap/info.js";
import { readScap, type ScapError, type ScapSource } from "./scap/reader.js";
import { StateEngine } from "./state/engine.js";
import { EVENT_FLAGS, isInternal } from "./state/event-flags.js";

/** sysdig's default `-r` line: number, time, cpu, process (thread), direction, type, arguments. */
export const DEFAULT_INSPECT_FORMAT =
  "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

export interface InspectOptions {
  /** A condition selecting the events to print. */
  filter?: string;
  /** `-p`: an output format with %field tokens; a leading `*` prints events with missing fields. */
  format?: string;
  /** `capture` (sysdig's default) or `display` (`sysdig -d`, Falco's view). */
  filterMode?: "capture" | "display";
  /** `-D`: also print internal events (procinfo…), which bypass the filter as in sysdig. */
  debug?: boolean;
  /** Stop after printing this many events. */
  maxEvents?: number;
  /** The field schema (default: a new syscall schema). */
  schema?: EventSchema<SyscallEvent>;
  /** Receives each printed line (without the newline). */
  write(line: string): void;
}

export interface InspectResult {
  /** Events read (the last evt.num). */
  events: number;
  /** Events printed. */
  shown: number;
  error?: ScapError;
}

/** Reads a capture and prints its events as `sysdig -r` does. Throws on a bad filter or format. */
export async function inspectCapture(source: ScapSource, options: InspectOptions): Promise<InspectResult> {
  const schema = options.schema ?? createSyscallSchema();
  const cache = new FieldCache();
  const filter =
    options.filter !== undefined && options.filter.trim() !== ""
      ? compileFilter(parseCondition(options.filter), schema, { cache })
      : undefined;
  const template = compileOutputTemplate(options.format ?? DEFAULT_INSPECT_FORMAT, schema, cache);
  const captureFilter = filter !== undefined && options.filterMode !== "display";
  const engine = new StateEngine();
  let shown = 0;
  const max = options.maxEvents ?? Number.POSITIVE_INFINITY;
  const meta = engine.metadataHandlers();
  const result = await readScap(source, {
    ...meta,
    onSection: meta.onSection,
    onEvent(evt) {
      const type = evt.type;
      engine.begin(evt);
      const leading = engine.leadingContainerEvent;
      const flags = EVENT_FLAGS[type] as number;
      const internal = isInternal(type);
      let passed = true;
      if (captureFilter) engine.lookupWriteFd(evt);
      if (captureFilter && (flags & EF.MODIFIES_STATE) === 0) {
        if (!(filter as NonNullable<typeof filter>).match(new SyscallEvent(engine, evt))) {
          engine.dropBeforeParse(evt);
          if (!(options.debug && internal)) return undefined;
          passed = false;
        }
      }
      engine.parse(evt);
      if (captureFilter && passed && (flags & EF.MODIFIES_STATE) !== 0) {
        if (!(filter as NonNullable<typeof filter>).match(new SyscallEvent(engine, evt))) {
          if (!(options.debug && internal)) return undefined;
        }
      }
      if ((evt.flags & STATE_ONLY) !== 0 || leading) return undefined;
      engine.end(evt);
      if (internal && !options.debug) return undefined;
      const ctx = new SyscallEvent(engine, evt);
      if (filter !== undefined && !captureFilter && !filter.match(ctx)) return undefined;
      if (template.requireAll) {
        const values = template.values(ctx);
        for (const k in values) if (values[k] === null) return undefined;
      }
      options.write(template.render(ctx));
      shown++;
      return shown < max ? undefined : false;
    },
  });
  const out: InspectResult = { events: result.events, shown };
  if (result.error) out.error = result.error;
  return out;
}
