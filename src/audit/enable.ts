// `lanner audit enable`: turns auditing on in kube-apiserver's static-pod manifest the way the
// Kubernetes docs describe, without the usual mistakes (k8s-audit.md §5): the `--audit-*` flags
// replaced rather than repeated, the policy mounted read-only as a File, the log DIRECTORY mounted
// (a mounted log file cannot be renamed, so rotation fails), the webhook kubeconfig and the files it
// names mounted, a checksum annotation so that a policy change restarts the apiserver, a backup kept
// outside the manifests directory, and nothing written when the policy would not load.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { loadPolicyFile, type PolicyDiagnostic } from "./policy-load.js";
import {
  type Plain,
  SpliceError,
  spliceYaml,
  type YamlOp,
  type YamlPath,
  YamlSource,
} from "./yaml-splice.js";

/** CIS Kubernetes Benchmark 1.2.x values, also those of the Kubernetes docs' example. */
export const DEFAULT_AUDIT_LOG_PATH = "/var/log/kubernetes/audit/audit.log";
export const DEFAULT_AUDIT_LOG_MAXAGE = 30;
export const DEFAULT_AUDIT_LOG_MAXBACKUP = 10;
export const DEFAULT_AUDIT_LOG_MAXSIZE = 100;
/** Alerts within seconds: the webhook batch's own default waits up to 30 s. */
export const DEFAULT_WEBHOOK_BATCH_MAX_WAIT = "5s";
/** Where backups go by default: next to the manifests directory, never in it. */
export const DEFAULT_BACKUP_DIR = "/etc/kubernetes/lanner-backups";
/** Annotations holding checksums: a changed policy changes the manifest, so the kubelet restarts the pod. */
export const POLICY_CHECKSUM_ANNOTATION = "audit.lanner.dev/policy-sha256";
export const WEBHOOK_CHECKSUM_ANNOTATION = "audit.lanner.dev/webhook-config-sha256";

export type EnableErrorCode =
  | "MANIFEST_READ"
  | "MANIFEST_PARSE"
  | "MANIFEST_NOT_APISERVER"
  | "MANIFEST_LAYOUT"
  | "POLICY_MISSING"
  | "POLICY_INVALID"
  | "WEBHOOK_CONFIG_MISSING"
  | "WEBHOOK_CONFIG_INVALID"
  | "BAD_OPTION"
  | "BACKUP_IN_MANIFEST_DIR"
  | "WRITE_FAILED";

/** Why enabling was refused: a code, a message, and where. */
export interface EnableError {
  code: EnableErrorCode;
  message: string;
  file?: string;
  line?: number;
  /** Problems found in the policy, when it is the policy that is invalid. */
  diagnostics?: PolicyDiagnostic[];
}

/** A file the webhook kubeconfig names (CA, client certificate, key, token file). */
export interface ReferencedFile {
  /** The kubeconfig field: `certificate-authority`, `client-certificate`, `client-key`, `tokenFile`. */
  field: string;
  /** Absolute path on the node. */
  path: string;
}

/** What the manifest should say; all paths are absolute paths on the node. */
export interface AuditManifestSettings {
  policyPath: string;
  logPath: string;
  logMaxAge: number;
  logMaxBackup: number;
  logMaxSize: number;
  webhookConfigPath?: string;
  /** Files the webhook kubeconfig names; each is mounted read-only unless an existing mount has it. */
  webhookFiles?: readonly ReferencedFile[];
  /** `--audit-webhook-batch-max-wait` (default 5s). */
  webhookBatchMaxWait?: string;
  /** Annotations set on the pod (the checksums). */
  annotations?: Readonly<Record<string, string>>;
}

/** What patching did: the new text, whether it differs, and one line per change. */
export interface ManifestPatch {
  text: string;
  changed: boolean;
  changes: string[];
}

type Result<T> = { ok: true; value: T } | { ok: false; error: EnableError };

