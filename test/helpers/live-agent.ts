// `lanner run` as a real process on the live probe, with JSON alerts: for the live end-to-end tests.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");

export interface LiveAlert {
  rule: string;
  priority: string;
  output: string;
  output_fields: Record<string, unknown>;
}

/** Starts `lanner run -r RULES…` with JSON output, no webserver, no audit webhook, and `-o` overrides. */
export class LiveAgent {
  readonly child: ChildProcessWithoutNullStreams;
  out = "";
  err = "";
  constructor(rules: readonly string[], overrides: readonly string[] = []) {
    const args = [bin, "run"];
    for (const r of rules) args.push("-r", r);
    for (const o of ["json_output=true", "webserver.enabled=false", "k8s_audit.enabled=false", ...overrides])
      args.push("-o", o);
    this.child = spawn(process.execPath, args);
    this.child.stdout.on("data", (d: Buffer) => {
      this.out += d.toString();
    });
    this.child.stderr.on("data", (d: Buffer) => {
      this.err += d.toString();
    });
  }
  /** Resolves once the probe is attached; throws with the agent's stderr if it never is. */
  async ready(): Promise<void> {
    const end = Date.now() + 30_000;
    while (!/live eBPF probe attached/.test(this.err)) {
      if (Date.now() > end || this.child.exitCode !== null)
        throw new Error(`the probe did not attach:\n${this.err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  alerts(): LiveAlert[] {
    return this.out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as LiveAlert);
  }
  /** SIGTERM, then waits for the drain and exit. */
  async stop(): Promise<void> {
    const done = new Promise((r) => this.child.on("close", r));
    this.child.kill("SIGTERM");
    await done;
  }
}
