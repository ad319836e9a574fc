// stdout_output in a real child process, its stdout read byte for byte: unbuffered lines appear as the
// alerts are raised, buffered ones (buffered_outputs) when the pipeline is flushed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatAlertJson } from "../../src/outputs/alert.js";
import { makeAlert, scratch } from "./receivers.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = scratch());
});
afterEach(() => cleanup());

const here = fileURLToPath(new URL(".", import.meta.url));
const pipelineUrl = pathToFileURL(resolve(here, "../../src/outputs/pipeline.js")).href;
const receiversUrl = pathToFileURL(resolve(here, "receivers.js")).href;

/** Runs a child that emits two alerts, waits 50 ms, prints MARK, then closes the pipeline. */
function runChild(buffered: boolean): string {
  const script = join(dir, "child.mjs");
  writeFileSync(
    script,
    `import { OutputPipeline } from ${JSON.stringify(pipelineUrl)};
import { makeAlert } from ${JSON.stringify(receiversUrl)};
const p = new OutputPipeline({ json_output: true, time_format_iso_8601: true, hostname: "h",
  buffered_outputs: ${buffered}, stdout_output: { enabled: true, minimum_priority: "warning" } });
p.emit(makeAlert(0));
p.emit(makeAlert(1, "Debug"));
p.emit(makeAlert(2, "Alert"));
await new Promise((r) => setTimeout(r, 50));
process.stdout.write("MARK\\n");
await p.close();
`,
  );
  return execFileSync(process.execPath, [script], { encoding: "utf8" });
}

const json = (n: number, priority: string) =>
  formatAlertJson(makeAlert(n, priority), { timeFormatIso8601: true, hostname: "h" });

test("unbuffered stdout: each alert is written as it is raised", () => {
  assert.equal(runChild(false), `${json(0, "Warning")}\n${json(2, "Alert")}\nMARK\n`);
});

test("buffered stdout: alerts are held until the pipeline flushes", () => {
  assert.equal(runChild(true), `MARK\n${json(0, "Warning")}\n${json(2, "Alert")}\n`);
});