interface DesiredMount {
  /** Name used when a new volume has to be made. */
  name: string;
  mountPath: string;
  hostPath: string;
  type: "File" | "DirectoryOrCreate";
  readOnly: boolean;
  /** An existing mount at this path is reused too (the log FILE some guides mount). */
  alsoMountPath?: string;
  what: string;
}

/** `/a/b/` and `/a/b` are the same place. */
function normPath(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}

const flagName = (item: string) => {
  const eq = item.indexOf("=");
  return eq < 0 ? item : item.slice(0, eq);
};

/** The desired `--audit-*` flags, in order, as [name, value]. */
function desiredFlags(s: AuditManifestSettings): [string, string][] {
  const flags: [string, string][] = [
    ["--audit-policy-file", s.policyPath],
    ["--audit-log-path", s.logPath],
    ["--audit-log-maxage", String(s.logMaxAge)],
    ["--audit-log-maxbackup", String(s.logMaxBackup)],
    ["--audit-log-maxsize", String(s.logMaxSize)],
  ];
  if (s.webhookConfigPath !== undefined) {
    flags.push(
      ["--audit-webhook-config-file", s.webhookConfigPath],
      // The default, said explicitly: `blocking-strict` would fail API requests when the receiver is down.
      ["--audit-webhook-mode", "batch"],
      ["--audit-webhook-batch-max-size", "400"],
      ["--audit-webhook-batch-max-wait", s.webhookBatchMaxWait ?? DEFAULT_WEBHOOK_BATCH_MAX_WAIT],
    );
  }
  return flags;
}

function desiredMounts(s: AuditManifestSettings): DesiredMount[] {
  const logDir = path.posix.dirname(s.logPath);
  const mounts: DesiredMount[] = [
    {
      name: "audit-policy",
      mountPath: s.policyPath,
      hostPath: s.policyPath,
      type: "File",
      readOnly: true,
      what: "the policy",
    },
    {
      name: "audit-log",
      mountPath: logDir,
      hostPath: logDir,
      type: "DirectoryOrCreate",
      readOnly: false,
      alsoMountPath: s.logPath,
      what: "the log directory",
    },
  ];
  if (s.webhookConfigPath !== undefined) {
    mounts.push({
      name: "audit-webhook-config",
      mountPath: s.webhookConfigPath,
      hostPath: s.webhookConfigPath,
      type: "File",
      readOnly: true,
      what: "the webhook kubeconfig",
    });
  }
  for (const f of s.webhookFiles ?? []) {
    mounts.push({
      name: `audit-webhook-${f.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      mountPath: f.path,
      hostPath: f.path,
      type: "File",
      readOnly: true,
      what: `the webhook kubeconfig's ${f.field}`,
    });
  }
  return mounts;
}

const str = (v: Plain | undefined): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: Plain | undefined): { [k: string]: Plain } | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
const arr = (v: Plain | undefined): Plain[] | undefined => (Array.isArray(v) ? v : undefined);

/** A copy of `value` whose maps list their keys in the order `model`'s maps do (other keys after). */
function orderLike(value: Plain, model: Plain | undefined): Plain {
  const v = obj(value);
  const m = obj(model);
  if (v === undefined || m === undefined) return value;
  const order = Object.keys(m);
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const out: { [k: string]: Plain } = {};
  for (const k of Object.keys(v).sort((a, b) => rank(a) - rank(b))) out[k] = orderLike(v[k] as Plain, m[k]);
  return out;
}

