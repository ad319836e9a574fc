// The probe's /proc snapshot carries the sockets that exist before it starts: a real process holds a
// listening TCP socket, both ends of a loopback connection and a bound unix socket; the capture's fd
// lists must describe each with its addresses (or path), as libscap's /proc scan writes them.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { probePath, probeStatus } from "../../src/syscall/live/probe.js";
import type { FdEntry } from "../../src/syscall/scap/blocks.js";
import { FdType } from "../../src/syscall/scap/blocks.js";
import { readScap } from "../../src/syscall/scap/reader.js";

const status = probeStatus();
const skip = status.available ? false : `the live probe cannot run here: ${status.reason}`;
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-snap-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const HOLDER = `
import socket, sys, time
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
c = socket.socket(); c.connect(srv.getsockname()); a, _ = srv.accept()
u = socket.socket(socket.AF_UNIX); u.bind(sys.argv[1]); u.listen()
print(srv.getsockname()[1], c.getsockname()[1], flush=True)
time.sleep(30)
`;

const netnsSkip =
  skip ||
  (spawnSync("unshare", ["-n", "ip", "link", "set", "lo", "up"]).status === 0
    ? false
    : "cannot make a network namespace here (unshare -n, iproute2)");

for (const [what, inNetns, skipIt] of [
  ["", false, skip],
  [" of a process in its own network namespace", true, netnsSkip],
] as const)
  test(`sockets in the /proc snapshot${what}: TCP server, both ends of a connection, a unix socket with its path`, {
    skip: skipIt,
  }, async () => {
    const sockPath = path.join(tmp, `holder${inNetns ? "-netns" : ""}.sock`);
    // In a namespace of its own, the sockets are in that namespace's /proc/PID/net, not the probe's.
    const holder = inNetns
      ? spawn(
          "unshare",
          ["-n", "sh", "-c", 'ip link set lo up && exec python3 -c "$0" "$1"', HOLDER, sockPath],
          {
            stdio: ["ignore", "pipe", "inherit"],
          },
        )
      : spawn("python3", ["-c", HOLDER, sockPath], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      // The line may come in pieces (print writes each argument): read up to its newline.
      const [port, clientPort] = await new Promise<number[]>((res) => {
        let line = "";
        const onData = (d: Buffer) => {
          line += d.toString();
          if (!line.includes("\n")) return;
          holder.stdout.off("data", onData);
          res(line.trim().split(" ").map(Number));
        };
        holder.stdout.on("data", onData);
      });
      const file = path.join(tmp, "snap.scap");
      const probe = spawn(probePath(), ["-o", file, "-d", "0.5"], { stdio: "ignore" });
      assert.equal(await new Promise((r) => probe.on("close", r)), 0);
      const fds: FdEntry[] = [];
      await readScap(file, {
        onFd(tid, fd) {
          if (tid === holder.pid) fds.push(fd);
        },
      });
      const server = fds.find((f) => f.type === FdType.IPV4_SERVSOCK);
      assert.equal(server?.sport, port, JSON.stringify(fds.map((f) => f.type)));
      assert.equal(server?.sip, 0x0100007f, "127.0.0.1 as the kernel stores it");
      const conns = fds.filter((f) => f.type === FdType.IPV4_SOCK);
      assert.equal(conns.length, 2);
      assert.deepEqual(
        conns.map((f) => [f.sport, f.dport]).sort(),
        [
          [clientPort, port],
          [port, clientPort],
        ].sort(),
      );
      assert.ok(conns.every((f) => f.l4proto === 2 && f.sip === 0x0100007f && f.dip === 0x0100007f));
      // Node's stdio pipes are unnamed unix socketpairs: the bound one is found by its path.
      const unix = fds.find((f) => f.type === FdType.UNIX_SOCK && f.name === sockPath);
      assert.ok(unix, JSON.stringify(fds.filter((f) => f.type === FdType.UNIX_SOCK).map((f) => f.name)));
      assert.ok((unix?.source ?? 0n) !== 0n, "the socket's kernel address");
    } finally {
      holder.kill();
    }
  });
