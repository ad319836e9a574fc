// `lanner immutable fix`: the nginx case field by field, formatting kept, idempotence, the knowledge base,
// profiles, review markers, edge shapes (flow maps, null values, indented sequences, Lists), and the whole
// corpus fixed and re-scanned.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { runFix } from "../../src/cli/immutable.js";
import { unifiedDiff } from "../../src/immutable/fix/diff.js";
import { type FixOptions, fixSource, imageRepository } from "../../src/immutable/fix/fixer.js";
import { KNOWLEDGE_BASE } from "../../src/immutable/fix/knowledge-base.js";
import { parseWritableProfile } from "../../src/immutable/fix/profile.js";
import { detectStyle } from "../../src/immutable/fix/yaml-patch.js";
import { readManifestSources } from "../../src/immutable/input.js";
import { scanSources } from "../../src/immutable/scan.js";
import { CORPUS, FIXTURES } from "./helpers.js";

type Obj = Record<string, unknown>;
const get = (v: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>(
    (cur, k) => (cur === null || typeof cur !== "object" ? undefined : (cur as Obj)[k]),
    v,
  );

function fix(content: string, options: FixOptions = {}) {
  const r = fixSource({ name: "m.yaml", content }, options);
  assert.deepEqual(r.errors, []);
  return r;
}

/** True when every line of `a` appears in `b` in the same order (edits only added lines, or `# lanner:`
 * comments at the end of existing lines). */
function onlyAdds(a: string, b: string, json = false): boolean {
  // JSON has no comments, and a new member after the last one adds a comma to it.
  const norm = (l: string) => (json ? l.replace(/,\r?$/, "") : l.replace(/\r$/, ""));
  const bl = b.split("\n").map(norm);
  let j = 0;
  for (const line of a.split("\n").map(norm)) {
    while (j < bl.length && bl[j] !== line && !bl[j]?.startsWith(`${line}  # lanner: `)) j++;
    if (j === bl.length) return false;
    j++;
  }
  return true;
}

const nginxFixture = readFileSync(path.join(FIXTURES, "nginx-deployment.yaml"), "utf8");

test("the nginx case: read-only root, emptyDirs for /var/cache/nginx and /var/run, field by field", () => {
  const r = fix(nginxFixture);
  const out = parse(r.content) as Obj;
  const podSpec = get(out, "spec", "template", "spec");
  const c = get(podSpec, "containers", 0);
  assert.equal(get(c, "name"), "nginx");
  assert.equal(get(c, "image"), "nginx:1.27");
  assert.equal(get(c, "securityContext", "readOnlyRootFilesystem"), true);
  assert.equal(get(c, "securityContext", "allowPrivilegeEscalation"), false);
  assert.deepEqual(get(c, "volumeMounts"), [
    { name: "lanner-var-cache-nginx", mountPath: "/var/cache/nginx" },
    { name: "lanner-var-run", mountPath: "/var/run" },
  ]);
  assert.deepEqual(get(podSpec, "volumes"), [
    { name: "lanner-var-cache-nginx", emptyDir: { sizeLimit: "256Mi" } },
    { name: "lanner-var-run", emptyDir: { sizeLimit: "1Mi" } },
  ]);
  assert.deepEqual(get(podSpec, "securityContext"), { seccompProfile: { type: "RuntimeDefault" } });
  // Nothing else moved: same replicas, labels, ports.
  assert.equal(get(out, "spec", "replicas"), 2);
  assert.deepEqual(get(c, "ports"), [{ containerPort: 80 }]);
  // Every original line (comments, quotes, indentation) is still there, in order; the rest are additions.
  assert.ok(onlyAdds(nginxFixture, r.content));
  // Each added line says why, with the knowledge base's source.
  const added = r.content.split("\n").filter((l) => !nginxFixture.split("\n").includes(l));
  assert.ok(added.some((l) => /readOnlyRootFilesystem: true {2}# lanner: immutable root/.test(l)));
  assert.ok(
    added.some((l) =>
      /- name: lanner-var-cache-nginx {2}# lanner: nginx creates its client_temp.*source: docker-library\/docs nginx/.test(
        l,
      ),
    ),
  );
  assert.ok(added.some((l) => /- name: lanner-var-run {2}# lanner: emptyDir for nginx:\/var\/run/.test(l)));
  // The fixture indents sequences under their key by two; new sequences do the same.
  assert.ok(r.content.includes("\n          volumeMounts:\n            - name: lanner-var-cache-nginx"));
});

test("the nginx case: a second run changes nothing, and a scan of the result is clean for the root", () => {
  const once = fix(nginxFixture).content;
  const twice = fix(once);
  assert.equal(twice.content, once);
  assert.deepEqual(twice.changes, []);
  const ids = scanSources([{ name: "fixed.yaml", content: once }]).objects.flatMap((o) =>
    o.findings.map((f) => f.checkId),
  );
  for (const gone of ["read-only-root-fs", "privilege-escalation", "seccomp", "emptydir-size-limit"]) {
    assert.ok(!ids.includes(gone), gone);
  }
  assert.equal(ids.filter((id) => id === "writable-mount-exec").length, 2);
});

test("nginx alpine tags get /run (where /var/run points), per the knowledge base", () => {
  const r = fix(nginxFixture.replace('"nginx:1.27"', "nginx:1.27-alpine"));
  const mounts = get(parse(r.content), "spec", "template", "spec", "containers", 0, "volumeMounts") as Obj[];
  assert.deepEqual(
    mounts.map((m) => m.mountPath),
    ["/var/cache/nginx", "/run"],
  );
});

test("every knowledge-base entry names its sources, and each path has a size", () => {
  for (const k of KNOWLEDGE_BASE) {
    assert.ok(k.sources.length > 0, k.id);
    for (const p of k.paths(undefined)) {
      assert.match(p.path, /^\//);
      assert.match(p.sizeLimit, /^\d+(Mi|Gi)$/);
    }
  }
});

test("data paths are added but marked for review (postgres PGDATA; 18+ moves it)", () => {
  const pg = (tag: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n  - name: pg\n    image: postgres:${tag}\n`;
  const r = fix(pg("16"));
  const mounts = get(parse(r.content), "spec", "containers", 0, "volumeMounts") as Obj[];
  assert.deepEqual(
    mounts.map((m) => m.mountPath),
    ["/var/lib/postgresql/data", "/var/run/postgresql", "/tmp"],
  );
  assert.match(r.content, /mountPath: \/var\/lib\/postgresql\/data/);
  assert.match(
    r.content,
    /- name: lanner-var-lib-postgresql-data {2}# lanner: review: database files in an emptyDir are lost/,
  );
  assert.ok(r.changes.some((c) => c.action === "add-volume" && c.detail.includes("review")));
  const r18 = fix(pg("18.1"));
  assert.equal(
    get(parse(r18.content), "spec", "containers", 0, "volumeMounts", 0, "mountPath"),
    "/var/lib/postgresql",
  );
});

test("an existing mount (or a StatefulSet claim) covering a path is kept; a read-only one is flagged", () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers:
      - name: pg
        image: postgres:16
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql
        - name: run
          mountPath: /var/run/postgresql
          readOnly: true
      volumes:
      - name: run
        emptyDir: {sizeLimit: 1Mi}
  volumeClaimTemplates:
  - metadata: {name: data}
`;
  const r = fix(sts);
  const mounts = get(parse(r.content), "spec", "template", "spec", "containers", 0, "volumeMounts") as Obj[];
  assert.deepEqual(
    mounts.map((m) => m.mountPath),
    ["/var/lib/postgresql", "/var/run/postgresql", "/tmp"],
  );
  assert.ok(r.changes.some((c) => c.action === "review" && c.detail.includes("read-only mount")));
  // The new volume joins the flow-style emptyDir list's block sequence, keeping the flow map as written.
  assert.match(r.content, /emptyDir: \{sizeLimit: 1Mi\}\n {6}- name: lanner-tmp/);
});

test("unknown images: read-only root and /tmp marked for review, or left alone with --skip-unknown", () => {
  const pod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: registry.example.com/shop/app:2.1\n";
  const r = fix(pod);
  assert.match(
    r.content,
    /readOnlyRootFilesystem: true {2}# lanner: review: registry.example.com\/shop\/app:2.1 is not in the knowledge base/,
  );
  assert.match(r.content, /- name: lanner-tmp {2}# lanner: review: the image is not in the knowledge base;/);
  const skipped = fix(pod, { unknownImages: "skip" });
  assert.equal(
    get(parse(skipped.content), "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"),
    undefined,
  );
  assert.ok(skipped.changes.some((c) => c.action === "skip"));
});

test("a learned profile replaces the knowledge base with exactly its paths", () => {
  const profile = parseWritableProfile(
    readFileSync(path.join(FIXTURES, "writable-profile.yaml"), "utf8"),
    "writable-profile.yaml",
    imageRepository,
  );
  const pod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: registry.example.com/shop/app:2.1@sha256:" +
    "c".repeat(64) +
    "\n";
  const r = fix(pod, { profile });
  const c = get(parse(r.content), "spec", "containers", 0);
  assert.deepEqual(
    (get(c, "volumeMounts") as Obj[]).map((m) => m.mountPath),
    ["/var/cache/app", "/tmp"],
  );
  assert.match(r.content, /# lanner: written at runtime \(source: writable-profile.yaml\)/);
  assert.ok(!r.content.includes("review"));
  assert.throws(() => parseWritableProfile("kind: Nope\n", "bad.yaml", imageRepository), /bad.yaml: /);
});

test("privileged containers are left as they are, with a review comment", () => {
  const r = fix(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: agent\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n",
  );
  assert.match(r.content, /- name: agent {2}# lanner: review: privileged container left as is/);
  assert.equal(
    get(parse(r.content), "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"),
    undefined,
  );
});

test("existing settings: false becomes true in place, explicit escalation stays, chosen seccomp stays", () => {
  const src = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: nginx:1.27
    securityContext:
      readOnlyRootFilesystem: false   # we used to need this
      allowPrivilegeEscalation: true
      seccompProfile: {type: Localhost, localhostProfile: my.json}
`;
  const r = fix(src);
  assert.match(r.content, /readOnlyRootFilesystem: true {3}# we used to need this\n/);
  const sc = get(parse(r.content), "spec", "containers", 0, "securityContext");
  assert.equal(get(sc, "allowPrivilegeEscalation"), true);
  assert.deepEqual(get(sc, "seccompProfile"), { type: "Localhost", localhostProfile: "my.json" });
  assert.equal(get(parse(r.content), "spec", "securityContext"), undefined);
  assert.ok(
    r.changes.some((c) => c.field === "securityContext.allowPrivilegeEscalation" && c.action === "review"),
  );
});

test("pod-level readOnlyRootFilesystem is removed with a note and set on the containers", () => {
  const src = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsNonRoot: true
    readOnlyRootFilesystem: true
  containers:
  - name: app
    image: nginx:1.27
`;
  const r = fix(src);
  const out = parse(r.content) as Obj;
  assert.deepEqual(get(out, "spec", "securityContext"), {
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
  });
  assert.equal(get(out, "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"), true);
  assert.match(r.content, / {4}# lanner: readOnlyRootFilesystem moved to each container/);
  const ids = scanSources([{ name: "x.yaml", content: r.content }]).objects.flatMap((o) =>
    o.findings.map((f) => f.checkId),
  );
  assert.ok(!ids.includes("security-context-misplaced"));
});

test("edge shapes: flow maps, empty values, 4-space indents, Lists, multi-document files", () => {
  const flow =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: app, image: 'nginx:1.27', securityContext: {}}\n";
  const f = fix(flow);
  assert.match(
    f.content,
    /securityContext: \{readOnlyRootFilesystem: true, allowPrivilegeEscalation: false\}, volumeMounts: \[/,
  );
  const empty =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n";
  const e = fix(empty);
  assert.equal(get(parse(e.content), "spec", "securityContext", "seccompProfile", "type"), "RuntimeDefault");
  assert.equal(
    get(parse(e.content), "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"),
    true,
  );
  const four =
    "apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: app\n            image: nginx:1.27\n            ports:\n                -   containerPort: 80\n";
  assert.deepEqual(detectStyle(four), { indent: 4, indentSeq: true });
  const fo = fix(four);
  assert.match(fo.content, /\n {12}securityContext:\n {16}readOnlyRootFilesystem: true/);
  const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    containers:\n    - name: app\n      image: httpd:2.4\n`;
  const l = fix(list);
  assert.deepEqual(get(parse(l.content), "items", 0, "spec", "containers", 0, "volumeMounts", 0), {
    name: "lanner-usr-local-apache2-logs",
    mountPath: "/usr/local/apache2/logs",
  });
  const multi = `# header comment\napiVersion: v1\nkind: Service\nmetadata: {name: s}   # untouched\n---\n# about the pod\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: node:22\n---\nkind: ConfigMap\n`;
  const m = fix(multi);
  assert.ok(onlyAdds(multi, m.content));
  assert.ok(
    m.content.startsWith(
      "# header comment\napiVersion: v1\nkind: Service\nmetadata: {name: s}   # untouched\n---\n# about the pod\n",
    ),
  );
  assert.ok(m.content.endsWith("---\nkind: ConfigMap\n"));
  const docs = parseAllDocuments(m.content);
  assert.ok(Array.isArray(docs) && docs.length === 3);
});

test("volume names avoid existing ones; multi-container pods name volumes per container", () => {
  const src = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: app
    image: node:22
  volumes:
  - name: lanner-web-var-run
    emptyDir: {}
`;
  const r = fix(src);
  const names = (get(parse(r.content), "spec", "volumes") as Obj[]).map((v) => v.name);
  assert.deepEqual(names, [
    "lanner-web-var-run",
    "lanner-web-var-cache-nginx",
    "lanner-web-var-run-2",
    "lanner-app-tmp",
  ]);
});

test("documents that do not parse are left alone and reported", () => {
  const r = fixSource({ name: "bad.yaml", content: "kind: Pod\nspec: [unclosed\n" });
  assert.equal(r.content, r.original);
  assert.equal(r.errors[0]?.code, "YAML_PARSE");
});

test("fix --dry-run prints a unified diff; stdin goes to stdout; files are written only without --dry-run", () => {
  const d = runFix(["-"], { dryRun: true }, { stdin: () => nginxFixture });
  assert.match(d.stdout, /^--- stdin\n\+\+\+ stdin\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
  assert.match(d.stdout, /^\+ {10}securityContext:$/m);
  assert.deepEqual(d.writes, []);
  assert.match(d.stderr, /add-volume volumes\[lanner-var-cache-nginx\]/);
  const s = runFix(["-"], {}, { stdin: () => nginxFixture });
  assert.equal(s.stdout, fix(nginxFixture).content);
  const w = runFix([path.join(FIXTURES, "nginx-deployment.yaml")], {}, {});
  assert.equal(w.writes.length, 1);
  assert.equal(w.stdout, "");
});

test("unified diff: hunks, context, and no output for equal texts", () => {
  assert.equal(unifiedDiff("a\n", "a\n", "x", "y"), "");
  const old = `${Array.from({ length: 20 }, (_, i) => `l${i}`).join("\n")}\n`;
  const neu = old.replace("l2\n", "l2\nnew\n").replace("l17\n", "");
  assert.equal(
    unifiedDiff(old, neu, "a/f", "b/f"),
    "--- a/f\n+++ b/f\n@@ -1,6 +1,7 @@\n l0\n l1\n l2\n+new\n l3\n l4\n l5\n@@ -15,6 +16,5 @@\n l14\n l15\n l16\n-l17\n l18\n l19\n",
  );
});

test("the whole corpus: fixed without errors, only additions, idempotent, and the root is read-only", () => {
  let fixedContainers = 0;
  for (const src of readManifestSources([CORPUS])) {
    const r = fixSource(src);
    assert.deepEqual(r.errors, [], src.name);
    if (r.content === r.original) continue;
    assert.ok(
      onlyAdds(r.original, r.content, src.name.endsWith(".json")),
      `${src.name}: an original line changed`,
    );
    const again = fixSource({ name: src.name, content: r.content });
    assert.equal(again.content, r.content, `${src.name}: second run changed it`);
    const report = scanSources([{ name: src.name, content: r.content }]);
    assert.deepEqual(report.errors, []);
    for (const o of report.objects) {
      for (const f of o.findings) {
        if (f.checkId !== "read-only-root-fs" || f.container?.kind === "ephemeralContainer") continue;
        const privileged = o.findings.some(
          (x) => x.checkId === "privileged" && x.container?.name === f.container?.name,
        );
        assert.ok(privileged, `${src.name}: ${o.kind} ${o.name} [${f.container?.name}] still writable`);
      }
    }
    fixedContainers += r.changes.filter((c) => c.field === "securityContext.readOnlyRootFilesystem").length;
  }
  assert.ok(fixedContainers >= 120, `${fixedContainers} containers made read-only`);
});

test("CRLF files keep CRLF line breaks, including the added lines and comments", () => {
  const crlf = nginxFixture.replaceAll("\n", "\r\n");
  const r = fix(crlf);
  assert.ok(!/[^\r]\n/.test(r.content), "a bare LF was added");
  assert.deepEqual(parse(r.content), parse(fix(nginxFixture).content));
});

test("JSON manifests stay JSON (re-serialized with their indent; JSON has no comments)", () => {
  const json = `${JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "web", image: "httpd:2.4" }] } }, null, 4)}\n`;
  const r = fixSource({ name: "pod.json", content: json });
  assert.deepEqual(r.errors, []);
  const out = JSON.parse(r.content) as Obj;
  assert.equal(get(out, "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"), true);
  assert.equal(get(out, "spec", "containers", 0, "volumeMounts", 0, "mountPath"), "/usr/local/apache2/logs");
  assert.ok(r.content.startsWith('{\n    "apiVersion": "v1",'));
  assert.ok(r.changes.length > 0);
});
