// Reading Kubernetes audit events: kube-apiserver's log backend (one JSON Event per line), files
// holding one JSON document (an Event or an EventList, possibly pretty-printed) and webhook POST
// bodies (an EventList). What is accepted and how an event is timed follow the k8saudit plugin.
import { isAscii } from "node:buffer";
import { createReadStream } from "node:fs";
import type { SplitEventList } from "./event-list-split.js";
import { type JsonDoc, type JsonNode, readJsonDoc } from "./json-doc.js";
import {
  type BracketState,
  compactJson,
  type JsonObject,
  jsonErrorOffset,
  scanBrackets,
} from "./json-text.js";
import { parseRfc3339Nano } from "./time.js";
import { utf8Text } from "./utf8.js";

/** One audit event, as the k8s_audit source hands it to rules. */
export interface AuditEvent {
  /** The event's JSON text as it was read (a log line, or the event's part of a document). */
  readonly text: string;
  /** The text as a JSON document, read in place: rules read the values they need from it. */
  readonly doc: JsonDoc;
  /** `evt.num`: position in the stream, from 1. */
  readonly num: number;
  /** Event time: the stageTimestamp, in nanoseconds since the epoch. */
  readonly tsNs: bigint;
  /** Time of the first event of the stream: `evt.reltime` counts from it. */
  readonly firstTsNs: bigint;
  /** Where the event was read from, when it came from a file. */
  readonly file?: string;
  /** 1-based line where the event starts. */
  readonly line?: number;
  /** Per-event memo of derived values (value spans, compact text, query parameters). */
  memo?: Map<string, unknown>;
}

/** The message the k8saudit plugin logs for input that is not an audit event. */
export const NOT_AN_EVENT = "data not recognized as a k8s audit event";

/** Input that was skipped: not JSON, not an audit event, or too large. */
export interface AuditDiagnostic {
  code: "K8S_AUDIT_NOT_AN_EVENT" | "K8S_AUDIT_EVENT_TOO_LARGE";
  /** NOT_AN_EVENT, or `event larger than maxEventSize: size=N`. */
  message: string;
  /** Why, in more detail: the JSON syntax error, the missing or invalid field. */
  reason: string;
  file?: string;
  /** 1-based line of the skipped input. */
  line: number;
}

export interface ReadResult {
  events: AuditEvent[];
  diagnostics: AuditDiagnostic[];
}

/**
 * Event numbering and capture start of one k8s_audit stream. Readers that feed the same source
 * (several files, a file and a webhook) share one so that evt.num keeps growing.
 */
export class AuditEventSequence {
  /** Number the next event gets. */
  nextNum = 1;
  /** Timestamp of the first event, once there is one. */
  firstTsNs: bigint | undefined;
}

export interface AuditReaderOptions {
  /** File name put on events and diagnostics. */
  file?: string;
  /**
   * Largest event accepted, in bytes of compact JSON: the plugin's `maxEventSize` (262144 there by
   * default). Unset: no limit.
   */
  maxEventSize?: number;
  /**
   * Largest line or multi-line document gathered before it is given up on (default 64 Mi): bytes
   * for a line read as bytes, characters otherwise.
   */
  maxDocumentSize?: number;
  /** Numbering shared with other readers of the same source. */
  sequence?: AuditEventSequence;
  /**
   * Number of the first line read (default 1), for a reader started inside a file. Only line 1 may
   * open with a byte order mark.
   */
  startLine?: number;
}

const DEFAULT_MAX_DOCUMENT = 64 * 1024 * 1024;
/** Arrays of arrays of events deeper than this are not read (they would only exhaust the stack). */
const MAX_ARRAY_NESTING = 64;

interface PendingDocument {
  startLine: number;
  lines: string[];
  size: number;
  state: BracketState;
  /** Over maxDocumentSize: reported, now skipped to its end. */
  dropped: boolean;
}

/**
 * Incremental reader of audit events from text that arrives in pieces (a log being followed, a
 * stream). Each line holding a complete JSON value is read on its own (the log backend's format);
 * a line that opens a JSON document without closing it starts a multi-line document, read when its
 * brackets close. A value is an Event, an EventList (its items are the events) or an array of
 * those. Anything else is reported as a diagnostic with its line, and reading goes on.
 */
export class AuditEventReader {
  private readonly file: string | undefined;
  private readonly maxEventSize: number | undefined;
  private readonly maxDocumentSize: number;
  private readonly sequence: AuditEventSequence;
  /** The unfinished last line of text pushed as a string. */
  private partial = "";
  /** The unfinished last line of bytes pushed (copies), and their total length. */
  private partialBytes: Buffer[] = [];
  private partialSize = 0;
  /** The current line went over maxDocumentSize: its text is dropped up to its newline. */
  private skippingLine = false;
  private lineNo = 0;
  private pending: PendingDocument | undefined;
  private out: ReadResult = { events: [], diagnostics: [] };

