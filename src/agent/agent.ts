// The Lanner agent: rules compiled into per-source engines, event sources (audit webhook, followed
// logs, replayed files), alerts to the outputs, the webserver; reloads swap the ruleset atomically.
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { availableParallelism, hostname } from "node:os";
import { type LannerConfig, metricsIntervalMs } from "../config/index.js";
import { DROP_RULE, DropMonitor } from "../engine/drop-monitor.js";
import type { Engine } from "../engine/engine.js";
import type { RuleSelection } from "../engine/ruleset.js";
import {
  type AuditEvent,
  AuditEventSequence,
  type AuditLogFollower,
  type AuditWebhook,
  followAuditLog,
  K8S_AUDIT_SOURCE,
  readAuditEvents,
  readAuditFileThreaded,
  readAuditStream,
  startAuditWebhook,
  webhookOptionsFromSettings,
} from "../k8saudit/index.js";
import { type Alert, buildAlert, detachAlert, INTERNAL_SOURCE } from "../outputs/alert.js";
import { expandRulesPaths, formatDiagnostic, type LoadResult } from "../rules/index.js";
import {
  probeBuilt,
  probeSyscalls,
  type RunningProbe,
  startProbe,
  syscallsFor,
} from "../syscall/live/probe.js";
import { interestingEventTypes, replayScap } from "../syscall/replay.js";
import type { ScapSource } from "../syscall/scap/reader.js";
import { StateEngine } from "../syscall/state/engine.js";
import { agentEngine, loadAgentRules } from "./agent-rules.js";
import { evaluateAuditLogInWorkers, type ResumePoint, rulesAllowWorkers } from "./audit-workers.js";
import { AgentMetrics } from "./metrics.js";
import { MetricsSnapshotter, type SnapshotInputs, scheduleSnapshots } from "./metrics-snapshot.js";
import { startWebserver, type Webserver } from "./webserver.js";

/** Audit logs from this size on are read in a worker thread (starting one costs some 30 ms). */
const THREADED_READ_BYTES = 8 * 1024 * 1024;
/**
 * Audit logs from 128 MiB on are evaluated by worker threads, one per core up to 4, in chunks of
 * 2 MiB (some 1,200 events) read and evaluated 64 KiB at a time. Each thread compiles the rules
 * first (about half a second), which a smaller log does not earn back; on 1 M events and two cores,
 * two workers did 1.2-1.7x the events per second of reading in order.
 */
const AUDIT_WORKERS: AuditWorkerSettings = {
  threads: Math.min(4, availableParallelism()),
  minBytes: 128 * 1024 * 1024,
  chunkBytes: 2 * 1024 * 1024,
  sliceBytes: 64 * 1024,
};

export type LogLevel = "error" | "warning" | "info" | "debug";

/** Where alerts go: the output pipeline, or stdout in the simplest case. */
export interface AlertSink {
  emit(alert: Alert, priority: number): void;
  /** Re-read settings after a reload (format options may have changed). */
  configure?(config: LannerConfig): void;
  /** SIGUSR1: reopen files, respawn programs. */
  reopen?(): void;
  /** Deliver everything queued. */
  close(): Promise<void>;
}

export interface AgentOptions {
  config: LannerConfig;
  /** Rules files and directories in load order (config `rules_files`, or -r). */
  rulesPaths: readonly string[];
  /** Extra rule selection from -t/-T/-D, applied after the config's `rules:` entries. */
  selection?: readonly RuleSelection[];
  /** Sources to run (after --enable-source/--disable-source). */
  sources: readonly string[];
  version: string;
  sink: AlertSink;
  log: (level: LogLevel, message: string) => void;
  /** Files to replay once (`-e`): scap captures (plain or gzip) or audit logs, told apart by content. */
  replay?: readonly string[];
  /** With scap captures: also evaluate the high-volume I/O events Falco skips (Falco's -A). */
  allEvents?: boolean;
  /** Run the live syscall source (the eBPF probe) when the syscall source is enabled and the probe can run. */
  live?: boolean;
  /** Called when the agent must end with an error (syscall_event_drops `exit`). */
  onFatal?: (reason: string) => void;
  /** Audit log files to follow like `tail -F`. */
  follow?: readonly string[];
  /** Shared with the sink so /metrics shows the outputs too; created when absent. */
  metrics?: AgentMetrics;
  /** The configuration files in force, for the metrics snapshots' digests. */
  configFiles?: () => readonly string[];
  /** How large audit logs are evaluated by worker threads (tests and benchmarks change it). */
  auditWorkers?: Partial<AuditWorkerSettings>;
}

