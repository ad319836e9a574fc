// metrics snapshots under the live probe: the syscall source's snapshot names the engine, carries the
// kernel-side counters of the probe and counts the matches of a rule that fired on real opens.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { probeStatus } from "../../src/syscall/live/probe.js";
import { LiveAgent } from "../helpers/live-agent.js";

const status = probeStatus();
const skip = status.available ? false : `the live probe cannot run here: ${status.reason}`;
const tmp = mkdtempSync(path.join(tmpdir(), "lanner-live-metrics-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("live metrics snapshot: scap.engine_name, kernel counters, per-rule matches", { skip }, async () => {
  const target = path.join(tmp, "watched");
  const rules = path.join(tmp, "rules.yaml");
  writeFileSync(
    rules,
    `- rule: open of the watched file
  desc: fires on this test's own opens
  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = ${target}
  output: opened %fd.name by %proc.name
  priority: NOTICE
`,
  );
  const agent = new LiveAgent(
    [rules],
    ["metrics.enabled=true", "metrics.interval=300ms", "metrics.output_rule=true"],
  );
  const snapshots = () =>
    agent
      .alerts()
      .filter(
        (a) => a.rule === "Falco internal: metrics snapshot" && a.output_fields["evt.source"] === "syscall",
      );
  try {
    await agent.ready();
    for (let i = 0; i < 3; i++) {
      writeFileSync(target, String(i));
      readFileSync(target);
    }
    const end = Date.now() + 10_000;
    while (
      Date.now() < end &&
      !snapshots().some(
        (s) =>
          s.output_fields["falco.rules.open_of_the_watched_file"] === 6 &&
          s.output_fields["scap.n_evts"] !== undefined,
      )
    )
      await new Promise((r) => setTimeout(r, 100));
  } finally {
    await agent.stop();
  }
  const hits = agent.alerts().filter((a) => a.rule === "open of the watched file").length;
  assert.equal(hits, 6, agent.err);
  const last = snapshots().at(-1);
  assert.ok(last, `no syscall snapshot:\n${agent.out}\n${agent.err}`);
  const f = last.output_fields;
  assert.equal(f["scap.engine_name"], "modern_ebpf");
  assert.equal(f["falco.rules.open_of_the_watched_file"], hits);
  assert.ok((f["falco.num_evts"] as number) > 0);
  assert.ok((f["scap.n_evts"] as number) > 0, "the probe's own count of events written");
  assert.equal(typeof f["scap.n_drops_perc"], "number");
  // State counters: the snapshot of /proc gave the thread table its threads and their fds.
  assert.ok((f["falco.n_threads"] as number) > 10, "threads from the probe's /proc snapshot");
  assert.ok((f["falco.n_fds"] as number) > 10);
  assert.ok((f["falco.n_added_threads"] as number) >= (f["falco.n_threads"] as number));
});
