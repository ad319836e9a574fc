// Audit policy benchmarks: load+validate time of the GKE policy, and `explain` decisions per second
// (PolicyEvaluator.evaluate, in-process) over a varied set of request attributes.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadPolicyFile, PolicyEvaluator, type RequestAttributes } from "../src/audit/index.js";
import { startAuditReceiver } from "../src/audit/receive.js";
import { RotatingLog } from "../src/audit/rotating-log.js";
import { AuditSimulator } from "../src/audit/simulate.js";
import { SimulationFeed } from "../src/audit/simulate-run.js";
import type { BenchResult } from "./rules-engine.js";

const shared = path.resolve(process.cwd(), "../shared");
const gcePolicy = path.join(shared, "k8s/policies/gce-policy.yaml");

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Deterministic requests resembling a cluster's mix: system components, people, service accounts, URLs. Built
 * as literals with one key order (objects made by spreading get slow, varied shapes).
 */
export function makeAttributes(n: number): RequestAttributes[] {
  let seed = 7;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
  const users = [
    { name: "system:kube-proxy", groups: ["system:authenticated"] },
    { name: "system:node:node-1", groups: ["system:nodes", "system:authenticated"] },
    { name: "kubelet", groups: ["system:authenticated"] },
    { name: "system:kube-controller-manager", groups: ["system:authenticated"] },
    { name: "system:kube-scheduler", groups: ["system:authenticated"] },
    { name: "system:apiserver", groups: ["system:masters"] },
    { name: "system:serviceaccount:kube-system:namespace-controller", groups: ["system:serviceaccounts"] },
    { name: "system:serviceaccount:default:app", groups: ["system:serviceaccounts", "system:authenticated"] },
    { name: "alice@example.com", groups: ["developers", "system:authenticated"] },
    { name: "cluster-autoscaler", groups: ["system:authenticated"] },
  ];
  const verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
  const resources: [string, string, string][] = [
    ["", "pods", ""],
    ["", "pods", "status"],
    ["", "pods", "log"],
    ["", "nodes", ""],
    ["", "nodes", "status"],
    ["", "endpoints", ""],
    ["", "services", ""],
    ["", "configmaps", ""],
    ["", "secrets", ""],
    ["", "events", ""],
    ["", "namespaces", ""],
    ["", "serviceaccounts", "token"],
    ["apps", "deployments", ""],
    ["apps", "deployments", "scale"],
    ["coordination.k8s.io", "leases", ""],
    ["discovery.k8s.io", "endpointslices", ""],
    ["rbac.authorization.k8s.io", "clusterroles", ""],
    ["authentication.k8s.io", "tokenreviews", ""],
    ["metrics.k8s.io", "pods", ""],
    ["example.com", "widgets", ""],
  ];
  const namespaces = ["default", "kube-system", "kube-node-lease", "app", ""];
  const paths = ["/healthz", "/livez", "/readyz", "/version", "/metrics", "/openapi/v2", "/apis", "/api"];
  const out: RequestAttributes[] = [];
  for (let i = 0; i < n; i++) {
    const unauthenticated = rnd(50) === 0;
    const picked = pick(users);
    const user = unauthenticated ? undefined : picked;
    if (rnd(6) === 0) {
      out.push({
        user,
        verb: "get",
        namespace: "",
        apiGroup: "",
        apiVersion: "",
        resource: "",
        subresource: "",
        name: "",
        path: pick(paths),
        isResourceRequest: false,
      });
      continue;
    }
    const [apiGroup, resource, subresource] = pick(resources);
    const verb = pick(verbs);
    const named = verb !== "list" && verb !== "watch" && verb !== "create" && verb !== "deletecollection";
    out.push({
      user,
      verb,
      namespace: pick(namespaces),
      apiGroup,
      apiVersion: "v1",
      resource,
      subresource,
      name: named ? `obj-${rnd(100)}` : "",
      path: "",
      isResourceRequest: true,
    });
  }
  return out;
}

/** One recorded event (RequestResponse) as a log line, for the request described by the attributes. */
function eventLine(a: RequestAttributes, i: number): string {
  const t = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i % 1000)).toISOString().replace("Z", "000Z");
  const body = a.isResourceRequest
    ? {
        kind: "Thing",
        apiVersion: a.apiGroup === "" ? "v1" : `${a.apiGroup}/v1`,
        metadata: {
          name: a.name || `obj-${i % 100}`,
          namespace: a.namespace,
          managedFields: [{ manager: "kubectl", operation: "Update", apiVersion: "v1", time: t }],
        },
        spec: { replicas: 3, selector: { app: "web" } },
      }
    : undefined;
  const ev = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "RequestResponse",
    auditID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    stage: i % 3 === 0 ? "RequestReceived" : "ResponseComplete",
    requestURI: a.isResourceRequest ? `/api/v1/namespaces/${a.namespace}/${a.resource}` : a.path,
    verb: a.verb,
    user: a.user === undefined ? {} : { username: a.user.name, groups: a.user.groups },
    sourceIPs: ["10.0.0.1"],
    userAgent: "kubectl/v1.36.0 (linux/amd64) kubernetes/abcdef",
    ...(a.isResourceRequest
      ? {
          objectRef: {
            resource: a.resource,
            ...(a.subresource === "" ? {} : { subresource: a.subresource }),
            namespace: a.namespace,
            name: a.name,
            apiGroup: a.apiGroup,
            apiVersion: "v1",
          },
        }
      : {}),
    responseStatus: { metadata: {}, code: 200 },
    ...(body === undefined ? {} : { requestObject: body, responseObject: body }),
    requestReceivedTimestamp: t,
    stageTimestamp: t,
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
  };
  return JSON.stringify(ev);
}

