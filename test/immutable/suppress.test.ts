// Suppressions: Lanner's per-check and per-container annotations with reasons and expiry, the annotations
// of kube-score, kube-linter, Polaris and Checkov, where they may be written, and strict modes.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../../src/immutable/model.js";
import { scanText } from "./helpers.js";

const deployment = (objectAnnotations: string, templateAnnotations = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
${objectAnnotations || "    x: y\n"}spec:
  template:
    metadata:
      annotations:
${templateAnnotations || "        x: y\n"}    spec:
      containers:
      - name: app
        image: nginx:1.27
      - name: istio-proxy
        image: istio/proxyv2:1.22
`;

function scan(objectAnnotations: string, templateAnnotations = "", mode?: "all" | "lanner" | "none") {
  const r = scanText(
    deployment(objectAnnotations, templateAnnotations),
    mode === undefined ? {} : { suppressions: mode },
  );
  const o = r.objects[0];
  assert.ok(o !== undefined);
  return o;
}

const of = (fs: readonly Finding[], checkId: string) => fs.filter((f) => f.checkId === checkId);

test("a Lanner annotation suppresses one check for the object, with its reason; findings stay reported", () => {
  const o = scan('    ignore.lanner.dev/read-only-root-fs: "writes its cache; tracked in OPS-12"\n');
  const ro = of(o.findings, "read-only-root-fs");
  assert.equal(ro.length, 2);
  for (const f of ro) {
    assert.deepEqual(f.suppressed, {
      source: "lanner",
      annotation: "ignore.lanner.dev/read-only-root-fs",
      reason: "writes its cache; tracked in OPS-12",
      scope: "object",
    });
  }
  assert.ok(of(o.findings, "seccomp").every((f) => f.suppressed === undefined));
});

test("per-container suppression touches only that container, also from the pod template", () => {
  const o = scan(
    "",
    '        ignore.lanner.dev/capabilities-drop-all.istio-proxy: "sidecar injected by istio"\n',
  );
  const caps = of(o.findings, "capabilities-drop-all");
  assert.deepEqual(
    caps.map((f) => [f.container?.name, f.suppressed?.scope ?? null]),
    [
      ["app", null],
      ["istio-proxy", "container"],
    ],
  );
  const all = scan('    ignore.lanner.dev/all.istio-proxy: "managed by the mesh"\n');
  assert.ok(
    all.findings.filter((f) => f.container?.name === "istio-proxy").every((f) => f.suppressed !== undefined),
  );
  assert.ok(all.findings.filter((f) => f.container?.name === "app").every((f) => f.suppressed === undefined));
});

test("a suppression without a reason, expired, or for an unknown check is not honoured and says why", () => {
  const o = scan(
    '    ignore.lanner.dev/seccomp: ""\n    ignore.lanner.dev/read-only-root-fs: "legacy app; expires=2025-01-31"\n    ignore.lanner.dev/no-such-check: "x"\n    ignore.lanner.dev/privilege-escalation: "migrating; expires=2030-01-01"\n',
  );
  assert.ok(of(o.findings, "seccomp").every((f) => f.suppressed === undefined));
  assert.ok(of(o.findings, "read-only-root-fs").every((f) => f.suppressed === undefined));
  const pe = of(o.findings, "privilege-escalation")[0];
  assert.equal(pe?.suppressed?.expires, "2030-01-01");
  assert.equal(pe?.suppressed?.reason, "migrating");
  assert.deepEqual(
    o.suppressionNotes.map((n) => n.message),
    [
      "not honoured: a suppression needs a reason as its value",
      "not honoured: expired on 2025-01-31",
      "not honoured: no check 'no-such-check'",
    ],
  );
});

test("kube-score, kube-linter, Polaris and Checkov annotations map to Lanner's checks", () => {
  const ks = scan(
    '    kube-score/ignore: "container-security-context-readonlyrootfilesystem, container-image-tag"\n',
  );
  assert.equal(of(ks.findings, "read-only-root-fs")[0]?.suppressed?.source, "kube-score");
  assert.equal(of(ks.findings, "seccomp")[0]?.suppressed, undefined);

  const kl = scan('    ignore-check.kube-linter.io/run-as-non-root: "runs as root by design"\n');
  const rnr = of(kl.findings, "run-as-non-root")[0];
  assert.equal(rnr?.suppressed?.source, "kube-linter");
  assert.equal(rnr?.suppressed?.reason, "runs as root by design");

  const klAll = scan('    kube-linter.io/ignore-all: "vendor chart"\n');
  assert.ok(klAll.findings.every((f) => f.suppressed?.source === "kube-linter"));

  const pol = scan('    polaris.fairwinds.com/privilegeEscalationAllowed-exempt: "true"\n');
  assert.equal(of(pol.findings, "privilege-escalation")[0]?.suppressed?.source, "polaris");
  const polFalse = scan('    polaris.fairwinds.com/privilegeEscalationAllowed-exempt: "false"\n');
  assert.equal(of(polFalse.findings, "privilege-escalation")[0]?.suppressed, undefined);

  const ck = scan(
    '    checkov.io/skip1: "CKV_K8S_22=cache writes"\n    checkov.io/skip2: CKV_K8S_43\n    bridgecrew.io/skip1: "CKV_K8S_11=not ours"\n',
  );
  const ro = of(ck.findings, "read-only-root-fs")[0];
  assert.equal(ro?.suppressed?.source, "checkov");
  assert.equal(ro?.suppressed?.reason, "cache writes");
  assert.equal(of(ck.findings, "image-not-pinned")[0]?.suppressed?.reason, "(no reason given)");
});

test("foreign annotations on the pod template count too (kube-linter#423 users expect it)", () => {
  const o = scan("", '        ignore-check.kube-linter.io/no-read-only-root-fs: "template-level"\n');
  assert.ok(of(o.findings, "read-only-root-fs").every((f) => f.suppressed?.source === "kube-linter"));
});

test("a Lanner suppression wins over a foreign one for the same finding", () => {
  const o = scan(
    '    kube-score/ignore: container-security-context-readonlyrootfilesystem\n    ignore.lanner.dev/read-only-root-fs: "ours"\n',
  );
  assert.equal(of(o.findings, "read-only-root-fs")[0]?.suppressed?.source, "lanner");
});

test("strict modes: 'lanner' ignores other tools' annotations, 'none' ignores all", () => {
  const anns =
    '    kube-score/ignore: container-security-context-readonlyrootfilesystem\n    ignore.lanner.dev/seccomp: "ok"\n';
  const lannerOnly = scan(anns, "", "lanner");
  assert.equal(of(lannerOnly.findings, "read-only-root-fs")[0]?.suppressed, undefined);
  assert.equal(of(lannerOnly.findings, "seccomp")[0]?.suppressed?.source, "lanner");
  const none = scan(anns, "", "none");
  assert.ok(none.findings.every((f) => f.suppressed === undefined));
});