  constructor(options: AuditReaderOptions = {}) {
    this.file = options.file;
    this.maxEventSize = options.maxEventSize;
    this.maxDocumentSize = options.maxDocumentSize ?? DEFAULT_MAX_DOCUMENT;
    this.sequence = options.sequence ?? new AuditEventSequence();
    this.lineNo = (options.startLine ?? 1) - 1;
  }

  /** Feeds the next piece of input; returns the events and diagnostics of the lines it completed. */
  push(chunk: string | Uint8Array): ReadResult {
    if (typeof chunk !== "string") return this.pushBytes(chunk);
    let text = this.partialBytes.length > 0 ? this.decoded() + chunk : chunk;
    if (this.lineNo === 0 && this.partial === "" && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      if (this.skippingLine) {
        // The end of an over-long line, already reported.
        this.skippingLine = false;
        this.lineNo++;
      } else {
        const piece = text.slice(from, nl);
        const line = this.partial === "" ? piece : this.partial + piece;
        this.partial = "";
        this.line(line.endsWith("\r") ? line.slice(0, -1) : line);
      }
      from = nl + 1;
    }
    if (!this.skippingLine) {
      this.partial += text.slice(from);
      if (this.partial.length > this.maxDocumentSize) {
        this.partial = "";
        this.skippingLine = true;
        this.diag(this.lineNo + 1, `line longer than ${this.maxDocumentSize} characters`);
      }
    }
    return this.take();
  }

