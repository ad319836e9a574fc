import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCondition } from "../../src/filter/index.js";
import { computeValueSet } from "../../src/filter/value-index.js";

const values = (cond: string, field = "ka.verb") => {
  const s = computeValueSet(parseCondition(cond), field);
  return s === undefined ? undefined : [...s].sort();
};

test("values a condition can match: = and in pin the field, and intersects, or unites", () => {
  assert.deepEqual(values("ka.verb=create"), ["create"]);
  assert.deepEqual(values("ka.verb in (create, update, patch) and ka.user.name=bob"), [
    "create",
    "patch",
    "update",
  ]);
  assert.deepEqual(values("ka.verb in (create, update) and ka.verb in (update, patch)"), ["update"]);
  assert.deepEqual(values("ka.verb=create and ka.verb=delete"), []);
  assert.deepEqual(values("(ka.verb=create and x.y=1) or ka.verb in (get)"), ["create", "get"]);
  assert.deepEqual(values("ka.verb intersects (list, watch)"), ["list", "watch"]);
  assert.deepEqual(values("ka.target.resource=pods and ka.verb=get", "ka.target.resource"), ["pods"]);
});

test("values a condition can match: negation, other operators, transformers and other fields leave it free", () => {
  for (const cond of [
    "not ka.verb=create",
    "ka.verb!=create",
    "ka.verb startswith cre",
    "tolower(ka.verb)=create",
    "ka.verb=val(ka.uri)",
    "ka.verb=create or ka.user.name=bob",
    "ka.user.name=bob",
    "ka.verb exists",
  ])
    assert.equal(values(cond), undefined, cond);
});