/** Audit logs evaluated by worker threads: how many at most, from what size, in what chunks. */
export interface AuditWorkerSettings {
  /** Threads; below 2, logs are evaluated in order. */
  threads: number;
  minBytes: number;
  chunkBytes: number;
  /** Within a chunk, lines are read and evaluated this many bytes at a time. */
  sliceBytes: number;
}

export class Agent {
  readonly metrics: AgentMetrics;
  private engine: Engine;
  private config: LannerConfig;
  private rulesPaths: readonly string[];
  private webhook: AuditWebhook | undefined;
  private webserver: Webserver | undefined;
  private readonly followers: AuditLogFollower[] = [];
  private readonly sequence = new AuditEventSequence();
  private healthy = false;
  private stopping = false;
  private probe: RunningProbe | undefined;
  private liveDone: Promise<void> | undefined;
  private drops: DropMonitor | undefined;
  /** The kernel-side filter the probe runs with. */
  private traced: readonly string[] = [];
  private knownSyscalls: string[] | undefined;
  /** Events evaluated per source and matches per rule, for the metrics snapshots; see syscallCount. */
  private auditEvents = 0;
  private syscallEvents = 0;
  private syscallReported = 0;
  private readonly matches = new Map<string, number>();
  private readonly startNs = BigInt(Date.now()) * 1_000_000n;
  private reloadNs = this.startNs;
  private readonly snapshotter: MetricsSnapshotter;
  private stopSnapshots: () => void = () => {};
  /** The state engine of the running (or last) capture, for the snapshots' state counters. */
  private syscallState: StateEngine | undefined;
  /** scap.engine_name of the syscall source: savefile when replaying, the probe when live. */
  private syscallEngine = "nodriver";

  /** Throws when the rules do not load: an agent never starts without its rules. */
  constructor(private readonly opts: AgentOptions) {
    this.metrics = opts.metrics ?? new AgentMetrics();
    this.config = opts.config;
    this.rulesPaths = opts.rulesPaths;
    const engine = this.compile(opts.config, opts.rulesPaths);
    if (!engine) throw new Error("rules did not load; nothing to run");
    this.engine = engine;
    this.snapshotter = new MetricsSnapshotter(
      {
        version: opts.version,
        hostname: hostname(),
        startNs: this.startNs,
        reloadNs: () => this.reloadNs,
        configFiles: () => opts.configFiles?.() ?? [],
        rulesFiles: () => expandRulesPaths(this.rulesPaths),
      },
      () => this.config.metrics,
    );
  }

  /** metrics.output_rule / output_file: a snapshot per source every metrics.interval. */
  private scheduleSnapshots(): void {
    this.stopSnapshots();
    const m = this.config.metrics;
    if (!m.enabled) return;
    this.stopSnapshots = scheduleSnapshots(this.snapshotter, {
      intervalMs: metricsIntervalMs(this.config),
      outputRule: m.output_rule,
      outputFile: m.output_file,
      sources: this.opts.sources,
      inputs: (source, nowNs) => this.snapshotInputs(source, nowNs),
      emit: (alert) => this.opts.sink.emit(alert, 6),
      onError: (message) => this.opts.log("error", message),
    });
  }

  private snapshotInputs(source: string, nowNs: bigint): SnapshotInputs {
    const rules = new Map<string, number>();
    for (const r of this.engine.enabledRules(source)) rules.set(r.name, this.matches.get(r.name) ?? 0);
    let outputDrops = 0;
    for (const c of Object.values(this.metrics.outputStats?.() ?? {})) outputDrops += c.dropped ?? 0;
    const k = this.probe?.lastStats();
    const st = this.syscallState;
    return {
      source,
      nowNs,
      events: source === "syscall" ? this.syscallCount() : this.auditEvents,
      rules,
      outputDrops,
      ...(source === "syscall" ? { engine: this.syscallEngine } : {}),
      ...(source === "syscall" && k ? { kernel: { events: k.events, drops: k.drops + k.dropsTooBig } } : {}),
      ...(source === "syscall" && st
        ? { state: { threads: st.threads.size, fds: st.threads.fdCount(), counters: st.counters } }
        : {}),
    };
  }

