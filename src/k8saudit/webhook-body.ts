// What a webhook POST body holds: an EventList (what kube-apiserver sends), an Event, an array of
// them, or JSON lines of those, read into events and the diagnostics of what is not an event.
import { type SplitEventList, splitEventList } from "./event-list-split.js";
import { AuditEventReader, AuditEventSequence, type ReadResult } from "./events.js";
import { bodyText } from "./http-body.js";

/** Bodies from this size on are cut into their items before they become text (see event-list-split). */
const SPLIT_BYTES = 64 * 1024;

/**
 * A body read. When it was cut into its items, `ranges` holds each event's byte offsets in the
 * body (start, end, …): the event's text is the UTF-8 text of those bytes (utf8Text).
 */
export interface WebhookBodyRead extends ReadResult {
  ranges?: number[];
}

/** Reads a webhook body; events are numbered from 1 (the receiver numbers them when it queues them). */
export function readWebhookBody(body: Uint8Array, maxEventSize: number | undefined): WebhookBodyRead {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const options = {
    sequence: new AuditEventSequence(),
    ...(maxEventSize !== undefined ? { maxEventSize } : {}),
  };
  if (bytes.length >= SPLIT_BYTES) {
    const parts = splitEventList(bytes);
    const read = parts && new AuditEventReader(options).readEventListParts(parts);
    if (read) return { ...read, ranges: eventRanges(read, parts) };
  }
  const text = bodyText(bytes);
  const whole = new AuditEventReader(options).readPayload(text);
  if (whole.events.length > 0 || !text.includes("\n")) return whole;
  if (!whole.diagnostics.every((d) => d.reason.startsWith("invalid JSON"))) return whole;
  // Not one JSON document: maybe one event per line, as the log backend writes them.
  const reader = new AuditEventReader(options);
  const a = reader.push(text);
  const b = reader.end();
  const events = [...a.events, ...b.events];
  return events.length > 0 ? { events, diagnostics: [...a.diagnostics, ...b.diagnostics] } : whole;
}

/**
 * Each event's item range: items give one event each, in order, unless one was not an event (a
 * diagnostic). Undefined should an event not be an item's whole text.
 */
function eventRanges(read: ReadResult, parts: SplitEventList): number[] | undefined {
  const ranges: number[] = [];
  let k = 0;
  for (const e of read.events) {
    while (k < parts.items.length && parts.items[k] !== e.text) k++;
    if (k === parts.items.length) return undefined;
    ranges.push(parts.ranges[2 * k] as number, parts.ranges[2 * k + 1] as number);
    k++;
  }
  return ranges;
}
