// Retry delays for network channels: exponential backoff with "equal jitter" (half fixed, half random),
// so many agents whose receiver came back do not retry in lockstep.

/** Delay before retry number `attempt` (1 = first retry), in ms. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const exp = Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
