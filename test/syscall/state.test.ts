// The state engine against sysdig 0.29.3 on the six samples: proc.name, proc.pid, fd.name and evt.args
// (whose fd names, thread names and paths come from the state) of every displayed event.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FdType } from "../../src/syscall/scap/blocks.js";
import type { ScapEvent } from "../../src/syscall/scap/event.js";
import { EventCode } from "../../src/syscall/scap/event-table.js";
import { renderArgs } from "../../src/syscall/scap/params.js";
import { readScap, readScapSync } from "../../src/syscall/scap/reader.js";
import * as w from "../../src/syscall/scap/writer.js";
import { StateEngine } from "../../src/syscall/state/engine.js";
import { HAVE_SYSDIG, SAMPLES, sample, sysdig } from "./helpers.js";

const NA = "<NA>";

/** The fields this slice of the state engine supports, as sysdig prints them. */
function line(engine: StateEngine, e: ScapEvent): string {
  const t = engine.thread;
  const fdName = engine.fdName(e) ?? NA;
  return [e.num, t?.comm ?? NA, t?.pid ?? NA, fdName, renderArgs(e, { context: engine })].join("\t");
}

for (const name of SAMPLES) {
  test(`state ${name}: proc.name, proc.pid, fd.name, evt.args equal sysdig's`, {
    skip: !HAVE_SYSDIG && "sysdig not installed",
  }, async () => {
    const theirs = sysdig(sample(name), ["-p", "*%evt.num\t%proc.name\t%proc.pid\t%fd.name\t%evt.args"]);
    const byNum = new Map(theirs.map((l) => [Number(l.split("\t")[0]), l]));
    const engine = new StateEngine();
    const diffs: string[] = [];
    await readScap(sample(name), {
      ...engine.metadataHandlers(),
      onEvent(e) {
        engine.process(e);
        const want = byNum.get(e.num);
        if (want === undefined) return undefined;
        const got = line(engine, e);
        if (got !== want) diffs.push(`sysdig: ${want}\nlanner: ${got}`);
        return undefined;
      },
    });
    assert.deepEqual(diffs, []);
  });
}

test("open/close keep the fd table; procexit removes the thread at the next event; placeholders for unknown tids", () => {
  const engine = new StateEngine();
  const ev = (ts: number, tid: number, type: number, params: Uint8Array[]) =>
    w.eventBlock({ ts: BigInt(ts), tid, type, params });
  const cap = w.capture([
    w.sectionHeaderBlock(),
    w.processListBlock([{ tid: 10, pid: 10, ptid: 1, comm: "sh", exe: "/bin/sh", cwd: "/home/u" }]),
    w.fdListBlock(10, [{ fd: 0, ino: 0, type: FdType.FIFO, name: "pipe:[5]" }]),
    ev(1, 10, EventCode.PPME_SYSCALL_OPENAT_2_E, [
      w.enc.u64(-100),
      w.enc.str("notes/../a.txt"),
      w.enc.u32(1),
      w.enc.u32(0),
    ]),
    ev(2, 10, EventCode.PPME_SYSCALL_OPENAT_2_X, [
      w.enc.u64(3),
      w.enc.u64(-100),
      w.enc.str("notes/../a.txt"),
      w.enc.u32(1),
      w.enc.u32(0),
      w.enc.u32(0),
    ]),
    ev(3, 10, EventCode.PPME_SYSCALL_READ_E, [w.enc.u64(3), w.enc.u32(10)]),
    ev(4, 10, EventCode.PPME_SYSCALL_CLOSE_E, [w.enc.u64(3)]),
    ev(5, 10, EventCode.PPME_SYSCALL_CLOSE_X, [w.enc.u64(0)]),
    ev(6, 10, EventCode.PPME_SYSCALL_READ_E, [w.enc.u64(3), w.enc.u32(10)]),
    ev(7, 99, EventCode.PPME_SYSCALL_READ_E, [w.enc.u64(0), w.enc.u32(10)]),
    ev(8, 10, EventCode.PPME_PROCEXIT_1_E, [w.enc.u64(0), w.enc.u64(0), w.enc.u8(0), w.enc.u8(0)]),
    ev(9, 5, EventCode.PPME_SYSCALL_READ_E, [w.enc.u64(0), w.enc.u32(10)]),
  ]);
  const seen: string[] = [];
  readScapSync(cap, {
    ...engine.metadataHandlers(),
    onEvent(e) {
      engine.process(e);
      seen.push(`${engine.thread?.comm}:${engine.fdInfo?.name ?? NA}`);
      return undefined;
    },
  });
  assert.deepEqual(seen, [
    "sh:<NA>",
    "sh:/home/u/a.txt",
    "sh:/home/u/a.txt",
    "sh:/home/u/a.txt",
    "sh:/home/u/a.txt",
    "sh:<NA>",
    "<NA>:<NA>",
    "sh:<NA>",
    "<NA>:<NA>",
  ]);
  assert.equal(engine.threads.get(10), undefined);
  assert.equal(engine.threads.get(99)?.comm, NA);
});
