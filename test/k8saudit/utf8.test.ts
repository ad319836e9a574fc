// UTF-8 decoding of audit input: the latin1 fast path for ASCII must give what a UTF-8 decoder gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Utf8Stream, utf8Text } from "../../src/k8saudit/utf8.js";

test("whole buffers: ASCII and UTF-8 alike", () => {
  assert.equal(utf8Text(Buffer.from('{"a":"b"}')), '{"a":"b"}');
  assert.equal(utf8Text(Buffer.from("é日本\u{1f600}")), "é日本\u{1f600}");
  assert.equal(utf8Text(Buffer.from([0x61, 0xc3])), "a\ufffd");
});

test("pieces: characters split between pieces, invalid bytes and a partial character at the end", () => {
  const bytes = Buffer.concat([
    Buffer.from("abc é日"),
    Buffer.from([0xc3]),
    Buffer.from("xyz\u{1f600}q"),
    Buffer.from([0xe6, 0x97]),
  ]);
  const reference = new TextDecoder().decode(bytes);
  for (const size of [1, 2, 3, 4, 5, 7, 64]) {
    const s = new Utf8Stream();
    let out = "";
    for (let i = 0; i < bytes.length; i += size) out += s.push(bytes.subarray(i, i + size));
    out += s.end();
    assert.equal(out, reference, `piece size ${size}`);
  }
});
