// `lanner audit …`: Kubernetes audit policy tools. `policy validate` loads a policy as kube-apiserver
// does, `policy explain` says what the policy records for one request and why, `policy lint` warns
// about policies that are valid but probably wrong.
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { type Command, Option } from "commander";
import {
  DEFAULT_AUDIT_LOG_MAXAGE,
  DEFAULT_AUDIT_LOG_MAXBACKUP,
  DEFAULT_AUDIT_LOG_MAXSIZE,
  DEFAULT_AUDIT_LOG_PATH,
  DEFAULT_BACKUP_DIR,
  DEFAULT_WEBHOOK_BATCH_MAX_WAIT,
  enableAudit,
  formatEnableError,
} from "../audit/enable.js";
import {
  type AttributeInput,
  describeAttributes,
  type Explanation,
  formatDiagnostic,
  loadPolicyFile,
  type PolicyDiagnostic,
  PolicyEvaluator,
  type PolicyLoadResult,
  parseAttributeInput,
  toRequestAttributes,
} from "../audit/index.js";
import { formatLintFinding, lintPolicy } from "../audit/lint.js";
import {
  DEFAULT_RECEIVE_ADDRESS,
  DEFAULT_RECEIVE_PATH,
  DEFAULT_RECEIVE_PORT,
  startAuditReceiver,
} from "../audit/receive.js";
import { RotatingLog } from "../audit/rotating-log.js";
import { formatSimulationReport } from "../audit/simulate.js";
import { simulateLogs } from "../audit/simulate-run.js";
import { unifiedDiff } from "../immutable/fix/diff.js";

/** What a command prints and whether it succeeded (exit code 1 when not). */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  ok: boolean;
}

const place = (d: PolicyDiagnostic) =>
  d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;

/** `file:line:col: message` for the JSON error and warning lists. */
function diagnosticString(d: PolicyDiagnostic): string {
  return `${place(d)}: ${d.message}${d.hint === undefined ? "" : ` (${d.hint})`}`;
}

/** `audit policy validate`: people get one line per problem and a verdict; --json the documented object. */
export function runPolicyValidate(file: string, json: boolean): CommandOutput {
  const r = loadPolicyFile(file);
  if (json) {
    const out = {
      valid: r.valid,
      errors: r.errors.map(diagnosticString),
      warnings: r.warnings.map(diagnosticString),
      diagnostics: [...r.errors, ...r.warnings],
    };
    return { stdout: `${JSON.stringify(out)}\n`, stderr: "", ok: r.valid };
  }
  const lines = [...r.errors, ...r.warnings].map(formatDiagnostic);
  if (r.valid) {
    const n = r.policy?.rules.length ?? 0;
    lines.push(
      `${file}: valid (${n} rule${n === 1 ? "" : "s"}${r.warnings.length > 0 ? `, ${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"}` : ""})`,
    );
  } else {
    lines.push(`${file}: invalid; kube-apiserver would exit with: ${r.apiserverError ?? ""}`);
  }
  return { stdout: `${lines.join("\n")}\n`, stderr: "", ok: r.valid };
}

/** Loads a policy for explain/lint: an invalid one yields its errors on stderr. */
function loadValid(file: string): { result: PolicyLoadResult; failure?: CommandOutput } {
  const result = loadPolicyFile(file);
  if (result.valid && result.policy !== undefined) return { result };
  const lines = result.errors.map(formatDiagnostic);
  lines.push(`${file}: invalid policy (run \`lanner audit policy validate ${file}\`)`);
  return { result, failure: { stdout: "", stderr: `${lines.join("\n")}\n`, ok: false } };
}

/** Options of `audit policy explain` as commander hands them over. */
export interface ExplainOptions {
  user?: string;
  group?: string[];
  verb?: string;
  namespace?: string;
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  apiVersion?: string;
  name?: string;
  path?: string;
  resourceRequest?: boolean;
  attributes?: string;
  json?: boolean;
}

/** Attributes from --attributes (a file, or - for stdin) overridden by the flags. */
export function explainAttributes(
  opts: ExplainOptions,
  readText: (source: string) => string = (s) => readFileSync(s === "-" ? 0 : s, "utf8"),
): { ok: true; input: AttributeInput } | { ok: false; errors: string[] } {
  let input: AttributeInput = {};
  if (opts.attributes !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(readText(opts.attributes));
    } catch (e) {
      return {
        ok: false,
        errors: [`--attributes ${opts.attributes}: ${e instanceof Error ? e.message : String(e)}`],
      };
    }
    const parsed = parseAttributeInput(value);
    if (!parsed.ok)
      return { ok: false, errors: parsed.errors.map((m) => `--attributes ${opts.attributes}: ${m}`) };
    input = parsed.input;
  }
  const flags: AttributeInput = { ...input };
  if (opts.user !== undefined) flags.user = opts.user;
  if (opts.group !== undefined) flags.groups = opts.group;
  for (const k of ["verb", "namespace", "subresource", "apiGroup", "apiVersion", "name", "path"] as const) {
    const v = opts[k];
    if (v !== undefined) flags[k] = v;
  }
  if (opts.resource !== undefined) {
    // `--resource pods/log` is shorthand for --resource pods --subresource log.
    const slash = opts.resource.indexOf("/");
    if (slash >= 0 && opts.subresource === undefined) {
      flags.resource = opts.resource.slice(0, slash);
      flags.subresource = opts.resource.slice(slash + 1);
    } else flags.resource = opts.resource;
  }
  if (opts.resourceRequest !== undefined) flags.isResourceRequest = opts.resourceRequest;
  return { ok: true, input: flags };
}

