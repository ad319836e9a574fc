// Audit events flattened into a few arrays to cross a thread boundary: structured clone copies
// strings and number arrays cheaply, while an event object graph (the JsonDoc and its index) would
// cost much more. The receiver rebuilds each event's document from its text and root index without
// reading the text again.
import type { AuditEvent } from "./events.js";
import { JsonDoc } from "./json-doc.js";

/** Events as arrays, in order. */
export interface EventPack {
  /** The events' texts. */
  texts: string[];
  /** Per event: root offset, root end, first member in `members`, member count (-1: none). */
  layout: number[];
  members: number[];
  /** Per event: its line (0 when it has none). */
  lines: number[];
  ts: bigint[];
}

/** A pack being filled. */
export class EventPacker {
  texts: string[] = [];
  /** Characters in `texts`. */
  size = 0;
  layout: number[] = [];
  members: number[] = [];
  lines: number[] = [];
  ts: bigint[] = [];

  add(e: AuditEvent): void {
    const { end, members } = e.doc.rootIndex();
    this.layout.push(e.doc.root, end, this.members.length, members?.length ?? -1);
    if (members) for (const m of members) this.members.push(m);
    this.texts.push(e.text);
    this.size += e.text.length;
    this.lines.push(e.line ?? 0);
    this.ts.push(e.tsNs);
  }

  get count(): number {
    return this.texts.length;
  }

  pack(): EventPack {
    return { texts: this.texts, layout: this.layout, members: this.members, lines: this.lines, ts: this.ts };
  }
}

/** What an unpacked event does not carry: its number (`firstNum` + its index), the stream's first time. */
export interface UnpackOptions {
  firstNum: number;
  firstTsNs: bigint;
  /** The file events were read from (their line then kept too). */
  file?: string;
}

/** Packed event i's document, over `text` (its text, from the pack or from elsewhere). */
export function packedDoc(p: EventPack, i: number, text: string): JsonDoc {
  const k = i * 4;
  const from = p.layout[k + 2] as number;
  const count = p.layout[k + 3] as number;
  const own = count < 0 ? undefined : p.members.slice(from, from + count);
  return new JsonDoc(text, p.layout[k] as number, p.layout[k + 1] as number, own);
}

/** The packed events, rebuilt as the reader made them. */
export function unpackEvents(p: EventPack, options: UnpackOptions): AuditEvent[] {
  const events: AuditEvent[] = [];
  const { firstTsNs, file } = options;
  for (let i = 0; i < p.texts.length; i++) {
    const text = p.texts[i] as string;
    const doc = packedDoc(p, i, text);
    const num = options.firstNum + i;
    const tsNs = p.ts[i] as bigint;
    events.push(
      file === undefined
        ? { text, doc, num, tsNs, firstTsNs }
        : { text, doc, num, tsNs, firstTsNs, file, line: p.lines[i] as number },
    );
  }
  return events;
}
