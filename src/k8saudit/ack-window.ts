// A worker thread's bound on messages posted and not yet acknowledged by the main thread (one
// message back per message consumed): the worker pauses while `size` wait, which bounds memory
// when the main thread is the slower side.
import type { MessagePort } from "node:worker_threads";

export interface AckWindow {
  /** Counts a message posted; resolves once fewer than the window's size wait. */
  posted(): Promise<void>;
}

export function ackWindow(port: MessagePort, size: number): AckWindow {
  let unacked = 0;
  let wake: (() => void) | undefined;
  port.on("message", () => {
    unacked--;
    wake?.();
  });
  return {
    async posted() {
      unacked++;
      while (unacked >= size) await new Promise<void>((r) => (wake = r));
      wake = undefined;
    },
  };
}