/** simulate over a 1 M-event log held in memory (read, decide, rewrite, serialize): events/s. */
export function benchSimulate(events = 1_000_000): BenchResult[] {
  const r = loadPolicyFile(gcePolicy);
  if (r.policy === undefined) throw new Error("GKE policy did not load");
  const sim = new AuditSimulator(r.policy);
  const attrs = makeAttributes(10_000);
  // The log is made of 10,000 distinct lines, replayed in chunks: the reader parses every line anew.
  const lines = attrs.map((a, i) => eventLine(a, i));
  const chunk = `${lines.join("\n")}\n`;
  const feed = new SimulationFeed(sim, "bench.log", [], true);
  let inBytes = 0;
  let outBytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < events; done += lines.length) {
    inBytes += chunk.length;
    feed.push(chunk);
    outBytes += feed.take().length;
  }
  feed.end();
  const secs = ms(t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const rep = sim.report(0);
  return [
    {
      name: `simulate events/s, GKE policy, ${rep.input.events.toLocaleString("en-US")}-event log (${Math.round(inBytes / 2 ** 20)} MiB in, ${Math.round(outBytes / 2 ** 20)} MiB out, ${rep.output.events.toLocaleString("en-US")} events written)`,
      value: rep.input.events / secs,
      unit: "events/s",
      target: ">= 100,000",
    },
    {
      name: "simulate events per CPU-second, same run",
      value: rep.input.events / ((cpu.user + cpu.system) / 1e6),
      unit: "events/s",
    },
  ];
}

/** GKE policy: load+validate time, and decisions/s of the compiled checker. */
export function benchAudit(): BenchResult[] {
  const loads: number[] = [];
  let evaluator: PolicyEvaluator | undefined;
  for (let i = 0; i < 21; i++) {
    const t0 = process.hrtime.bigint();
    const r = loadPolicyFile(gcePolicy);
    if (!r.valid || r.policy === undefined)
      throw new Error(`GKE policy did not load: ${JSON.stringify(r.errors)}`);
    evaluator = new PolicyEvaluator(r.policy);
    loads.push(ms(t0));
  }
  if (evaluator === undefined) throw new Error("unreachable");
  const attrs = makeAttributes(100_000);
  const levels = new Map<string, number>();
  for (const a of attrs) {
    const d = evaluator.evaluate(a);
    levels.set(d.level, (levels.get(d.level) ?? 0) + 1);
  }
  let sink = 0;
  const run = () => {
    for (let i = 0; i < attrs.length; i++) {
      const d = (evaluator as PolicyEvaluator).evaluate(attrs[i] as RequestAttributes);
      sink += d.rule ?? -1;
    }
  };
  for (let i = 0; i < 5; i++) run(); // warm-up
  const rounds = 30;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) run();
  const secs = ms(t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);
  const mix = [...levels].map(([l, c]) => `${l} ${Math.round((c * 100) / attrs.length)}%`).join(", ");
  return [
    {
      name: "GKE policy load+validate+compile, warm (best of 20)",
      value: Math.min(...loads.slice(1)),
      unit: "ms",
    },
    {
      name: `explain decisions/s, GKE policy (17 rules), ${attrs.length} varied requests (${mix})`,
      value: (attrs.length * rounds) / secs,
      unit: "decisions/s",
      target: ">= 1,000,000",
    },
    {
      name: "explain decisions per CPU-second, same run (steadier than wall time on a busy machine)",
      value: (attrs.length * rounds) / cpuSecs,
      unit: "decisions/s",
    },
  ];
}

function postOnce(agent: http.Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/audit",
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * `audit receive` on loopback, log in the temp directory (100 MiB rotation): events/s with the
 * webhook's batches of 400 (~1 KiB events) from 4 clients, and batches/s with one event per POST
 * (the apiserver's blocking mode), where each answer waits for its own fsync.
 */
export async function benchReceive(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-bench-receive-"));
  const lines = makeAttributes(4000).map((a, i) => eventLine(a, i));
  const out: BenchResult[] = [];
  try {
    for (const [label, batch, clients, batches] of [
      ["batches of 400, 4 clients", 400, 4, 50],
      ["one event per POST, 1 client", 1, 1, 2000],
    ] as const) {
      const log = new RotatingLog({ filename: path.join(dir, `${batch}`, "audit.log"), maxSize: 100 });
      const receiver = await startAuditReceiver({ log, listenPort: 0, dedup: false });
      let events = 0;
      const t0 = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
          for (let b = 0; b < batches; b++) {
            const from = ((c * batches + b) * batch) % (lines.length - batch);
            const items = lines.slice(from, from + batch);
            const status = await postOnce(
              agent,
              receiver.port,
              `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${items.join(",")}]}`,
            );
            if (status !== 200) throw new Error(`receive answered ${status}`);
            events += items.length;
          }
          agent.destroy();
        }),
      );
      const secs = ms(t0) / 1000;
      await receiver.close();
      const syncs = log.stats.syncs;
      await log.close();
      out.push({
        name: `receive events/s, ${label} (${events.toLocaleString("en-US")} events, ${syncs.toLocaleString("en-US")} fsyncs, answered after fsync)`,
        value: events / secs,
        unit: "events/s",
      });
      if (batch === 1)
        out.push({
          name: "receive acknowledged POSTs/s, one event per POST",
          value: events / secs,
          unit: "POST/s",
        });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
