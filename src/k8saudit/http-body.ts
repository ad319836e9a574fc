// Pieces shared by the HTTP endpoints that receive audit batches (the detection webhook and
// `lanner audit receive`): PEM settings, the bearer-token check, and bounded body reading.
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

/** PEM text as is, anything else read as a file. */
export function pem(value: string): string {
  return value.includes("-----BEGIN") ? value : readFileSync(value, "utf8");
}

/** Compares a presented `Authorization` header with the token in constant time (over SHA-256 digests). */
export function bearerMatcher(token: string): (header: string | undefined) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (header) => {
    if (header === undefined) return false;
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
    const got = createHash("sha256")
      .update(m ? (m[1] as string) : "")
      .digest();
    // Compare even when the scheme is wrong, so that timing tells nothing.
    return timingSafeEqual(got, expected) && m !== null;
  };
}

export interface BodyHandlers {
  /** Refuses with a status and a message (413 over the limit, 400 for an empty body). */
  fail: (status: number, message: string) => void;
  /** The whole body as text (UTF-8, BOM removed) and its size in bytes. */
  accept: (text: string, size: number) => void;
}

/**
 * Gathers a request body up to `maxBody` bytes. Over the limit it answers 413 at once and discards
 * the rest instead of buffering it; an exception thrown by `accept` becomes a 500.
 */
export function readBoundedBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBody: number,
  h: BodyHandlers,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on("data", (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size > maxBody) {
      over = true;
      chunks.length = 0;
      h.fail(413, `body larger than ${maxBody} bytes`);
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (over || res.headersSent) return;
    if (size === 0) {
      h.fail(400, "empty body");
      return;
    }
    let text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)).toString("utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      h.accept(text, size);
    } catch (e) {
      if (!res.headersSent) h.fail(500, `internal error: ${(e as Error).message}`);
    }
  });
}
