// Recently seen audit events, by auditID + stage: kube-apiserver's webhook backend retries a whole
// batch on any error (a timeout after the receiver took it, a 503), so the same events can arrive
// twice. A bounded window of keys lets the receiver drop the copies without growing forever.
import type { AuditEvent } from "./events.js";

export interface DedupWindowOptions {
  /** Most keys remembered; the oldest are forgotten first (default 200,000). */
  capacity?: number;
  /**
   * How long a key is remembered, in milliseconds (default 10 minutes: the apiserver's retries of
   * one batch, 5 attempts with a 10 s backoff growing by 1.5 and 30 s timeouts, span about 5 minutes).
   */
  windowMs?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

export const DEFAULT_DEDUP_CAPACITY = 200_000;
export const DEFAULT_DEDUP_WINDOW_MS = 10 * 60 * 1000;

/**
 * A set of keys bounded in size and age. Keys are kept in insertion order, so forgetting the
 * oldest (over capacity, or older than the window) is a walk from the front of a Map.
 */
export class DedupWindow {
  private readonly keys = new Map<string, number>();
  private readonly capacity: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: DedupWindowOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_DEDUP_CAPACITY);
    this.windowMs = options.windowMs ?? DEFAULT_DEDUP_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.keys.size;
  }

  /** Whether `key` was added within the window (and not forgotten for capacity). */
  has(key: string): boolean {
    const at = this.keys.get(key);
    return at !== undefined && this.now() - at < this.windowMs;
  }

  /** Remembers `key` from now on; forgets what fell out of the window or over capacity. */
  add(key: string): void {
    const now = this.now();
    // Re-adding moves the key to the back, with a fresh time.
    this.keys.delete(key);
    this.keys.set(key, now);
    this.expire(now);
  }

  /** Forgets every key. */
  clear(): void {
    this.keys.clear();
  }

  private expire(now: number): void {
    let over = this.keys.size - this.capacity;
    for (const [k, at] of this.keys) {
      if (over <= 0 && now - at < this.windowMs) break;
      this.keys.delete(k);
      over--;
    }
  }
}

/**
 * The deduplication key of an audit event: auditID and stage (one request's stages share its
 * auditID). Undefined when the event has no string auditID: such events are never deduplicated.
 * `copy: false` when the key is not kept in this thread (posting it to another copies it anyway).
 */
export function auditEventKey(evt: AuditEvent, copy = true): string | undefined {
  const doc = evt.doc;
  const idNode = doc.member(doc.root, "auditID");
  const id = idNode !== undefined && doc.isString(idNode) ? doc.string(idNode) : "";
  if (id === "") return undefined;
  const stage = doc.member(doc.root, "stage");
  const key = `${id}\u0000${stage !== undefined && doc.isString(stage) ? doc.string(stage) : ""}`;
  // Values read from an event are slices of its text: the key, kept for minutes, must be a copy
  // or it would keep the whole request body alive.
  return copy ? (JSON.parse(JSON.stringify(key)) as string) : key;
}
