// `lanner immutable drift-rules`: the writable mounts a manifest declares become list appends that the
// real rules loader accepts after Lanner's default rules, and then change what the drift rules report.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { DEFAULT_RULES_DIR } from "../../src/cli/rules.js";
import { Engine } from "../../src/engine/engine.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import {
  declaredWritableMounts,
  formatDriftRules,
  imageRepositories,
} from "../../src/immutable/drift-rules.js";
import { readManifestSources } from "../../src/immutable/input.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { replayScap } from "../../src/syscall/replay.js";
import { EventCode as C } from "../../src/syscall/scap/event-table.js";
import { CaptureBuilder, CONTAINER_ID, O } from "../conformance/syscall-capture.js";

const POD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          securityContext: {readOnlyRootFilesystem: true}
          volumeMounts:
            - {name: cache, mountPath: /var/cache/nginx}
            - {name: data, mountPath: /srv/data/}
            - {name: conf, mountPath: /etc/nginx/conf.d}
            - {name: logs, mountPath: /var/log/nginx, readOnly: true}
      volumes:
        - {name: cache, emptyDir: {}}
        - {name: data, persistentVolumeClaim: {claimName: data}}
        - {name: conf, configMap: {name: conf}}
        - {name: logs, emptyDir: {}}
`;

test("writable mounts only: configMap and readOnly mounts are left out, trailing slashes dropped", () => {
  const d = declaredWritableMounts([{ name: "web.yaml", content: POD }]);
  assert.deepEqual(d.errors, []);
  assert.equal(d.containers, 1);
  assert.deepEqual(
    d.mounts.map((m) => [m.path, [...m.types], [...m.users]]),
    [
      ["/srv/data", ["persistentVolumeClaim"], ["Deployment/web nginx"]],
      ["/var/cache/nginx", ["emptyDir"], ["Deployment/web nginx"]],
    ],
  );
});

async function drift(extra: string | undefined, build: (c: CaptureBuilder) => void): Promise<string[]> {
  const files = readRulesFiles([DEFAULT_RULES_DIR]);
  if (extra !== undefined) files.push({ name: "drift.yaml", content: extra });
  const loaded = loadRules(files, defaultSchemas());
  assert.equal(loaded.ok, true, JSON.stringify(loaded.perFile.map((f) => f.errors)));
  const engine = new Engine(loaded.rules, { matching: "all" });
  const c = new CaptureBuilder([{ tid: 401, comm: "nginx", exepath: "/usr/sbin/nginx", container: true }]);
  build(c);
  const out: string[] = [];
  await replayScap(c.build(), {
    onEvent(evt, type) {
      for (const r of engine.process("syscall", evt, type)) out.push(r.name);
      return undefined;
    },
  });
  return out;
}

test("the generated file loads after the default rules and allows exactly the declared mounts", async () => {
  const rules = formatDriftRules(declaredWritableMounts([{ name: "web.yaml", content: POD }]), "web.yaml");
  const write = (p: string) => (c: CaptureBuilder) => c.openat(401, p, O.WRONLY | O.CREAT);
  const DRIFT = "Write Outside Writable Mounts In Container";
  assert.deepEqual(await drift(undefined, write("/var/cache/nginx/x")), [DRIFT]);
  assert.deepEqual(await drift(rules, write("/var/cache/nginx/x")), []);
  assert.deepEqual(await drift(rules, write("/srv/data/db/x")), []);
  assert.deepEqual(await drift(rules, write("/var/log/nginx/access.log")), [DRIFT]);
  assert.deepEqual(await drift(rules, write("/etc/nginx/conf.d/x")), [
    "Write Below Binary Or Etc Directory",
    DRIFT,
  ]);
  // An emptyDir is a drift surface for executables; a claim is not listed for that.
  const TEMP = "Executable From Writable Temp Directory In Container";
  assert.deepEqual(await drift(undefined, (c) => c.exec(401, "/var/cache/nginx/x")), []);
  assert.deepEqual(await drift(rules, (c) => c.exec(401, "/var/cache/nginx/x")), [TEMP]);
  assert.deepEqual(await drift(rules, (c) => c.exec(401, "/srv/data/x")), []);
});

const TWO_IMAGES = `${POD}---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
    - name: app
      image: registry.internal:5000/team/app:2
      volumeMounts: [{name: state, mountPath: /var/lib/app}]
  volumes: [{name: state, emptyDir: {}}]
