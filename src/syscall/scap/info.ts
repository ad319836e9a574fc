// A capture's summary for `lanner capture info`: blocks by type, section headers, machine info, metadata
// counts and events by `evt.type`, with what sysdig 0.29.3 would display (it hides internal events,
// STATE_ONLY events and the container events at the start of a capture, which sinsp consumes on open).
import { blockTypeName, type MachineInfo } from "./blocks.js";
import type { ScapEvent } from "./event.js";
import { EVENT_TABLE, EventCode } from "./event-table.js";
import { EC, type EventInfo } from "./event-types.js";
import { SYSCALL_NAMES } from "./names.js";
import { readScap, type ScapError, type ScapReadOptions, type ScapSource } from "./reader.js";

/** SCAP_DF_STATE_ONLY: the event updates state but is not shown. */
export const STATE_ONLY = 1;

/** `evt.type` as sysdig prints it: the table name, or for generic events the syscall's name. */
export function eventTypeName(evt: ScapEvent): string {
  if (evt.type === 0 || evt.type === 1) {
    const id = evt.paramUint(0);
    return (id !== undefined ? SYSCALL_NAMES[id] : undefined) ?? "<unknown>";
  }
  return (EVENT_TABLE[evt.type] as EventInfo).name;
}

/** True for event types sysdig hides unless -D (category EC_INTERNAL: procinfo, drop, container_E…). */
export function isInternalEventType(type: number): boolean {
  const info = EVENT_TABLE[type];
  return info !== undefined && (info.category & EC.INTERNAL) !== 0;
}

const CONTAINER_TYPES = new Set<number>([
  EventCode.PPME_CONTAINER_E,
  EventCode.PPME_CONTAINER_JSON_E,
  EventCode.PPME_CONTAINER_JSON_2_E,
]);

/** Is `type` one of the container events sinsp consumes when they lead a capture? */
export function isContainerEventType(type: number): boolean {
  return CONTAINER_TYPES.has(type);
}

/** Blocks of one type. */
export interface BlockStats {
  type: number;
  name: string;
  count: number;
  bytes: number;
}

/** Events of one `evt.type`: all of them, and those sysdig 0.29.3 displays by default. */
export interface EventTypeStats {
  name: string;
  count: number;
  shown: number;
}

/** Everything `capture info` reports. */
export interface CaptureInfo {
  gzip: boolean;
  /** Decompressed size in bytes. */
  bytes: number;
  sections: { offset: number; major: number; minor: number }[];
  machine?: MachineInfo;
  blocks: BlockStats[];
  threads: number;
  fds: number;
  users: number;
  groups: number;
  interfaces: number;
  events: number;
  /** Events sysdig would display (`sysdig -r FILE` without -D). */
  shownEvents: number;
  skippedEvents: number;
  firstTs?: bigint;
  lastTs?: bigint;
  eventTypes: EventTypeStats[];
  error?: ScapError;
}

/** Reads a whole capture and summarizes it; a damaged capture still gives the summary of what was read. */
export async function describeCapture(
  source: ScapSource,
  options: ScapReadOptions = {},
): Promise<CaptureInfo> {
  const blocks = new Map<number, BlockStats>();
  const types = new Map<string, EventTypeStats>();
  const info: CaptureInfo = {
    gzip: false,
    bytes: 0,
    sections: [],
    blocks: [],
    threads: 0,
    fds: 0,
    users: 0,
    groups: 0,
    interfaces: 0,
    events: 0,
    shownEvents: 0,
    skippedEvents: 0,
    eventTypes: [],
  };
  let leading = true;
  let firstTs: bigint | undefined;
  let lastTs: bigint | undefined;
  const r = await readScap(
    source,
    {
      onBlock(type, _offset, length) {
        let b = blocks.get(type);
        if (b === undefined) {
          b = { type, name: blockTypeName(type), count: 0, bytes: 0 };
          blocks.set(type, b);
        }
        b.count++;
        b.bytes += length;
      },
      onSection(h, offset) {
        info.sections.push({ offset, major: h.major, minor: h.minor });
      },
      onMachineInfo(m) {
        info.machine = m;
      },
      onThread() {
        info.threads++;
      },
      onFd() {
        info.fds++;
      },
      onUser() {
        info.users++;
      },
      onGroup() {
        info.groups++;
      },
      onInterface() {
        info.interfaces++;
      },
      onEvent(evt) {
        const name = eventTypeName(evt);
        let t = types.get(name);
        if (t === undefined) {
          t = { name, count: 0, shown: 0 };
          types.set(name, t);
        }
        t.count++;
        if (leading && !CONTAINER_TYPES.has(evt.type)) leading = false;
        const hidden =
          (leading && CONTAINER_TYPES.has(evt.type)) ||
          isInternalEventType(evt.type) ||
          (evt.flags & STATE_ONLY) !== 0;
        if (!hidden) {
          t.shown++;
          info.shownEvents++;
        }
        if (evt.tsHi !== 0 || evt.tsLo !== 0) {
          const ts = evt.ts;
          if (firstTs === undefined || ts < firstTs) firstTs = ts;
          if (lastTs === undefined || ts > lastTs) lastTs = ts;
        }
        return undefined;
      },
    },
    options,
  );
  info.gzip = r.gzip;
  info.bytes = r.bytes;
  info.events = r.events;
  info.skippedEvents = r.skippedEvents;
  if (firstTs !== undefined) info.firstTs = firstTs;
  if (lastTs !== undefined) info.lastTs = lastTs;
  info.blocks = [...blocks.values()];
  info.eventTypes = [...types.values()].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  if (r.error) info.error = r.error;
  return info;
}