  /** Syscall events evaluated so far; brings lanner_events_total up to date on the way. */
  private syscallCount(): number {
    const d = this.syscallEvents - this.syscallReported;
    if (d > 0) this.metrics.events.inc({ source: "syscall", type: "" }, d);
    this.syscallReported = this.syscallEvents;
    return this.syscallEvents;
  }

  /** Counts an alert for /metrics and the snapshots. */
  private counted(rule: { name: string; source: string }, alert: Alert): Alert {
    this.metrics.alerts.inc({ rule: rule.name, priority: alert.priority, source: rule.source });
    this.matches.set(rule.name, (this.matches.get(rule.name) ?? 0) + 1);
    return alert;
  }

  /** Compiles a new engine beside the running one; undefined (errors logged) when the rules fail. */
  private compile(config: LannerConfig, paths: readonly string[]): Engine | undefined {
    let loaded: LoadResult;
    try {
      loaded = loadAgentRules(paths, config);
    } catch (err) {
      this.opts.log("error", err instanceof Error ? err.message : String(err));
      return undefined;
    }
    for (const f of loaded.perFile) {
      for (const e of f.errors) this.opts.log("error", formatDiagnostic(e));
    }
    if (!loaded.ok) return undefined;
    const engine = agentEngine(loaded.rules, config, this.opts.sources, this.opts.selection);
    for (const s of this.opts.sources)
      this.metrics.rulesLoaded.set({ source: s }, engine.enabledRules(s).length);
    return engine;
  }

  /** Enabled rules per source, for the start-up message. */
  ruleCounts(): Record<string, number> {
    return Object.fromEntries(this.opts.sources.map((s) => [s, this.engine.enabledRules(s).length]));
  }

  /** Starts the webserver, the audit webhook and the followers; replays files. */
  async start(): Promise<void> {
    const c = this.config;
    if (c.webserver.enabled) await this.startWebserver();
    if (this.opts.sources.includes(K8S_AUDIT_SOURCE)) {
      if (c.k8s_audit.enabled) await this.startWebhook();
      for (const path of this.opts.follow ?? []) this.startFollower(path);
    }
    this.healthy = true;
    this.scheduleSnapshots();
    if (this.opts.live && this.opts.sources.includes("syscall")) await this.startLive();
    for (const path of this.opts.replay ?? []) await this.replay(path);
  }

  /** Whether the live syscall source runs (false when the probe is unavailable; the reason was logged). */
  get liveSyscalls(): boolean {
    return this.probe !== undefined;
  }

  /** The eBPF probe's scap stream through the state engine and the syscall rules. */
  private async startLive(): Promise<void> {
    if (this.engine.enabledRules("syscall").length === 0) {
      this.opts.log("info", "syscall source: no syscall rules loaded; the probe is not started");
      return;
    }
    // Not `--check` first: starting the helper checks the same (root or capabilities, BTF, the
    // verifier) and says why it cannot run, without loading the programs twice.
    const built = probeBuilt();
    if (!built.available) {
      this.syscallsOff(built.reason);
      return;
    }
    // Only the syscalls the state engine or a loaded rule needs are traced (a kernel-side filter).
    const syscalls = this.tracedSyscalls();
    const drops = this.dropMonitor();
    const probe = startProbe({
      syscalls,
      control: true,
      ringbufMiB: ringbufMiB(this.config),
      onMessage: (line) => this.opts.log("warning", `probe: ${line}`),
      onStats: (s) => {
        s.perCpu.forEach((c, cpu) => {
          this.metrics.probeCpu.set({ cpu: String(cpu), kind: "events" }, c.events);
          this.metrics.probeCpu.set({ cpu: String(cpu), kind: "drops" }, c.drops);
        });
        this.onDrops(drops.observe(s.events, s.drops + s.dropsTooBig, Date.now()), Date.now());
        this.syscallCount();
      },
    });
    this.probe = probe;
    this.syscallEngine = "modern_ebpf";
    this.traced = syscalls;
    // Rules may change on reload: every event goes to the running engine, which indexes by type.
    let attached = false;
    this.liveDone = this.runCapture(probe.stream, false).then(async (error) => {
      const code = await probe.exited;
      // A helper that never attached said why (below); its empty stream is no news.
      if (!attached) return;
      if (error) this.opts.log("error", `live capture: ${error}`);
      if (!this.stopping) this.opts.log("error", `the syscall probe stopped (exit code ${code})`);
    });
    try {
      await probe.ready;
      attached = true;
      if (this.stopping) probe.stop();
      else
        this.opts.log(
          "info",
          `syscall source: live eBPF probe attached, tracing ${syscalls.length} syscalls`,
        );
    } catch (err) {
      this.probe = undefined;
      this.drops = undefined;
      this.syscallEngine = "nodriver";
      this.syscallsOff(err instanceof Error ? err.message : String(err));
    }
  }

