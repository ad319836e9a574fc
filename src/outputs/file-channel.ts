// file_output: appends one line per alert. With keep_alive the file stays open (reopen() closes it and
// opens it again, for SIGUSR1 after logrotate); without, it is opened and closed around every write,
// so a rotated file is never written to.

import { type FileHandle, open } from "node:fs/promises";
import type { RenderInput } from "./channel.js";
import { LocalChannel, type LocalChannelSettings } from "./local-channel.js";

export class FileChannel extends LocalChannel {
  readonly filename: string;
  private readonly keepAlive: boolean;
  private fh: FileHandle | null = null;

  constructor(s: LocalChannelSettings, filename: string, keepAlive: boolean) {
    super(s);
    this.filename = filename;
    this.keepAlive = keepAlive;
  }

  render(i: RenderInput): string {
    return i.line();
  }

  protected async write(lines: string[]): Promise<undefined> {
    if (this.fh === null) this.fh = await open(this.filename, "a");
    const fh = this.fh;
    try {
      await fh.appendFile(`${lines.join("\n")}\n`);
    } finally {
      if (!this.keepAlive) {
        this.fh = null;
        await fh.close();
      }
    }
    return undefined;
  }

  private async closeFile(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (fh !== null) await fh.close();
  }

  /** Closes the file after the writes under way; the next alert opens it again (Falco's SIGUSR1). */
  override reopen(): Promise<void> {
    return this.exclusive(async () => {
      await this.closeFile();
      if (this.keepAlive) this.fh = await open(this.filename, "a");
    }).catch((e: unknown) => this.log("error", `cannot reopen ${this.filename}: ${(e as Error).message}`));
  }

  protected shutdown(): Promise<void> {
    return this.exclusive(() => this.closeFile());
  }
}