function formatExplanation(e: Explanation, result: PolicyLoadResult, requestLine: string): string {
  const policy = result.policy;
  const line = (i: number) => {
    const pos = policy?.positions.get(`rules[${i}]`);
    return pos === undefined ? result.file : `${result.file}:${pos.line}`;
  };
  const out: string[] = [`request: ${requestLine}`];
  out.push(`level: ${e.level}`);
  out.push(`omitStages: ${e.omitStages.length === 0 ? "(none)" : e.omitStages.join(", ")}`);
  out.push(`omitManagedFields: ${e.omitManagedFields}`);
  if (e.rule === null) out.push("rule: none matched, so the default level None applies");
  else out.push(`rule: ${e.rule} (${line(e.rule)})`);
  if (e.skipped.length > 0) {
    out.push(e.rule === null ? "why no rule matched:" : "earlier rules that did not match:");
    for (const s of e.skipped) out.push(`  rule ${s.rule} (${line(s.rule)}): ${s.reasons.join("; ")}`);
  }
  return `${out.join("\n")}\n`;
}

/** `audit policy explain`: the decision for one request, and why each earlier rule did not match. */
export function runPolicyExplain(file: string, opts: ExplainOptions): CommandOutput {
  const attrs = explainAttributes(opts);
  if (!attrs.ok) return { stdout: "", stderr: `${attrs.errors.join("\n")}\n`, ok: false };
  const { result, failure } = loadValid(file);
  if (failure !== undefined || result.policy === undefined) return failure as CommandOutput;
  const request = toRequestAttributes(attrs.input);
  const e = new PolicyEvaluator(result.policy).explain(request);
  const stderr = result.warnings.map(formatDiagnostic).join("\n");
  if (opts.json === true) {
    const out = {
      level: e.level,
      omitStages: e.omitStages,
      omitManagedFields: e.omitManagedFields,
      rule: e.rule,
    };
    return { stdout: `${JSON.stringify(out)}\n`, stderr: stderr === "" ? "" : `${stderr}\n`, ok: true };
  }
  return {
    stdout: formatExplanation(e, result, describeAttributes(request)),
    stderr: stderr === "" ? "" : `${stderr}\n`,
    ok: true,
  };
}