  private syscallsOff(reason: string): void {
    this.opts.log("warning", `syscall source is off: ${reason}; the other sources keep running`);
  }

  private async startWebserver(): Promise<void> {
    const ws = this.config.webserver;
    this.webserver = await startWebserver({
      listenAddress: ws.listen_address,
      listenPort: ws.listen_port,
      healthzEndpoint: ws.k8s_healthz_endpoint,
      metrics: ws.prometheus_metrics_enabled && this.config.metrics.enabled ? this.metrics : undefined,
      sslCertificate: ws.ssl_enabled ? ws.ssl_certificate : undefined,
      version: this.opts.version,
      healthy: () => this.healthy,
    });
    this.opts.log("info", `webserver listening on ${this.webserver.address}:${this.webserver.port}`);
  }

  private async startWebhook(): Promise<void> {
    const k = this.config.k8s_audit;
    this.webhook = await startAuditWebhook(
      webhookOptionsFromSettings(k, {
        sequence: this.sequence,
        onEvents: (events) => this.processAudit(events),
        onDiagnostic: (d, remote) =>
          this.opts.log("warning", `k8s audit webhook (${remote}): ${d.message}: ${d.reason}`),
        onError: (err) => this.opts.log("error", `k8s audit webhook: ${String(err)}`),
      }),
    );
    this.opts.log(
      "info",
      `k8s audit webhook listening on ${this.webhook.protocol}://${this.webhook.address}:${this.webhook.port}${k.path}`,
    );
  }

  private startFollower(path: string): void {
    const follower = followAuditLog(path, { sequence: this.sequence });
    this.followers.push(follower);
    (async () => {
      for await (const r of follower) {
        for (const d of r.diagnostics)
          this.opts.log("warning", `${d.file ?? path}:${d.line}: ${d.message} (${d.reason})`);
        this.processAudit(r.events);
      }
    })().catch((err: unknown) => this.opts.log("error", `following ${path}: ${String(err)}`));
  }

  /** Errors that ended a replay early (damaged capture); the events before the damage were processed. */
  readonly replayErrors: string[] = [];

  /** Replays a file through the rules: a scap capture or an audit log (stdin for "-"). */
  private async replay(path: string): Promise<void> {
    if (path !== "-" && (await isScap(path))) {
      await this.replayCapture(path);
      return;
    }
    await this.replayAudit(path);
  }

  /** The syscalls the state engine and the running rules need, among those the probe knows. */
  private tracedSyscalls(): string[] {
    this.knownSyscalls ??= probeSyscalls();
    return syscallsFor(interestingEventTypes(this.engine.enabledRules("syscall")), this.knownSyscalls);
  }

  /** After a reload: the probe's kernel-side filter follows the new rules. */
  private retrace(): void {
    const probe = this.probe;
    if (probe === undefined) return;
    const next = this.tracedSyscalls();
    if (next.length === this.traced.length && next.every((s, i) => s === this.traced[i])) return;
    this.traced = next;
    probe.setSyscalls(next).then(
      (n) =>
        this.opts.log(
          "info",
          `syscall source: the reloaded rules need ${n} syscalls; the probe now traces them`,
        ),
      (err: unknown) =>
        this.opts.log("error", `syscall source: could not change the traced syscalls: ${String(err)}`),
    );
  }

