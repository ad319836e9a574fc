// `lanner run`: the agent. Reads the falco.yaml-style configuration (-c, -o), loads the rules,
// starts the event sources, the outputs and the webserver; SIGHUP reloads, SIGUSR1 reopens outputs,
// SIGINT/SIGTERM drain and stop. With -e it replays files and exits, printing Falco's summary.
import { rmSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { Agent, type AlertSink } from "../agent/agent.js";
import { AgentMetrics } from "../agent/metrics.js";
import { PipelineSink } from "../agent/pipeline-sink.js";
import { watchPaths } from "../agent/watch.js";
import {
  formatConfigDiagnostic,
  type LannerConfig,
  type LoadConfigResult,
  loadConfig,
  supportInfo,
} from "../config/index.js";
import type { RuleSelection } from "../engine/ruleset.js";
import { defaultSchemas } from "../engine/sources.js";
import { applyLogSettings, closeSyslog, log } from "./run-log.js";
import { VERSION } from "./version.js";

interface RunOptions {
  config?: string;
  rules: string[];
  option: string[];
  disableTag: string[];
  tag: string[];
  disable: string[];
  events: string[];
  follow: string[];
  json?: boolean;
  unbuffered?: boolean;
  enableSource: string[];
  disableSource: string[];
  dryRun?: boolean;
  support?: boolean;
  pidfile?: string;
  duration?: string;
  allEvents?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Sources to run after --enable-source/--disable-source (Falco: enable lists the only ones, disable removes). */
export function selectSources(
  known: readonly string[],
  enable: readonly string[],
  disable: readonly string[],
): string[] {
  for (const s of [...enable, ...disable]) {
    if (!known.includes(s)) throw new Error(`unknown event source '${s}' (known: ${known.join(", ")})`);
  }
  if (enable.length > 0 && disable.length > 0) {
    throw new Error("--enable-source and --disable-source cannot be used together");
  }
  const active =
    enable.length > 0 ? known.filter((s) => enable.includes(s)) : known.filter((s) => !disable.includes(s));
  if (active.length === 0) throw new Error("every event source is disabled; nothing to run");
  return active;
}

/** -T (disable tag), -t (only these tags), -D (disable rules whose name contains the text). */
export function selectionFromFlags(opts: {
  disableTag: string[];
  tag: string[];
  disable: string[];
}): RuleSelection[] {
  const sel: RuleSelection[] = [];
  for (const t of opts.disableTag) sel.push({ disable: { tag: t } });
  if (opts.tag.length > 0) sel.push({ only: { tags: opts.tag } });
  for (const d of opts.disable) sel.push({ disable: { rule: `*${d}*` } });
  return sel;
}

/** Loads the configuration with the CLI's own options folded in as -o overrides. */
function loadRunConfig(opts: RunOptions): LoadConfigResult {
  lastConfigFiles = [];
  const overrides = [...opts.option];
  if (opts.json) overrides.push("json_output=true");
  if (opts.unbuffered) overrides.push("buffered_outputs=false");
  const result = loadConfig({ file: opts.config, overrides });
  lastConfigFiles = [...result.files, ...result.dirs];
  return result;
}

/** The configuration files and directories the last load read (for watch_config_files). */
let lastConfigFiles: string[] = [];

function reportConfig(result: LoadConfigResult): LannerConfig | undefined {
  for (const w of result.warnings) log("warning", formatConfigDiagnostic(w));
  if (!result.ok) {
    for (const e of result.errors) log("error", formatConfigDiagnostic(e));
    return undefined;
  }
  return result.config;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run the agent: rules over Kubernetes audit events (webhook, logs) and scap captures")
    .option("-c, --config <file>", "configuration file (falco.yaml format; default: embedded defaults)")
    .option(
      "-o, --option <key=value>",
      "override a configuration key (key.path=value, list[0]=v, list[]=v)",
      collect,
      [],
    )
    .option("-r, --rules <path>", "rules file or directory (repeatable; replaces rules_files)", collect, [])
    .option(
      "-e, --events <file>",
      "replay a scap capture or an audit log (- for stdin), print Falco's summary and exit (repeatable)",
      collect,
      [],
    )
    .option("-A, --all-events", "with captures: also evaluate the high-volume I/O events Falco skips")
    .option(
      "--follow <file>",
      "follow an audit log file like tail -F, across rotation (repeatable)",
      collect,
      [],
    )
    .option("--json", "print alerts as Falco's JSON (json_output=true)")
    .option("-U, --unbuffered", "flush outputs on every alert (buffered_outputs=false)")
    .option("--enable-source <source>", "run only this event source (repeatable)", collect, [])
    .option("--disable-source <source>", "do not run this event source (repeatable)", collect, [])
    .option("-T, --disable-tag <tag>", "disable rules with this tag (repeatable)", collect, [])
    .option("-t, --tag <tag>", "only run rules with this tag (repeatable)", collect, [])
    .option(
      "-D, --disable <substring>",
      "disable rules whose name contains this text (repeatable)",
      collect,
      [],
    )
    .option("--dry-run", "load the configuration and rules, then exit")
    .option(
      "--support",
      "print support information (version, configuration, rules files with digests) as JSON",
    )
    .option("-P, --pidfile <file>", "write the process id to this file")
    .option("-M, --duration <seconds>", "stop after this many seconds")
    .action(async (opts: RunOptions) => {
      // A running agent closes the syslog log when it stops; every other path ends here.
      if (!(await runAgent(opts))) await closeSyslog();
    });
}

/** `lanner run` itself; true when an agent keeps running (the process lives on its handles). */
async function runAgent(opts: RunOptions): Promise<boolean> {
  if (opts.tag.length > 0 && (opts.disable.length > 0 || opts.disableTag.length > 0)) {
    // Falco refuses the combination: which one would win is not obvious.
    process.stderr.write("Error: You can not specify both disabled (-D/-T) and enabled (-t) rules\n");
    process.exitCode = 1;
    return false;
  }
  let config = reportConfig(loadRunConfig(opts));
  if (!config) {
    process.exitCode = 1;
    return false;
  }
  applyLogSettings(config);
  const rulesPaths = () => (opts.rules.length > 0 ? opts.rules : (config as LannerConfig).rules_files);
  const sources = selectSources([...defaultSchemas().keys()], opts.enableSource, opts.disableSource);
  if (opts.support) {
    const info = supportInfo(config, rulesPaths(), {
      cmdline: ["lanner", "run", ...process.argv.slice(3)].join(" "),
      version: VERSION,
    });
    process.stdout.write(`${JSON.stringify(info)}\n`);
    return false;
  }
  const replay = [...opts.events];
  if (config.engine.kind === "replay" && replay.length === 0 && config.engine.replay.capture_file) {
    replay.push(config.engine.replay.capture_file);
  }
  const replaying = replay.length > 0;
  // A replay is a batch job: no listeners, so it never clashes with a running agent's ports.
  if (replaying)
    config = {
      ...config,
      webserver: { ...config.webserver, enabled: false },
      k8s_audit: { ...config.k8s_audit, enabled: false },
    };

  const metrics = new AgentMetrics();
  let sink: AlertSink | undefined;
  let agent: Agent;
  try {
    sink = new PipelineSink(config, log, metrics);
    agent = new Agent({
      config,
      rulesPaths: rulesPaths(),
      selection: selectionFromFlags(opts),
      sources,
      version: VERSION,
      sink,
      log,
      replay,
      allEvents: opts.allEvents,
      follow: opts.follow,
      live: !replaying && config.engine.kind !== "nodriver",
      onFatal: (reason) => {
        process.exitCode = 1;
        // A replay stops by itself (the source returns); a running agent is stopped.
        if (!replaying) void stop(reason);
      },
      metrics,
      configFiles: () => lastConfigFiles,
    });
  } catch (err) {
    log("error", err instanceof Error ? err.message : String(err));
    await sink?.close();
    process.exitCode = 1;
    return false;
  }
  if (opts.dryRun) {
    log(
      "info",
      `dry run: configuration and ${Object.values(agent.ruleCounts()).reduce((a, b) => a + b, 0)} rules loaded`,
    );
    return false;
  }
  if (opts.pidfile) writeFileSync(opts.pidfile, `${process.pid}\n`);

  if (replaying) {
    await agent.start();
    await agent.stop();
    for (const line of agent.dropSummary()) log("info", line);
    process.stdout.write(agent.summary());
    // A damaged capture: the events before the damage were evaluated, but the run failed.
    if (agent.replayErrors.length > 0) process.exitCode = 1;
    return false;
  }

  const counts = Object.entries(agent.ruleCounts())
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  log("info", `Lanner ${VERSION}: rules loaded from ${rulesPaths().join(", ")} (enabled: ${counts})`);
  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    if (stopping) return stopping;
    log("info", `${why}: draining outputs and stopping`);
    stopping = agent.stop().then(() => {
      for (const line of agent.dropSummary()) log("info", line);
      if (opts.pidfile) rmSync(opts.pidfile, { force: true });
      process.off("SIGHUP", onHup);
      process.off("SIGUSR1", onUsr1);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (timer) clearTimeout(timer);
      watcher?.close();
      return closeSyslog();
    });
    return stopping;
  };
  const onHup = () => {
    log("info", "reloading configuration and rules");
    const next = reportConfig(loadRunConfig(opts));
    if (!next) {
      log(
        "error",
        "reload failed: the configuration does not load; the previous configuration keeps running",
      );
      return false;
    }
    if (agent.reload(next, opts.rules.length > 0 ? opts.rules : next.rules_files)) {
      config = next;
      applyLogSettings(next);
    }
  };
  const onUsr1 = () => {
    log("info", "SIGUSR1: reopening file outputs and respawning programs");
    sink.reopen?.();
  };
  const onInt = () => void stop("SIGINT");
  const onTerm = () => void stop("SIGTERM");
  process.on("SIGHUP", onHup);
  // watch_config_files: the same reload as SIGHUP when the config or a rules file changes.
  const watcher = config.watch_config_files
    ? watchPaths([...lastConfigFiles, ...(opts.rules.length > 0 ? opts.rules : config.rules_files)], () => {
        log("info", "configuration or rules changed on disk");
        onHup();
      })
    : undefined;
  process.on("SIGUSR1", onUsr1);
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  // Handlers first: starting the probe takes a moment, and a SIGTERM meanwhile must still drain.
  await agent.start();
  const secs = opts.duration === undefined ? undefined : Number(opts.duration);
  if (secs !== undefined && !(secs > 0))
    throw new Error(`-M expects a positive number of seconds, got '${opts.duration}'`);
  const timer = secs === undefined ? undefined : setTimeout(() => void stop(`-M ${secs}`), secs * 1000);
  return true;
}
