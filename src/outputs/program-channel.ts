// program_output: `sh -c PROGRAM` reading one line per alert on its standard input. With keep_alive
// one process gets every alert (respawn() ends it and starts another, for SIGUSR1; if it dies it is
// started again for the next alert, with backoff when it keeps dying); without, one process per alert,
// as Falco's popen/pclose, waited for before the next one so alerts stay in order.

import { type ChildProcess, spawn } from "node:child_process";
import { backoffDelay } from "./backoff.js";
import type { RenderInput } from "./channel.js";
import { LocalChannel, type LocalChannelSettings } from "./local-channel.js";

const QUICK_EXIT_MS = 1000;
const END_TIMEOUT_MS = 5000;

function writeStdin(child: ChildProcess, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdin = child.stdin;
    if (!stdin || stdin.destroyed) {
      reject(new Error("program is not running"));
      return;
    }
    stdin.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("close", (code: number | null) => resolve(code)));
}

export class ProgramChannel extends LocalChannel {
  readonly program: string;
  private readonly keepAlive: boolean;
  private child: ChildProcess | null = null;
  /** Processes we ended on purpose (respawn, close): their exit is not a failure. */
  private readonly ending = new WeakSet<ChildProcess>();
  private quickExits = 0;
  private notBefore = 0;

  constructor(s: LocalChannelSettings, program: string, keepAlive: boolean) {
    super(s);
    this.program = program;
    this.keepAlive = keepAlive;
  }

  render(i: RenderInput): string {
    return i.line();
  }

  private start(): ChildProcess {
    const child = spawn("sh", ["-c", this.program], { stdio: ["pipe", "inherit", "inherit"] });
    const started = Date.now();
    child.stdin?.on("error", () => {
      // Reported through the write callback (EPIPE when the program is gone).
    });
    child.on("error", (e) => this.log("error", `cannot run '${this.program}': ${e.message}`));
    child.on("exit", (code, signal) => {
      if (this.child === child) this.child = null;
      if (this.ending.has(child) || !this.keepAlive) return;
      this.quickExits = Date.now() - started < QUICK_EXIT_MS ? this.quickExits + 1 : 0;
      const delay = this.quickExits > 0 ? backoffDelay(this.quickExits, 100, 5000) : 0;
      this.notBefore = Date.now() + delay;
      this.log(
        "warning",
        `program '${this.program}' exited (${signal ?? `status ${code}`}); it is started again for the next alert${delay > 0 ? ` in ${delay} ms` : ""}`,
      );
    });
    return child;
  }

  private async running(): Promise<ChildProcess> {
    if (this.child !== null && this.child.exitCode === null && this.child.signalCode === null)
      return this.child;
    const wait = this.notBefore - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.child = this.start();
    return this.child;
  }

  protected async write(lines: string[]): Promise<undefined> {
    if (this.keepAlive) {
      await writeStdin(await this.running(), `${lines.join("\n")}\n`);
      return undefined;
    }
    for (const line of lines) await this.runOnce(line);
    return undefined;
  }

  /** popen/fprintf/pclose: one process for one alert, waited for. */
  private async runOnce(line: string): Promise<void> {
    const child = this.start();
    const spawnError = new Promise<never>((_, reject) => child.once("error", reject));
    spawnError.catch(() => {});
    const done = exited(child);
    await Promise.race([writeStdin(child, `${line}\n`), spawnError]);
    child.stdin?.end();
    const code = await Promise.race([done, spawnError]);
    if (code !== 0) this.log("debug", `program '${this.program}' exited with status ${code}`);
  }

  /** Ends the running program (EOF on its stdin), waits for it, kills it if it lingers. */
  private async endChild(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null) return;
    this.ending.add(child);
    child.stdin?.end();
    const timer = setTimeout(() => child.kill("SIGTERM"), END_TIMEOUT_MS);
    await exited(child);
    clearTimeout(timer);
  }

  /** SIGUSR1: the program is ended and started again (keep_alive), after the writes under way. */
  override reopen(): Promise<void> {
    return this.exclusive(async () => {
      await this.endChild();
      this.quickExits = 0;
      this.notBefore = 0;
      if (this.keepAlive) this.child = this.start();
    });
  }

  protected shutdown(): Promise<void> {
    return this.exclusive(() => this.endChild());
  }
}