/** `audit policy lint`: findings with rule index, line and a one-line fix; exit 0 (findings are advice). */
export function runPolicyLint(file: string, json: boolean): CommandOutput {
  const { result, failure } = loadValid(file);
  if (failure !== undefined || result.policy === undefined) return failure as CommandOutput;
  const findings = lintPolicy(result.policy);
  if (json) {
    const out = { file, warnings: result.warnings.map(diagnosticString), findings };
    return { stdout: `${JSON.stringify(out)}\n`, stderr: "", ok: true };
  }
  const lines = [
    ...result.warnings.map(formatDiagnostic),
    ...findings.map((f) => formatLintFinding(file, f)),
  ];
  lines.push(`${file}: ${findings.length} finding${findings.length === 1 ? "" : "s"}`);
  return { stdout: `${lines.join("\n")}\n`, stderr: "", ok: true };
}

/** Options of `audit simulate`. */
export interface SimulateOptions {
  /** Where the simulated log goes ("-": stdout); unset: not written. */
  output?: string;
  json?: boolean;
  top?: string;
  /** Show a progress bar on stderr (the CLI sets it when stderr is a terminal). */
  progress?: boolean;
}

function writeTo(stream: WriteStream | NodeJS.WriteStream): (lines: string) => Promise<void> | undefined {
  return (lines) =>
    stream.write(lines) ? undefined : new Promise((resolve) => stream.once("drain", resolve));
}