`;

test("image repositories as runtimes report them: Docker Hub short and full, other registries full", () => {
  assert.deepEqual(imageRepositories("nginx:1.27"), ["nginx", "docker.io/library/nginx"]);
  assert.deepEqual(imageRepositories(`docker.io/bitnami/redis@sha256:${"a".repeat(64)}`), [
    "bitnami/redis",
    "docker.io/bitnami/redis",
  ]);
  assert.deepEqual(imageRepositories("registry.internal:5000/team/app:2"), [
    "registry.internal:5000/team/app",
  ]);
  assert.deepEqual(imageRepositories("Not An Image"), []);
});

test("--per-image: each image may write only below its own workloads' mounts", async () => {
  const rules = formatDriftRules(
    declaredWritableMounts([{ name: "two.yaml", content: TWO_IMAGES }]),
    "two.yaml",
    { perImage: true },
  );
  assert.match(rules, /- macro: lanner_declared_writable_by_image/);
  assert.doesNotMatch(rules, /- list: lanner_container_writable_dirs/, "no node-wide allowance");
  // The container of the capture runs nginx, as its container event says (what a runtime reports).
  const inNginx = (p: string) => (c: CaptureBuilder) =>
    c
      .event(401, C.PPME_CONTAINER_JSON_2_E, {
        json: JSON.stringify({
          container: {
            id: CONTAINER_ID.slice(0, 12),
            full_id: CONTAINER_ID,
            type: 0,
            name: "web",
            image: "nginx:1.27",
            imagerepo: "nginx",
            imagetag: "1.27",
          },
        }),
      })
      .openat(401, p, O.WRONLY | O.CREAT);
  const DRIFT = "Write Outside Writable Mounts In Container";
  assert.deepEqual(await drift(rules, inNginx("/var/cache/nginx/x")), [], "nginx's own emptyDir");
  assert.deepEqual(await drift(rules, inNginx("/tmp/x")), [], "the default writable dirs stay allowed");
  assert.deepEqual(await drift(rules, inNginx("/var/lib/app/x")), [DRIFT], "another image's mount");
  assert.deepEqual(await drift(rules, inNginx("/usr/share/nginx/html/x")), [DRIFT]);
  // Node-wide (the default), the other image's mount is allowed for nginx too.
  const nodeWide = formatDriftRules(
    declaredWritableMounts([{ name: "two.yaml", content: TWO_IMAGES }]),
    "two.yaml",
  );
  assert.deepEqual(await drift(nodeWide, inNginx("/var/lib/app/x")), []);
  // Without container metadata no image matches: a declared mount is reported (the documented cost).
  const bare = (c: CaptureBuilder) => c.openat(401, "/var/cache/nginx/x", O.WRONLY | O.CREAT);
  assert.deepEqual(await drift(rules, bare), [DRIFT]);
});

test("the whole manifest corpus: rules that load, every path absolute, no / mount allowed", () => {
  const corpus = path.resolve(process.cwd(), "../shared/k8s/manifests");
  const d = declaredWritableMounts(readManifestSources([corpus]));
  assert.ok(d.containers > 100, String(d.containers));
  assert.ok(d.mounts.length > 10);
  assert.ok(d.mounts.every((m) => m.path.startsWith("/") && !m.path.endsWith("/")));
  const text = formatDriftRules(d, corpus);
  const loaded = loadRules(
    [...readRulesFiles([DEFAULT_RULES_DIR]), { name: "drift.yaml", content: text }],
    defaultSchemas(),
  );
  assert.equal(loaded.ok, true, JSON.stringify(loaded.perFile.map((f) => f.errors)));
  assert.doesNotMatch(text, /^ {4}- "\/" /m);
  const perImage = loadRules(
    [
      ...readRulesFiles([DEFAULT_RULES_DIR]),
      { name: "drift.yaml", content: formatDriftRules(d, corpus, { perImage: true }) },
    ],
    defaultSchemas(),
  );
  assert.equal(perImage.ok, true, JSON.stringify(perImage.perFile.map((f) => f.errors)));
});
