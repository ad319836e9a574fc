import { readFileSync } from "node:fs";

/** Lanner's version, from package.json (two levels above dist/src/cli/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