  /** The syscall_event_drops monitor of this run (one per agent; simulation forces threshold 0, as Falco). */
  private dropMonitor(): DropMonitor {
    const d = this.config.syscall_event_drops;
    this.drops ??= new DropMonitor({
      threshold: d.simulate_drops ? 0 : d.threshold,
      actions: d.actions,
      rate: d.rate,
      maxBurst: d.max_burst,
    });
    return this.drops;
  }

  /**
   * syscall_event_drops: counts the loss, then logs, alerts or ends the agent as configured. Returns
   * false when the exit action ran.
   */
  private onDrops(d: ReturnType<DropMonitor["observe"]>, nowMs: number, simulated = false): boolean {
    if (d.drops === 0) return true;
    if (!simulated)
      this.metrics.eventsDropped.inc({ source: "syscall", reason: "kernel_buffer_full" }, d.drops);
    let go = true;
    for (const action of d.actions) {
      if (action === "log") this.opts.log(simulated ? "debug" : "error", d.message);
      else if (action === "alert") {
        const n = String(d.drops);
        this.opts.sink.emit(
          {
            rule: DROP_RULE,
            priority: "Critical",
            source: INTERNAL_SOURCE,
            tags: [],
            timeNs: BigInt(Math.round(nowMs)) * 1_000_000n,
            message: d.message,
            // Falco's fields; every drop is a full ring buffer, and the probe does not split them by category.
            fields: {
              ebpf_enabled: simulated ? "0" : "1",
              n_drops: n,
              n_drops_bug: "0",
              n_drops_buffer_clone_fork_exit: "0",
              n_drops_buffer_close_exit: "0",
              n_drops_buffer_connect_exit: "0",
              n_drops_buffer_dir_file_exit: "0",
              n_drops_buffer_execve_exit: "0",
              n_drops_buffer_open_exit: "0",
              n_drops_buffer_other_interest_exit: "0",
              n_drops_buffer_proc_exit: "0",
              n_drops_buffer_total: simulated ? "0" : n,
              n_drops_page_faults: "0",
              n_drops_scratch_map: "0",
              n_evts: String(d.events),
            },
          },
          2,
        );
      } else if (action === "exit") {
        this.opts.log("error", d.message);
        this.opts.log("error", "Exiting.");
        this.opts.onFatal?.("syscall event drop");
        go = false;
      }
    }
    return go;
  }

  /** Falco's drop summary lines, when the live source or a simulation ran. */
  dropSummary(): string[] {
    return this.drops?.summary() ?? [];
  }

  /** A scap capture through the state engine and the syscall rules. */
  private async replayCapture(path: string): Promise<void> {
    if (!this.opts.sources.includes("syscall"))
      throw new Error("the syscall source is disabled; cannot read a capture");
    this.syscallEngine = "savefile";
    const error = await this.runCapture(path, true);
    if (error) {
      const msg = `${path}: ${error}`;
      this.replayErrors.push(msg);
      this.opts.log("error", msg);
    }
  }

  /**
   * A scap file or stream through the state engine and the rules of the running engine; returns the
   * error that ended it early, if any (the events before it were processed).
   */
  private async runCapture(source: ScapSource, fixedRules: boolean): Promise<string | undefined> {
    const state = new StateEngine();
    this.syscallState = state;
    const result = await replayScap(source, {
      state,
      ...(fixedRules && this.config.syscall_event_drops.simulate_drops
        ? { onClock: this.simulatedDrops() }
        : {}),
      allEvents: this.opts.allEvents,
      ...(fixedRules ? { eventTypes: interestingEventTypes(this.engine.enabledRules("syscall")) } : {}),
      onEvent: (evt, type) => {
        this.syscallEvents++;
        for (const rule of this.engine.process("syscall", evt, type)) {
          // The event object is reused: the alert is built now, while it is valid.
          this.opts.sink.emit(this.counted(rule, buildAlert(rule, evt, evt.raw.ts)), rule.priority);
        }
        return undefined;
      },
    });
    this.syscallCount();
    return result.error?.message;
  }

