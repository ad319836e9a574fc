// ka.*, jevt.*/json.* and evt.* values, checked by hand against the k8saudit and json plugins' code.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FieldDef } from "../../src/fields/types.js";
import { createK8sAuditSchema, k8sAuditSchema } from "../../src/k8saudit/index.js";
import { eventFromText, eventOf, field, traceEvent, traceEvents, traceFiles } from "./helpers.js";

/** A pod create event with the given spec. */
function pod(spec: Record<string, unknown>): ReturnType<typeof eventOf> {
  return eventOf({
    auditID: "pod",
    verb: "create",
    objectRef: { resource: "pods", namespace: "default" },
    requestObject: { kind: "Pod", apiVersion: "v1", metadata: { name: "p" }, spec },
  });
}

test("every field of the catalog binds and gives values of its declared shape on every trace event", async () => {
  const defs: FieldDef[] = k8sAuditSchema.classes.flatMap((c) => c.fields);
  assert.ok(defs.length > 100);
  const events = [];
  for (const f of traceFiles()) if (f !== "fal_01_003.json") events.push(...(await traceEvents(f)));
  const seen = new Set<string>();
  for (const def of defs) {
    const args: Array<string | undefined> = [];
    if (!def.arg?.required) args.push(undefined);
    if (def.arg?.kind === "index") args.push("0", "1");
    if (def.arg?.kind === "key") args.push("command", "/etc*");
    if (def.arg?.kind === "path") args.push("/stage", "/requestObject");
    for (const arg of args) {
      const ex = k8sAuditSchema.bind(def, arg);
      for (const e of events) {
        const v = ex(e);
        if (v === undefined) continue;
        seen.add(def.name);
        if (def.isList) {
          assert.ok(Array.isArray(v), `${def.name} should be a list`);
          assert.ok(v.length > 0, `${def.name}: an empty list is no value`);
          for (const s of v) assert.equal(typeof s, "string", def.name);
        } else if (def.type === "CHARBUF") assert.equal(typeof v, "string", def.name);
        else if (def.type === "BOOL") assert.equal(typeof v, "boolean", def.name);
        else assert.ok(typeof v === "number" || typeof v === "bigint", def.name);
      }
    }
  }
  // Fields the trace files exercise.
  for (const name of [
    "ka.req.pod.containers.privileged",
    "ka.req.pod.volumes.hostpath",
    "ka.req.role.rules.verbs",
    "ka.req.binding.subjects.user_names",
    "ka.req.service.ports",
    "ka.uri.param",
    "ka.target.pod.name",
    "jevt.value",
    "json.obj",
    "evt.reltime",
  ]) {
    assert.ok(seen.has(name), name);
  }
  assert.throws(
    () => k8sAuditSchema.bind({ name: "ka.nope", type: "CHARBUF", desc: "" }, undefined),
    /ka\.nope/,
  );
});

test("pod with a privileged container (create_nginx_pod_privileged.json)", async () => {
  const e = await traceEvent("create_nginx_pod_privileged.json");
  assert.deepEqual(field(e, "ka.req.pod.containers.image"), ["nginx"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.image.repository"), ["nginx"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.privileged"), ["true"]);
  assert.equal(field(e, "ka.req.container.privileged"), "true");
  assert.equal(field(e, "ka.req.container.image"), "nginx");
  assert.equal(field(e, "ka.req.container.image.repository"), "nginx");
  assert.equal(field(e, "ka.req.pod.host_network"), undefined);
  assert.equal(field(e, "ka.req.pod.volumes.hostpath"), undefined);
  assert.equal(field(e, "ka.user.name"), "system:serviceaccount:kube-system:replicaset-controller");
  assert.deepEqual(field(e, "ka.user.groups"), [
    "system:serviceaccounts",
    "system:serviceaccounts:kube-system",
    "system:authenticated",
  ]);
  assert.equal(field(e, "ka.resp.name"), "nginx-deployment-5cdcc99dbf-rgw6z");
  assert.equal(field(e, "ka.target.pod.name"), "nginx-deployment-5cdcc99dbf-rgw6z");
  assert.equal(field(e, "ka.target.name"), undefined);
  assert.equal(field(e, "ka.target.namespace"), "default");
  assert.equal(field(e, "ka.response.code"), "201");
  assert.equal(field(e, "ka.auditid"), "a362d22b-db3c-4590-9505-23782f12925f");
  assert.equal(field(e, "ka.stage"), "ResponseComplete");
  assert.equal(field(e, "jevt.value[/sourceIPs/0]"), "::1");
  // The plugin reads requestObject.rules[].sourceIPs: nothing on real events.
  assert.equal(field(e, "ka.sourceips"), undefined);
});

