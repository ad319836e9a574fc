// `lanner run` without the privileges the probe needs (as nobody): the syscall source is off with the
// helper's own reason (which capabilities are missing), and the k8s audit webhook keeps serving alerts.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { probeBuilt } from "../../src/syscall/live/probe.js";
import { EXEC_RULE } from "../helpers/audit-rules.js";
import { freePort, Watcher } from "../helpers/processes.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const execPod = path.resolve(
  process.cwd(),
  "../shared/conformance/falco-regression/trace_files/k8s_audit/exec_pod.json",
);
const built = probeBuilt();
const skip =
  process.getuid?.() !== 0
    ? "needs root, to start the agent as another user"
    : built.available
      ? false
      : built.reason;
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-unpriv-"));
chmodSync(tmp, 0o755); // nobody reads the rules from here
after(() => rmSync(tmp, { recursive: true, force: true }));

test("as nobody: syscalls off with the missing capabilities named; the audit webhook still alerts", {
  skip,
}, async () => {
  const rules = path.join(tmp, "rules.yaml");
  writeFileSync(
    rules,
    `${EXEC_RULE}
- rule: shadow opened
  desc: a syscall rule, so the agent wants the probe
  condition: evt.type in (open, openat) and fd.name = /etc/shadow
  output: shadow opened by %proc.name
  priority: WARNING
`,
  );
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      bin,
      "run",
      "-r",
      rules,
      "-o",
      "webserver.enabled=false",
      "-o",
      `k8s_audit.listen_port=${port}`,
      "-o",
      "json_output=true",
    ],
    { uid: 65534, gid: 65534, cwd: tmp },
  );
  const w = new Watcher(child);
  try {
    await w.waitFor("err", /syscall source is off/, 15_000);
    await w.waitFor("err", /webhook listening/, 15_000);
    const res = await fetch(`http://127.0.0.1:${port}/k8s-audit`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: readFileSync(execPod),
    });
    assert.equal(res.status, 200);
    await w.waitFor("out", /"rule":"exec seen"/, 15_000);
  } finally {
    await w.stop();
  }
  assert.match(
    w.err,
    /warning: syscall source is off: cannot capture: missing capabilities: CAP_BPF CAP_PERFMON \(run as root or grant CAP_BPF and CAP_PERFMON\); the other sources keep running/,
  );
  assert.doesNotMatch(w.err, /error:/, "no error besides the warning");
  assert.doesNotMatch(w.err, /event drop detected/, "no drop summary: the probe never ran");
});

test("as nobody: lanner capture and immutable learn --live exit 1 naming the missing capabilities", {
  skip,
}, () => {
  const asNobody = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { uid: 65534, gid: 65534, cwd: tmp, encoding: "utf8" });
  const missing =
    /missing capabilities: CAP_BPF CAP_PERFMON \(run as root or grant CAP_BPF and CAP_PERFMON\)/;
  const cap = asNobody("capture", "-w", path.join(tmp, "nobody.scap"), "-M", "1");
  assert.equal(cap.status, 1, cap.stderr);
  assert.match(cap.stderr, new RegExp(`^lanner: cannot capture: ${missing.source}`, "m"));
  const learn = asNobody("immutable", "learn", "--live", "-d", "1");
  assert.notEqual(learn.status, 0);
  assert.match(
    learn.stderr,
    new RegExp(`live learning needs the eBPF probe: cannot capture: ${missing.source}`),
  );
});
