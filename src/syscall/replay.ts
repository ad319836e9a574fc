// Replaying a capture for the rules (`lanner run -e FILE.scap`): the reader feeds the state engine, and
// every event a rule may see is handed over as a SyscallEvent with its event-type name (the ruleset's
// index key). Like Falco, the high-volume I/O events are left out of the rules (still parsed for state)
// unless `allEvents` is set (Falco's -A).

import { SyscallEvent } from "./fields/event.js";
import { EventCode as C, EVENT_TABLE, EVENT_TYPE_MAX } from "./scap/event-table.js";
import { EC, EF, type EventInfo } from "./scap/event-types.js";
import { STATE_ONLY } from "./scap/info.js";
import { SYSCALL_NAMES } from "./scap/names.js";
import { readScap, type ScapError, type ScapReadOptions, type ScapSource } from "./scap/reader.js";
import { StateEngine } from "./state/engine.js";
import { EVENT_CATEGORY, EVENT_NAMES, typeNameOf } from "./state/event-flags.js";

/**
 * Event types Falco does not hand to its rules by default: the I/O system calls (read/write family,
 * category EC_IO_READ/EC_IO_WRITE) that do not change libsinsp's state (Falco's `ignored_sc_set`:
 * `io_sc_set()` minus `sinsp_state_sc_set()`; `falco -i` lists them).
 */
export const FALCO_IGNORED_EVENT_TYPES: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  const stateful = new Set<string>();
  for (const e of EVENT_TABLE as readonly (EventInfo | undefined)[]) {
    if (e === undefined) continue;
    const cat = e.category & 0xff;
    if (cat !== EC.IO_READ && cat !== EC.IO_WRITE) continue;
    names.add(e.name);
    if (e.flags & EF.MODIFIES_STATE) stateful.add(e.name);
  }
  for (const n of stateful) names.delete(n);
  return names;
})();

const GENERIC_E = C.PPME_GENERIC_E;
const GENERIC_X = C.PPME_GENERIC_X;

/**
 * The `evt.type` names a set of rules can match: the union of their event types (every type when one
 * of them has no event-type restriction, returned as undefined).
 */
export function interestingEventTypes(
  rules: readonly { evttypes: ReadonlySet<string> | undefined; enabled?: boolean }[],
): ReadonlySet<string> | undefined {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.enabled === false) continue;
    if (r.evttypes === undefined) return undefined;
    for (const t of r.evttypes) out.add(t);
  }
  return out;
}

const IGNORED = new Uint8Array(EVENT_TYPE_MAX);
const INTERNAL = new Uint8Array(EVENT_TYPE_MAX);
for (let t = 0; t < EVENT_TYPE_MAX; t++) {
  const info = EVENT_TABLE[t];
  if (info !== undefined && FALCO_IGNORED_EVENT_TYPES.has(info.name)) IGNORED[t] = 1;
  if ((EVENT_CATEGORY[t] as number) & EC.INTERNAL) INTERNAL[t] = 1;
}

export interface ReplayOptions {
  /** Called for each event the rules should see; the event is valid only during the call. Return false to stop. */
  onEvent(evt: SyscallEvent, typeName: string): boolean | undefined;
  /** Also hand over the I/O events Falco ignores by default (Falco's -A). */
  allEvents?: boolean;
  /**
   * Only hand over events of these `evt.type` names (the event types the loaded rules can match, e.g.
   * from `interestingEventTypes`): the others are still parsed for state, but no rule would look at them.
   */
  eventTypes?: ReadonlySet<string>;
  /** Called with every event's timestamp (ns) before any filtering, as Falco's drop manager sees them. Return false to stop. */
  onClock?(tsNs: number): boolean | undefined;
  /** Every block's bytes before it is decoded (see ScapHandlers.onRawBlock). */
  onRawBlock?(type: number, bytes: Buffer): void;
  /** The state engine to use (a new one by default); its metadata handlers are installed. */
  state?: StateEngine;
  read?: ScapReadOptions;
}

export interface ReplayResult {
  /** Events read from the capture (the last evt.num). */
  events: number;
  /** Events handed to `onEvent`. */
  delivered: number;
  /** Why reading stopped early (damaged or unreadable capture), after the events before the damage. */
  error?: ScapError;
}

/**
 * Replays a scap capture (path, stream or bytes; plain or gzip) through the state engine, calling
 * `onEvent` with each event the rules should evaluate and its `evt.type` name.
 */
export async function replayScap(source: ScapSource, options: ReplayOptions): Promise<ReplayResult> {
  const engine = options.state ?? new StateEngine();
  const all = options.allEvents === true;
  const onEvent = options.onEvent;
  const onClock = options.onClock;
  // Which event codes (and, for generic events, which system calls) the rules want, as flat tables.
  const wantType = new Uint8Array(EVENT_TYPE_MAX).fill(1);
  const wantSc = new Uint8Array(SYSCALL_NAMES.length).fill(1);
  if (options.eventTypes !== undefined) {
    const wanted = options.eventTypes;
    for (let t = 0; t < EVENT_TYPE_MAX; t++) wantType[t] = wanted.has(EVENT_NAMES[t] as string) ? 1 : 0;
    for (let i = 0; i < SYSCALL_NAMES.length; i++)
      wantSc[i] = wanted.has(SYSCALL_NAMES[i] ?? "<unknown>") ? 1 : 0;
  }
  let delivered = 0;
  const meta = engine.metadataHandlers();
  const result = await readScap(
    source,
    {
      ...meta,
      onSection: meta.onSection,
      ...(options.onRawBlock !== undefined ? { onRawBlock: options.onRawBlock } : {}),
      onEvent(evt) {
        if (onClock !== undefined && onClock(evt.tsNumber) === false) return false;
        const type = evt.type;
        engine.process(evt);
        if (engine.leadingContainerEvent) return undefined;
        if (INTERNAL[type] === 1 || (evt.flags & STATE_ONLY) !== 0) return undefined;
        if (!all && IGNORED[type] === 1) return undefined;
        let name: string;
        if (type === GENERIC_E || type === GENERIC_X) {
          const sc = evt.paramUint(0) ?? 0;
          if (wantSc[sc] === 0) return undefined;
          name = typeNameOf(type, sc);
        } else {
          if (wantType[type] === 0) return undefined;
          name = EVENT_NAMES[type] as string;
        }
        delivered++;
        return onEvent(new SyscallEvent(engine, evt, name), name);
      },
    },
    options.read,
  );
  const out: ReplayResult = { events: result.events, delivered };
  if (result.error) out.error = result.error;
  return out;
}