/** The plan of edits on a parsed kube-apiserver manifest. */
function planEdits(
  src: YamlSource,
  s: AuditManifestSettings,
  file: string,
): Result<{ ops: YamlOp[]; changes: string[] }> {
  const refuse = (code: EnableErrorCode, message: string, line?: number): Result<never> => ({
    ok: false,
    error: { code, message, file, ...(line === undefined ? {} : { line }) },
  });
  const root = obj(src.toPlain());
  if (root === undefined)
    return refuse("MANIFEST_NOT_APISERVER", "not a Kubernetes object (the document is not a map)");
  if (root.kind !== "Pod" || root.apiVersion !== "v1")
    return refuse(
      "MANIFEST_NOT_APISERVER",
      `not a static pod: apiVersion ${JSON.stringify(root.apiVersion ?? null)}, kind ${JSON.stringify(root.kind ?? null)} (expected v1 Pod)`,
    );
  const spec = obj(root.spec);
  const containers = arr(spec?.containers);
  const ci = containers?.findIndex((c) => obj(c)?.name === "kube-apiserver") ?? -1;
  if (spec === undefined || containers === undefined || ci < 0)
    return refuse(
      "MANIFEST_NOT_APISERVER",
      "not a kube-apiserver static pod: no container named kube-apiserver",
    );
  const container = obj(containers[ci]) as { [k: string]: Plain };
  const cPath: YamlPath = ["spec", "containers", ci];
  const command = arr(container.command);
  const binary = str(command?.[0]);
  if (command === undefined || binary === undefined || path.posix.basename(binary) !== "kube-apiserver")
    return refuse(
      "MANIFEST_NOT_APISERVER",
      "not a kube-apiserver static pod: the kube-apiserver container's command does not start with kube-apiserver",
    );

  const ops: YamlOp[] = [];
  const changes: string[] = [];

  // --- flags: in `args` when the flags are there, else in `command` ---------------------------------
  const args = arr(container.args);
  const lists: { key: "command" | "args"; items: Plain[]; from: number }[] = [
    { key: "command", items: command, from: 1 },
  ];
  if (args !== undefined) lists.push({ key: "args", items: args, from: 0 });
  const target =
    args !== undefined && args.length > 0
      ? (lists[1] as (typeof lists)[number])
      : (lists[0] as (typeof lists)[number]);
  const deleted = new Set<string>();
  const toInsert: string[] = [];
  for (const [name, value] of desiredFlags(s)) {
    const wanted = `${name}=${value}`;
    let first = true;
    for (const list of lists) {
      const p: YamlPath = [...cPath, list.key];
      for (let i = list.from; i < list.items.length; i++) {
        const item = str(list.items[i]);
        if (item === undefined || flagName(item) !== name) continue;
        // `--flag value` in two items: the value goes with the flag.
        const next = str(list.items[i + 1]);
        const separateValue =
          item === name && next !== undefined && !next.startsWith("-") ? i + 1 : undefined;
        if (first) {
          first = false;
          if (item !== wanted || separateValue !== undefined) {
            ops.push({ kind: "replaceItem", path: p, index: i, value: wanted });
            changes.push(
              `${list.key}: ${separateValue !== undefined ? `${item} ${next}` : item} → ${wanted}`,
            );
          }
        } else {
          ops.push({ kind: "deleteItem", path: p, index: i });
          deleted.add(`${list.key}:${i}`);
          changes.push(`${list.key}: removed the repeated ${item} (the last one wins: a trap)`);
        }
        if (separateValue !== undefined) {
          ops.push({ kind: "deleteItem", path: p, index: separateValue });
          deleted.add(`${list.key}:${separateValue}`);
          i++;
        }
      }
    }
    if (first) toInsert.push(wanted);
  }
  if (toInsert.length > 0) {
    const p: YamlPath = [...cPath, target.key];
    const flags = target.items.slice(target.from).map((v) => str(v) ?? "");
    const names = flags.filter((f) => f.startsWith("--")).map(flagName);
    const sorted = names.every((n, i) => i === 0 || (names[i - 1] as string) <= n);
    toInsert.sort((a, b) => (flagName(a) < flagName(b) ? -1 : flagName(a) > flagName(b) ? 1 : 0));
    for (const f of toInsert) {
      let after = target.items.length - 1;
      if (sorted) {
        // kubeadm writes its flags sorted: keep them so.
        after = target.from - 1;
        for (let i = target.from; i < target.items.length; i++) {
          const item = str(target.items[i]) ?? "";
          if (item.startsWith("--") && flagName(item) > flagName(f)) break;
          after = i;
        }
      }
      if (after < 0 && target.items.length === 0)
        return refuse("MANIFEST_LAYOUT", `the kube-apiserver container's ${target.key} is empty`);
      ops.push({ kind: "insertItem", path: p, after, value: f });
      changes.push(`${target.key}: added ${f}`);
    }
  }

  // --- volumes and volumeMounts ---------------------------------------------------------------------
  const mounts = arr(container.volumeMounts);
  const volumes = arr(spec.volumes);
  const mountObjs = (mounts ?? []).map(obj);
  const volumeObjs = (volumes ?? []).map(obj);
  const newMounts: Plain[] = [];
  const newVolumes: Plain[] = [];
  const usedMounts = new Set<number>();
  const takenNames = new Set<string>([
    ...mountObjs.map((m) => str(m?.name) ?? ""),
    ...volumeObjs.map((v) => str(v?.name) ?? ""),
  ]);
  const findMount = (pred: (m: { [k: string]: Plain }) => boolean) =>
    mountObjs.findIndex((m, i) => m !== undefined && !usedMounts.has(i) && pred(m));
  const mountedFromSamePath = (file: string) =>
    mountObjs.some((m) => {
      const mp = str(m?.mountPath);
      if (mp === undefined || !file.startsWith(`${normPath(mp)}/`)) return false;
      const vol = volumeObjs.find((v) => v?.name === m?.name);
      return normPath(str(obj(vol?.hostPath)?.path) ?? "") === normPath(mp);
    });

  for (const d of desiredMounts(s)) {
    // Files the kubeconfig names that an existing mount (kubeadm's /etc/kubernetes/pki) already brings.
    if (
      d.name.startsWith("audit-webhook-") &&
      d.name !== "audit-webhook-config" &&
      mountedFromSamePath(d.mountPath)
    )
      continue;
    let mi = findMount((m) => normPath(str(m.mountPath) ?? "") === normPath(d.mountPath));
    if (mi < 0 && d.alsoMountPath !== undefined) {
      const also = d.alsoMountPath;
      mi = findMount((m) => normPath(str(m.mountPath) ?? "") === normPath(also));
    }
    if (mi < 0) mi = findMount((m) => m.name === d.name);
    let volumeName: string;
    if (mi >= 0) {
      usedMounts.add(mi);
      const m = mountObjs[mi] as { [k: string]: Plain };
      const mp: YamlPath = [...cPath, "volumeMounts", mi];
      volumeName = str(m.name) ?? d.name;
      if (normPath(str(m.mountPath) ?? "") !== normPath(d.mountPath)) {
        ops.push({ kind: "set", path: mp, key: "mountPath", value: d.mountPath });
        changes.push(
          `volumeMounts: ${volumeName} now mounts ${d.what} at ${d.mountPath} (was ${str(m.mountPath) ?? "?"})`,
        );
      }
      const ro = m.readOnly === true;
      if (ro !== d.readOnly && (d.readOnly || m.readOnly !== undefined)) {
        ops.push({ kind: "set", path: mp, key: "readOnly", value: d.readOnly });
        changes.push(`volumeMounts: ${volumeName} readOnly: ${d.readOnly}`);
      }
      if (m.subPath !== undefined)
        return refuse(
          "MANIFEST_LAYOUT",
          `volumeMount ${volumeName} at ${d.mountPath} has a subPath; fix it by hand`,
        );
    } else {
      volumeName = d.name;
      for (let n = 2; takenNames.has(volumeName) && !volumeObjs.some((v) => v?.name === volumeName); n++)
        volumeName = `${d.name}-${n}`;
      newMounts.push({ mountPath: d.mountPath, name: volumeName, ...(d.readOnly ? { readOnly: true } : {}) });
      changes.push(
        `volumeMounts: added ${volumeName} at ${d.mountPath}${d.readOnly ? " (read-only)" : ""}: ${d.what}`,
      );
    }
    takenNames.add(volumeName);
    const vi = volumeObjs.findIndex((v) => v?.name === volumeName);
    if (vi >= 0) {
      const v = volumeObjs[vi] as { [k: string]: Plain };
      const hp = obj(v.hostPath);
      if (hp === undefined)
        return refuse(
          "MANIFEST_LAYOUT",
          `volume ${volumeName} (mounted at ${d.mountPath}) is not a hostPath volume; fix it by hand`,
        );
      const vp: YamlPath = ["spec", "volumes", vi, "hostPath"];
      if (normPath(str(hp.path) ?? "") !== normPath(d.hostPath)) {
        ops.push({ kind: "set", path: vp, key: "path", value: d.hostPath });
        changes.push(`volumes: ${volumeName} hostPath ${d.hostPath} (was ${str(hp.path) ?? "?"})`);
      }
      if (hp.type !== d.type) {
        ops.push({ kind: "set", path: vp, key: "type", value: d.type });
        changes.push(
          `volumes: ${volumeName} type ${d.type}${hp.type === undefined ? "" : ` (was ${String(hp.type)})`}`,
        );
      }
    } else {
      newVolumes.push({ hostPath: { path: d.hostPath, type: d.type }, name: volumeName });
      changes.push(`volumes: added ${volumeName}: hostPath ${d.hostPath}, type ${d.type}`);
    }
  }
  const appendItems = (mapPath: YamlPath, key: string, existing: Plain[] | undefined, items: Plain[]) => {
    if (items.length === 0) return;
    if (existing === undefined || existing.length === 0)
      ops.push({ kind: "set", path: mapPath, key, value: items });
    else {
      // New items take the key order of the items already there.
      const model = existing[existing.length - 1];
      for (const item of items)
        ops.push({
          kind: "insertItem",
          path: [...mapPath, key],
          after: existing.length - 1,
          value: orderLike(item, model),
        });
    }
  };
  appendItems(cPath, "volumeMounts", mounts, newMounts);
  appendItems(["spec"], "volumes", volumes, newVolumes);

  // --- checksum annotations -------------------------------------------------------------------------
  const annotations = s.annotations ?? {};
  if (Object.keys(annotations).length > 0) {
    const metadata = obj(root.metadata);
    if (metadata === undefined) return refuse("MANIFEST_LAYOUT", "the pod has no metadata");
    const existing = obj(metadata.annotations);
    // Missing, `annotations:` or `annotations: {}`: the whole map is written (as a block).
    if (existing === undefined || Object.keys(existing).length === 0) {
      ops.push({ kind: "set", path: ["metadata"], key: "annotations", value: { ...annotations } });
      for (const [k, v] of Object.entries(annotations)) changes.push(`metadata.annotations: ${k}: ${v}`);
    } else {
      for (const [k, v] of Object.entries(annotations)) {
        if (existing[k] === v) continue;
        ops.push({ kind: "set", path: ["metadata", "annotations"], key: k, value: v });
        changes.push(`metadata.annotations: ${k}: ${v}`);
      }
    }
  }
  return { ok: true, value: { ops, changes } };
}