/** `audit simulate`: the log the policy would have produced from recorded logs, and a report. */
export async function runSimulate(
  file: string,
  logs: readonly string[],
  opts: SimulateOptions,
): Promise<CommandOutput> {
  const { result, failure } = loadValid(file);
  if (failure !== undefined || result.policy === undefined) return failure as CommandOutput;
  const toStdout = opts.output === "-";
  const stream = opts.output === undefined || toStdout ? undefined : createWriteStream(opts.output);
  const write = toStdout ? writeTo(process.stdout) : stream === undefined ? undefined : writeTo(stream);
  let lastDraw = 0;
  const onProgress =
    opts.progress === true
      ? (done: number, total: number, events: number) => {
          const now = Date.now();
          if (now - lastDraw < 200 && done < total) return;
          lastDraw = now;
          const width = 30;
          const filled = total === 0 ? width : Math.round((done / total) * width);
          process.stderr.write(
            `\rsimulate [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor((done * 100) / Math.max(total, 1))}% ${events.toLocaleString("en-US")} events`,
          );
        }
      : undefined;
  let run: Awaited<ReturnType<typeof simulateLogs>>;
  try {
    run = await simulateLogs(result.policy, logs, {
      ...(write === undefined ? {} : { write }),
      ...(onProgress === undefined ? {} : { onProgress }),
      top: opts.top === undefined ? 10 : Number.parseInt(opts.top, 10),
    });
  } catch (e) {
    stream?.destroy();
    return { stdout: "", stderr: `simulate: ${e instanceof Error ? e.message : String(e)}\n`, ok: false };
  } finally {
    if (opts.progress === true) process.stderr.write("\n");
  }
  if (stream !== undefined)
    await new Promise<void>((resolve, reject) =>
      stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  const diag = run.diagnostics.map((d) => `${d.file ?? ""}:${d.line}: skipped: ${d.message} (${d.reason})`);
  const report =
    opts.json === true
      ? `${JSON.stringify({ ...run.report, skipped: run.diagnostics })}\n`
      : formatSimulationReport(run.report, file);
  // The report goes to stdout unless the log itself does.
  return toStdout
    ? { stdout: "", stderr: [...diag, report].join("\n"), ok: true }
    : { stdout: report, stderr: diag.length === 0 ? "" : `${diag.join("\n")}\n`, ok: true };
}

/** Options of `audit enable` as commander hands them over (numbers still text). */
export interface EnableOptions {
  manifest?: string;
  policy: string;
  logPath?: string;
  logMaxage?: string;
  logMaxbackup?: string;
  logMaxsize?: string;
  webhookConfig?: string;
  webhookBatchMaxWait?: string;
  dryRun?: boolean;
  backupDir?: string;
  hostRoot?: string;
}

const DEFAULT_MANIFEST = "/etc/kubernetes/manifests/kube-apiserver.yaml";

/** `audit enable`: patches kube-apiserver's static-pod manifest for auditing; prints the diff. */
export function runAuditEnable(opts: EnableOptions, now?: () => Date): CommandOutput {
  const numbers: Record<string, number> = {};
  for (const [flag, key] of [
    ["--log-maxage", "logMaxage"],
    ["--log-maxbackup", "logMaxbackup"],
    ["--log-maxsize", "logMaxsize"],
  ] as const) {
    const v = opts[key];
    if (v === undefined) continue;
    if (!/^\d+$/.test(v))
      return { stdout: "", stderr: `${flag} ${v}: expected a whole number ≥ 0\n`, ok: false };
    numbers[key] = Number(v);
  }
  const manifest =
    opts.manifest ?? (opts.hostRoot === undefined ? DEFAULT_MANIFEST : `${opts.hostRoot}${DEFAULT_MANIFEST}`);
  const r = enableAudit({
    manifest,
    policy: opts.policy,
    ...(opts.logPath === undefined ? {} : { logPath: opts.logPath }),
    ...(numbers.logMaxage === undefined ? {} : { logMaxAge: numbers.logMaxage }),
    ...(numbers.logMaxbackup === undefined ? {} : { logMaxBackup: numbers.logMaxbackup }),
    ...(numbers.logMaxsize === undefined ? {} : { logMaxSize: numbers.logMaxsize }),
    ...(opts.webhookConfig === undefined ? {} : { webhookConfig: opts.webhookConfig }),
    ...(opts.webhookBatchMaxWait === undefined ? {} : { webhookBatchMaxWait: opts.webhookBatchMaxWait }),
    ...(opts.backupDir === undefined ? {} : { backupDir: opts.backupDir }),
    ...(opts.hostRoot === undefined ? {} : { hostRoot: opts.hostRoot }),
    ...(now === undefined ? {} : { now }),
    dryRun: opts.dryRun === true,
  });
  if (!r.ok) {
    const lines = [`lanner audit enable: refused: ${formatEnableError(r.error)}`];
    for (const d of r.error.diagnostics ?? []) lines.push(`  ${formatDiagnostic(d)}`);
    lines.push("nothing was written");
    return { stdout: "", stderr: `${lines.join("\n")}\n`, ok: false };
  }
  const res = r.value;
  const warnings = res.warnings.map(formatDiagnostic);
  if (!res.changed) {
    return {
      stdout: `${manifest}: audit already enabled with these settings; nothing to change\n`,
      stderr: warnings.length === 0 ? "" : `${warnings.join("\n")}\n`,
      ok: true,
    };
  }
  const err = [...warnings, ...res.changes.map((c) => `  ${c}`)];
  if (res.written) {
    err.push(
      `wrote ${manifest} (backup: ${res.backup ?? "?"})`,
      "the kubelet now restarts kube-apiserver: check it comes back with `kubectl get --raw /readyz`",
      "`kubeadm upgrade` rewrites this manifest: keep the flags and volumes in ClusterConfiguration's apiServer.extraArgs and extraVolumes too",
    );
  } else err.push("dry run: nothing written");
  return {
    stdout: unifiedDiff(res.before, res.after, manifest, manifest),
    stderr: `${err.join("\n")}\n`,
    ok: true,
  };
}

/** Options of `audit receive` as commander hands them over. */
export interface ReceiveOptions {
  listen?: string;
  path?: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  tokenFile?: string;
  logPath: string;
  logMaxsize?: string;
  logMaxsizeBytes?: string;
  logMaxbackup?: string;
  logMaxage?: string;
  logCompress?: boolean;
  dedup?: boolean;
}

/** kube-apiserver 1.36's defaults for its own log: 100 MiB, 100 backups, 366 days. */
export const RECEIVE_DEFAULT_MAXSIZE = 100;
export const RECEIVE_DEFAULT_MAXBACKUP = 100;
export const RECEIVE_DEFAULT_MAXAGE = 366;

/** `ADDR:PORT`, `[v6]:PORT` or `:PORT` (every interface). */
export function parseListen(value: string): { address: string; port: number } | string {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) return `--listen ${value}: expected ADDR:PORT, [IPv6]:PORT or :PORT`;
  const address = m[1] ?? (m[2] === "" ? "0.0.0.0" : (m[2] as string));
  return { address, port };
}

