// Large EventList bodies cut into items on their bytes read exactly like the whole text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitEventList } from "../../src/k8saudit/event-list-split.js";
import { AuditEventReader, type ReadResult } from "../../src/k8saudit/index.js";
import { utf8Text } from "../../src/k8saudit/utf8.js";
import { readWebhookBody } from "../../src/k8saudit/webhook-body.js";
import { traceLines } from "./helpers.js";

const view = (r: ReadResult) => ({
  events: r.events.map((e) => [e.text, e.num, e.line, e.tsNs]),
  diagnostics: r.diagnostics,
});

/** The result of the split path, when it applies, and of the whole text. */
function both(body: string) {
  const bytes = Buffer.from(body, "utf8");
  const parts = splitEventList(bytes);
  const split = parts && new AuditEventReader().readEventListParts(parts);
  const whole = new AuditEventReader().readPayload(body);
  return { split, whole };
}

test("EventList bodies: the split path gives the whole text's events, or steps aside", () => {
  const items = traceLines();
  // An item whose user name the cases below rewrite.
  const user = items.find((x) => x.includes('"minikube-user"'));
  assert.ok(user);
  const list = (xs: string[], extra = "") =>
    `{"kind":"EventList","apiVersion":"audit.k8s.io/v1"${extra},"items":[${xs.join(",")}],"metadata":{}}`;
  const cases: Array<[string, string, boolean]> = [
    ["samples", list(items), true],
    ["UTF-8 in an item", list([user.replace('"minikube-user"', '"utilisateur-é-日本"'), ...items]), true],
    ["spaces around items", `{ "kind" : "EventList" , "items" : [ ${items.join(" , ")} ] }`, true],
    ["empty items", '{"kind":"EventList","items":[]}', true],
    [
      "escaped quotes and backslash runs in values and keys",
      list(
        [user.replace('"minikube-user"', String.raw`"a\"b\\\"]}c\\"`), ...items],
        String.raw`,"k\"ey":"v\\","x":"\\\\"`,
      ),
      true,
    ],
    ["an item that is not JSON", list([...items, '{"kind":"Event",}']), false],
    ["a missing comma", list(items).replace("},{", "} {"), false],
    ["two commas", list(items).replace("},{", "},,{"), false],
    ["a trailing comma", list([...items, ""]), false],
    ["not an EventList", list(items).replace('"kind":"EventList"', '"kind":"Other"'), false],
    ["garbage after", `${list(items)} x`, false],
    ["items twice: the first counts", list(items, ',"items":[{"kind":"Event"}]'), true],
    ["a pretty-printed body", JSON.stringify(JSON.parse(list(items)), null, 1), false],
    ["items that are not events", list([...items, "1", '"x"', "null"]), true],
  ];
  for (const [name, body, splits] of cases) {
    const { split, whole } = both(body);
    assert.equal(split !== undefined, splits, `${name}: split path ${split ? "taken" : "not taken"}`);
    if (split) assert.deepEqual(view(split), view(whole), name);
  }
});

test("a webhook body cut into items locates each event's bytes, items that are not events skipped", () => {
  const items = traceLines();
  const user = items.find((x) => x.includes('"minikube-user"')) as string;
  const mixed = [user.replace('"minikube-user"', '"utilisateur-é-日本"'), "1", ...items, '"x"', "{}"];
  const bytes = Buffer.from(`{"kind":"EventList","items":[${mixed.join(",")}]}`, "utf8");
  assert.ok(bytes.length >= 64 * 1024, "large enough to be cut");
  const read = readWebhookBody(bytes, undefined);
  const whole = new AuditEventReader().readPayload(bytes.toString("utf8"));
  assert.deepEqual(
    read.events.map((e) => e.text),
    whole.events.map((e) => e.text),
  );
  assert.ok(read.diagnostics.length >= 3);
  const ranges = read.ranges ?? [];
  assert.equal(ranges.length, 2 * read.events.length);
  read.events.forEach((e, i) => {
    assert.equal(utf8Text(bytes.subarray(ranges[2 * i], ranges[2 * i + 1])), e.text, `event ${i}`);
  });
  // A small body is read whole: its events are not located in it.
  assert.equal(
    readWebhookBody(Buffer.from(`{"kind":"EventList","items":[${user}]}`), undefined).ranges,
    undefined,
  );
});

test("2,000 mutated bodies: whenever the split path answers, it answers like the whole text", () => {
  const items = traceLines().slice(0, 12);
  const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${items.join(",")}]}`;
  let seed = 3;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pieces = ['"', "\\", "{", "}", "[", "]", ",", ":", " ", "0", "x"];
  let answered = 0;
  for (let k = 0; k < 2000; k++) {
    let t = body;
    for (let e = 0; e < 1 + rnd(2); e++) {
      const at = rnd(t.length);
      const piece = pieces[rnd(pieces.length)] as string;
      t = rnd(2) === 0 ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + piece + t.slice(at);
    }
    const { split, whole } = both(t);
    if (split) {
      answered++;
      assert.deepEqual(view(split), view(whole), `mutation ${k}`);
    }
  }
  assert.ok(answered > 200, `the split path answered ${answered} times`);
});
