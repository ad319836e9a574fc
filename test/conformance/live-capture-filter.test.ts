// `lanner capture -w FILE --filter COND` under the live probe: real commands open a tagged file and
// others; the file keeps the state blocks, the process events and only the matching opens, and
// `sysdig -r` and `lanner inspect` read it with the processes' names.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { probeStatus } from "../../src/syscall/live/probe.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const status = probeStatus();
const skip = status.available ? false : `the live probe cannot run here: ${status.reason}`;
const hasSysdig = spawnSync("sysdig", ["--version"]).status === 0;
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-capfilter-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("--filter keeps the matching opens and the process events; the capture reads with names", {
  skip,
}, async () => {
  const file = path.join(tmp, "f.scap");
  const tagged = path.join(tmp, "tagged-file");
  const cap = spawn(process.execPath, [
    bin,
    "capture",
    "-w",
    file,
    "-M",
    "3",
    "--filter",
    `evt.type = openat and fd.name = ${tagged}`,
  ]);
  let err = "";
  const started = new Promise<void>((res) =>
    cap.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("capturing to")) res();
    }),
  );
  const done = new Promise<number | null>((res) => cap.on("close", res));
  await Promise.race([started, done]);
  execFileSync("sh", [
    "-c",
    `cat /etc/hostname > ${tagged}; cat ${tagged} > /dev/null; cat /etc/hostname > /dev/null`,
  ]);
  assert.equal(await done, 0, err);
  assert.match(err, /(\d+) of (\d+) events written \(--filter\), 0 dropped/);

  const lines = execFileSync(
    process.execPath,
    [bin, "inspect", file, "-p", "%evt.type %fd.name %proc.name", "evt.type = openat"],
    {
      encoding: "utf8",
    },
  )
    .split("\n")
    .filter(Boolean);
  // The redirect (by sh) and cat's open of the tagged file; never /etc/hostname.
  assert.ok(lines.length >= 2, lines.join("\n"));
  assert.ok(
    lines.every((l) => l.startsWith(`openat ${tagged} `)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((l) => l.endsWith(" cat")),
    lines.join("\n"),
  );
  const all = execFileSync(process.execPath, [bin, "inspect", file, "-p", "%evt.type"], { encoding: "utf8" });
  assert.match(all, /^execve$/m, "process events are kept");
  if (hasSysdig) {
    const s = execFileSync("sysdig", ["-r", file, "-p", "%evt.type %fd.name %proc.name", "evt.type=openat"], {
      encoding: "utf8",
    });
    assert.deepEqual(s.split("\n").filter(Boolean), lines);
  }
});

test("a filter that does not compile is refused before the probe starts", () => {
  const r = spawnSync(
    process.execPath,
    [bin, "capture", "-w", path.join(tmp, "x.scap"), "--filter", "evt.type = = open"],
    {
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad --filter/);
});
