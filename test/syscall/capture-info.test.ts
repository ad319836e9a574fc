// `lanner capture info` on the six samples: event counts by type equal what sysdig prints with
// `-p "%evt.type"` (displayed events) and with `-D` (all events but the container events sinsp consumes
// when it opens a capture); blocks, section version and machine info are reported.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { captureInfoJson, formatCaptureInfo } from "../../src/cli/capture.js";
import { describeCapture } from "../../src/syscall/scap/info.js";
import { HAVE_SYSDIG, SAMPLES, sample, smallCapture, sysdig } from "./helpers.js";

function countLines(lines: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) out[l] = (out[l] ?? 0) + 1;
  return out;
}

for (const name of SAMPLES) {
  test(`capture info ${name}: counts by type equal sysdig's`, {
    skip: !HAVE_SYSDIG && "sysdig not installed",
  }, async () => {
    const info = await describeCapture(sample(name));
    assert.equal(info.error, undefined);
    const shown: Record<string, number> = {};
    const all: Record<string, number> = {};
    for (const t of info.eventTypes) {
      if (t.shown) shown[t.name] = t.shown;
      all[t.name] = t.count;
    }
    assert.deepEqual(shown, countLines(sysdig(sample(name), ["-p", "%evt.type"])));
    // -D also prints internal events; the leading container events never reach sysdig's loop.
    const debug = countLines(sysdig(sample(name), ["-D", "-p", "%evt.type"]));
    if (name === "open-multiple-files") {
      assert.equal(all.container, 3);
      delete all.container;
    }
    assert.deepEqual(all, debug);
  });
}

test("capture info reports blocks, the section version and the machine", async () => {
  const info = await describeCapture(sample("empty"));
  assert.deepEqual(info.sections, [{ offset: 0, major: 1, minor: 2 }]);
  assert.deepEqual(
    info.blocks.map((b) => [b.name, b.count]),
    [
      ["SHB", 1],
      ["MI", 1],
      ["IL_V2", 1],
      ["UL_V2", 1],
      ["PL_V9", 1],
      ["FDL_V2", 218],
      ["EV_V2", 143],
    ],
  );
  assert.equal(
    info.blocks.reduce((n, b) => n + b.bytes, 0),
    info.bytes,
  );
  assert.equal(info.events, 143);
  assert.equal(info.shownEvents, 0);
  const text = formatCaptureInfo("empty.scap", info);
  assert.match(text, /^section: version 1\.2 at byte 0$/m);
  assert.match(text, /^machine: hostname \S+, \d+ cpus/m);
  assert.match(text, /^ {2}procinfo +143 +0$/m);
  const json = captureInfoJson("empty.scap", info) as { machine: { bootTsEpoch: string }; events: number };
  assert.equal(typeof json.machine.bootTsEpoch, "string");
  assert.equal(json.events, 143);
});

test("the command prints the summary, and exits 1 with the error on a damaged capture", () => {
  const cli = fileURLToPath(new URL("../../src/cli/capture.js", import.meta.url));
  const script = `import { Command } from "commander"; import { registerCapture } from ${JSON.stringify(cli)};
    const p = new Command(); registerCapture(p); await p.parseAsync(JSON.parse(process.env.ARGS), { from: "user" });`;
  const run = (args: string[]) => {
    try {
      const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: process.cwd(),
        env: { ...process.env, ARGS: JSON.stringify(args) },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return { code: 0, stdout, stderr: "" };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { code: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const ok = run(["capture", "info", sample("cat_write")]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /events: 345 \(85 shown by sysdig/);
  const js = run(["capture", "info", "--json", sample("cat_write")]);
  assert.equal((JSON.parse(js.stdout) as { events: number }).events, 345);
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-info-"));
  const tmp = path.join(dir, "truncated.scap");
  const bytes = smallCapture();
  writeFileSync(tmp, bytes.subarray(0, bytes.length - 10));
  const bad = run(["capture", "info", tmp]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /TRUNCATED: truncated capture/);
  assert.match(bad.stdout, /events: 5 /);
});
