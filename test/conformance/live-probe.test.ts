// Live detection under the real eBPF probe: `lanner run` as a real process (Lanner's default rules,
// and the upstream stable + incubating rules), real commands run by the test, and the alerts each must
// raise — with a benign twin for each that must not. Then `lanner capture -w` on a real workload, read
// by `sysdig -r` and by Lanner: the same field values.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { probeStatus } from "../../src/syscall/live/probe.js";
import { LiveAgent, type LiveAlert } from "../helpers/live-agent.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const upstream = path.resolve(process.cwd(), "../shared/rules/upstream");
const status = probeStatus();
const skip = status.available ? false : `the live probe cannot run here: ${status.reason}`;
const hasSysdig = spawnSync("sysdig", ["--version"]).status === 0;

/** Alerts of `rule` whose output mentions `text`. */
function matching(alerts: LiveAlert[], rule: string, text: string): LiveAlert[] {
  return alerts.filter((a) => a.rule === rule && a.output.includes(text));
}

const sh = (script: string) => execFileSync("sh", ["-c", script], { stdio: "ignore" });

describe("live eBPF probe: alerts from real commands", { skip }, () => {
  const tag = `lanner-e2e-${process.pid}`;
  const tmp = mkdtempSync(path.join(tmpdir(), "lanner-live-"));
  const containerId = "0123456789ab".padEnd(64, "c");
  const cgroup = `/sys/fs/cgroup/memory/docker/${containerId}`;
  let port = 0;
  let other = 0;
  let server: Server;
  let lanner: LiveAgent;
  let falco: LiveAgent;
  let own: LiveAlert[] = [];
  let stable: LiveAlert[] = [];

  before(async () => {
    server = createServer((s) => s.destroy()).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    port = (server.address() as { port: number }).port;
    other = port === 65000 ? 65001 : 65000;
    const testRules = path.join(tmp, "connect.yaml");
    writeFileSync(
      testRules,
      `- rule: Outbound Loopback Connection To Test Port
  desc: a connect to the test's server port (checks the socket tuple the probe sends)
  condition: evt.type = connect and evt.dir = < and fd.sip = 127.0.0.1 and fd.sport = ${port}
  output: connection %fd.name by %proc.name
  priority: NOTICE
`,
    );
    lanner = new LiveAgent([path.resolve("rules/lanner_rules.yaml"), testRules], ["rule_matching=all"]);
    falco = new LiveAgent(
      [path.join(upstream, "falco_rules.yaml"), path.join(upstream, "falco-incubating_rules.yaml")],
      ["rule_matching=all"],
    );
    await Promise.all([lanner.ready(), falco.ready()]);

    // The attacks, each with its benign twin.
    sh("cat /etc/shadow > /dev/null");
    sh("cat /etc/hostname > /dev/null");
    // touch, not a write: creating a file with O_TRUNC would itself be a truncation.
    sh(`touch /var/log/${tag}-trunc.log /var/log/${tag}-rm.log`);
    // One shell per action: an alert's cmdline must not name the other files.
    sh(`: > /var/log/${tag}-trunc.log`);
    sh(`rm /var/log/${tag}-rm.log`);
    sh(`echo more >> /var/log/${tag}-ok.log`);
    sh(`cp /bin/true /usr/bin/${tag}-bin; cp /bin/true ${tmp}/${tag}-bin`);
    sh(`touch /etc/${tag}.conf; cat /etc/passwd > /dev/null`);
    sh(`touch ${tmp}/suid ${tmp}/plain; chmod u+s ${tmp}/suid; chmod 644 ${tmp}/plain`);
    const connect = (p: number) =>
      `python3 -c "import socket; s=socket.socket(); s.connect_ex(('127.0.0.1', ${p})); s.close()"`;
    sh(`${connect(port)}; ${connect(other)}`);
    // A "container": new mount/pid/uts namespaces in a cgroup with a docker-style id, the shell on a
    // terminal (script(1) gives it a pty, as `kubectl exec -it` would); the twin runs the same on the host.
    mkdirSync(cgroup, { recursive: true });
    const inNamespaces = `unshare -m -p -u -f --mount-proc sh -c 'sh -c true'`;
    sh(`echo $$ > ${cgroup}/cgroup.procs && exec script -qec "${inNamespaces}" /dev/null`);
    sh(`script -qec "${inNamespaces}" /dev/null`);
    // Events reach the rules within the probe's polling interval; give the pipeline a moment.
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all([lanner.stop(), falco.stop()]);
    own = lanner.alerts();
    stable = falco.alerts();
  });

  after(() => {
    server?.close();
    for (const f of [
      `/var/log/${tag}-trunc.log`,
      `/var/log/${tag}-ok.log`,
      `/usr/bin/${tag}-bin`,
      `/etc/${tag}.conf`,
    ])
      rmSync(f, { force: true });
    rmSync(tmp, { recursive: true, force: true });
    try {
      rmdirSync(cgroup);
    } catch {
      // a process may still be leaving it; the kernel removes nothing by itself, so try once more later
    }
  });

  test("cat /etc/shadow: the default rule and Falco's stable rule fire; /etc/hostname does not", () => {
    assert.equal(matching(own, "Sensitive File Read By Untrusted Program", "/etc/shadow").length, 1);
    assert.equal(matching(stable, "Read sensitive file untrusted", "/etc/shadow").length, 1);
    assert.equal([...own, ...stable].filter((a) => a.output.includes("/etc/hostname")).length, 0);
  });

  test("a log file truncated and one deleted alert; an append does not", () => {
    const rule = "Log File Truncated Or Removed";
    assert.equal(matching(own, rule, `${tag}-trunc.log`).length, 1);
    assert.equal(matching(own, rule, `${tag}-rm.log`).length, 1);
    assert.equal(matching(own, rule, `${tag}-ok.log`).length, 0);
    assert.equal(matching(stable, "Clear Log Activities", `${tag}-trunc.log`).length, 1);
  });

  test("a binary written to /usr/bin and a file below /etc alert; the same writes elsewhere do not", () => {
    const rule = "Write Below Binary Or Etc Directory";
    assert.ok(matching(own, rule, `/usr/bin/${tag}-bin`).length >= 1);
    assert.ok(matching(own, rule, `/etc/${tag}.conf`).length >= 1);
    assert.equal(matching(own, rule, `${tmp}/${tag}-bin`).length, 0);
    assert.equal(matching(own, rule, "/etc/passwd").length, 0);
  });

  test("chmod u+s raises Falco's setuid rule; chmod 644 does not", () => {
    assert.equal(matching(stable, "Set Setuid or Setgid bit", `${tmp}/suid`).length, 1);
    assert.equal(matching(stable, "Set Setuid or Setgid bit", `${tmp}/plain`).length, 0);
  });

  test("an outbound connection to the loopback port alerts with its socket tuple; another port does not", () => {
    const hits = own.filter((a) => a.rule === "Outbound Loopback Connection To Test Port");
    assert.equal(hits.length, 1, JSON.stringify(hits));
    assert.match(
      hits[0]?.output ?? "",
      new RegExp(`127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${port} by python3`),
    );
  });

  test("a shell in a container (namespaces + docker cgroup) alerts with its id; on the host it does not", () => {
    const hits = own.filter((a) => a.rule === "Shell Spawned In Container");
    assert.ok(hits.length >= 1, `no alert: ${lanner.err}`);
    for (const h of hits) assert.ok(h.output.includes(containerId.slice(0, 12)), h.output);
  });
});

