// stdout_output: one line per alert on standard output (the journal, under systemd).

import type { RenderInput } from "./channel.js";
import { LocalChannel, type LocalChannelSettings } from "./local-channel.js";

/** Writes a stream without closing it (stdout belongs to the process). */
export function writeStream(stream: NodeJS.WritableStream, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

export class StdoutChannel extends LocalChannel {
  private readonly stream: NodeJS.WritableStream;

  constructor(s: LocalChannelSettings, stream: NodeJS.WritableStream) {
    super(s);
    this.stream = stream;
  }

  render(i: RenderInput): string {
    return i.line();
  }

  protected async write(lines: string[]): Promise<undefined> {
    await writeStream(this.stream, `${lines.join("\n")}\n`);
    return undefined;
  }

  protected async shutdown(): Promise<void> {}
}
