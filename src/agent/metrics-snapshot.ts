// `metrics` snapshots as Falco takes them: every `metrics.interval`, one "Falco internal: metrics
// snapshot" per event source, with Falco's field names — the base fields (version, start/reload time,
// host, event counts and rate, output queue drops, config and rules file digests), per-rule match
// counters, the process' and host's resource use, and the kernel-side counters of the live probe —
// sent as an internal alert (`output_rule`) and/or appended to a JSON lines file (`output_file`,
// `{"output_fields": {...}, "sample": N}`), and libsinsp's state counters (falco.n_threads…).

import { createHash } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MetricsConfig } from "../config/types.js";
import type { Scalar } from "../fields/types.js";
import { type Alert, INTERNAL_SOURCE, stringifyExact } from "../outputs/alert.js";
import type { StateCounters } from "../syscall/state/threads.js";

export const METRICS_RULE = "Falco internal: metrics snapshot";

/** What the agent knows at snapshot time. */
export interface SnapshotInputs {
  source: string;
  nowNs: bigint;
  /** Events of this source evaluated so far. */
  events: number;
  /** Matches per rule of this source (every enabled rule, 0 included). */
  rules: ReadonlyMap<string, number>;
  outputDrops: number;
  /** `scap.engine_name` (syscall source only). */
  engine?: string;
  /** Live probe counters (syscall source only): events the kernel side wrote and dropped. */
  kernel?: { events: number; drops: number };
  /** The state engine's tables and counters (syscall source, once a capture or the probe ran). */
  state?: { threads: number; fds: number; counters: StateCounters };
}

export interface SnapshotContext {
  version: string;
  hostname: string;
  startNs: bigint;
  reloadNs: () => bigint;
  configFiles: () => readonly string[];
  rulesFiles: () => readonly string[];
}

/** Falco's `sanitize_rule_name`: anything but letters, digits and `_` becomes `_`. */
export function sanitizeMetricName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}

