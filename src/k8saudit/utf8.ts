// UTF-8 input as text. Audit logs and webhook bodies are nearly always ASCII, which latin1 decodes
// as a plain copy: several times faster than UTF-8 decoding, which dominated reading them.
import { isAscii } from "node:buffer";

/**
 * Bytes to read at a time when the text is kept as strings: V8 makes strings over 128 KiB as large
 * objects in pages of their own, which costs a hundred times more per byte here (measured: 7 µs
 * for 60 KB, 700–1,700 µs for 140–175 KB).
 */
export const TEXT_CHUNK_BYTES = 64 * 1024;

/** The text of complete UTF-8 bytes. */
export function utf8Text(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** Decodes UTF-8 arriving in pieces, a character possibly split between two of them. */
export class Utf8Stream {
  private readonly decoder = new TextDecoder("utf-8");
  /** The decoder holds no partial character: the last byte it was given was ASCII. */
  private idle = true;

  push(chunk: Uint8Array): string {
    if (chunk.length === 0) return "";
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const text =
      this.idle && isAscii(bytes) ? bytes.toString("latin1") : this.decoder.decode(bytes, { stream: true });
    this.idle = (bytes[bytes.length - 1] as number) < 0x80;
    return text;
  }

  /** What is left at the end of the input (a partial character becomes U+FFFD). */
  end(): string {
    this.idle = true;
    return this.decoder.decode();
  }
}
