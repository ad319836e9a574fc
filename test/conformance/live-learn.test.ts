// `lanner immutable learn --live` as a real process on the live probe: a command's process tree (with a
// grandchild orphaned before it writes) and a "container" (a docker-style cgroup), while other processes
// write elsewhere at the same time. The profile must hold exactly what the learned processes wrote, and
// `fix --profile` must accept it.
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import { imageRepository } from "../../src/immutable/fix/fixer.js";
import { parseWritableProfile } from "../../src/immutable/fix/profile.js";
import { probeStatus } from "../../src/syscall/live/probe.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const status = probeStatus();
const skip = status.available ? false : `the live probe cannot run here: ${status.reason}`;

interface Profile {
  images: { image: string; paths: string[]; executed: string[] }[];
}

/** Starts `lanner immutable learn --live ARGS`; resolves stderr/exit code when it ends. */
function learn(args: readonly string[]): {
  child: ChildProcess;
  started: Promise<void>;
  done: Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [bin, "immutable", "learn", "--live", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let markStarted: () => void = () => {};
  const started = new Promise<void>((r) => {
    markStarted = r;
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes("learning from")) markStarted();
  });
  const done = new Promise<{ code: number | null; stderr: string }>((r) =>
    child.on("close", (code) => {
      markStarted();
      r({ code, stderr });
    }),
  );
  return { child, started, done };
}

const sh = (script: string) => execFileSync("sh", ["-c", script], { stdio: "ignore" });

describe("immutable learn --live: real processes under the eBPF probe", { skip }, () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "lanner-learn-"));
  const containerId = "fedcba987654".padEnd(64, "e");
  const cgroup = `/sys/fs/cgroup/memory/docker/${containerId}`;

  after(() => {
    rmSync(tmp, { recursive: true, force: true });
    try {
      rmdirSync(cgroup);
    } catch {
      // a process may still be leaving it
    }
  });

  test("a command's process tree: its writes and executables, an orphaned grandchild's too, nobody else's", async () => {
    const t = path.join(tmp, "tree");
    for (const d of ["run", "late", "outside"]) mkdirSync(path.join(t, d), { recursive: true });
    const profile = path.join(tmp, "tree-profile.yaml");
    const script = [
      `mkdir -p ${t}/app/cache/x`,
      `echo a > ${t}/app/cache/x/f`,
      `echo $$ > ${t}/run/app.pid`,
      `cat /etc/hostname > /dev/null`,
      // Double fork: the writer's parent is gone (reparented) when it writes.
      `( (sleep 0.4; echo c > ${t}/late/file) & )`,
      "sleep 1.2",
    ].join("; ");
    const run = learn(["--image", "shop/app:1.0", "-o", profile, "--", "sh", "-c", script]);
    await run.started;
    // Another process writes while the command runs: not in the tree, not in the profile.
    sh(`sleep 0.2; echo x > ${t}/outside/file`);
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /shop\/app:1\.0: 3 writable paths/);
    const p = parse(readFileSync(profile, "utf8")) as Profile;
    assert.equal(p.images.length, 1, JSON.stringify(p));
    const img = p.images[0];
    assert.ok(img !== undefined);
    assert.equal(img.image, "shop/app:1.0");
    assert.deepEqual(img.paths, [`${t}/app`, `${t}/late`, `${t}/run`]);
    for (const exe of ["mkdir", "cat", "sleep"])
      assert.ok(
        img.executed.some((e) => path.basename(e) === exe),
        `${exe} in ${img.executed.join(", ")}`,
      );
    const parsed = parseWritableProfile(readFileSync(profile, "utf8"), profile, imageRepository);
    assert.deepEqual(parsed.images.get(imageRepository("shop/app:1.0")), [
      `${t}/app`,
      `${t}/late`,
      `${t}/run`,
    ]);
  });

  test("every container until SIGINT: the container's writes under its name, the host's left out", async () => {
    const t = path.join(tmp, "ctr");
    for (const d of ["data", "host"]) mkdirSync(path.join(t, d), { recursive: true });
    const profile = path.join(tmp, "ctr-profile.yaml");
    const run = learn(["--image", `${containerId.slice(0, 12)}=shop/db`, "-o", profile]);
    await run.started;
    mkdirSync(cgroup, { recursive: true });
    const inNamespaces = `unshare -m -p -u -f --mount-proc sh -c 'echo row > ${t}/data/table; mkdir ${t}/data/wal'`;
    sh(`echo $$ > ${cgroup}/cgroup.procs && exec ${inNamespaces}`);
    sh(`echo host > ${t}/host/file`);
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill("SIGINT");
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    const p = parse(readFileSync(profile, "utf8")) as Profile;
    assert.deepEqual(
      p.images.map((i) => [i.image, i.paths]),
      [["shop/db", [`${t}/data`]]],
    );
    assert.ok(p.images[0]?.executed.some((e) => path.basename(e) === "unshare"));
  });

  test("a command that fails: exit code 1, the profile still written, the failure said", async () => {
    const profile = path.join(tmp, "fail-profile.yaml");
    const run = learn(["-o", profile, "--", "sh", "-c", `echo x > ${tmp}/fail.out; exit 3`]);
    const { code, stderr } = await run.done;
    assert.equal(code, 1);
    assert.match(stderr, /sh: exit code 3; the profile may be incomplete/);
    const p = parse(readFileSync(profile, "utf8")) as Profile;
    assert.deepEqual(p.images[0]?.image, "sh");
    assert.deepEqual(p.images[0]?.paths, [tmp]);
  });
});
