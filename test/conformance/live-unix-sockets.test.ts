// Unix sockets under the live probe: connect and accept carry the socket path in their tuple (a
// filesystem path, an abstract name as @name, the path of a refused connect), so fd.name names it as
// sysdig prints it from the same capture.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { probeStatus, startProbe } from "../../src/syscall/live/probe.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const status = probeStatus();
const hasPython = spawnSync("python3", ["-c", "import socket"]).status === 0;
const hasSysdig = spawnSync("sysdig", ["--version"]).status === 0;
const skip = !status.available
  ? `the live probe cannot run here: ${status.reason}`
  : !hasPython
    ? "needs python3 to make the unix sockets"
    : false;
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-unix-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("unix socket paths in connect and accept tuples, as sysdig reads them", { skip }, async () => {
  const file = path.join(tmp, "unix.scap");
  const sock = path.join(tmp, "srv.sock");
  const probe = startProbe({ output: file, durationSec: 4 });
  await probe.ready;
  execFileSync("python3", [
    "-c",
    `import socket
srv = socket.socket(socket.AF_UNIX); srv.bind(${JSON.stringify(sock)}); srv.listen(1)
ab = socket.socket(socket.AF_UNIX); ab.bind("\\0lanner-test-abstract"); ab.listen(1)
c = socket.socket(socket.AF_UNIX); c.connect(${JSON.stringify(sock)}); srv.accept()
d = socket.socket(socket.AF_UNIX); d.connect("\\0lanner-test-abstract"); ab.accept()
socket.socket(socket.AF_UNIX).connect_ex(${JSON.stringify(path.join(tmp, "missing.sock"))})`,
  ]);
  await probe.exited;
  const filter = "proc.name = python3 and evt.type in (connect, accept, accept4) and evt.dir = <";
  const format = "%evt.type %fd.typechar %fd.name";
  const ours = execFileSync(process.execPath, [bin, "inspect", file, filter, "-p", format])
    .toString()
    .split("\n")
    .filter(Boolean);
  const names = ours.map((l) => l.replace(/ [0-9a-f]+->[0-9a-f]+ /, " "));
  assert.deepEqual(names, [
    `connect u ${sock}`,
    `accept u ${sock}`,
    "connect u @lanner-test-abstract",
    "accept u @lanner-test-abstract",
    `connect u ${path.join(tmp, "missing.sock")}`,
  ]);
  if (hasSysdig) {
    const theirs = execFileSync("sysdig", ["-r", file, "-p", format, filter])
      .toString()
      .split("\n")
      .filter(Boolean);
    assert.deepEqual(ours, theirs);
  }
});
