// What a webhook POST body holds: an EventList (what kube-apiserver sends), an Event, an array of
// them, or JSON lines of those, read into events and the diagnostics of what is not an event.
import { splitEventList } from "./event-list-split.js";
import { AuditEventReader, AuditEventSequence, type ReadResult } from "./events.js";
import { bodyText } from "./http-body.js";

/** Bodies from this size on are cut into their items before they become text (see event-list-split). */
const SPLIT_BYTES = 64 * 1024;

/** Reads a webhook body; events are numbered from 1 (the receiver numbers them when it queues them). */
export function readWebhookBody(body: Uint8Array, maxEventSize: number | undefined): ReadResult {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const options = {
    sequence: new AuditEventSequence(),
    ...(maxEventSize !== undefined ? { maxEventSize } : {}),
  };
  if (bytes.length >= SPLIT_BYTES) {
    const parts = splitEventList(bytes);
    const read = parts && new AuditEventReader(options).readEventListParts(parts);
    if (read) return read;
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