  /**
   * syscall_event_drops.simulate_drops on a capture, as Falco's drop manager does it: every second of
   * event time one more drop is counted. An exit action stops the replay.
   */
  private simulatedDrops(): (tsNs: number) => boolean {
    const monitor = this.dropMonitor();
    let next = 0;
    let seen = 0;
    let dropped = 0;
    return (ts) => {
      seen++;
      if (next === 0) next = ts + 1e9;
      if (ts <= next) return true;
      next = ts + 1e9;
      this.opts.log("info", "Simulating syscall event drop");
      dropped++;
      return this.onDrops(monitor.observe(seen, dropped, ts / 1e6), ts / 1e6, true);
    };
  }

  /** An audit log file (or stdin for "-") through the k8s_audit rules. */
  private async replayAudit(path: string): Promise<void> {
    if (!this.opts.sources.includes(K8S_AUDIT_SOURCE)) {
      throw new Error("the k8s_audit source is disabled; cannot read audit events");
    }
    const stdin = path === "-";
    const size = stdin ? 0 : statSync(path).size;
    let from: ResumePoint = { offset: 0, line: 1 };
    if (size >= (this.opts.auditWorkers?.minBytes ?? AUDIT_WORKERS.minBytes)) {
      const rest = await this.replayAuditInWorkers(path, size);
      if (rest === undefined) return;
      from = rest;
    }
    const options = { file: stdin ? "<stdin>" : path, sequence: this.sequence, startLine: from.line };
    // A large file is read in a worker thread, beside the rules; a small one is done before a
    // thread would have started.
    const threaded = !stdin && size - from.offset >= THREADED_READ_BYTES;
    if (threaded) this.opts.log("debug", `${path}: read in a worker thread`);
    const results = threaded
      ? readAuditFileThreaded(path, options, from.offset)
      : readAuditStream(stdin ? process.stdin : createReadStream(path, { start: from.offset }), options);
    for await (const r of results) {
      for (const d of r.diagnostics)
        this.opts.log("warning", `${d.file ?? path}:${d.line}: ${d.message} (${d.reason})`);
      this.processAudit(r.events);
    }
  }

  /**
   * A large JSON-lines audit log evaluated by worker threads (see audit-workers.ts), when the rules
   * allow it and there are cores for it. Returns where the rest of the file must be read in order,
   * or undefined when it was all evaluated.
   */
  private async replayAuditInWorkers(path: string, size: number): Promise<ResumePoint | undefined> {
    let at: ResumePoint = { offset: 0, line: 1 };
    const settings = { ...AUDIT_WORKERS, ...this.opts.auditWorkers };
    const { threads: workers } = settings;
    const engine = this.engine;
    const rules = engine.enabledRules(K8S_AUDIT_SOURCE);
    if (workers < 2 || rules.length === 0 || !rulesAllowWorkers(rules)) return at;
    const firstTsNs = this.sequence.firstTsNs ?? firstLineEventTime(path);
    if (firstTsNs === undefined) return at;
    this.opts.log("debug", `${path}: evaluated in ${workers} worker threads`);
    const chunks = evaluateAuditLogInWorkers({
      path,
      file: path,
      size,
      workers,
      config: this.config,
      rulesPaths: this.rulesPaths,
      sources: this.opts.sources,
      selection: this.opts.selection ?? [],
      rules,
      firstTsNs,
      chunkBytes: settings.chunkBytes,
      sliceBytes: settings.sliceBytes,
    });
    let why: string | undefined;
    for (;;) {
      const next = await chunks.next();
      if (next.done) {
        why = next.value;
        if (why === undefined) return undefined;
        break;
      }
      if (this.engine !== engine) {
        // Reloaded: this chunk and the rest of the file go through the new rules.
        why = "the rules were reloaded";
        await chunks.return(why);
        break;
      }
      const c = next.value;
      for (const { rule, alert } of c.alerts) {
        engine.countDetection(rule);
        this.opts.sink.emit(this.counted(rule, alert), rule.priority);
      }
      engine.stats.events += c.events;
      this.metrics.evaluationSeconds.observe({ source: K8S_AUDIT_SOURCE }, c.seconds);
      this.metrics.events.inc({ source: K8S_AUDIT_SOURCE, type: "" }, c.events);
      this.auditEvents += c.events;
      this.sequence.nextNum += c.events;
      if (c.events > 0) this.sequence.firstTsNs ??= firstTsNs;
      at = c.next;
    }
    this.opts.log("debug", `${path}: read in order from line ${at.line}: ${why}`);
    return at;
  }