/** `audit receive`: runs the audit webhook backend until SIGINT/SIGTERM; resolves when it has stopped. */
export async function runAuditReceive(opts: ReceiveOptions): Promise<CommandOutput> {
  const bad = (message: string): CommandOutput => ({
    stdout: "",
    stderr: `lanner audit receive: ${message}\n`,
    ok: false,
  });
  const listen = parseListen(opts.listen ?? `${DEFAULT_RECEIVE_ADDRESS}:${DEFAULT_RECEIVE_PORT}`);
  if (typeof listen === "string") return bad(listen);
  const whole = (flag: string, v: string | undefined, dflt: number): number | string => {
    if (v === undefined) return dflt;
    return /^\d+$/.test(v) ? Number(v) : `${flag} ${v}: expected a whole number ≥ 0`;
  };
  const maxSize = whole("--log-maxsize", opts.logMaxsize, RECEIVE_DEFAULT_MAXSIZE);
  const maxBackups = whole("--log-maxbackup", opts.logMaxbackup, RECEIVE_DEFAULT_MAXBACKUP);
  const maxAge = whole("--log-maxage", opts.logMaxage, RECEIVE_DEFAULT_MAXAGE);
  const maxSizeBytes = whole("--log-maxsize-bytes", opts.logMaxsizeBytes, -1);
  for (const v of [maxSize, maxBackups, maxAge, maxSizeBytes]) if (typeof v === "string") return bad(v);
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined))
    return bad("--tls-cert and --tls-key go together");
  if (opts.clientCa !== undefined && opts.tlsCert === undefined)
    return bad("--client-ca needs --tls-cert and --tls-key");
  let token: string | undefined;
  if (opts.tokenFile !== undefined) {
    try {
      token = readFileSync(opts.tokenFile, "utf8").trim();
    } catch (e) {
      return bad(`--token-file: ${(e as Error).message}`);
    }
    if (token === "") return bad(`--token-file ${opts.tokenFile} is empty`);
  }
  const say = (m: string) => process.stderr.write(`lanner audit receive: ${m}\n`);
  const log = new RotatingLog({
    filename: opts.logPath,
    maxSize: maxSize as number,
    ...((maxSizeBytes as number) >= 0 ? { maxSizeBytes: maxSizeBytes as number } : {}),
    maxBackups: maxBackups as number,
    maxAge: maxAge as number,
    compress: opts.logCompress === true,
    onNotice: say,
  });
  let receiver: Awaited<ReturnType<typeof startAuditReceiver>>;
  try {
    receiver = await startAuditReceiver({
      log,
      listenAddress: listen.address,
      listenPort: listen.port,
      path: opts.path ?? DEFAULT_RECEIVE_PATH,
      ...(opts.tlsCert !== undefined && opts.tlsKey !== undefined
        ? {
            tls: {
              cert: opts.tlsCert,
              key: opts.tlsKey,
              ...(opts.clientCa === undefined ? {} : { ca: opts.clientCa }),
            },
          }
        : {}),
      ...(token === undefined ? {} : { bearerToken: token }),
      ...(opts.dedup === false ? { dedup: false as const } : {}),
      onDiagnostic: (d, remote) => say(`from ${remote}: skipped: ${d.message} (${d.reason})`),
      onWriteError: (e) =>
        say(
          `batch not stored (answered 500, the apiserver retries): ${e instanceof Error ? e.message : String(e)}`,
        ),
    });
  } catch (e) {
    await log.close();
    return bad(e instanceof Error ? e.message : String(e));
  }
  const host = receiver.address.includes(":") ? `[${receiver.address}]` : receiver.address;
  say(
    `listening on ${receiver.protocol}://${host}:${receiver.port}${opts.path ?? DEFAULT_RECEIVE_PATH}, writing ${log.filename}`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      say(`${signal}: finishing the batches being written`);
      resolve();
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
  await receiver.close();
  await log.close();
  const st = receiver.stats;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  say(
    `stopped: ${n(st.written, "event", "events")} written in ${n(st.batches, "batch", "batches")}, ${n(st.duplicates, "duplicate", "duplicates")} dropped`,
  );
  return { stdout: "", stderr: "", ok: true };
}

