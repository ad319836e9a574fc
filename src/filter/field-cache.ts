import type { Extractor, FieldValue } from "../fields/types.js";

/** One field's memo: the value extracted for the last event read. */
export interface CacheSlot<E> {
  evt: E | undefined;
  value: FieldValue | undefined;
}

/**
 * Per-event memo of extracted field values, shared by every filter and template of a ruleset, so
 * `proc.name` is extracted once per event however many rules read it. Keyed on event identity:
 * a source that reuses one event object for several events must call `clear()` between them.
 */
export class FieldCache {
  private readonly slots = new Map<string, CacheSlot<unknown>>();

  /** The memo slot of a field (`key` names the field and its argument), made on first use. */
  slot<E>(key: string): CacheSlot<E> {
    let slot = this.slots.get(key) as CacheSlot<E> | undefined;
    if (!slot) {
      slot = { evt: undefined, value: undefined };
      this.slots.set(key, slot as CacheSlot<unknown>);
    }
    return slot;
  }

  /** Wraps an extractor so repeated reads for the same event hit the memo. */
  wrap<E>(key: string, extract: Extractor<E>): Extractor<E> {
    const s = this.slot<E>(key);
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
