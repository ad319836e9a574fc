// The ready-made Slack (incoming webhook) and generic webhook (Falcosidekick's FalcoPayload) outputs
// against a real HTTP server: bodies byte for byte, headers, method, minimum priorities.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatAlertText } from "../../src/outputs/alert.js";
import { OutputPipeline } from "../../src/outputs/pipeline.js";
import { httpReceiver, makeAlert } from "./receivers.js";

const base = { hostname: "h", time_format_iso_8601: true } as const;
const text = (n: number, priority = "Warning") =>
  formatAlertText(makeAlert(n, priority), { timeFormatIso8601: true });

test("Slack: a readable message, coloured by priority, with the fields as a table", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    slack_output: { enabled: true, webhook_url: rx.url, channel: "#security", minimum_priority: "warning" },
  });
  p.emit(makeAlert(0, "Warning"));
  p.emit(makeAlert(1, "Notice"));
  p.emit(makeAlert(2, "Critical"));
  await p.close();
  await rx.stop();
  assert.equal(rx.received.length, 2, "Notice is below the channel's minimum priority");
  const r = rx.received[0];
  assert.equal(r?.headers["content-type"], "application/json");
  assert.equal(r?.headers["user-agent"], "lanner");
  const out = text(0).replace("<", "&lt;").replace(">", "&gt;");
  assert.equal(
    r?.raw.toString("utf8"),
    `{"channel":"#security","username":"Lanner","text":"*Warning*: Write below etc","attachments":[{` +
      `"fallback":${JSON.stringify(text(0))},"color":"#ffff00","text":${JSON.stringify(out)},"fields":[` +
      `{"title":"rule","value":"Write below etc","short":true},` +
      `{"title":"priority","value":"Warning","short":true},` +
      `{"title":"source","value":"syscall","short":true},` +
      `{"title":"hostname","value":"h","short":true},` +
      `{"title":"tags","value":"filesystem, mitre_persistence","short":true},` +
      `{"title":"time","value":"2016-08-04T16:17:57.881781397Z","short":false},` +
      `{"title":"fd.name","value":"/etc/shadow","short":true},` +
      `{"title":"proc.name","value":"vi","short":true},` +
      `{"title":"proc.pid","value":"0","short":true},` +
      `{"title":"user.name","value":"&lt;NA&gt;","short":true}]}]}`,
  );
  const critical = JSON.parse(rx.received[1]?.body ?? "{}");
  assert.equal(critical.attachments[0].color, "#ff9000");
  assert.equal(critical.text, "*Critical*: Write below etc");
});

test("Slack output_format text: the output alone, no table", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    slack_output: {
      enabled: true,
      webhook_url: rx.url,
      output_format: "text",
      username: "falco",
      footer: "prod",
    },
  });
  p.emit(makeAlert(0, "Error"));
  await p.close();
  await rx.stop();
  assert.equal(
    rx.received[0]?.raw.toString("utf8"),
    `{"username":"falco","text":"*Error*: Write below etc","attachments":[{"fallback":${JSON.stringify(text(0, "Error"))},"color":"#ffc700","text":${JSON.stringify(text(0, "Error"))},"footer":"prod"}]}`,
  );
});

test("webhook: Falcosidekick's payload, custom headers and method", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    webhook_output: {
      enabled: true,
      url: rx.url,
      method: "PUT",
      headers: { Authorization: "Bearer s3cr3t", "X-Cluster": "prod-1" },
      minimum_priority: "error",
    },
  });
  p.emit(makeAlert(0, "Error"));
  p.emit(makeAlert(1, "Warning"));
  await p.close();
  await rx.stop();
  assert.equal(rx.received.length, 1);
  const r = rx.received[0];
  assert.equal(r?.method, "PUT");
  assert.equal(r?.headers.authorization, "Bearer s3cr3t");
  assert.equal(r?.headers["x-cluster"], "prod-1");
  assert.equal(r?.headers["content-type"], "application/json");
  const body = r?.raw.toString("utf8") ?? "";
  const uuid = /^\{"uuid":"([0-9a-f-]{36})",/.exec(body)?.[1];
  assert.ok(uuid, body);
  assert.equal(
    body,
    `{"uuid":"${uuid}","output":${JSON.stringify(text(0, "Error"))},"priority":"Error","rule":"Write below etc",` +
      `"time":"2016-08-04T16:17:57.881781397Z","output_fields":{"evt.time.iso8601":1470327477881781397,` +
      `"fd.name":"/etc/shadow","proc.name":"vi","proc.pid":0,"user.name":null},"source":"syscall",` +
      `"tags":["filesystem","mitre_persistence"],"hostname":"h"}`,
  );
});

test("every channel gets the alert; each keeps its own counters", async () => {
  const rx = await httpReceiver();
  const p = new OutputPipeline({
    ...base,
    http_output: { enabled: true, url: rx.url },
    slack_output: { enabled: true, webhook_url: rx.url },
    webhook_output: { enabled: true, url: rx.url, minimum_priority: "critical" },
  });
  assert.deepEqual(p.channels, ["http", "slack", "webhook"]);
  p.emit(makeAlert(0, "Critical"));
  p.emit(makeAlert(1, "Informational"));
  await p.close();
  await rx.stop();
  const s = p.stats();
  assert.equal(s.channels.http?.sent, 2);
  assert.equal(s.channels.slack?.sent, 2);
  assert.equal(s.channels.webhook?.sent, 1);
  assert.equal(s.sent, 5);
  assert.equal(rx.received.length, 5);
});
