// file_output through the pipeline, into real files: Falco's JSON and text lines byte for byte,
// minimum priority, keep_alive and reopen (SIGUSR1 after a logrotate), buffered_outputs, and a full
// queue whose drops are counted and logged.
import assert from "node:assert/strict";
import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { formatAlertJson } from "../../src/outputs/alert.js";
import { OutputPipeline } from "../../src/outputs/pipeline.js";
import { logSink, makeAlert, scratch } from "./receivers.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = scratch());
});
afterEach(() => cleanup());

const read = (f: string) => readFileSync(f, "utf8");

test("JSON file output: Falco's alert document, one per line, byte for byte", async () => {
  const file = join(dir, "events.json");
  const p = new OutputPipeline({
    json_output: true,
    time_format_iso_8601: true,
    hostname: "test-falco-hostname",
    file_output: { enabled: true, filename: file },
  });
  p.emit(makeAlert(0));
  p.emit(makeAlert(1, "Critical"));
  await p.close();
  assert.equal(
    read(file),
    '{"hostname":"test-falco-hostname","output":"2016-08-04T16:17:57.881781397+0000: Warning File below /etc opened for writing (n=0 file=/etc/shadow proc=vi)",' +
      '"output_fields":{"evt.time.iso8601":1470327477881781397,"fd.name":"/etc/shadow","proc.name":"vi","proc.pid":0,"user.name":null},' +
      '"priority":"Warning","rule":"Write below etc","source":"syscall","tags":["filesystem","mitre_persistence"],"time":"2016-08-04T16:17:57.881781397Z"}\n' +
      '{"hostname":"test-falco-hostname","output":"2016-08-04T16:17:57.881781398+0000: Critical File below /etc opened for writing (n=1 file=/etc/shadow proc=vi)",' +
      '"output_fields":{"evt.time.iso8601":1470327477881781398,"fd.name":"/etc/shadow","proc.name":"vi","proc.pid":1,"user.name":null},' +
      '"priority":"Critical","rule":"Write below etc","source":"syscall","tags":["filesystem","mitre_persistence"],"time":"2016-08-04T16:17:57.881781398Z"}\n',
  );
  assert.deepEqual(p.stats().channels.file, {
    sent: 2,
    failed: 0,
    dropped: 0,
    spooled: 0,
    queued: 0,
    spoolPending: 0,
    spoolBytes: 0,
  });
});

test("text file output, json_include_* keys, minimum priority", async () => {
  const text = join(dir, "events.txt");
  const p = new OutputPipeline({
    time_format_iso_8601: true,
    file_output: { enabled: true, filename: text, minimum_priority: "error" },
  });
  p.emit(makeAlert(0, "Warning"));
  p.emit(makeAlert(1, "Error"));
  p.emit(makeAlert(2, "Emergency"));
  await p.close();
  assert.equal(
    read(text),
    "2016-08-04T16:17:57.881781398+0000: Error File below /etc opened for writing (n=1 file=/etc/shadow proc=vi)\n" +
      "2016-08-04T16:17:57.881781399+0000: Emergency File below /etc opened for writing (n=2 file=/etc/shadow proc=vi)\n",
  );

  const json = join(dir, "message.json");
  const q = new OutputPipeline({
    json_output: true,
    json_include_output_property: false,
    json_include_message_property: true,
    json_include_tags_property: false,
    hostname: "h",
    file_output: { enabled: true, filename: json },
  });
  q.emit(makeAlert(3));
  await q.close();
  assert.equal(
    read(json),
    `${formatAlertJson(makeAlert(3), { hostname: "h", includeOutput: false, includeMessage: true, includeTags: false })}\n`,
  );
  assert.ok(read(json).startsWith('{"hostname":"h","message":"File below /etc'));
});

test("keep_alive keeps writing the rotated file until reopen(); without it, each write opens the file", async () => {
  const file = join(dir, "alerts.log");
  const keep = new OutputPipeline({
    hostname: "h",
    file_output: { enabled: true, filename: file, keep_alive: true },
  });
  keep.emit(makeAlert(0));
  await keep.flush();
  renameSync(file, `${file}.1`);
  keep.emit(makeAlert(1));
  await keep.flush();
  await keep.reopen();
  keep.emit(makeAlert(2));
  await keep.close();
  assert.match(read(`${file}.1`), /n=0 .*\n.*n=1 /);
  assert.equal(read(file).split("\n").length, 2);
  assert.match(read(file), /n=2 /);

  const other = join(dir, "other.log");
  const each = new OutputPipeline({ hostname: "h", file_output: { enabled: true, filename: other } });
  each.emit(makeAlert(0));
  await each.flush();
  renameSync(other, `${other}.1`);
  each.emit(makeAlert(1));
  await each.close();
  assert.match(read(`${other}.1`), /n=0 /);
  assert.match(read(other), /n=1 /);
});

test("buffered_outputs holds lines until flush; unbuffered writes them at once", async () => {
  const buffered = join(dir, "buffered.log");
  const b = new OutputPipeline({
    hostname: "h",
    buffered_outputs: true,
    file_output: { enabled: true, filename: buffered, keep_alive: true },
  });
  b.emit(makeAlert(0));
  await new Promise((r) => setTimeout(r, 100));
  assert.throws(() => read(buffered), /ENOENT/, "nothing written yet");
  await b.flush();
  assert.match(read(buffered), /n=0 /);
  await b.close();

  const direct = join(dir, "direct.log");
  const d = new OutputPipeline({ hostname: "h", file_output: { enabled: true, filename: direct } });
  d.emit(makeAlert(0));
  await new Promise((r) => setTimeout(r, 100));
  assert.match(read(direct), /n=0 /);
  await d.close();
});

test("a full queue drops alerts, counts them and logs them", async () => {
  const file = join(dir, "small-queue.log");
  const log = logSink();
  const p = new OutputPipeline(
    { hostname: "h", outputs_queue: { capacity: 10 }, file_output: { enabled: true, filename: file } },
    { onLog: log.onLog },
  );
  // 100 alerts on one tick: the channel cannot drain before the 11th arrives.
  for (let i = 0; i < 100; i++) p.emit(makeAlert(i));
  await p.close();
  const lines = read(file).trimEnd().split("\n");
  assert.equal(lines.length, 10);
  assert.match(lines[9] as string, /n=9 /);
  const s = p.stats();
  assert.equal(s.channels.file?.sent, 10);
  assert.equal(s.channels.file?.dropped, 90);
  assert.equal(s.dropped, 90);
  const reports = log.lines.filter((l) => l.level === "error" && /dropped/.test(l.message));
  assert.ok(reports.length >= 1);
  assert.match(reports[0]?.message ?? "", /^file output: dropped 1 alert: 1 \(queue full \(capacity 10\)\)/);
  const total = reports.reduce((a, l) => a + Number(/dropped (\d+) alert/.exec(l.message)?.[1]), 0);
  assert.equal(total, 90, "every drop appears in the log");
  assert.match(reports[reports.length - 1]?.message ?? "", /90 dropped in all$/);
});

test("alerts after close are counted as dropped", async () => {
  const file = join(dir, "closed.log");
  const log = logSink();
  const p = new OutputPipeline(
    { hostname: "h", file_output: { enabled: true, filename: file } },
    { onLog: log.onLog },
  );
  await p.close();
  p.emit(makeAlert(0));
  assert.equal(p.stats().dropped, 1);
  assert.match(log.lines.map((l) => l.message).join("\n"), /pipeline closed/);
});
