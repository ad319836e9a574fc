// deploy/systemd/lanner.service: the generator's output, with what a Falco-like host service needs,
// every directive explained in docs/deployment.md, none that would break an eBPF agent, and
// accepted by `systemd-analyze verify` when that is available.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { systemdUnit } from "../../src/install/systemd.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import { repoPath } from "./helpers.js";

/** The unit's directives as [section, key, value], comments and blank lines left out. */
function directives(unit: string): [string, string, string][] {
  let section = "";
  const out: [string, string, string][] = [];
  for (const line of unit.split("\n")) {
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) section = s[1] as string;
    else if (/^[A-Za-z]+=/.test(line)) {
      const at = line.indexOf("=");
      out.push([section, line.slice(0, at), line.slice(at + 1)]);
    }
  }
  return out;
}

test("deploy/systemd/lanner.service is the generator's unit (node deploy/generate.mjs)", () => {
  assert.equal(readFileSync(repoPath("deploy/systemd/lanner.service"), "utf8"), systemdUnit());
});

test("the unit runs lanner as a Falco-like service: pidfile, reload by SIGHUP, journal, restart", () => {
  const d = new Map(directives(systemdUnit()).map(([s, k, v]) => [`${s}.${k}`, v]));
  assert.equal(
    d.get("Service.ExecStart"),
    "/usr/bin/lanner run -c /etc/lanner/lanner.yaml -P /run/lanner.pid",
  );
  assert.equal(d.get("Service.ExecReload"), "/bin/kill -HUP $MAINPID");
  assert.equal(d.get("Service.PIDFile"), "/run/lanner.pid");
  assert.equal(d.get("Service.StandardOutput"), "journal");
  assert.equal(d.get("Service.StandardError"), "journal");
  assert.equal(d.get("Service.Restart"), "on-failure");
  assert.equal(d.get("Install.WantedBy"), "multi-user.target");
  const caps = (d.get("Service.CapabilityBoundingSet") ?? "").split(" ").sort();
  assert.deepEqual(caps, ["CAP_BPF", "CAP_PERFMON", "CAP_SYS_PTRACE"]);
});

test("no hardening that breaks an eBPF agent or Node.js", () => {
  const keys = directives(systemdUnit()).map(([, k]) => k);
  // V8's JIT needs writable+executable memory; hiding /proc entries hides the processes to watch;
  // a user namespace makes the capabilities useless for BPF; a private network hides the webhook.
  for (const forbidden of [
    "MemoryDenyWriteExecute",
    "ProtectProc",
    "ProcSubset",
    "PrivateUsers",
    "PrivateNetwork",
    "DynamicUser",
    "User",
  ])
    assert.ok(!keys.includes(forbidden), forbidden);
});

test("every directive of the unit is explained in docs/deployment.md", () => {
  const docs = readFileSync(repoPath("docs/deployment.md"), "utf8");
  for (const [, key] of directives(systemdUnit()))
    assert.ok(docs.includes(`\`${key}=`), `docs/deployment.md explains ${key}=`);
});

test("systemd-analyze verify accepts the unit (skipped without systemd-analyze)", (t) => {
  const probe = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    t.skip("systemd-analyze is not installed");
    return;
  }
  // verify checks that ExecStart's program exists: point it at a stand-in (the only difference
  // from the shipped unit, which names /usr/bin/lanner).
  const dir = makeTempDir("lanner-unit");
  const bin = path.join(dir, "lanner");
  writeFileSync(bin, "#!/bin/sh\n");
  chmodSync(bin, 0o755);
  const unit = path.join(dir, "lanner.service");
  writeFileSync(unit, systemdUnit({ bin }));
  const r = spawnSync("systemd-analyze", ["verify", unit], { encoding: "utf8" });
  const complaints = r.stderr.split("\n").filter((l) => l.includes("lanner.service"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(complaints, []);
});