test("second container privileged, first without securityContext", async () => {
  const e = await traceEvent("create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json");
  // Containers without the flag are left out of the list (not "false").
  assert.deepEqual(field(e, "ka.req.pod.containers.privileged"), ["true"]);
  assert.equal(field(e, "ka.req.pod.containers.privileged[0]"), undefined);
  assert.deepEqual(field(e, "ka.req.pod.containers.privileged[1]"), ["true"]);
  assert.equal(field(e, "ka.req.container.privileged"), "true");
  const two = await traceEvent("create_nginx_pod_privileged_2nd_container.json");
  assert.equal((field(two, "ka.req.pod.containers.image") as string[]).length, 2);
});

test("hostPath volume in a two-container pod (create_nginx_pod_sensitive_mount_2nd_container.json)", async () => {
  const e = await traceEvent("create_nginx_pod_sensitive_mount_2nd_container.json");
  assert.deepEqual(field(e, "ka.req.pod.containers.image"), ["nginx", "mysql:latest"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.image[1]"), ["mysql:latest"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.image.repository"), ["nginx", "mysql"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.name"), ["nginx1", "mysql"]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.hostpath"), ["/etc"]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.volume_type"), ["hostPath"]);
  assert.equal(field(e, "ka.req.volume.hostpath[/etc*]"), "true");
  assert.equal(field(e, "ka.req.volume.hostpath[/etc]"), "true");
  assert.equal(field(e, "ka.req.volume.hostpath[/e*]"), "true");
  assert.equal(field(e, "ka.req.volume.hostpath[/e]"), "false");
  assert.equal(field(e, "ka.req.container.privileged"), "false");
  assert.equal(field(e, "ka.req.pod.containers.privileged"), undefined);
  // jevt.value renders objects and arrays as compact JSON.
  assert.equal(
    field(e, "jevt.value[/requestObject/spec/volumes]"),
    '[{"hostPath":{"path":"/etc","type":""},"name":"etc"}]',
  );
  assert.deepEqual(field(e, "ka.req.pod.containers.eff_run_as_user"), ["0", "0"]);
  const mount = await traceEvent("create_nginx_pod_sensitive_mount.json");
  assert.deepEqual(field(mount, "ka.req.pod.volumes.hostpath"), ["/etc"]);
  const other = await traceEvent("create_nginx_pod_unsensitive_mount.json");
  assert.equal(field(other, "ka.req.pod.volumes.hostpath"), undefined);
  const hostnet = await traceEvent("create_nginx_pod_hostnetwork.json");
  assert.equal(field(hostnet, "ka.req.pod.host_network"), "true");
  assert.equal(field(hostnet, "ka.req.container.host_network"), "true");
  // No hostNetwork key: no value (not "false").
  assert.equal(
    field(await traceEvent("create_nginx_pod_nohostnetwork.json"), "ka.req.pod.host_network"),
    undefined,
  );
});

test("exec into a pod (exec_pod.json)", async () => {
  const e = await traceEvent("exec_pod.json");
  assert.equal(
    field(e, "ka.uri"),
    "/api/v1/namespaces/default/pods/nginx-deployment-7998647bdf-phvq7/exec?command=bash&container=nginx1&container=nginx1&stdin=true&stdout=true&tty=true",
  );
  assert.equal(field(e, "ka.uri.param[command]"), "bash");
  assert.equal(field(e, "ka.uri.param[container]"), "nginx1");
  assert.equal(field(e, "ka.uri.param[tty]"), "true");
  assert.equal(field(e, "ka.uri.param[missing]"), undefined);
  assert.equal(field(e, "ka.target.resource"), "pods");
  assert.equal(field(e, "ka.target.subresource"), "exec");
  assert.equal(field(e, "ka.target.name"), "nginx-deployment-7998647bdf-phvq7");
  // A subresource: no target pod name.
  assert.equal(field(e, "ka.target.pod.name"), undefined);
  assert.equal(field(e, "ka.verb"), "create");
  assert.equal(field(e, "ka.stage"), "ResponseStarted");
  assert.equal(field(e, "jevt.value[/stage]"), "ResponseStarted");
  assert.equal(field(e, "ka.response.code"), "101");
  assert.equal(field(e, "ka.user.name"), "minikube-user");
  assert.equal(field(e, "ka.auth.decision"), "allow");
  assert.equal(field(e, "ka.auth.reason"), "");
  assert.equal(field(e, "ka.useragent"), undefined);
  assert.equal(field(e, "ka.impuser.name"), undefined);
  assert.equal(field(e, "ka.cluster.name"), undefined);
  assert.equal(field(e, "ka.req.pod.containers.image"), undefined);
});

test("configmaps with credentials (create_configmap_sensitive_values.json)", async () => {
  const events = await traceEvents("create_configmap_sensitive_values.json");
  assert.equal(events.length, 6);
  const first = events[0];
  assert.ok(first);
  assert.equal(field(first, "ka.req.configmap.name"), "my-config");
  assert.equal(
    field(first, "ka.req.configmap.obj"),
    '{"access.properties":"aws_access_key_id = MY-ID\\naws_secret_access_key = MY-KEY\\n",' +
      '"ui.properties":"color.good=purple\\ncolor.bad=yellow\\nallow.textmode=true\\n"}',
  );
  const keys = ["aws_access_key_id", "aws-access-key-id", "aws_s3_access_key_id"];
  keys.forEach((k, i) => {
    assert.ok((field(events[i] as never, "ka.req.configmap.obj") as string).includes(k), k);
  });
  // evt.num counts events; evt.reltime counts from the first event.
  assert.deepEqual(
    events.map((e) => field(e, "evt.num")),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(field(first, "evt.reltime"), 0n);
  const second = events[1];
  assert.ok(second);
  assert.equal(field(second, "evt.reltime"), second.tsNs - first.tsNs);
  assert.equal(field(second, "evt.reltime.s"), (second.tsNs - first.tsNs) / 1_000_000_000n);
  const plain = await traceEvent("create_configmap_no_sensitive_values.json");
  assert.ok(!(field(plain, "ka.req.configmap.obj") as string).includes("aws"));
});

test("cluster roles with wildcards (create_cluster_role_wildcard_*.json)", async () => {
  const res = await traceEvent("create_cluster_role_wildcard_resources.json");
  assert.deepEqual(field(res, "ka.req.role.rules.resources"), ["*"]);
  assert.deepEqual(field(res, "ka.req.role.rules.verbs"), ["get", "list", "get"]);
  assert.deepEqual(field(res, "ka.req.role.rules.verbs[0]"), ["get", "list"]);
  assert.deepEqual(field(res, "ka.req.role.rules.apiGroups"), [""]);
  assert.equal((field(res, "ka.req.role.rules.nonResourceURLs") as string[]).length, 13);
  assert.deepEqual(field(res, "ka.req.role.rules"), [
    '{"apiGroups":[""],"resources":["*"],"verbs":["get","list"]}',
    '{"nonResourceURLs":["/api","/api/*","/apis","/apis/*","/healthz","/openapi","/openapi/*",' +
      '"/swagger-2.0.0.pb-v1","/swagger.json","/swaggerapi","/swaggerapi/*","/version","/version/"],"verbs":["get"]}',
  ]);
  assert.equal(field(res, "ka.target.resource"), "clusterroles");
  assert.equal(field(res, "ka.target.name"), "some-reader");
  const verbs = await traceEvent("create_cluster_role_wildcard_verbs.json");
  assert.deepEqual(field(verbs, "ka.req.role.rules.verbs"), ["*", "get"]);
  assert.deepEqual(field(verbs, "ka.req.role.rules.resources"), ["pods"]);
  const exec = await traceEvent("create_cluster_role_pod_exec.json");
  assert.deepEqual(field(exec, "ka.req.role.rules.resources"), ["pods/exec"]);
});

test("role bindings (attach_cluster_admin_role.json, create_clusterrolebinding.json)", async () => {
  const e = await traceEvent("attach_cluster_admin_role.json");
  assert.equal(field(e, "ka.req.binding.role"), "cluster-admin");
  assert.deepEqual(field(e, "ka.req.binding.subjects"), [
    '{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"minikube"}',
  ]);
  assert.deepEqual(field(e, "ka.req.binding.subjects.user_names"), ["minikube"]);
  assert.equal(field(e, "ka.req.binding.subjects.group_names"), undefined);
  assert.equal(field(e, "ka.req.binding.subjects.serviceaccount_names"), undefined);
  assert.equal(field(e, "ka.req.binding.subject.has_name[minikube]"), "true");
  const b = await traceEvent("create_clusterrolebinding.json");
  assert.equal(field(b, "ka.req.binding.role"), "system:basic-user");
  assert.equal(field(b, "ka.target.name"), "some-reader-binding");
  assert.equal(field(b, "ka.target.resource"), "clusterrolebindings");
});

test("services (create_nginx_service_nodeport.json)", async () => {
  const e = await traceEvent("create_nginx_service_nodeport.json");
  assert.equal(field(e, "ka.req.service.type"), "NodePort");
  // The plugin's list holds one value: the whole ports array as JSON (an index does not apply).
  assert.deepEqual(field(e, "ka.req.service.ports"), [
    '[{"nodePort":30080,"port":80,"protocol":"TCP","targetPort":80}]',
  ]);
  assert.deepEqual(field(e, "ka.req.service.ports[0]"), field(e, "ka.req.service.ports"));
  assert.equal(field(await traceEvent("create_service.json"), "ka.req.service.type"), "ClusterIP");
});

test("generic evt.* fields and jevt.rawtime", async () => {
  const e = await traceEvent("exec_pod.json");
  // "stageTimestamp":"2018-10-26T13:38:34.902914Z"
  assert.equal(field(e, "evt.rawtime"), 1540561114902914000n);
  assert.equal(field(e, "evt.rawtime.s"), 1540561114n);
  assert.equal(field(e, "evt.rawtime.ns"), 902914000n);
  assert.equal(field(e, "jevt.rawtime"), "1540561114902914000");
  assert.equal(field(e, "json.rawtime"), "1540561114902914000");
  assert.equal(field(e, "evt.time.iso8601"), "2018-10-26T13:38:34.902914000+0000");
  assert.equal(field(e, "evt.num"), 1);
  assert.equal(field(e, "evt.source"), "k8s_audit");
  assert.equal(field(e, "evt.pluginname"), "k8saudit");
  assert.equal(field(e, "evt.is_async"), false);
  assert.equal(field(e, "evt.asynctype"), undefined);
  assert.equal(field(e, "evt.plugininfo"), e.text);
  assert.equal(field(e, "evt.reltime"), 0n);
  const saved = process.env.TZ;
  try {
    process.env.TZ = "Asia/Kolkata"; // +05:30, no daylight saving
    assert.equal(field(e, "evt.time"), "19:08:34.902914000");
    assert.equal(field(e, "evt.time.s"), "19:08:34");
    assert.equal(field(e, "evt.datetime"), "2018-10-26 19:08:34.902914000");
    assert.equal(field(e, "evt.datetime.s"), "2018-10-26 19:08:34");
    process.env.TZ = "UTC";
    assert.equal(field(e, "evt.time"), "13:38:34.902914000");
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
  const named = createK8sAuditSchema({ hostname: "node-1" });
  const def = named.classes.flatMap((c) => c.fields).find((f) => f.name === "evt.hostname");
  assert.ok(def);
  assert.equal(named.bind(def, undefined)(e), "node-1");
});

test("ka.* fields need an auditID; json and evt fields do not", () => {
  const e = eventOf({ verb: "get", objectRef: { resource: "pods" } });
  assert.equal(field(e, "ka.verb"), undefined);
  assert.equal(field(e, "ka.target.resource"), undefined);
  assert.equal(field(e, "ka.req.binding.subject.has_name[x]"), undefined);
  assert.equal(field(e, "jevt.value[/verb]"), "get");
  assert.equal(field(e, "evt.num"), 1);
  // Any auditID value will do.
  assert.equal(field(eventOf({ auditID: null, verb: "get" }), "ka.verb"), "get");
});

test("privileged and other securityContext flags: missing, false, null and init/ephemeral containers", () => {
  const e = pod({
    containers: [
      { name: "a", image: "a:1", securityContext: { privileged: false, readOnlyRootFilesystem: true } },
      { name: "b", image: "b:1" },
      { name: "c", image: "c:1", securityContext: { privileged: null, allowPrivilegeEscalation: false } },
      {
        name: "d",
        image: "d:1",
        securityContext: { privileged: true, runAsUser: 1000, procMount: "Unmasked" },
      },
    ],
    initContainers: [
      { name: "init", image: "busybox", securityContext: { privileged: true, runAsGroup: 7 } },
    ],
    ephemeralContainers: [
      { name: "dbg", image: "debug:1", securityContext: { capabilities: { add: ["SYS_PTRACE"] } } },
    ],
  });
  assert.deepEqual(field(e, "ka.req.pod.containers.privileged"), ["false", "null", "true"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.privileged[3]"), ["true"]);
  assert.equal(field(e, "ka.req.pod.containers.privileged[1]"), undefined);
  assert.equal(field(e, "ka.req.pod.containers.privileged[9]"), undefined);
  assert.equal(field(e, "ka.req.container.privileged"), "true");
  assert.deepEqual(field(e, "ka.req.pod.containers.read_only_fs"), ["true"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.allow_privilege_escalation"), ["false"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.run_as_user"), ["1000"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.proc_mount"), ["Unmasked"]);
  assert.deepEqual(field(e, "ka.req.pod.initContainers.privileged"), ["true"]);
  assert.deepEqual(field(e, "ka.req.pod.initContainers.run_as_group"), ["7"]);
  assert.deepEqual(field(e, "ka.req.pod.initContainers.image"), ["busybox"]);
  assert.deepEqual(field(e, "ka.req.pod.ephemeralContainers.name"), ["dbg"]);
  assert.equal(field(e, "ka.req.pod.ephemeralContainers.privileged"), undefined);
  // add_capabilities: each container's "add" array as JSON text, as the plugin gives it.
  assert.deepEqual(field(e, "ka.req.pod.ephemeralContainers.add_capabilities"), ['["SYS_PTRACE"]']);
  // Only false flags.
  const off = pod({ containers: [{ name: "a", image: "a", securityContext: { privileged: false } }] });
  assert.equal(field(off, "ka.req.container.privileged"), "false");
  assert.deepEqual(field(off, "ka.req.pod.containers.privileged"), ["false"]);
  // No containers at all vs an empty list.
  const none = pod({});
  assert.equal(field(none, "ka.req.container.privileged"), undefined);
  assert.equal(field(none, "ka.req.pod.containers.privileged"), undefined);
  assert.equal(field(none, "ka.req.pod.containers.image"), undefined);
  const empty = pod({ containers: [] });
  assert.equal(field(empty, "ka.req.container.privileged"), "false");
  assert.equal(field(empty, "ka.req.pod.containers.privileged"), undefined);
});

test("container names, images, commands, args and ports", () => {
  const e = pod({
    containers: [
      { name: "a", image: "registry:5000/team/app:1.0", command: ["sh", "-c"], args: ["echo hi", "x"] },
      {
        name: "b",
        image: "repo/app@sha256:abcd",
        ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }],
      },
      { name: "c", image: "nginx:1.2@sha256:ef", command: ["nginx"], ports: [{ name: "none" }] },
    ],
  });
  assert.deepEqual(field(e, "ka.req.pod.containers.image.repository"), ["registry", "repo/app", "nginx"]);
  assert.equal(field(e, "ka.req.container.image"), "registry:5000/team/app:1.0");
  assert.equal(field(e, "ka.req.container.image.repository"), "registry");
  assert.deepEqual(field(e, "ka.req.pod.containers.command"), ["sh -c", "nginx"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.args"), ["echo hi x"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.command[1]"), undefined);
  // hostPort, else containerPort (with hostNetwork they are the same port).
  assert.deepEqual(field(e, "ka.req.pod.containers.host_port"), ["80", "8081"]);
  // One container without an image: the plugin gives no value at all.
  const noImage = pod({ containers: [{ name: "a", image: "a" }, { name: "b" }] });
  assert.equal(field(noImage, "ka.req.pod.containers.image"), undefined);
  assert.equal(field(noImage, "ka.req.pod.containers.image.repository"), undefined);
  assert.deepEqual(field(noImage, "ka.req.pod.containers.image[0]"), ["a"]);
  // A command with a non-string word: no value.
  assert.equal(
    field(pod({ containers: [{ name: "a", command: ["a", 1] }] }), "ka.req.pod.containers.command"),
    undefined,
  );
});

test("pod-level security context, effective uid/gid, volumes", () => {
  const e = pod({
    securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [1, 2] },
    containers: [
      { name: "a", image: "a", securityContext: { runAsUser: 0 } },
      { name: "b", image: "b" },
    ],
    hostPID: true,
    hostIPC: false,
    volumes: [
      { name: "v1", hostPath: { path: "/var/run/docker.sock", type: "Socket" } },
      { name: "v2", flexVolume: { driver: "example/lvm" } },
      { name: "v3", emptyDir: {} },
      { configMap: { name: "c" }, name: "v4" },
    ],
  });
  assert.equal(field(e, "ka.req.pod.run_as_user"), "1000");
  assert.equal(field(e, "ka.req.pod.run_as_group"), "3000");
  assert.equal(field(e, "ka.req.pod.fs_group"), "2000");
  assert.deepEqual(field(e, "ka.req.pod.supplemental_groups"), ["1", "2"]);
  assert.equal(field(e, "ka.req.pod.host_pid"), "true");
  assert.equal(field(e, "ka.req.pod.host_ipc"), "false");
  assert.deepEqual(field(e, "ka.req.pod.containers.run_as_user"), ["0"]);
  // The plugin reads spec.runAsUser and containers[].runAsUser (not the securityContexts): "0" for each.
  assert.deepEqual(field(e, "ka.req.pod.containers.eff_run_as_user"), ["0", "0"]);
  assert.deepEqual(field(e, "ka.req.pod.containers.eff_run_as_group"), ["0", "0"]);
  const odd = pod({ runAsUser: 5, containers: [{ name: "a", runAsUser: 7 }, { name: "b" }] });
  assert.deepEqual(field(odd, "ka.req.pod.containers.eff_run_as_user"), ["7", "5"]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.hostpath"), ["/var/run/docker.sock"]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.flexvolume_driver"), ["example/lvm"]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.volume_type"), [
    "hostPath",
    "flexVolume",
    "emptyDir",
    "configMap",
  ]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.volume_type[2]"), ["emptyDir"]);
  assert.deepEqual(field(e, "ka.req.pod.volumes.hostpath[1]"), undefined);
  assert.equal(field(e, "ka.req.volume.hostpath[/var/run/*]"), "true");
  assert.equal(field(e, "ka.req.volume.hostpath[/var/run]"), "false");
  assert.equal(field(pod({ containers: [] }), "ka.req.volume.hostpath[/*]"), undefined);
});

test("binding subjects by kind", () => {
  const e = eventOf({
    auditID: "b",
    requestObject: {
      kind: "RoleBinding",
      roleRef: { kind: "Role", name: "edit" },
      subjects: [
        { kind: "User", name: "alice" },
        { kind: "Group", name: "devs" },
        { kind: "ServiceAccount", name: "builder", namespace: "ci" },
        { kind: "ServiceAccount", name: "orphan" },
        { kind: "User" },
      ],
    },
  });
  assert.equal(field(e, "ka.req.binding.role"), "edit");
  assert.deepEqual(field(e, "ka.req.binding.subjects.user_names"), ["alice"]);
  assert.deepEqual(field(e, "ka.req.binding.subjects.group_names"), ["devs"]);
  assert.deepEqual(field(e, "ka.req.binding.subjects.serviceaccount_names"), ["builder", "orphan"]);
  assert.deepEqual(field(e, "ka.req.binding.subjects.serviceaccount_ns_names"), ["ci:builder"]);
  assert.equal((field(e, "ka.req.binding.subjects") as string[]).length, 5);
  const notList = eventOf({ auditID: "b", requestObject: { subjects: { kind: "User", name: "x" } } });
  assert.equal(field(notList, "ka.req.binding.subjects.user_names"), undefined);
  assert.equal(field(notList, "ka.req.binding.subjects"), undefined);
});

test("query parameters as Go's url.ParseQuery reads them", () => {
  const uri = (u: unknown) => eventOf({ auditID: "u", requestURI: u });
  assert.equal(field(uri("/x?a=1+2&b=%2Fetc%2F&c&d=&a=3"), "ka.uri.param[a]"), "1 2");
  assert.equal(field(uri("/x?a=1+2&b=%2Fetc%2F&c&d=&a=3"), "ka.uri.param[b]"), "/etc/");
  assert.equal(field(uri("/x?a=1+2&b=%2Fetc%2F&c&d=&a=3"), "ka.uri.param[c]"), "");
  assert.equal(field(uri("/x?a=1+2&b=%2Fetc%2F&c&d=&a=3"), "ka.uri.param[d]"), "");
  assert.equal(field(uri("/x?command=ls&command=-la"), "ka.uri.param[command]"), "ls");
  assert.equal(field(uri("/x?caf%C3%A9=1"), "ka.uri.param[café]"), "1");
  assert.equal(field(uri("/x?a=1#frag?b=2"), "ka.uri.param[b]"), undefined);
  // Errors anywhere in the query (a semicolon, a bad escape) or the path: no value.
  assert.equal(field(uri("/x?a=1;b=2&c=3"), "ka.uri.param[c]"), undefined);
  assert.equal(field(uri("/x?a=%zz&c=3"), "ka.uri.param[c]"), undefined);
  assert.equal(field(uri("/x%zz?c=3"), "ka.uri.param[c]"), undefined);
  assert.equal(field(uri("/x?c=3#%zz"), "ka.uri.param[c]"), undefined);
  assert.equal(field(uri("/x?c=\u0001"), "ka.uri.param[c]"), undefined);
  assert.equal(field(uri("a:b/c?c=3"), "ka.uri.param[c]"), "3");
  assert.equal(field(uri("a/b:c?c=3"), "ka.uri.param[c]"), "3");
  assert.equal(field(uri("b:c/d?c=3"), "ka.uri.param[c]"), "3");
  assert.equal(field(eventOf({ auditID: "u" }), "ka.uri.param[c]"), undefined);
});

test("ka.target.pod.name only for pods without a subresource", () => {
  const mk = (objectRef: unknown) =>
    eventOf({ auditID: "t", objectRef, responseObject: { metadata: { name: "web-1" } } });
  assert.equal(field(mk({ resource: "pods" }), "ka.target.pod.name"), "web-1");
  assert.equal(field(mk({ resource: "pods", subresource: "" }), "ka.target.pod.name"), "web-1");
  assert.equal(field(mk({ resource: "pods", subresource: "status" }), "ka.target.pod.name"), undefined);
  assert.equal(field(mk({ resource: "services" }), "ka.target.pod.name"), undefined);
});

test("annotations: authorization, OpenShift, pod security, admission policy, cluster name", () => {
  const e = eventOf({
    auditID: "a",
    annotations: {
      "authorization.k8s.io/decision": "forbid",
      "authorization.k8s.io/reason": "no RBAC policy matched",
      "authentication.openshift.io/decision": "allow",
      "authentication.openshift.io/username": "kube:admin",
      "pod-security.kubernetes.io/audit-violations": "would violate PodSecurity",
      "validation.policy.admission.k8s.io/validation_failure": '[{"message":"denied"}]',
      cluster_name: "prod-eu",
    },
  });
  assert.equal(field(e, "ka.auth.decision"), "forbid");
  assert.equal(field(e, "ka.auth.reason"), "no RBAC policy matched");
  assert.equal(field(e, "ka.auth.openshift.decision"), "allow");
  assert.equal(field(e, "ka.auth.openshift.username"), "kube:admin");
  assert.equal(field(e, "ka.security.pod.violations"), "would violate PodSecurity");
  assert.equal(field(e, "ka.validations.admission.policy.failure"), '[{"message":"denied"}]');
  assert.equal(field(e, "ka.cluster.name"), "prod-eu");
});

test("non-string values are rendered from the event's own text, as fastjson does", () => {
  const text =
    '{"kind":"Event","auditID":"r","stageTimestamp":"2020-01-01T00:00:00Z",' +
    '"responseStatus":{"code":2.0e2},"user":{"username":"u","groups":["g",1,true,null,{"a" : "\\u003c"}]},' +
    '"requestObject":{"data":{ "k" : "a\\u0026b\\/c" },"spec":{"hostNetwork":true}},' +
    '"userAgent":"tab\\tquote\\"","big":12345678901234567890123}';
  const e = eventFromText(text);
  assert.equal(field(e, "ka.response.code"), "2.0e2");
  assert.deepEqual(field(e, "ka.user.groups"), ["g", "1", "true", "null", '{"a":"\\u003c"}']);
  assert.equal(field(e, "ka.req.configmap.obj"), '{"k":"a\\u0026b\\/c"}');
  assert.equal(field(e, "ka.req.pod.host_network"), "true");
  assert.equal(field(e, "ka.useragent"), 'tab\tquote"');
  assert.equal(field(e, "jevt.value[/big]"), "12345678901234567890123");
  assert.equal(field(e, "jevt.value[/requestObject/data/k]"), "a&b/c");
});

test("jevt.value JSON pointers and jevt.obj", () => {
  const e = eventOf({
    auditID: "p",
    annotations: { "authorization.k8s.io/decision": "allow" },
    "a/b": 1,
    "m~n": "tilde",
    "": "empty key",
    list: ["x", "y", { z: null }],
  });
  assert.equal(field(e, "jevt.value[/annotations/authorization.k8s.io~1decision]"), "allow");
  assert.equal(field(e, "json.value[/annotations/authorization.k8s.io~1decision]"), "allow");
  assert.equal(field(e, "jevt.value[/a~1b]"), "1");
  assert.equal(field(e, "jevt.value[/m~0n]"), "tilde");
  assert.equal(field(e, "jevt.value[/a~1~0b]"), undefined);
  assert.equal(field(e, "jevt.value[/]"), "empty key");
  assert.equal(field(e, "jevt.value[/list/1]"), "y");
  // fastjson reads array indexes with strconv.Atoi.
  assert.equal(field(e, "jevt.value[/list/+1]"), "y");
  assert.equal(field(e, "jevt.value[/list/01]"), "y");
  assert.equal(field(e, "jevt.value[/list/3]"), undefined);
  assert.equal(field(e, "jevt.value[/list/-1]"), undefined);
  assert.equal(field(e, "jevt.value[/list/2/z]"), "null");
  assert.equal(field(e, "jevt.value[/list]"), '["x","y",{"z":null}]');
  assert.equal(field(e, "jevt.value[/annotations/constructor]"), undefined);
  assert.equal(field(e, "jevt.value[/toString]"), undefined);
  const small = eventFromText(
    '{"kind":"Event", "auditID":"o","stageTimestamp":"2020-01-01T00:00:00Z","a":[],"b":{},"c":[1,{"d":"e"}]}',
  );
  assert.equal(
    field(small, "jevt.obj"),
    '{\n  "kind": "Event",\n  "auditID": "o",\n  "stageTimestamp": "2020-01-01T00:00:00Z",\n  "a": [],\n  "b": {},\n' +
      '  "c": [\n    1,\n    {\n      "d": "e"\n    }\n  ]\n}',
  );
  assert.equal(field(small, "json.obj"), field(small, "jevt.obj"));
  assert.equal(
    field(small, "evt.plugininfo"),
    '{"kind":"Event","auditID":"o","stageTimestamp":"2020-01-01T00:00:00Z","a":[],"b":{},"c":[1,{"d":"e"}]}',
  );
});

test("duplicate keys: the first one counts (fastjson's Get, which the plugin reads events with)", () => {
  const e = eventFromText(
    '{"kind":"Event","auditID":"d","stageTimestamp":"2020-01-01T00:00:00Z",' +
      '"requestObject":{"spec":{"containers":[{"name":"a","securityContext":{"privileged":false,"privileged":true}}],' +
      '"hostPID":1,"hostPID":2}}}',
  );
  assert.deepEqual(field(e, "ka.req.pod.containers.privileged"), ["false"]);
  assert.equal(field(e, "ka.req.pod.host_pid"), "1");
  // The event's text keeps both, as fastjson's MarshalTo does.
  assert.match(field(e, "jevt.value[/requestObject/spec]") as string, /"hostPID":1,"hostPID":2/);
});

test("deeply nested arrays neither crash the reader nor the extractors", () => {
  const depth = 50_000;
  const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const e = eventFromText(
    `{"kind":"Event","auditID":"n","stageTimestamp":"2020-01-01T00:00:00Z","requestObject":{"spec":{"containers":${nested},"volumes":${nested}}}}`,
  );
  assert.equal(field(e, "ka.req.pod.containers.privileged"), undefined);
  assert.equal(field(e, "ka.req.pod.volumes.hostpath"), undefined);
  // Like the plugin on nested empty arrays: containers exist, none is privileged.
  assert.equal(field(e, "ka.req.container.privileged"), "false");
  assert.equal((field(e, "jevt.value[/requestObject/spec/containers]") as string).length, 2 * depth);
});
