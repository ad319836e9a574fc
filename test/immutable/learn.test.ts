// `lanner immutable learn`: a capture in which a container writes under /var/cache/app and /tmp yields a
// profile with exactly those directories, and `fix --profile` (the CLI's runFix) adds exactly those mounts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { runFix, runLearn } from "../../src/cli/immutable.js";
import { imageRepository } from "../../src/immutable/fix/fixer.js";
import { parseWritableProfile } from "../../src/immutable/fix/profile.js";
import { COLLAPSE_CHILDREN, learnFromCapture, summarisePaths } from "../../src/immutable/learn.js";
import { EventCode as C } from "../../src/syscall/scap/event-table.js";
import { CaptureBuilder, O } from "../conformance/syscall-capture.js";

const APP = 100;
const HOST = 200;

function capture(): Buffer {
  return (
    new CaptureBuilder([
      { tid: APP, comm: "app", exepath: "/usr/bin/app", container: true },
      { tid: HOST, comm: "logrotate", exepath: "/usr/sbin/logrotate" },
    ])
      .exec(APP, "/usr/local/bin/app")
      .openat(APP, "/var/cache/app/a", O.WRONLY | O.CREAT | O.TRUNC, 3)
      .open(APP, "/var/cache/app/b", O.RDWR | O.CREAT, 4)
      .openat(APP, "/tmp/x", O.WRONLY | O.CREAT, 5)
      // Not writes, failed, or pseudo filesystems: none of these may show up.
      .openat(APP, "/etc/app/config.yaml", O.RDONLY, 6)
      .openat(APP, "/var/log/app/denied.log", O.WRONLY | O.CREAT, -13)
      .openat(APP, "/proc/self/oom_score_adj", O.WRONLY, 7)
      .open(APP, "/dev/null", O.WRONLY, 8)
      .unlinkat(APP, "/var/lib/app/gone", -2)
      // Host processes are not containers.
      .openat(HOST, "/var/log/syslog.1", O.WRONLY | O.CREAT, 3)
      .build()
  );
}

test("learn records the directories a container writes and what it executes", async () => {
  const r = await learnFromCapture(capture());
  assert.equal(r.error, undefined);
  assert.equal(r.images.length, 1, "only the container, not the host process");
  const img = r.images[0];
  assert.ok(img !== undefined);
  assert.equal(img.image, img.containerIds[0], "default entry name: the container id");
  assert.deepEqual(img.paths, ["/tmp", "/var/cache/app"]);
  assert.deepEqual(img.executed, ["/usr/local/bin/app"]);
  assert.deepEqual(img.skipped, []);
});

test("rename, unlink and mkdir count; both ends of a rename", async () => {
  const cap = new CaptureBuilder([{ tid: APP, comm: "app", exepath: "/usr/bin/app", container: true }])
    .renameat2(APP, "/srv/spool/in/a.tmp", "/srv/spool/out/a")
    .rename(APP, "/run/app/x.pid.new", "/run/app/x.pid")
    .unlink(APP, "/var/lib/app/stale.lock")
    .event(APP, C.PPME_SYSCALL_MKDIR_2_E, { mode: 0o755 })
    .event(APP, C.PPME_SYSCALL_MKDIR_2_X, { res: 0, path: "/opt/app/work" })
    .build();
  const r = await learnFromCapture(cap, { image: "app" });
  assert.deepEqual(r.images[0]?.paths, [
    "/opt/app/work",
    "/run/app",
    "/srv/spool/in",
    "/srv/spool/out",
    "/var/lib/app",
  ]);
});

test("summary: parents, covered directories dropped, siblings collapsed, pseudo filesystems and / skipped", () => {
  assert.deepEqual(summarisePaths(["/tmp/x", "/tmp/a/b/c", "/var/cache/app/a", "/var/cache/app/b"]), {
    paths: ["/tmp", "/var/cache/app"],
    skipped: [],
  });
  assert.deepEqual(summarisePaths(["/data/", "/data/x", "/proc/1/fd", "/sys/x", "/dev/shm/y", "/rootfile"]), {
    paths: ["/data"],
    skipped: ["/rootfile"],
  });
  const many = Array.from({ length: COLLAPSE_CHILDREN }, (_, i) => `/var/cache/app/d${i}/file`);
  assert.deepEqual(summarisePaths(many).paths, ["/var/cache/app"]);
  const fewer = many.slice(0, COLLAPSE_CHILDREN - 1);
  assert.equal(summarisePaths(fewer).paths.length, COLLAPSE_CHILDREN - 1);
  // Never collapsed to a top-level directory (that would shadow the image's /var).
  const top = Array.from({ length: COLLAPSE_CHILDREN }, (_, i) => `/var/d${i}/file`);
  assert.equal(summarisePaths(top).paths.length, COLLAPSE_CHILDREN);
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/app:2.4.1
          ports:
            - containerPort: 8080
`;

test("learn → fix --profile adds exactly the learned mounts", async () => {
  const learned = await runLearn(
    { eventsFile: "app.scap", image: ["registry.example.com/shop/app"] },
    capture(),
  );
  assert.equal(learned.exitCode, 0);
  const raw = parse(learned.profile) as { images: { image: string; paths: string[] }[] };
  assert.deepEqual(raw.images, [
    {
      image: "registry.example.com/shop/app",
      paths: ["/tmp", "/var/cache/app"],
      executed: ["/usr/local/bin/app"],
    },
  ]);
  // The file parses as the profile `fix --profile` reads.
  const profile = parseWritableProfile(learned.profile, "app-profile.yaml", imageRepository);
  assert.deepEqual(profile.images.get("registry.example.com/shop/app"), ["/tmp", "/var/cache/app"]);

  // The Deployment goes through stdin, the profile through readFile: runFix is what the CLI runs.
  const r = runFix(
    ["-"],
    { profile: "app-profile.yaml" },
    { stdin: () => DEPLOYMENT, readFile: () => learned.profile },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  const out = parse(r.stdout) as {
    spec: {
      template: {
        spec: {
          containers: {
            volumeMounts?: { name: string; mountPath: string }[];
            securityContext?: Record<string, unknown>;
          }[];
          volumes?: { name: string; emptyDir?: unknown }[];
        };
      };
    };
  };
  const pod = out.spec.template.spec;
  const c = pod.containers[0];
  assert.ok(c !== undefined);
  assert.deepEqual(c.volumeMounts?.map((m) => m.mountPath).sort(), ["/tmp", "/var/cache/app"]);
  assert.equal(c.securityContext?.readOnlyRootFilesystem, true);
  assert.equal(pod.volumes?.length, 2);
  assert.ok(pod.volumes?.every((v) => v.emptyDir !== undefined));
  assert.deepEqual(pod.volumes?.map((v) => v.name).sort(), c.volumeMounts?.map((m) => m.name).sort());
  assert.match(r.stdout, /# lanner: written at runtime \(source: app-profile.yaml\)/);
  assert.doesNotMatch(r.stdout, /lanner: review/, "the image is known from the profile");
});

test("learn without events is an error; --image ID=NAME names one container", async () => {
  await assert.rejects(runLearn({}), /no events/);
  const first = await learnFromCapture(capture());
  const id = first.images[0]?.containerIds[0] ?? "";
  const r = await learnFromCapture(capture(), { image: new Map([[id.slice(0, 6), "shop/app"]]) });
  assert.equal(r.images[0]?.image, "shop/app");
});