/** Patches a kube-apiserver static-pod manifest's text for auditing; idempotent (same input: no change). */
export function patchApiserverManifest(
  text: string,
  settings: AuditManifestSettings,
  file = "kube-apiserver.yaml",
): Result<ManifestPatch> {
  let src: YamlSource;
  try {
    src = new YamlSource(text);
  } catch (e) {
    const se = e instanceof SpliceError ? e : undefined;
    return {
      ok: false,
      error: {
        code: "MANIFEST_PARSE",
        message: `not valid YAML: ${(e as Error).message}`,
        file,
        ...(se?.line === undefined ? {} : { line: se.line }),
      },
    };
  }
  const plan = planEdits(src, settings, file);
  if (!plan.ok) return plan;
  if (plan.value.ops.length === 0) return { ok: true, value: { text, changed: false, changes: [] } };
  try {
    const out = spliceYaml(src, plan.value.ops);
    return { ok: true, value: { text: out, changed: out !== text, changes: plan.value.changes } };
  } catch (e) {
    const se = e instanceof SpliceError ? e : undefined;
    return {
      ok: false,
      error: {
        code: "MANIFEST_LAYOUT",
        message: `cannot patch the manifest without disturbing it: ${(e as Error).message}`,
        file,
        ...(se?.line === undefined ? {} : { line: se.line }),
      },
    };
  }
}

