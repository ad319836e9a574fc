// Image references by the distribution/reference grammar: registry ports, tags, digests, Docker Hub names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultPullPolicy, parseImageRef } from "../../src/immutable/image.js";

const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

function ok(raw: string) {
  const r = parseImageRef(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.error}`);
  return r.ref;
}

test("a Docker Hub short name has no tag and means library/", () => {
  const r = ok("nginx");
  assert.equal(r.registry, undefined);
  assert.equal(r.tag, undefined);
  assert.equal(r.digest, undefined);
  assert.equal(r.repository, "docker.io/library/nginx");
  assert.equal(ok("docker.io/nginx:1.27").repository, "docker.io/library/nginx");
  assert.equal(ok("sysdig/agent").repository, "docker.io/sysdig/agent");
});

test("registry:port is a registry, not a tag (kube-score and Polaris read it as one)", () => {
  const r = ok("registry:5000/app");
  assert.equal(r.registry, "registry:5000");
  assert.equal(r.path, "app");
  assert.equal(r.tag, undefined);
  const t = ok("registry.example.com:5000/team/app:1.2.3");
  assert.equal(t.registry, "registry.example.com:5000");
  assert.equal(t.path, "team/app");
  assert.equal(t.tag, "1.2.3");
  assert.equal(ok("localhost/app").registry, "localhost");
  assert.equal(ok("localhost:5000/app:v1").tag, "v1");
  assert.equal(ok("[::1]:5000/app:v1").registry, "[::1]:5000");
});

test("tags and digests, alone and together", () => {
  assert.equal(ok("nginx:1.27-alpine").tag, "1.27-alpine");
  const d = ok(`nginx@${digest}`);
  assert.equal(d.tag, undefined);
  assert.equal(d.digest, digest);
  const td = ok(`gcr.io/proj/app:v2@${digest}`);
  assert.equal(td.tag, "v2");
  assert.equal(td.digest, digest);
  assert.equal(td.registry, "gcr.io");
  assert.equal(ok("quay.io/connordoyle/cpuset-visualizer").tag, undefined);
});

test("invalid references say why", () => {
  for (const [raw, why] of [
    ["<YOUR-CONTAINER>", "invalid repository name"],
    ['"<image_url>"', "invalid repository name"],
    ["", "empty"],
    ["nginx@sha256:short", "invalid digest"],
    ["Nginx", "invalid repository name"],
    ["nginx:bad tag", "invalid tag"],
    ["registry:5000/", "no repository"],
    ["$(IMAGE)", "invalid repository name"],
  ] as const) {
    const r = parseImageRef(raw);
    assert.equal(r.ok, false, raw);
    if (!r.ok) assert.match(r.error, new RegExp(why), raw);
  }
});

test("the default pull policy follows Kubernetes: Always for latest or no tag, even with a digest and :latest", () => {
  assert.equal(defaultPullPolicy(ok("nginx")), "Always");
  assert.equal(defaultPullPolicy(ok("nginx:latest")), "Always");
  assert.equal(defaultPullPolicy(ok("nginx:1.27")), "IfNotPresent");
  assert.equal(defaultPullPolicy(ok(`nginx@${digest}`)), "IfNotPresent");
  assert.equal(defaultPullPolicy(ok(`nginx:latest@${digest}`)), "Always");
  assert.equal(defaultPullPolicy(ok("registry:5000/app")), "Always");
});