describe("lanner capture -w: sysdig reads the file and prints what Lanner prints", { skip }, () => {
  test("the same field values for the workload's events", {
    skip: hasSysdig ? false : "sysdig is not installed",
  }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lanner-capture-"));
    const file = path.join(dir, "live.scap");
    const child = spawn(process.execPath, [bin, "capture", "-w", file, "-M", "4"]);
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const end = Date.now() + 30_000;
    while (!/capturing to/.test(err) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    sh(
      `cd /etc && cat ./hostname ../etc/passwd > /dev/null; touch ${dir}/a; rm ${dir}/a; ` +
        `python3 -c "import socket; s=socket.socket(); s.connect_ex(('127.0.0.1', 9))"`,
    );
    await new Promise((r) => child.on("close", r));
    assert.match(err, /events written, 0 dropped/);
    // evt.num is left out: sysdig 0.29.3 skips (and does not number) the event codes newer than it.
    const format =
      "*%evt.type %evt.dir %thread.tid %proc.pid %proc.name %proc.pname %proc.exepath %proc.cmdline " +
      "%proc.cwd %fd.name %fd.typechar %evt.res %user.name %group.name %container.id";
    const filter = `proc.name in (cat,touch,rm,python3) and evt.type in (execve,openat,close,connect,socket,unlinkat,procexit)`;
    const theirs = execFileSync("sysdig", ["-r", file, "-p", format, filter], {
      env: { ...process.env, TZ: "UTC" },
      maxBuffer: 1 << 26,
    }).toString();
    const ours = execFileSync(process.execPath, [bin, "inspect", file, filter, "-p", format], {
      maxBuffer: 1 << 26,
    }).toString();
    const lines = theirs.split("\n").filter(Boolean);
    assert.ok(lines.length > 50, `too few events: ${lines.length}`);
    for (const want of ["/etc/hostname", "/etc/passwd", "127.0.0.1:9", "cat ./hostname ../etc/passwd"])
      assert.ok(theirs.includes(want), `sysdig did not print ${want}`);
    assert.deepEqual(ours.split("\n").filter(Boolean), lines);
    // Memory of the processes at clone and execve: the rss read from the mm's counters (kernel 6.2+
    // per-CPU counters, older atomics), as sysdig prints it; a forking shell has some resident.
    const memFormat = "%evt.type %proc.name %proc.vmsize %proc.vmrss %proc.vmswap";
    const memFilter = "evt.type in (clone, clone3, execve) and evt.dir = <";
    const mem = execFileSync("sysdig", ["-r", file, "-p", memFormat, memFilter], {
      maxBuffer: 1 << 26,
    }).toString();
    const ourMem = execFileSync(process.execPath, [bin, "inspect", file, memFilter, "-p", memFormat], {
      maxBuffer: 1 << 26,
    }).toString();
    assert.deepEqual(ourMem.split("\n").filter(Boolean), mem.split("\n").filter(Boolean));
    const rss = mem
      .split("\n")
      .filter((l) => l.startsWith("clone"))
      .map((l) => Number(l.split(" ")[3]));
    assert.ok(rss.length > 0 && rss.some((kb) => kb > 100), `clone vm_rss in kB: ${rss.join(" ")}`);
    rmSync(dir, { recursive: true, force: true });
  });
});
