// The event the syscall fields read: the decoded scap event plus the state engine's view of it (thread,
// fd, error code) captured right after the event was parsed. One object per event: the filter
// compiler's field memo is keyed on event identity. Valid only during the reader's callback (the scap
// event's bytes and the state both move on with the next event).
import type { ScapEvent } from "../scap/event.js";
import type { StateEngine } from "../state/engine.js";
import { typeNameOf } from "../state/event-flags.js";
import type { FdInfo } from "../state/fdinfo.js";
import type { ThreadInfo } from "../state/threads.js";

/** One syscall event as the rules and outputs see it. */
export class SyscallEvent {
  /**
   * The event's thread (`get_thread_info()`: the parser's thread, else a lookup of the event's tid, so
   * a clone's child sees the thread its own event created).
   */
  readonly thread: ThreadInfo | undefined;
  /** The thread the parser set (`evt->m_tinfo`), which latency fields read. */
  readonly parsedThread: ThreadInfo | undefined;
  /** The fd the event is about after parsing (`evt->m_fdinfo`), if any. */
  readonly fdInfo: FdInfo | undefined;
  /** Positive errno of a failed exit, 0 otherwise. */
  readonly errorCode: number;
  /** Parsing the event changed its fd's name. */
  readonly fdNameChanged: boolean;
  #typeName: string | undefined;
  #fdDone = false;
  #fd: FdInfo | undefined;

  constructor(
    readonly state: StateEngine,
    readonly raw: ScapEvent,
    typeName?: string,
  ) {
    this.#typeName = typeName;
    this.parsedThread = state.thread;
    this.thread = state.thread ?? state.threads.get(raw.tid);
    this.fdInfo = state.fdInfo;
    this.errorCode = state.errorCode;
    this.fdNameChanged = state.fdNameChanged;
  }

  /**
   * The fd fd.* fields describe (`extract_fd`): the event's fd, else the thread's last fd. Only
   * meaningful when `EVENT_FLAGS` say the event is about an fd.
   */
  get fd(): FdInfo | undefined {
    if (this.#fdDone) return this.#fd;
    this.#fdDone = true;
    let f = this.fdInfo;
    const t = this.thread;
    if (f === undefined && t !== undefined && t.lastEventFd !== -1)
      f = this.state.threads.fd(t, t.lastEventFd);
    this.#fd = f;
    return f;
  }

  /** `evt.type`: the event name, or the system call's name for generic events. */
  get typeName(): string {
    let n = this.#typeName;
    if (n === undefined) {
      const t = this.raw.type;
      n = typeNameOf(t, t === 0 || t === 1 ? this.raw.paramUint(0) : undefined);
      this.#typeName = n;
    }
    return n;
  }
}