/** The files a webhook kubeconfig names for its current context, as absolute node paths; or why it is unusable. */
export function webhookConfigFiles(text: string, nodePath: string): Result<ReferencedFile[]> {
  const bad = (message: string): Result<never> => ({
    ok: false,
    error: { code: "WEBHOOK_CONFIG_INVALID", message, file: nodePath },
  });
  let cfg: unknown;
  try {
    cfg = parseYaml(text, { version: "1.1" });
  } catch (e) {
    return bad(`not valid YAML: ${(e as Error).message}`);
  }
  const o = obj(cfg as Plain);
  if (o === undefined || o.kind !== "Config") return bad("not a kubeconfig (kind: Config)");
  const named = (list: Plain | undefined, name: Plain | undefined, inner: string) =>
    obj(obj(arr(list)?.find((e) => obj(e)?.name === name))?.[inner]);
  const contextName = o["current-context"];
  const context = named(o.contexts, contextName, "context");
  if (context === undefined)
    return bad(`current-context ${JSON.stringify(contextName ?? "")} is not among the contexts`);
  const cluster = named(o.clusters, context.cluster, "cluster");
  if (cluster === undefined)
    return bad(`cluster ${JSON.stringify(context.cluster ?? "")} of the current context is not defined`);
  const server = str(cluster.server);
  if (server === undefined || !/^https?:\/\//.test(server))
    return bad(`cluster ${JSON.stringify(context.cluster)} has no http(s) server URL`);
  const user = context.user === undefined || context.user === "" ? {} : named(o.users, context.user, "user");
  if (user === undefined)
    return bad(`user ${JSON.stringify(context.user)} of the current context is not defined`);
  const dir = path.posix.dirname(nodePath);
  const files: ReferencedFile[] = [];
  const add = (field: string, v: Plain | undefined) => {
    const p = str(v);
    if (p === undefined || p === "") return;
    const abs = path.posix.resolve(dir, p);
    // A PEM file holding both the certificate and the key is mounted once.
    if (!files.some((f) => f.path === abs)) files.push({ field, path: abs });
  };
  add("certificate-authority", cluster["certificate-authority"]);
  add("client-certificate", user["client-certificate"]);
  add("client-key", user["client-key"]);
  add("tokenFile", user.tokenFile);
  return { ok: true, value: files };
}

/** Options of `enableAudit`. Paths written into the manifest are node paths; `hostRoot` says where the node's files are. */
export interface EnableAuditOptions {
  manifest: string;
  policy: string;
  logPath?: string;
  logMaxAge?: number;
  logMaxBackup?: number;
  logMaxSize?: number;
  webhookConfig?: string;
  webhookBatchMaxWait?: string;
  dryRun?: boolean;
  /** Default: `<hostRoot>/etc/kubernetes/lanner-backups`. */
  backupDir?: string;
  /** The node's root directory (default /): `--policy /etc/x` is read at `<hostRoot>/etc/x`. */
  hostRoot?: string;
  /** Clock for the backup name (tests). */
  now?: () => Date;
}

/** What `enableAudit` did. */
export interface EnableAuditResult {
  manifest: string;
  before: string;
  after: string;
  changed: boolean;
  changes: string[];
  /** Where the old manifest was saved (unset: nothing written). */
  backup?: string;
  written: boolean;
  /** Policy warnings (fields kube-apiserver would silently drop). */
  warnings: PolicyDiagnostic[];
}

function backupStamp(d: Date): string {
  return d.toISOString().replace(/:/g, "-");
}

/** Writes a file next to its destination under a dot-name (the kubelet skips those), fsyncs, renames into place. */
function writeAtomically(dest: string, text: string, mode: number): void {
  const dir = path.dirname(dest);
  const tmp = path.join(dir, `.${path.basename(dest)}.lanner-${process.pid}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, dest);
  const dfd = openSync(dir, "r");
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/**
 * Checks the policy (and webhook kubeconfig), patches the manifest, saves a backup outside the
 * manifests directory and replaces the manifest atomically (unless dryRun or nothing changed).
 */
export function enableAudit(o: EnableAuditOptions): Result<EnableAuditResult> {
  const root = o.hostRoot ?? "/";
  const fail = (code: EnableErrorCode, message: string, extra: Partial<EnableError> = {}): Result<never> => ({
    ok: false,
    error: { code, message, ...extra },
  });
  const nodePath = (p: string, what: string): Result<string> => {
    if (o.hostRoot !== undefined && !path.posix.isAbsolute(p))
      return fail("BAD_OPTION", `${what} ${p}: with --host-root, give the absolute path on the node`);
    return { ok: true, value: path.posix.resolve(p) };
  };
  const onHost = (p: string) => (o.hostRoot === undefined ? p : path.join(root, p));

  const policy = nodePath(o.policy, "--policy");
  if (!policy.ok) return policy;
  const logPath = o.logPath ?? DEFAULT_AUDIT_LOG_PATH;
  if (logPath === "-")
    return fail("BAD_OPTION", "--log-path -: events would be mixed into the container's output; give a file");
  if (!path.posix.isAbsolute(logPath))
    return fail("BAD_OPTION", `--log-path ${logPath}: give an absolute path`);
  if (path.posix.dirname(logPath) === "/")
    return fail("BAD_OPTION", `--log-path ${logPath}: put the log in its own directory (it is mounted)`);
  for (const [flag, v] of [
    ["--log-maxage", o.logMaxAge],
    ["--log-maxbackup", o.logMaxBackup],
    ["--log-maxsize", o.logMaxSize],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      return fail("BAD_OPTION", `${flag} ${v}: a whole number ≥ 0`);
  }
  if (
    o.webhookBatchMaxWait !== undefined &&
    !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(o.webhookBatchMaxWait)
  )
    return fail("BAD_OPTION", `--webhook-batch-max-wait ${o.webhookBatchMaxWait}: a Go duration such as 5s`);

  // The policy: missing or invalid means an apiserver that never starts.
  const policyFile = onHost(policy.value);
  if (!existsSync(policyFile))
    return fail(
      "POLICY_MISSING",
      "the policy file does not exist: kube-apiserver would not start (hostPath type File refuses a missing file)",
      { file: policyFile },
    );
  const loaded = loadPolicyFile(policyFile);
  if (!loaded.valid)
    return fail(
      "POLICY_INVALID",
      `invalid policy: kube-apiserver would exit with: ${loaded.apiserverError ?? ""}`,
      {
        file: policyFile,
        diagnostics: loaded.errors,
      },
    );
  const annotations: Record<string, string> = {
    [POLICY_CHECKSUM_ANNOTATION]: createHash("sha256").update(readFileSync(policyFile)).digest("hex"),
  };

  // The webhook kubeconfig and the files it names must exist too.
  let webhookConfigPath: string | undefined;
  let webhookFiles: ReferencedFile[] = [];
  if (o.webhookConfig !== undefined) {
    const w = nodePath(o.webhookConfig, "--webhook-config");
    if (!w.ok) return w;
    webhookConfigPath = w.value;
    const hostFile = onHost(w.value);
    if (!existsSync(hostFile))
      return fail(
        "WEBHOOK_CONFIG_MISSING",
        "the webhook kubeconfig does not exist: kube-apiserver would not start",
        {
          file: hostFile,
        },
      );
    const text = readFileSync(hostFile);
    const files = webhookConfigFiles(text.toString("utf8"), w.value);
    if (!files.ok) return { ok: false, error: { ...files.error, file: hostFile } };
    for (const f of files.value) {
      if (!existsSync(onHost(f.path)))
        return fail(
          "WEBHOOK_CONFIG_INVALID",
          `the webhook kubeconfig's ${f.field} ${onHost(f.path)} does not exist: kube-apiserver would not start`,
          { file: hostFile },
        );
    }
    webhookFiles = files.value;
    annotations[WEBHOOK_CHECKSUM_ANNOTATION] = createHash("sha256").update(text).digest("hex");
  }

  let before: string;
  let mode = 0o600;
  try {
    before = readFileSync(o.manifest, "utf8");
    mode = statSync(o.manifest).mode & 0o7777;
  } catch (e) {
    return fail("MANIFEST_READ", `cannot read ${o.manifest}: ${(e as Error).message}`, { file: o.manifest });
  }
  const patched = patchApiserverManifest(
    before,
    {
      policyPath: policy.value,
      logPath,
      logMaxAge: o.logMaxAge ?? DEFAULT_AUDIT_LOG_MAXAGE,
      logMaxBackup: o.logMaxBackup ?? DEFAULT_AUDIT_LOG_MAXBACKUP,
      logMaxSize: o.logMaxSize ?? DEFAULT_AUDIT_LOG_MAXSIZE,
      ...(webhookConfigPath === undefined ? {} : { webhookConfigPath, webhookFiles }),
      ...(o.webhookBatchMaxWait === undefined ? {} : { webhookBatchMaxWait: o.webhookBatchMaxWait }),
      annotations,
    },
    o.manifest,
  );
  if (!patched.ok) return patched;
  const result: EnableAuditResult = {
    manifest: o.manifest,
    before,
    after: patched.value.text,
    changed: patched.value.changed,
    changes: patched.value.changes,
    written: false,
    warnings: loaded.warnings,
  };
  if (!patched.value.changed || o.dryRun === true) return { ok: true, value: result };

  // The backup: never in the manifests directory, where the kubelet would start it as a second apiserver.
  const backupDir = path.resolve(o.backupDir ?? onHost(DEFAULT_BACKUP_DIR));
  const manifestDir = path.resolve(path.dirname(o.manifest));
  if (backupDir === manifestDir || backupDir.startsWith(`${manifestDir}${path.sep}`))
    return fail(
      "BACKUP_IN_MANIFEST_DIR",
      `backup directory ${backupDir} is inside the manifests directory ${manifestDir}: the kubelet would start the backup as a pod`,
    );
  const backup = path.join(
    backupDir,
    `${path.basename(o.manifest)}.${backupStamp(o.now?.() ?? new Date())}.bak`,
  );
  try {
    mkdirSync(backupDir, { recursive: true, mode: 0o700 });
    const fd = openSync(backup, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    try {
      writeSync(fd, before);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    result.backup = backup;
    writeAtomically(o.manifest, patched.value.text, mode);
  } catch (e) {
    return fail(
      "WRITE_FAILED",
      `${(e as Error).message}${result.backup === undefined ? "" : ` (backup kept at ${result.backup})`}`,
    );
  }
  result.written = true;
  return { ok: true, value: result };
}

/** `file:line: code: message` for people. */
export function formatEnableError(e: EnableError): string {
  const where = e.file === undefined ? "" : `${e.file}${e.line === undefined ? "" : `:${e.line}`}: `;
  return `${where}${e.message} [${e.code}]`;
}
