// program_output with real programs reading stdin (`sh -c '… cat >> FILE'`): one process with
// keep_alive, one per alert without, respawn() (SIGUSR1), and a program that dies being started again.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { formatAlertText } from "../../src/outputs/alert.js";
import { OutputPipeline } from "../../src/outputs/pipeline.js";
import { logSink, makeAlert, scratch, until } from "./receivers.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = scratch());
});
afterEach(() => cleanup());

const line = (n: number) => formatAlertText(makeAlert(n), { timeFormatIso8601: true });
const opts = { hostname: "h", time_format_iso_8601: true } as const;

test("keep_alive: one process reads every alert, one line each", async () => {
  const out = join(dir, "out.txt");
  const p = new OutputPipeline({
    ...opts,
    program_output: { enabled: true, keep_alive: true, program: `echo started >> '${out}'; cat >> '${out}'` },
  });
  for (let i = 0; i < 3; i++) p.emit(makeAlert(i));
  await p.close();
  assert.equal(readFileSync(out, "utf8"), `started\n${line(0)}\n${line(1)}\n${line(2)}\n`);
  assert.equal(p.stats().channels.program?.sent, 3);
});

test("without keep_alive: one process per alert, in order (popen/pclose)", async () => {
  const out = join(dir, "out.txt");
  const p = new OutputPipeline({
    ...opts,
    program_output: { enabled: true, program: `echo started >> '${out}'; cat >> '${out}'` },
  });
  for (let i = 0; i < 3; i++) p.emit(makeAlert(i));
  await p.close();
  assert.equal(readFileSync(out, "utf8"), `started\n${line(0)}\nstarted\n${line(1)}\nstarted\n${line(2)}\n`);
});

test("respawn (SIGUSR1) ends the program and starts it again", async () => {
  const out = join(dir, "out.txt");
  const p = new OutputPipeline({
    ...opts,
    program_output: { enabled: true, keep_alive: true, program: `echo started >> '${out}'; cat >> '${out}'` },
  });
  p.emit(makeAlert(0));
  await p.flush();
  await p.reopen();
  p.emit(makeAlert(1));
  await p.close();
  assert.equal(readFileSync(out, "utf8"), `started\n${line(0)}\nstarted\n${line(1)}\n`);
});

test("a keep_alive program that dies is started again for the next alert", async () => {
  const out = join(dir, "out.txt");
  const log = logSink();
  const p = new OutputPipeline(
    { ...opts, program_output: { enabled: true, keep_alive: true, program: `head -n 1 >> '${out}'` } },
    { onLog: log.onLog },
  );
  p.emit(makeAlert(0));
  await p.flush();
  await until(
    () => log.lines.some((l) => /exited \(status 0\)/.test(l.message)),
    5000,
    "the program to exit",
  );
  p.emit(makeAlert(1));
  await p.close();
  assert.equal(readFileSync(out, "utf8"), `${line(0)}\n${line(1)}\n`);
  assert.match(
    log.lines.map((l) => l.message).join("\n"),
    /program output: program 'head -n 1 >> .*' exited \(status 0\); it is started again for the next alert/,
  );
});
