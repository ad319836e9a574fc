// Temporary directories for tests, removed when the test file's tests have ended.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after } from "node:test";

const made: string[] = [];
// Registered when the test file imports this module, so it runs once, after all of the file's tests.
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A new directory under the system's temporary directory, named `<prefix>-XXXXXX`. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
