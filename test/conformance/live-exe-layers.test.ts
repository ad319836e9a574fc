// Executables on an overlayfs, as a container runtime mounts them: the probe marks which layer holds
// the file (a file copied into the merged view lives on the upper layer: drift) and whether the caller
// could write it. Lanner's drift rule fires for the upper-layer binary run in a "container" and not for
// the image's own (lower-layer) binary.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { probeStatus, startProbe } from "../../src/syscall/live/probe.js";
import { LiveAgent, type LiveAlert } from "../helpers/live-agent.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const status = probeStatus();
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-ovl-"));
const merged = path.join(tmp, "merged");

function mountOverlay(): string | undefined {
  if (!status.available) return `the live probe cannot run here: ${status.reason}`;
  for (const d of ["lower", "upper", "work", "merged"]) mkdirSync(path.join(tmp, d));
  copyFileSync("/bin/true", path.join(tmp, "lower", "image-true"));
  const o = `lowerdir=${tmp}/lower,upperdir=${tmp}/upper,workdir=${tmp}/work`;
  const r = spawnSync("mount", ["-t", "overlay", "overlay", "-o", o, merged], { encoding: "utf8" });
  return r.status === 0 ? undefined : `cannot mount an overlayfs here: ${r.stderr.trim()}`;
}
const skip = mountOverlay() ?? false;

const sh = (script: string) => execFileSync("sh", ["-c", script], { stdio: "ignore" });

describe("overlayfs executables under the live probe", { skip }, () => {
  const containerId = "abcdef012345".padEnd(64, "d");
  const cgroup = `/sys/fs/cgroup/memory/docker/${containerId}`;
  /** exepath → "upper lower writable" as lanner inspect prints them. */
  const seen = new Map<string, string>();
  let alerts: LiveAlert[] = [];

  before(async () => {
    const agent = new LiveAgent([path.resolve("rules/lanner_rules.yaml")], ["rule_matching=all"]);
    const file = path.join(tmp, "exec.scap");
    // The setuid family too: the state engine learns the new uid from them.
    const probe = startProbe({
      output: file,
      syscalls: ["execve", "execveat", "clone", "clone3", "fork", "vfork", "setuid", "setresuid"],
    });
    await Promise.all([agent.ready(), probe.ready]);
    const lower = path.join(merged, "image-true");
    const upper = path.join(merged, "dropped-true");
    const locked = path.join(tmp, "locked-true");
    copyFileSync("/bin/true", upper);
    copyFileSync("/bin/true", locked);
    chmodSync(locked, 0o555);
    chmodSync(tmp, 0o755); // nobody must reach it
    mkdirSync(cgroup, { recursive: true });
    // The "container": its shell moves into a docker-style cgroup, then runs both binaries.
    sh(`echo $$ > ${cgroup}/cgroup.procs && ${lower} && ${upper}`);
    // Not writable for nobody (root owns it, mode 0555); root could write it (CAP_DAC_OVERRIDE).
    sh(`setpriv --reuid=65534 --regid=65534 --clear-groups ${locked} && ${locked}`);
    await new Promise((r) => setTimeout(r, 1200));
    probe.stop();
    await Promise.all([probe.exited, agent.stop()]);
    alerts = agent.alerts();
    const out = execFileSync(
      process.execPath,
      [
        bin,
        "inspect",
        file,
        "-p",
        "%proc.exepath %user.uid %proc.is_exe_upper_layer %proc.is_exe_lower_layer %proc.is_exe_writable",
        `evt.type = execve and evt.dir = < and evt.rawres = 0 and proc.exepath startswith ${tmp}`,
      ],
      { encoding: "utf8" },
    );
    for (const l of out.split("\n").filter(Boolean)) {
      const [exe, uid, ...rest] = l.split(" ");
      seen.set(`${exe} ${uid}`, rest.join(" "));
    }
  });

  after(() => {
    try {
      rmdirSync(cgroup);
    } catch {
      // a process may still be leaving it
    }
  });

  test("layers: the image's binary is on the lower layer, the dropped one on the upper layer", () => {
    assert.equal(seen.get(`${merged}/image-true 0`), "false true true", JSON.stringify([...seen]));
    assert.equal(seen.get(`${merged}/dropped-true 0`), "true false true", JSON.stringify([...seen]));
  });

  test("writable: not for nobody on a root-owned 0555 file; for root, which can override", () => {
    assert.equal(seen.get(`${tmp}/locked-true 65534`), "false false false", JSON.stringify([...seen]));
    assert.equal(seen.get(`${tmp}/locked-true 0`), "false false true", JSON.stringify([...seen]));
  });

  test("the drift rule fires for the upper-layer binary in the container only", () => {
    const drift = alerts.filter((a) => a.rule === "Drift Executable From Upper Layer In Container");
    assert.equal(drift.length, 1, JSON.stringify(drift));
    assert.match(drift[0]?.output ?? "", /exe=\S*dropped-true/);
    assert.match(drift[0]?.output ?? "", new RegExp(`container=${containerId.slice(0, 12)}`));
  });
});

after(() => {
  spawnSync("umount", [merged]);
  rmSync(tmp, { recursive: true, force: true });
});
