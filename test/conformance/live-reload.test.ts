// A reload under the live probe: rules that need a syscall the running ones did not (fchmodat) make
// the agent change the probe's kernel-side filter, and the new rule fires on a real chmod.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { probeStatus } from "../../src/syscall/live/probe.js";
import { LiveAgent } from "../helpers/live-agent.js";

const status = probeStatus();
const skip = status.available ? false : `the live probe cannot run here: ${status.reason}`;
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-reload-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const until = async (what: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!what() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};

test("SIGHUP onto rules that need fchmodat: the probe starts tracing it and the rule fires", {
  skip,
}, async () => {
  const rules = path.join(tmp, "rules.yaml");
  const target = path.join(tmp, "target");
  writeFileSync(target, "");
  writeFileSync(
    rules,
    `- rule: open of a file that does not exist
  desc: keeps the syscall source on with a rule that never fires
  condition: evt.type = openat and fd.name = /nonexistent/lanner
  output: never
  priority: NOTICE
`,
  );
  const agent = new LiveAgent([rules]);
  try {
    await agent.ready();
    execFileSync("chmod", ["600", target]);
    writeFileSync(
      rules,
      `- rule: chmod of the test file
  desc: needs fchmodat, which the first rules did not trace
  condition: evt.type in (chmod, fchmodat) and evt.dir = < and fs.path.name = ${target}
  output: chmod %fs.path.name by %proc.name
  priority: NOTICE
`,
    );
    agent.child.kill("SIGHUP");
    await until(() => /the probe now traces them/.test(agent.err), 10_000);
    assert.match(agent.err, /the reloaded rules need \d+ syscalls; the probe now traces them/);
    execFileSync("chmod", ["644", target]);
    await until(() => agent.alerts().length > 0, 5_000);
  } finally {
    await agent.stop();
  }
  const hits = agent.alerts().filter((a) => a.rule === "chmod of the test file");
  assert.equal(hits.length, 1, agent.err);
  assert.match(hits[0]?.output ?? "", /chmod .*target by chmod/);
});
