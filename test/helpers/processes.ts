// Child processes in tests: a free loopback port to give them, and a watcher of their output.
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer, type Server } from "node:net";

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0] as number;
}

/**
 * `n` distinct TCP ports free on 127.0.0.1 right now: all are held until every one is found, since
 * a port released and asked for again can come back the same.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve) => {
          const s = createServer();
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Collects a child's output and waits for text to appear (failing early when the child exits). */
export class Watcher {
  out = "";
  err = "";
  readonly closed: Promise<number | null>;
  /** Set once the child's output is complete: waiting longer cannot help. */
  private ended = false;
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (d: Buffer) => {
      this.out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      this.err += d.toString();
    });
    this.closed = new Promise((r) =>
      child.on("close", (code) => {
        this.ended = true;
        r(code);
      }),
    );
  }
  async waitFor(where: "out" | "err", re: RegExp, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!re.test(this[where])) {
      if (Date.now() > end || this.ended)
        throw new Error(
          `${this.ended ? `exited (${this.child.exitCode})` : "timed out"} waiting for ${re} in std${where}:\n${this.out}\n${this.err}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  count(re: RegExp): number {
    return (this.out.match(new RegExp(re, "g")) ?? []).length;
  }
  /** SIGTERM (unless it has ended), then the exit code once its output is closed. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    return this.closed;
  }
}