  /** Evaluates audit events and hands alerts to the sink. */
  processAudit(events: readonly AuditEvent[]): void {
    if (events.length === 0) return;
    const engine = this.engine;
    const end = this.metrics.evaluationSeconds.startTimer({ source: K8S_AUDIT_SOURCE });
    for (const evt of events) {
      for (const rule of engine.process(K8S_AUDIT_SOURCE, evt)) {
        const alert = detachAlert(buildAlert(rule, evt, evt.tsNs));
        this.opts.sink.emit(this.counted(rule, alert), rule.priority);
      }
    }
    end();
    this.metrics.events.inc({ source: K8S_AUDIT_SOURCE, type: "" }, events.length);
    this.auditEvents += events.length;
  }

  /**
   * Reloads: the new configuration's rules are compiled beside the running ones and swapped in only
   * when they load; otherwise the old ruleset keeps running. Returns whether the swap happened.
   */
  reload(config: LannerConfig, rulesPaths: readonly string[]): boolean {
    const started = process.hrtime.bigint();
    const engine = this.compile(config, rulesPaths);
    if (!engine) {
      this.metrics.reloads.inc({ result: "failed" });
      this.metrics.lastReloadSuccess.set(0);
      this.opts.log("error", "reload failed: the previous rules keep running");
      return false;
    }
    this.engine = engine;
    this.config = config;
    this.rulesPaths = rulesPaths;
    this.retrace();
    this.reloadNs = BigInt(Date.now()) * 1_000_000n;
    this.scheduleSnapshots();
    this.opts.sink.configure?.(config);
    this.metrics.reloads.inc({ result: "ok" });
    this.metrics.lastReloadSuccess.set(1);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.opts.log("info", `reloaded ${this.rulesPaths.join(", ")} in ${ms.toFixed(0)} ms`);
    return true;
  }

  /** Falco's end-of-run summary of the running engine. */
  summary(): string {
    return this.engine.summary();
  }

  /** Stops the sources (handing queued events to the rules), then drains the outputs. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.healthy = false;
    this.stopSnapshots();
    this.probe?.stop();
    await this.liveDone;
    await Promise.all(this.followers.map((f) => f.close()));
    await this.webhook?.close();
    await this.webserver?.close();
    await this.opts.sink.close();
  }
}

/**
 * The ring buffer size from engine.modern_ebpf: Falco's buf_size_preset (1 → 1 MiB … 10 → 512 MiB per
 * buffer) times the number of buffers its cpus_for_each_buffer would make (Lanner uses one shared ring).
 */
export function ringbufMiB(config: LannerConfig): number {
  const m = config.engine.modern_ebpf;
  const preset = Math.min(10, Math.max(1, m.buf_size_preset));
  const buffers = m.cpus_for_each_buffer > 0 ? Math.ceil(availableParallelism() / m.cpus_for_each_buffer) : 1;
  let mib = 2 ** (preset - 1) * buffers;
  mib = 2 ** Math.ceil(Math.log2(mib)); // the kernel wants a power of two
  return Math.min(mib, 1024);
}

/** A scap capture, plain (its section header block) or gzip (which audit logs never are). */
async function isScap(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    if (!(await fh.stat()).isFile()) return false;
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return true;
    return bytesRead === 4 && buf.readUInt32LE(0) === 0x0a0d0d0a;
  } finally {
    await fh.close();
  }
}

/** The time of the event on a file's first line; undefined when that line is not one event. */
function firstLineEventTime(path: string): bigint | undefined {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl < 0) return undefined;
    const r = readAuditEvents(buf.toString("utf8", 0, nl));
    return r.events.length === 1 && r.diagnostics.length === 0 ? r.events[0]?.tsNs : undefined;
  } finally {
    closeSync(fd);
  }
}