function sha256File(file: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** `key:   N kB` lines of /proc files, in kB. */
function kbField(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/** Memory charged to this process' cgroup: memory.current (v2) or memory.usage_in_bytes (v1); 0 if unknown. */
function cgroupMemoryBytes(): number {
  const cgroups = readText("/proc/self/cgroup");
  const v1 = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(.*)$/m.exec(cgroups);
  const candidates = [
    ...(v1 ? [path.join("/sys/fs/cgroup/memory", v1[1] as string, "memory.usage_in_bytes")] : []),
    ...[/^0::(.*)$/m.exec(cgroups)].flatMap((m) =>
      m ? [path.join("/sys/fs/cgroup", m[1] as string, "memory.current")] : [],
    ),
  ];
  for (const file of candidates) {
    const n = Number.parseInt(readText(file), 10);
    if (Number.isFinite(n)) return n;
  }
  return 0;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * libsinsp's state counters under Falco's names. Lanner keeps no event store (the tracers' `n_*_evts`)
 * and no thread table limit, and caches no fd lookups: those stay 0.
 */
function stateFields(s: NonNullable<SnapshotInputs["state"]>): Record<string, Scalar> {
  const c = s.counters;
  return {
    "falco.n_added_fds": c.addedFds,
    "falco.n_added_threads": c.addedThreads,
    "falco.n_cached_fd_lookups": 0,
    "falco.n_cached_thread_lookups": c.cachedThreadLookups,
    "falco.n_drops_full_threadtable": 0,
    "falco.n_failed_fd_lookups": c.failedFdLookups,
    "falco.n_failed_thread_lookups": c.failedThreadLookups,
    "falco.n_fds": s.fds,
    "falco.n_noncached_fd_lookups": c.noncachedFdLookups,
    "falco.n_noncached_thread_lookups": c.noncachedThreadLookups,
    "falco.n_removed_fds": c.removedFds,
    "falco.n_removed_threads": c.removedThreads,
    "falco.n_retrieve_evts_drops": 0,
    "falco.n_retrieved_evts": 0,
    "falco.n_store_evts_drops": 0,
    "falco.n_stored_evts": 0,
    "falco.n_threads": s.threads,
  };
}

/** Takes the snapshots; keeps the previous counts for the rates. */
export class MetricsSnapshotter {
  private samples = 0;
  /** What every source's snapshot of one tick shares (host, files, resource use), read once per tick. */
  private tick:
    | { nowNs: bigint; fields: Record<string, Scalar>; resources: Record<string, Scalar> }
    | undefined;
  private readonly prev = new Map<string, { ns: bigint; events: number; kevents: number; kdrops: number }>();
  private prevHostCpu: { busy: number; total: number } | undefined;

  constructor(
    private readonly ctx: SnapshotContext,
    private readonly cfg: () => MetricsConfig,
  ) {}

  /** The output fields of one source's snapshot, keys sorted as Falco's JSON has them. */
  fields(i: SnapshotInputs): Record<string, Scalar> {
    const cfg = this.cfg();
    const f: Record<string, Scalar> = {};
    const prev = this.prev.get(i.source);
    const dt = prev === undefined ? 0 : Number(i.nowNs - prev.ns) / 1e9;
    const tick = this.shared(i.nowNs, cfg);
    Object.assign(f, tick.fields);
    f["evt.source"] = i.source;
    if (prev !== undefined && dt > 0) f["falco.evts_rate_sec"] = round1((i.events - prev.events) / dt);
    f["falco.num_evts"] = i.events;
    f["falco.num_evts_prev"] = prev?.events ?? 0;
    f["falco.outputs_queue_num_drops"] = i.outputDrops;
    if (i.engine !== undefined) f["scap.engine_name"] = i.engine;

    const optional: Record<string, Scalar> = {};
    if (cfg.rules_counters_enabled) {
      let total = 0;
      for (const [name, n] of i.rules) {
        optional[`falco.rules.${sanitizeMetricName(name)}`] = n;
        total += n;
      }
      optional["falco.rules.matches_total"] = total;
    }
    Object.assign(optional, tick.resources);
    if (cfg.state_counters_enabled && i.state !== undefined) Object.assign(optional, stateFields(i.state));
    if (cfg.kernel_event_counters_enabled && i.kernel !== undefined) {
      const k = i.kernel;
      optional["scap.n_evts"] = k.events + k.drops;
      optional["scap.n_drops"] = k.drops;
      optional["scap.n_evts_prev"] = (prev?.kevents ?? 0) + (prev?.kdrops ?? 0);
      optional["scap.n_drops_prev"] = prev?.kdrops ?? 0;
      if (prev !== undefined && dt > 0) {
        optional["scap.evts_rate_sec"] = round1((k.events + k.drops - prev.kevents - prev.kdrops) / dt);
        optional["scap.evts_drop_rate_sec"] = round1((k.drops - prev.kdrops) / dt);
      }
    }
    if (i.kernel !== undefined) {
      const total = i.kernel.events + i.kernel.drops;
      f["scap.n_drops_perc"] = total > 0 ? round1((100 * i.kernel.drops) / total) : 0;
    }
    for (const [k, v] of Object.entries(optional)) {
      if (!cfg.include_empty_values && v === 0) continue;
      f[k] = v;
    }
    this.prev.set(i.source, {
      ns: i.nowNs,
      events: i.events,
      kevents: i.kernel?.events ?? 0,
      kdrops: i.kernel?.drops ?? 0,
    });
    return Object.fromEntries(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The fields of a tick that do not depend on the source, computed by its first snapshot. */
  private shared(nowNs: bigint, cfg: MetricsConfig): NonNullable<MetricsSnapshotter["tick"]> {
    if (this.tick?.nowNs === nowNs) return this.tick;
    const f: Record<string, Scalar> = {};
    f["evt.hostname"] = this.ctx.hostname;
    f["evt.time"] = nowNs;
    f["falco.duration_sec"] = Math.floor(Number(nowNs - this.ctx.startNs) / 1e9);
    const btime = /^btime (\d+)/m.exec(readText("/proc/stat"));
    if (btime) f["falco.host_boot_ts"] = BigInt(btime[1] as string) * 1_000_000_000n;
    f["falco.host_num_cpus"] = os.cpus().length;
    f["falco.kernel_release"] = os.release();
    f["falco.reload_ts"] = this.ctx.reloadNs();
    for (const file of this.ctx.configFiles()) {
      const sum = sha256File(file);
      if (sum) f[`falco.sha256_config_file.${sanitizeMetricName(path.basename(file))}`] = sum;
    }
    for (const file of this.ctx.rulesFiles()) {
      const sum = sha256File(file);
      if (sum) f[`falco.sha256_rules_file.${sanitizeMetricName(path.basename(file))}`] = sum;
    }
    f["falco.start_ts"] = this.ctx.startNs;
    f["falco.version"] = this.ctx.version;
    // Host CPU is measured between ticks, not between the sources of one tick.
    const resources = cfg.resource_utilization_enabled ? this.resources(cfg.convert_memory_to_mb) : {};
    this.tick = { nowNs, fields: f, resources };
    return this.tick;
  }

  /** The alert `output_rule` sends. */
  alert(fields: Record<string, Scalar>, nowNs: bigint): Alert {
    return {
      rule: METRICS_RULE,
      priority: "Informational",
      source: INTERNAL_SOURCE,
      tags: [],
      timeNs: nowNs,
      message: "Falco metrics snapshot",
      fields,
    };
  }

  /** One `output_file` line for already computed fields (one sample per tick, all sources). */
  fileLine(fields: Record<string, Scalar>, newTick: boolean): string {
    if (newTick) this.samples++;
    return `${stringifyExact({ output_fields: fields, sample: this.samples })}\n`;
  }

  /** Process and host resource use: CPU since start (as ps), memory, host CPU since the last snapshot. */
  private resources(mb: boolean): Record<string, Scalar> {
    const out: Record<string, Scalar> = {};
    const unit = mb ? "_mb" : "_kb";
    const conv = (kb: number) => (mb ? round1(kb / 1024) : kb);
    const status = readText("/proc/self/status");
    const rollup = readText("/proc/self/smaps_rollup");
    const cpu = process.cpuUsage();
    const upS = process.uptime();
    out[`falco.container_memory_used${unit}`] = conv(cgroupMemoryBytes() / 1024);
    out["falco.cpu_usage_perc"] = upS > 0 ? round1(((cpu.user + cpu.system) / 1e6 / upS) * 100) : 0;
    const stat = /^cpu\s+(.+)$/m.exec(readText("/proc/stat"));
    if (stat) {
      const v = (stat[1] as string).trim().split(/\s+/).map(Number);
      const idle = (v[3] ?? 0) + (v[4] ?? 0);
      const total = v.reduce((a, b) => a + b, 0);
      const p = this.prevHostCpu;
      if (p !== undefined && total > p.total)
        out["falco.host_cpu_usage_perc"] = round1((100 * (total - idle - p.busy)) / (total - p.total));
      this.prevHostCpu = { busy: total - idle, total };
    }
    const meminfo = readText("/proc/meminfo");
    const used = kbField(meminfo, "MemTotal") - kbField(meminfo, "MemAvailable");
    out[`falco.host_memory_used${unit}`] = conv(used);
    const fds = /^(\d+)/.exec(readText("/proc/sys/fs/file-nr"));
    if (fds) out["falco.host_open_fds"] = Number(fds[1]);
    const running = /^procs_running (\d+)/m.exec(readText("/proc/stat"));
    if (running) out["falco.host_procs_running"] = Number(running[1]);
    out[`falco.memory_pss${unit}`] = conv(kbField(rollup, "Pss"));
    out[`falco.memory_rss${unit}`] = conv(kbField(status, "VmRSS"));
    out[`falco.memory_vsz${unit}`] = conv(kbField(status, "VmSize"));
    return out;
  }
}

export interface SnapshotSchedule {
  intervalMs: number;
  /** Send each snapshot as an internal alert. */
  outputRule: boolean;
  /** Append each snapshot to this JSON lines file ("" for none). */
  outputFile: string;
  sources: readonly string[];
  inputs: (source: string, nowNs: bigint) => SnapshotInputs;
  emit: (alert: Alert) => void;
  onError: (message: string) => void;
}

/** Takes a snapshot of every source each interval; returns the function that stops the timer. */
export function scheduleSnapshots(snap: MetricsSnapshotter, s: SnapshotSchedule): () => void {
  if (s.intervalMs <= 0 || (!s.outputRule && s.outputFile === "")) return () => {};
  let fileFailed = false;
  const timer = setInterval(() => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    let lines = "";
    s.sources.forEach((source, n) => {
      const fields = snap.fields(s.inputs(source, nowNs));
      if (s.outputRule) s.emit(snap.alert(fields, nowNs));
      if (s.outputFile !== "") lines += snap.fileLine(fields, n === 0);
    });
    if (lines === "") return;
    try {
      appendFileSync(s.outputFile, lines);
      fileFailed = false;
    } catch (err) {
      // Reported once per failure streak: a full disk must not flood the log every interval.
      if (!fileFailed) s.onError(`metrics.output_file ${s.outputFile}: ${String(err)}`);
      fileFailed = true;
    }
  }, s.intervalMs);
  // Snapshots never keep a finished replay alive.
  timer.unref();
  return () => clearInterval(timer);
}
