// `lanner immutable scan|fix|learn|drift-rules|checks`: find what keeps a workload from being immutable,
// fix it so the app still runs, learn what it writes, and allow exactly its declared mounts at runtime.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { CHECKS } from "../immutable/checks/catalog.js";
import { declaredWritableMounts, formatDriftRules } from "../immutable/drift-rules.js";
import { unifiedDiff } from "../immutable/fix/diff.js";
import { type FixChange, fixSource, imageRepository } from "../immutable/fix/fixer.js";
import { parseWritableProfile } from "../immutable/fix/profile.js";
import { readManifestSources } from "../immutable/input.js";
import {
  formatProfile,
  LEARN_SYSCALLS,
  type LearnResult,
  learnFromCapture,
  ProcessTree,
  parseImageOption,
} from "../immutable/learn.js";
import { parseSeverity, type ScanReport, type Severity } from "../immutable/model.js";
import { formatJsonReport } from "../immutable/report/json.js";
import { formatJunitReport } from "../immutable/report/junit.js";
import { formatSarifReport } from "../immutable/report/sarif.js";
import { reportFailsAt } from "../immutable/report/summary.js";
import { formatTextReport } from "../immutable/report/text.js";
import { scanSources } from "../immutable/scan.js";
import type { SuppressionMode } from "../immutable/suppress.js";
import { probeBuilt, probeSyscalls, startProbe, syscallsFor } from "../syscall/live/probe.js";
import { VERSION } from "./version.js";

export const SCAN_FORMATS = ["text", "json", "sarif", "junit"] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** Options of `immutable scan`, as commander hands them over. */
export interface ScanCommandOptions {
  format?: string;
  failOn?: string;
  suppressions?: string;
  color?: string;
  fixes?: boolean;
}

/** What the command prints and its exit code (0 clean, 1 `--fail-on` reached, 2 input errors). */
export interface CommandResult {
  text: string;
  exitCode: number;
  report?: ScanReport;
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`unknown ${what} '${value}' (expected ${allowed.join(", ")})`);
  }
  return value as T;
}

/** Runs `immutable scan` without touching process state: reads the paths, scans, renders. */
export function runScan(
  paths: readonly string[],
  opts: ScanCommandOptions,
  env: { stdin?: () => string; isTTY: boolean; cwd: string; now?: Date; noColor?: boolean },
): CommandResult {
  if (paths.length === 0) throw new Error("no input: give manifest files, directories, or - for stdin");
  const format = oneOf("format", opts.format ?? "text", SCAN_FORMATS);
  const mode = oneOf<SuppressionMode>("suppression mode", opts.suppressions ?? "all", [
    "all",
    "lanner",
    "none",
  ]);
  let failOn: Severity | undefined;
  if (opts.failOn !== undefined && opts.failOn !== "none") {
    failOn = parseSeverity(opts.failOn);
    if (failOn === undefined)
      throw new Error(`unknown severity '${opts.failOn}' (critical, high, medium, low, info, none)`);
  }
  const colorMode = oneOf("color mode", opts.color ?? "auto", ["auto", "always", "never"]);
  const color = colorMode === "always" || (colorMode === "auto" && env.isTTY && env.noColor !== true);
  const report = scanSources(readManifestSources(paths, env.stdin), { suppressions: mode, now: env.now });
  let text: string;
  if (format === "json") text = formatJsonReport(report, VERSION);
  else if (format === "sarif") text = formatSarifReport(report, VERSION, env.cwd);
  else if (format === "junit") text = formatJunitReport(report);
  else text = formatTextReport(report, { color, fixes: opts.fixes !== false });
  let exitCode = 0;
  if (failOn !== undefined && reportFailsAt(report, failOn)) exitCode = 1;
  if (report.errors.length > 0) exitCode = 2;
  return { text, exitCode, report };
}

/** The check catalog as text or JSON (`lanner immutable checks`). */
export function formatChecks(json: boolean): string {
  if (json) return `${JSON.stringify(CHECKS, null, 2)}\n`;
  return `${CHECKS.map((c) => {
    const refs = [c.pss === undefined ? "" : `PSS ${c.pss}`, c.cis === undefined ? "" : `CIS ${c.cis}`]
      .filter((x) => x !== "")
      .join(", ");
    return `${c.id.padEnd(32)} ${c.severity.padEnd(8)} ${c.title}${refs === "" ? "" : ` (${refs})`}\n${" ".repeat(42)}${c.rationale}\n${" ".repeat(42)}fix: ${c.fix}`;
  }).join("\n")}\n`;
}