  /**
   * Bytes are cut into lines before they are decoded, each line into a string of its own: values
   * read from a line then come from a flat string (a slice of a larger one is slower to scan, and
   * would keep the whole chunk alive), and a newline byte never falls inside a UTF-8 character.
   */
  private pushBytes(chunk: Uint8Array): ReadResult {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.partial !== "") {
      // Text pushed before: its unfinished line continues in these bytes.
      const carried = Buffer.from(this.partial, "utf8");
      this.partialBytes.push(carried);
      this.partialSize += carried.length;
      this.partial = "";
    }
    const ascii = isAscii(bytes);
    let from = 0;
    for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, from)) {
      if (this.skippingLine) {
        this.skippingLine = false;
        this.lineNo++;
      } else {
        // A CRLF line is decoded without its CR, so that it too stays a flat string.
        const end = nl > from && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
        let line =
          this.partialBytes.length > 0
            ? this.decoded(bytes.subarray(from, end))
            : bytes.toString(ascii ? "latin1" : "utf8", from, end);
        if (this.lineNo === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
        // The CR ended the carried bytes when the newline opened this chunk.
        this.line(end === nl && line.endsWith("\r") ? line.slice(0, -1) : line);
      }
      from = nl + 1;
    }
    if (!this.skippingLine && from < bytes.length) {
      // The chunk may be reused by whoever read it: the unfinished line is copied.
      this.partialBytes.push(Buffer.from(bytes.subarray(from)));
      this.partialSize += bytes.length - from;
      if (this.partialSize > this.maxDocumentSize) {
        this.partialBytes = [];
        this.partialSize = 0;
        this.skippingLine = true;
        this.diag(this.lineNo + 1, `line longer than ${this.maxDocumentSize} bytes`);
      }
    }
    return this.take();
  }

  /** The unfinished line's bytes and `tail`, decoded (the bytes then forgotten). */
  private decoded(tail?: Buffer): string {
    const text = utf8Text(Buffer.concat(tail ? [...this.partialBytes, tail] : this.partialBytes));
    this.partialBytes = [];
    this.partialSize = 0;
    return text;
  }

  /** Ends the input: reads a last line without newline, reports an unfinished document. */
  end(): ReadResult {
    let rest = this.partial;
    if (this.partialBytes.length > 0) {
      rest += this.decoded();
      if (this.lineNo === 0 && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    }
    this.partial = "";
    if (this.skippingLine) {
      this.skippingLine = false;
      this.lineNo++;
    } else if (rest !== "") this.line(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      if (!p.dropped) this.diag(p.startLine, "incomplete JSON document: unexpected end of input");
    }
    return this.take();
  }

  /**
   * Reads one complete payload, such as a webhook POST body: an EventList, an Event or an array of
   * them. Independent of the line stream; `line` is where the payload starts.
   */
  readPayload(text: string, line = 1): ReadResult {
    this.document(text, line);
    return this.take();
  }

  /**
   * Reads an EventList body cut into pieces (splitEventList): what readPayload gives for the whole
   * text, or undefined when a piece is not what a valid EventList has (read the whole text then: it
   * says what is wrong).
   */
  readEventListParts(parts: SplitEventList): ReadResult | undefined {
    const envelope = readJsonDoc(parts.envelope);
    if (envelope === undefined) return undefined;
    const kind = envelope.member(envelope.root, "kind");
    if (kind === undefined || !envelope.isString(kind) || envelope.string(kind) !== "EventList")
      return undefined;
    const items: JsonDoc[] = [];
    for (const text of parts.items) {
      const doc = readJsonDoc(text);
      if (doc === undefined) return undefined;
      items.push(doc);
    }
    for (const doc of items) this.event(doc, doc.root, doc.end(doc.root), 1);
    return this.take();
  }

  private take(): ReadResult {
    const r = this.out;
    this.out = { events: [], diagnostics: [] };
    return r;
  }

  private line(text: string): void {
    this.lineNo++;
    if (this.pending) {
      this.continueDocument(text);
      return;
    }
    if (!/\S/.test(text)) return;
    const doc = readJsonDoc(text);
    if (doc === undefined) {
      const state: BracketState = { depth: 0, inString: false, escaped: false, unbalanced: false };
      scanBrackets(text, state);
      if (state.depth > 0 && !state.inString && !state.unbalanced) {
        this.pending = { startLine: this.lineNo, lines: [text], size: text.length, state, dropped: false };
      } else {
        this.diag(this.lineNo, `invalid JSON: ${parseError(text)}`);
      }
      return;
    }
    this.value(doc, doc.root, () => this.lineNo);
  }

  /** A line while a multi-line document is open. */
  private continueDocument(text: string): void {
    const p = this.pending as PendingDocument;
    // A complete JSON object or array at the start of a line is a new log record: the open document
    // was a truncated line, not a pretty-printed document (whose inner lines are indented).
    const c = text.charCodeAt(0);
    if ((c === 0x7b || c === 0x5b) && !p.dropped) {
      const doc = readJsonDoc(text);
      if (doc !== undefined) {
        this.pending = undefined;
        this.diag(p.startLine, "invalid JSON: unterminated line (truncated record?)");
        this.value(doc, doc.root, () => this.lineNo);
        return;
      }
    }
    // Strings cannot span lines: whatever happens, a line ends any string.
    p.state.inString = false;
    p.state.escaped = false;
    scanBrackets(text, p.state);
    if (!p.dropped) {
      p.lines.push(text);
      p.size += text.length + 1;
      if (p.size > this.maxDocumentSize) {
        p.dropped = true;
        p.lines = [];
        this.diag(p.startLine, `JSON document larger than ${this.maxDocumentSize} characters`);
      }
    }
    if (p.state.depth > 0 && !p.state.unbalanced) return;
    this.pending = undefined;
    if (!p.dropped) this.document(p.lines.join("\n"), p.startLine);
  }

  /** Reads the events of a whole document starting at `line`. */
  private document(text: string, line: number): void {
    const doc = readJsonDoc(text);
    if (doc === undefined) {
      const at = jsonErrorOffset(text);
      this.diag(at >= 0 ? lineAt(text, at, line) : line, `invalid JSON: ${parseError(text)}`);
      return;
    }
    const hasNewline = text.includes("\n");
    this.value(doc, doc.root, (offset) => (hasNewline ? lineAt(text, offset, line) : line));
  }

  /** Reads the events in the value at `n`: an Event, an EventList, or an array of those. */
  private value(doc: JsonDoc, n: JsonNode, lineOf: (offset: number) => number, depth = 0): void {
    if (doc.isArray(n)) {
      if (depth >= MAX_ARRAY_NESTING) {
        this.diag(lineOf(n), "arrays nested too deeply");
        return;
      }
      for (const item of doc.items(n)) this.value(doc, item, lineOf, depth + 1);
      return;
    }
    const kindNode = doc.member(n, "kind");
    const kind = kindNode !== undefined && doc.isString(kindNode) ? doc.string(kindNode) : undefined;
    if (kind === "EventList") {
      const items = doc.member(n, "items");
      if (items === undefined || !doc.isArray(items)) {
        this.diag(lineOf(n), "EventList without an items array");
        return;
      }
      const spans = doc.itemSpans(items);
      for (let i = 0; i < spans.length; i += 2) {
        const item = spans[i] as number;
        this.event(doc, item, spans[i + 1] as number, lineOf(item));
      }
      return;
    }
    if (kind === "Event") {
      this.event(doc, n, doc.end(n), lineOf(n));
      return;
    }
    const what =
      kind !== undefined
        ? `kind is "${kind}", not Event or EventList`
        : doc.isObject(n)
          ? "no string kind: not an Event or EventList"
          : "not a JSON object";
    this.diag(lineOf(n), what);
  }

  /** One event (an Event, or an item of an EventList: items are not checked for their kind). */
  private event(doc: JsonDoc, n: JsonNode, end: number, line: number): void {
    const st = doc.member(n, "stageTimestamp");
    if (st === undefined) {
      this.diag(line, "can't read stageTimestamp");
      return;
    }
    const ts = doc.isString(st) ? parseRfc3339Nano(doc.string(st)) : undefined;
    if (ts === undefined) {
      this.diag(line, `stageTimestamp ${doc.compact(st)} is not an RFC 3339 time`);
      return;
    }
    const whole = n === doc.root && end === doc.text.length;
    const eventDoc = whole ? doc : doc.sub(n, end);
    const eventText = eventDoc.text;
    if (this.maxEventSize !== undefined) {
      const size = Buffer.byteLength(compactJson(eventText));
      if (size > this.maxEventSize) {
        this.out.diagnostics.push({
          code: "K8S_AUDIT_EVENT_TOO_LARGE",
          message: `event larger than maxEventSize: size=${size}`,
          reason: `the limit is ${this.maxEventSize} bytes`,
          ...(this.file !== undefined ? { file: this.file } : {}),
          line,
        });
        return;
      }
    }
    const seq = this.sequence;
    if (seq.firstTsNs === undefined) seq.firstTsNs = ts;
    const evt: AuditEvent = {
      text: eventText,
      doc: eventDoc,
      num: seq.nextNum++,
      tsNs: ts,
      firstTsNs: seq.firstTsNs,
      ...(this.file !== undefined ? { file: this.file } : {}),
      line,
    };
    this.out.events.push(evt);
  }

  private diag(line: number, reason: string): void {
    this.out.diagnostics.push({
      code: "K8S_AUDIT_NOT_AN_EVENT",
      message: NOT_AN_EVENT,
      reason,
      ...(this.file !== undefined ? { file: this.file } : {}),
      line,
    });
  }
}

