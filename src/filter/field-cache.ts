import type { Extractor, FieldValue } from "../fields/types.js";

interface Slot<E> {
  evt: E | undefined;
  value: FieldValue | undefined;
}

/**
 * Per-event memo of extracted field values, shared by every filter and template of a ruleset, so
 * `proc.name` is extracted once per event however many rules read it. Keyed on event identity:
 * a source that reuses one event object for several events must call `clear()` between them.
 */
export class FieldCache {
  private readonly slots = new Map<string, Slot<unknown>>();

  /** Wraps an extractor so repeated reads for the same event hit the memo. */
  wrap<E>(key: string, extract: Extractor<E>): Extractor<E> {
    let slot = this.slots.get(key) as Slot<E> | undefined;
    if (!slot) {
      slot = { evt: undefined, value: undefined };
      this.slots.set(key, slot as Slot<unknown>);
    }
    const s = slot;
    return (evt: E) => {
      if (s.evt === evt) return s.value;
      const v = extract(evt);
      s.evt = evt;
      s.value = v;
      return v;
    };
  }

  /** Forgets every memoized value. */
  clear(): void {
    for (const s of this.slots.values()) s.evt = undefined;
  }
}
