import assert from "node:assert/strict";
import { test } from "node:test";
import { type Alert, formatAlertJson, formatAlertText, formatIso8601 } from "../../src/outputs/alert.js";

const alert: Alert = {
  rule: "open_from_cat",
  priority: "Warning",
  source: "syscall",
  tags: ["filesystem", "process", "testing"],
  timeNs: 1470327477881781397n,
  message: "An open was seen (command=cat /dev/null)",
  fields: { "proc.cmdline": "cat /dev/null", "proc.pid": 12, "fd.name": null },
};

test("ISO 8601 time keeps nanoseconds", () => {
  assert.equal(formatIso8601(1470327477881781397n), "2016-08-04T16:17:57.881781397+0000");
  assert.equal(formatIso8601(1470327477881781397n, true), "2016-08-04T16:17:57.881781397Z");
});

test("text line: time, priority, output", () => {
  assert.equal(
    formatAlertText(alert, { timeFormatIso8601: true }),
    "2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)",
  );
  assert.match(formatAlertText(alert), /^\d\d:\d\d:57\.881781397: Warning An open/);
});

test("JSON alert in Falco's shape, 64-bit time exact, missing values null", () => {
  const json = formatAlertJson(alert, { timeFormatIso8601: true, hostname: "test-falco-hostname" });
  assert.equal(
    json,
    '{"hostname":"test-falco-hostname","output":"2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)",' +
      '"output_fields":{"evt.time.iso8601":1470327477881781397,"proc.cmdline":"cat /dev/null","proc.pid":12,"fd.name":null},' +
      '"priority":"Warning","rule":"open_from_cat","source":"syscall","tags":["filesystem","process","testing"],"time":"2016-08-04T16:17:57.881781397Z"}',
  );
  const lean = JSON.parse(
    formatAlertJson(alert, {
      includeOutput: false,
      includeTags: false,
      includeOutputFields: false,
      includeMessage: true,
      hostname: "h",
    }),
  ) as Record<string, unknown>;
  assert.deepEqual(Object.keys(lean), ["hostname", "message", "priority", "rule", "source", "time"]);
  assert.equal(lean.message, alert.message);
});

test("JSON alert: 64-bit field values exact, an evt.time field in the time's place, values that look like the time placeholder", () => {
  const odd = '"output_fields":{"evt.time":"\u0001time" \u0001time';
  const a: Alert = {
    ...alert,
    message: odd,
    fields: { "evt.time": "16:17:57", "x.big": 18446744073709551615n, "x.list": [1n, 2n ** 63n], "x.s": odd },
  };
  const json = formatAlertJson(a, { hostname: "h" });
  assert.match(
    json,
    /"output_fields":\{"evt\.time":"16:17:57","x\.big":18446744073709551615,"x\.list":\[1,9223372036854775808\],/,
  );
  const plain = formatAlertJson(
    { ...a, fields: { "x.s": odd, "x.bytes": new Uint8Array([0x41, 0xe9]) } },
    { hostname: "h" },
  );
  const doc = JSON.parse(plain) as { output: string; output_fields: Record<string, unknown> };
  assert.ok(doc.output.endsWith(odd));
  assert.deepEqual(doc.output_fields, { "evt.time": Number(a.timeNs), "x.s": odd, "x.bytes": "A\u00e9" });
  assert.match(plain, /"output_fields":\{"evt\.time":1470327477881781397,/);
});

test("internal messages (source internal): Falco's control-message text and JSON", () => {
  const drop: Alert = {
    rule: "Falco internal: syscall event drop",
    priority: "Critical",
    source: "internal",
    tags: [],
    timeNs: 1553620428559000000n,
    message: "Falco internal: syscall event drop. 1 system calls dropped in last second.",
    fields: { n_evts: "277", n_drops: "1", ebpf_enabled: "0" },
  };
  const text = formatAlertText(drop, { timeFormatIso8601: true });
  assert.match(
    text,
    /^\d\d:\d\d:\d\d\.559000000: Critical Falco internal: syscall event drop\. 1 system calls dropped in last second\. \(ebpf_enabled="0" n_drops="1" n_evts="277"\)$/,
  );
  assert.equal(
    formatAlertJson(drop, { hostname: "h" }),
    '{"hostname":"h","output":"Falco internal: syscall event drop. 1 system calls dropped in last second.","output_fields":{"ebpf_enabled":"0","n_drops":"1","n_evts":"277"},"priority":"Critical","rule":"Falco internal: syscall event drop","source":"internal","time":"2019-03-26T17:13:48.559000000Z"}',
  );
});

test("JSON alert: every string written as JSON.stringify writes it (escapes, control characters, surrogates)", () => {
  const texts = ['say "hi"\\', "tab\there\u0001", "lone \ud800 high", "pair \ud83d\ude00 ok", "plain é ü"];
  const a: Alert = {
    ...alert,
    rule: texts[0] as string,
    message: texts.join("|"),
    tags: texts,
    fields: Object.fromEntries(texts.map((t, i) => [`${t}.${i}`, t])),
  };
  const json = formatAlertJson(a, { hostname: texts[2] as string, timeFormatIso8601: true });
  assert.equal(
    json,
    JSON.stringify({
      hostname: texts[2],
      output: formatAlertText(a, { timeFormatIso8601: true }),
      output_fields: { "evt.time.iso8601": 0, ...a.fields },
      priority: a.priority,
      rule: a.rule,
      source: a.source,
      tags: texts,
      time: formatIso8601(a.timeNs, true),
    }).replace('"evt.time.iso8601":0', `"evt.time.iso8601":${a.timeNs}`),
  );
});

test("JSON alert: the members made once per rule follow each alert's rule, priority, source and tags option", () => {
  const tags = ["k8s", 'a"b'];
  const one = { ...alert, rule: "One", priority: "Notice", source: "k8s_audit", tags };
  // Another rule, or the same rule after a reload with another priority, with the same tags array.
  const two = { ...one, rule: 'Two "quoted"', priority: "Critical" };
  const members = (a: Alert, includeTags = true) => {
    const doc = JSON.parse(formatAlertJson(a, { hostname: "h", includeTags }));
    return [doc.rule, doc.priority, doc.source, doc.tags];
  };
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(members(one), ["One", "Notice", "k8s_audit", tags]);
    assert.deepEqual(members(two), ['Two "quoted"', "Critical", "k8s_audit", tags]);
    assert.deepEqual(members(two, false), ['Two "quoted"', "Critical", "k8s_audit", undefined]);
    assert.deepEqual(members({ ...one, source: "syscall" }), ["One", "Notice", "syscall", tags]);
  }
  // Output field keys are escaped as JSON.
  const odd = { ...one, fields: { 'k"ey': "v" } };
  assert.equal(JSON.parse(formatAlertJson(odd, { hostname: "h" })).output_fields['k"ey'], "v");
});