function emit(out: CommandOutput): void {
  if (out.stdout !== "") process.stdout.write(out.stdout);
  if (out.stderr !== "") process.stderr.write(out.stderr);
  if (!out.ok) process.exitCode = 1;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Registers `audit policy validate|explain|lint` and `audit simulate` on the program. */
export function registerAudit(program: Command): void {
  const audit = program
    .command("audit")
    .description(
      "Kubernetes audit: policies (validate, explain, lint) and replaying logs through them (simulate)",
    );
  const policy = audit.command("policy").description("work with an audit.k8s.io/v1 Policy file");

  policy
    .command("validate")
    .description("load a policy as kube-apiserver does: its errors, and the fields it would silently ignore")
    .argument("<file>", "policy file (YAML or JSON)")
    .option("--json", 'print {"valid", "errors", "warnings"}')
    .action((file: string, opts: { json?: boolean }) => emit(runPolicyValidate(file, opts.json === true)));

  policy
    .command("explain")
    .description(
      "what the policy records for one request: level, omitted stages, the rule, and why earlier rules did not match",
    )
    .argument("<file>", "policy file")
    .option("--user <name>", "authenticated user name")
    .option("--group <group>", "a group of the user (repeatable)", collect)
    .option(
      "--verb <verb>",
      "request verb: get, list, watch, create, update, patch, delete, deletecollection…",
    )
    .option("--namespace <ns>", 'namespace ("" for cluster-scoped)')
    .option("--resource <resource>", "resource, or resource/subresource")
    .option("--subresource <sub>", "subresource")
    .option("--api-group <group>", 'API group ("" is core)')
    .option("--api-version <version>", "API version")
    .option("--name <name>", "object name")
    .option("--path <path>", "URL path (non-resource requests are matched on it)")
    .addOption(
      new Option("--resource-request", "force isResourceRequest true").conflicts("nonResourceRequest"),
    )
    .addOption(new Option("--non-resource-request", "force isResourceRequest false"))
    .option("--attributes <file>", "JSON object of authorizer attributes (- for stdin); flags override it")
    .option("--json", 'print {"level", "omitStages", "omitManagedFields", "rule"}')
    .action((file: string, opts: ExplainOptions & { nonResourceRequest?: boolean }) => {
      const o: ExplainOptions = { ...opts };
      if (opts.nonResourceRequest === true) o.resourceRequest = false;
      emit(runPolicyExplain(file, o));
    });

  policy
    .command("lint")
    .description("warn about valid policies that probably do not record what was meant")
    .argument("<file>", "policy file")
    .option("--json", "print the findings as JSON")
    .action((file: string, opts: { json?: boolean }) => emit(runPolicyLint(file, opts.json === true)));

  audit
    .command("enable")
    .description(
      "turn auditing on in kube-apiserver's static-pod manifest: --audit-* flags, volumes and mounts, a backup; idempotent",
    )
    .option(
      "--manifest <file>",
      `the kube-apiserver static-pod manifest (default ${DEFAULT_MANIFEST}, under --host-root)`,
    )
    .requiredOption(
      "--policy <file>",
      "the audit policy (path on the node; checked before anything is written)",
    )
    .option(
      "--log-path <file>",
      `audit log on the node; its directory is mounted (default ${DEFAULT_AUDIT_LOG_PATH})`,
    )
    .option("--log-maxage <days>", `--audit-log-maxage (default ${DEFAULT_AUDIT_LOG_MAXAGE})`)
    .option("--log-maxbackup <n>", `--audit-log-maxbackup (default ${DEFAULT_AUDIT_LOG_MAXBACKUP})`)
    .option("--log-maxsize <MB>", `--audit-log-maxsize (default ${DEFAULT_AUDIT_LOG_MAXSIZE})`)
    .option("--webhook-config <file>", "kubeconfig of an audit webhook backend (e.g. `lanner audit receive`)")
    .option(
      "--webhook-batch-max-wait <duration>",
      `--audit-webhook-batch-max-wait (default ${DEFAULT_WEBHOOK_BATCH_MAX_WAIT})`,
    )
    .option("--dry-run", "print the diff and write nothing")
    .option("--backup-dir <dir>", `where the old manifest is saved (default ${DEFAULT_BACKUP_DIR})`)
    .option(
      "--host-root <dir>",
      "the node's filesystem is mounted here (paths in the manifest stay node paths)",
    )
    .action((opts: EnableOptions) => emit(runAuditEnable(opts)));

  audit
    .command("receive")
    .description(
      "an audit webhook backend: writes posted events to a rotated JSON-lines log and answers 200 only once they are fsync'ed",
    )
    .requiredOption("--log-path <file>", "the JSON-lines log (its directory is created)")
    .option(
      "--listen <addr:port>",
      `where to listen (default ${DEFAULT_RECEIVE_ADDRESS}:${DEFAULT_RECEIVE_PORT})`,
    )
    .option("--path <path>", `URL path events are posted to (default ${DEFAULT_RECEIVE_PATH})`)
    .option("--tls-cert <file>", "serve HTTPS with this certificate (PEM)")
    .option("--tls-key <file>", "the certificate's key (PEM)")
    .option("--client-ca <file>", "require client certificates signed by this CA")
    .option("--token-file <file>", "require `Authorization: Bearer <the file's content>`")
    .option(
      "--log-maxsize <MB>",
      `rotate before the log would exceed this many MiB; 0: never (default ${RECEIVE_DEFAULT_MAXSIZE})`,
    )
    .option("--log-maxbackup <n>", `backups kept; 0: all (default ${RECEIVE_DEFAULT_MAXBACKUP})`)
    .option("--log-maxage <days>", `days backups are kept; 0: forever (default ${RECEIVE_DEFAULT_MAXAGE})`)
    .option("--log-compress", "gzip backups")
    .option("--no-dedup", "keep the copies of events the apiserver sends again")
    .addOption(new Option("--log-maxsize-bytes <n>", "rotation size in bytes (tests)").hideHelp())
    .action(async (opts: ReceiveOptions) => emit(await runAuditReceive(opts)));

  audit
    .command("simulate")
    .description(
      "replay recorded audit logs (best recorded at RequestResponse) through a policy: the log it would write, and a report",
    )
    .argument("<policy>", "policy file")
    .argument("<logs...>", "audit logs: JSON lines or EventList documents")
    .option(
      "-o, --output <file>",
      "write the simulated log here (- for stdout; the report then goes to stderr)",
    )
    .option("--json", "print the report as JSON")
    .option("--top <n>", "users, resources and verbs listed in the report", "10")
    .option("--no-progress", "no progress bar")
    .action(async (file: string, logs: string[], opts: SimulateOptions & { progress?: boolean }) => {
      emit(
        await runSimulate(file, logs, {
          ...opts,
          progress: opts.progress !== false && process.stderr.isTTY === true,
        }),
      );
    });
}