/** JSON.parse's message for text that is not JSON. */
function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return "not valid JSON";
}

/** Line of `offset` in a document whose first line is `first`. */
function lineAt(text: string, offset: number, first: number): number {
  let line = first;
  let i = text.indexOf("\n");
  while (i >= 0 && i < offset) {
    line++;
    i = text.indexOf("\n", i + 1);
  }
  return line;
}

/** Reads every audit event of a whole text (a log, a document, a webhook body). */
export function readAuditEvents(text: string, options: AuditReaderOptions = {}): ReadResult {
  const reader = new AuditEventReader(options);
  const a = reader.push(text);
  const b = reader.end();
  return { events: [...a.events, ...b.events], diagnostics: [...a.diagnostics, ...b.diagnostics] };
}

/** Reads a stream piece by piece (for following a log): yields what each piece completed. */
export async function* readAuditStream(
  chunks: AsyncIterable<string | Uint8Array>,
  options: AuditReaderOptions = {},
): AsyncGenerator<ReadResult> {
  const reader = new AuditEventReader(options);
  for await (const chunk of chunks) {
    const r = reader.push(chunk);
    if (r.events.length > 0 || r.diagnostics.length > 0) yield r;
  }
  const r = reader.end();
  if (r.events.length > 0 || r.diagnostics.length > 0) yield r;
}

/** Reads every audit event of a file (streamed: audit logs can be large). */
export async function readAuditFile(path: string, options: AuditReaderOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { events: [], diagnostics: [] };
  for await (const r of readAuditStream(createReadStream(path), { file: path, ...options })) {
    for (const e of r.events) result.events.push(e);
    for (const d of r.diagnostics) result.diagnostics.push(d);
  }
  return result;
}

/** The event's memo of derived values, created on first use. */
export function eventMemo(evt: AuditEvent): Map<string, unknown> {
  if (!evt.memo) evt.memo = new Map<string, unknown>();
  return evt.memo;
}

/** The event parsed into objects (JSON.parse, memoized), for code that wants the whole of it. */
export function auditObject(evt: AuditEvent): JsonObject {
  return evt.doc.value() as JsonObject;
}

/** The event's time (its stageTimestamp) in nanoseconds since the epoch: what evt.rawtime reads. */
export function timestampNs(evt: AuditEvent): bigint {
  return evt.tsNs;
}
