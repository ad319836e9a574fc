// `lanner audit …`: Kubernetes audit policy tools. `policy validate` loads a policy as kube-apiserver
// does, `policy explain` says what the policy records for one request and why, `policy lint` warns
// about policies that are valid but probably wrong.
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { type Command, Option } from "commander";
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
import { formatSimulationReport } from "../audit/simulate.js";
import { simulateLogs } from "../audit/simulate-run.js";

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