/** Options of `immutable fix`, as commander hands them over. */
export interface FixCommandOptions {
  dryRun?: boolean;
  stdout?: boolean;
  profile?: string;
  skipUnknown?: boolean;
}

/** What `immutable fix` does: files to write, text for stdout (diff or manifests), a summary for stderr. */
export interface FixCommandResult {
  writes: { file: string; content: string }[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

function describe(c: FixChange): string {
  const who = c.container === undefined ? c.object : `${c.object} [${c.container}]`;
  return `${who}: ${c.action} ${c.field}: ${c.detail}`;
}

/** Runs `immutable fix` without touching process state or files: plans the writes and the output. */
export function runFix(
  paths: readonly string[],
  opts: FixCommandOptions,
  env: { stdin?: () => string; readFile?: (file: string) => string },
): FixCommandResult {
  if (paths.length === 0) throw new Error("no input: give manifest files, directories, or - for stdin");
  const profile =
    opts.profile === undefined
      ? undefined
      : parseWritableProfile(
          (env.readFile ?? ((f: string) => readFileSync(f, "utf8")))(opts.profile),
          opts.profile,
          imageRepository,
        );
  const res: FixCommandResult = { writes: [], stdout: "", stderr: "", exitCode: 0 };
  const outputs: string[] = [];
  for (const src of readManifestSources(paths, env.stdin)) {
    const r = fixSource(src, { profile, unknownImages: opts.skipUnknown === true ? "skip" : "review" });
    for (const e of r.errors) {
      res.stderr += `error ${e.file}: ${e.code}: ${e.message}\n`;
      res.exitCode = 2;
    }
    for (const c of r.changes) res.stderr += `${src.name}: ${describe(c)}\n`;
    if (opts.dryRun === true) {
      const name = src.name === "-" ? "stdin" : src.name;
      const [a, b] = src.name === "-" || path.isAbsolute(name) ? [name, name] : [`a/${name}`, `b/${name}`];
      outputs.push(unifiedDiff(r.original, r.content, a, b));
    } else if (opts.stdout === true || src.name === "-") {
      outputs.push(r.content);
    } else if (r.content !== r.original) {
      res.writes.push({ file: src.name, content: r.content });
    }
  }
  const streamed = opts.dryRun !== true && outputs.length > 1;
  res.stdout = streamed
    ? outputs.map((o) => (o.endsWith("\n") ? o : `${o}\n`)).join("---\n")
    : outputs.join("");
  return res;
}

/** Options of `immutable learn`, as commander hands them over. */
export interface LearnCommandOptions {
  eventsFile?: string;
  output?: string;
  image?: string[];
  live?: boolean;
  duration?: string;
}

export interface LearnOutcome {
  profile: string;
  stderr: string;
  exitCode: number;
}

/** The profile and the stderr summary of a learn run. */
function learnOutcome(r: LearnResult, name: string, of = "container activity"): LearnOutcome {
  let stderr = "";
  for (const img of r.images) {
    stderr += `${img.image}: ${img.paths.length} writable paths, ${img.executed.length} executables (containers ${img.containerIds.join(", ")})\n`;
    if (img.skipped.length > 0)
      stderr += `${img.image}: skipped writes directly under /: ${img.skipped.join(", ")}\n`;
  }
  if (r.images.length === 0) stderr += `${name}: no ${of} found\n`;
  let exitCode = 0;
  if (r.error !== undefined) {
    stderr += `${name}: capture read stopped early: ${r.error}\n`;
    exitCode = 2;
  }
  return { profile: formatProfile(r, name), stderr, exitCode };
}

/** Runs `immutable learn` on a capture without touching process state or files. */
export async function runLearn(
  opts: LearnCommandOptions,
  source?: string | Uint8Array,
): Promise<LearnOutcome> {
  const input = source ?? opts.eventsFile;
  if (input === undefined)
    throw new Error("no events: give a capture with -e FILE.scap, or --live to watch with the eBPF probe");
  const r = await learnFromCapture(input, { image: parseImageOption(opts.image) });
  return learnOutcome(r, path.basename(opts.eventsFile ?? "capture"));
}

/**
 * Runs `immutable learn --live`: the eBPF probe traces the learned system calls; with a command, that
 * command is started once the probe is attached and its process tree is learned (host or container)
 * until it exits; without one, every container is learned until the duration ends or `signal` aborts.
 */
export async function runLiveLearn(
  opts: LearnCommandOptions,
  command: readonly string[],
  io: { log(line: string): void; signal?: AbortSignal },
): Promise<LearnOutcome> {
  const secs = opts.duration === undefined ? undefined : Number(opts.duration);
  if (secs !== undefined && !(secs > 0))
    throw new Error(`-d expects a positive number of seconds, got '${opts.duration}'`);
  // The helper checks privileges and BTF itself when it starts (the programs are loaded once).
  const status = probeBuilt();
  if (!status.available) throw new Error(`live learning needs the eBPF probe: ${status.reason}`);
  const [cmd, ...args] = command;
  const tree = cmd === undefined ? undefined : new ProcessTree();
  const image = parseImageOption(opts.image) ?? (cmd === undefined ? undefined : path.basename(cmd));
  const probe = startProbe({
    syscalls: syscallsFor(LEARN_SYSCALLS, probeSyscalls()),
    ...(secs !== undefined ? { durationSec: secs } : {}),
    onMessage: io.log,
  });
  const stop = () => probe.stop();
  io.signal?.addEventListener("abort", stop);
  const learned = learnFromCapture(probe.stream, { image, live: true, ...(tree ? { tree } : {}) });
  let note = "";
  let exitCode = 0;
  try {
    await probe.ready.catch((err: unknown) => {
      throw new Error(
        `live learning needs the eBPF probe: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    if (cmd !== undefined && tree !== undefined) {
      io.log(`learning from \`${command.join(" ")}\` (its output follows on stderr)`);
      // The command's stdout goes to stderr: stdout carries the profile.
      const child = spawn(cmd, args, { stdio: ["inherit", 2, 2] });
      if (child.pid !== undefined) tree.add(child.pid);
      const outcome = await new Promise<string | number>((res) => {
        child.once("error", (err) => res(err.message));
        child.once("exit", (code, sig) => res(sig ?? code ?? 0));
      });
      probe.stop();
      if (outcome !== 0) {
        note = `${cmd}: ${typeof outcome === "number" ? `exit code ${outcome}` : outcome}; the profile may be incomplete\n`;
        exitCode = 1;
      }
    } else {
      io.log(`learning from every container${secs ? ` for ${secs} s` : " (Ctrl-C stops)"}`);
    }
    const r = await learned;
    await probe.exited;
    const name = cmd === undefined ? "a live capture" : `a live capture of \`${command.join(" ")}\``;
    const out = learnOutcome(r, name, cmd === undefined ? undefined : "activity of the command");
    const s = probe.lastStats();
    if (s !== undefined && s.drops + s.dropsTooBig > 0)
      note += `the probe dropped ${s.drops + s.dropsTooBig} events; the profile may be incomplete\n`;
    return { ...out, stderr: out.stderr + note, exitCode: Math.max(out.exitCode, exitCode) };
  } catch (err) {
    probe.stop();
    throw err;
  } finally {
    io.signal?.removeEventListener("abort", stop);
  }
}

function writeOut(text: string, output: string | undefined): void {
  if (output === undefined || output === "-") process.stdout.write(text);
  else writeFileSync(output, text);
}

/** Registers `immutable scan`, `fix`, `learn`, `drift-rules` and `checks`. */
export function registerImmutable(program: Command): void {
  const imm = program
    .command("immutable")
    .description("immutable workloads: scan manifests, fix them with the volumes the app needs");

  imm
    .command("scan")
    .description("check workload manifests (files, directories, - for stdin) for immutability and hardening")
    .argument("<paths...>", "manifest files or directories (.yaml, .yml, .json), or - for stdin")
    .option("-f, --format <format>", `output format: ${SCAN_FORMATS.join(", ")}`, "text")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--fail-on <severity>", "exit 1 when an unsuppressed finding is at least this severe")
    .option(
      "--suppressions <mode>",
      "honour suppression annotations: all, lanner (only Lanner's), none",
      "all",
    )
    .option("--color <when>", "colour text output: auto (when stdout is a TTY), always, never", "auto")
    .option("--no-fixes", "text output: do not print how to fix each check")
    .action((paths: string[], opts: ScanCommandOptions & { output?: string }) => {
      const result = runScan(paths, opts, {
        stdin: () => readFileSync(0, "utf8"),
        isTTY: opts.output === undefined && process.stdout.isTTY === true,
        noColor: process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "",
        cwd: process.cwd(),
      });
      writeOut(result.text, opts.output);
      process.exitCode = result.exitCode;
    });

  imm
    .command("fix")
    .description(
      "make root filesystems read-only with emptyDir volumes for the paths each image writes, and add safe hardening; edits in place, keeping comments and formatting",
    )
    .argument("<paths...>", "manifest files or directories, or - for stdin (written to stdout)")
    .option("--dry-run", "print a unified diff and write nothing")
    .option("--stdout", "print the fixed manifests instead of writing the files")
    .option(
      "--profile <file>",
      "writable paths learned at runtime (WritableProfile); replaces the knowledge base for its images",
    )
    .option(
      "--skip-unknown",
      "leave containers whose image is not in the knowledge base (default: read-only root, /tmp, marked for review)",
    )
    .action((paths: string[], opts: FixCommandOptions) => {
      const r = runFix(paths, opts, { stdin: () => readFileSync(0, "utf8") });
      for (const w of r.writes) writeFileSync(w.file, w.content);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode;
    });

  imm
    .command("learn")
    .description(
      "record the paths each container writes and executes, from a capture or live, summarised to directories, as a profile for fix --profile",
    )
    .argument(
      "[command...]",
      "with --live: run this command (after --) and learn its process tree, host or container, until it exits",
    )
    .option("-e, --events-file <file>", "scap capture to replay (plain or gzip)")
    .option("--live", "watch live system calls with the eBPF probe")
    .option(
      "-d, --duration <seconds>",
      "with --live: stop after this many seconds (default: Ctrl-C, or the command's exit)",
    )
    .option("-o, --output <file>", "write the profile to a file instead of stdout")
    .option(
      "--image <name>",
      "profile entry name: NAME for every container, or ID=NAME per container (repeatable); default the container id, or the command's name",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(async (command: string[], opts: LearnCommandOptions) => {
      let r: LearnOutcome;
      if (opts.live === true) {
        if (opts.eventsFile !== undefined) throw new Error("give either -e FILE or --live, not both");
        const abort = new AbortController();
        const onSignal = () => abort.abort();
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
        try {
          r = await runLiveLearn(opts, command, {
            log: (line) => process.stderr.write(`${line}\n`),
            signal: abort.signal,
          });
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        }
      } else {
        if (command.length > 0) throw new Error("a command to learn from needs --live");
        r = await runLearn(opts);
      }
      writeOut(r.profile, opts.output);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode;
    });

  imm
    .command("drift-rules")
    .description(
      "write a rules file that allows writes below the writable mounts the manifests declare (load it after Lanner's default rules)",
    )
    .argument("<paths...>", "manifest files or directories, or - for stdin")
    .option("-o, --output <file>", "write the rules file instead of printing it")
    .option(
      "--per-image",
      "allow each image only the mounts its own workloads declare (container.image.repository; needs container metadata at runtime)",
    )
    .action((paths: string[], opts: { output?: string; perImage?: boolean }) => {
      const declared = declaredWritableMounts(readManifestSources(paths, () => readFileSync(0, "utf8")));
      writeOut(formatDriftRules(declared, paths.join(" "), { perImage: opts.perImage }), opts.output);
      for (const e of declared.errors) process.stderr.write(`lanner: ${e}\n`);
      process.stderr.write(
        `${declared.mounts.length} writable mount paths from ${declared.containers} containers\n`,
      );
      process.exitCode = declared.errors.length > 0 ? 1 : 0;
    });

  imm
    .command("checks")
    .description("list the checks with their severity, PSS level, CIS reference, rationale and fix")
    .option("--json", "print the catalog as JSON")
    .action((opts: { json?: boolean }) => {
      process.stdout.write(formatChecks(opts.json === true));
    });
}
