// `lanner capture -w FILE [-M secs] [-s syscalls] [--filter COND]`: a live capture with the eBPF probe.
// `lanner capture info FILE [--json]`: what a scap capture holds — section headers, machine info, blocks by
// type, metadata counts and events by type (with the number sysdig 0.29.3 would display).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import {
  compileCaptureFilter,
  type FilteredCaptureResult,
  writeFilteredCapture,
} from "../syscall/live/filtered-capture.js";
import { probeBuilt, startProbe } from "../syscall/live/probe.js";
import { type CaptureInfo, describeCapture } from "../syscall/scap/info.js";

function tsText(ts: bigint): string {
  const ms = Number(ts / 1000000n);
  const ns = String(ts % 1000000000n).padStart(9, "0");
  return `${new Date(ms).toISOString().slice(0, 19)}.${ns}Z (${ts})`;
}

/** Formats a capture summary for people. */
export function formatCaptureInfo(file: string, info: CaptureInfo): string {
  const lines: string[] = [];
  lines.push(`file: ${file} (${info.gzip ? "gzip" : "plain"}, ${info.bytes} bytes decompressed)`);
  for (const s of info.sections) lines.push(`section: version ${s.major}.${s.minor} at byte ${s.offset}`);
  const m = info.machine;
  if (m) {
    lines.push(
      `machine: hostname ${m.hostname}, ${m.numCpus} cpus, ${m.memorySizeBytes} bytes of memory, max pid ${m.maxPid}, boot ts ${m.bootTsEpoch}, flags ${m.flags}`,
    );
  }
  lines.push("blocks:");
  const w = Math.max(4, ...info.blocks.map((b) => b.name.length));
  lines.push(`  ${"type".padEnd(w)}  ${"count".padStart(8)}  ${"bytes".padStart(12)}`);
  for (const b of info.blocks)
    lines.push(`  ${b.name.padEnd(w)}  ${String(b.count).padStart(8)}  ${String(b.bytes).padStart(12)}`);
  lines.push(
    `threads: ${info.threads}, fds: ${info.fds}, users: ${info.users}, groups: ${info.groups}, interfaces: ${info.interfaces}`,
  );
  lines.push(
    `events: ${info.events} (${info.shownEvents} shown by sysdig, ${info.events - info.shownEvents} internal or hidden${info.skippedEvents ? `, ${info.skippedEvents} of unknown types skipped` : ""})`,
  );
  if (info.firstTs !== undefined && info.lastTs !== undefined) {
    lines.push(`first event: ${tsText(info.firstTs)}`);
    lines.push(`last event:  ${tsText(info.lastTs)}`);
  }
  lines.push("events by type:");
  const tw = Math.max(4, ...info.eventTypes.map((t) => t.name.length));
  lines.push(`  ${"type".padEnd(tw)}  ${"count".padStart(8)}  ${"shown".padStart(8)}`);
  for (const t of info.eventTypes)
    lines.push(`  ${t.name.padEnd(tw)}  ${String(t.count).padStart(8)}  ${String(t.shown).padStart(8)}`);
  return `${lines.join("\n")}\n`;
}

/** The summary as JSON-safe data (bigints become decimal strings). */
export function captureInfoJson(file: string, info: CaptureInfo): unknown {
  return JSON.parse(
    JSON.stringify({ file, ...info }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as unknown;
}

/** Registers `capture` and its `info` subcommand. Exit code 1 when the capture is damaged or unreadable. */
export function registerCapture(program: Command): void {
  const capture = program
    .command("capture")
    .description("record live system calls with the eBPF probe (-w), or inspect capture files (info)")
    .option("-w, --write <file>", "record a scap capture (readable by sysdig -r, Falco and lanner) to FILE")
    .option("-M, --duration <seconds>", "stop after this many seconds (default: until Ctrl-C)")
    .option(
      "-s, --syscalls <list>",
      "trace only these syscalls (comma-separated; default: all the probe knows)",
    )
    .option(
      "--filter <condition>",
      "keep only the events this condition matches (Falco's condition language; state blocks are always kept)",
    )
    .action(async (opts: { write?: string; duration?: string; syscalls?: string; filter?: string }) => {
      if (!opts.write) {
        capture.help({ error: true });
        return;
      }
      const secs = opts.duration === undefined ? undefined : Number(opts.duration);
      if (secs !== undefined && !(secs > 0)) {
        process.stderr.write(`lanner: -M expects a positive number of seconds, got '${opts.duration}'\n`);
        process.exitCode = 2;
        return;
      }
      if (opts.filter !== undefined) {
        try {
          compileCaptureFilter(opts.filter);
        } catch (err) {
          process.stderr.write(`lanner: bad --filter: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exitCode = 2;
          return;
        }
      }
      // The helper checks the rest itself when it starts (without loading the programs twice).
      const status = probeBuilt();
      if (!status.available) {
        process.stderr.write(`lanner: cannot capture: ${status.reason}\n`);
        process.exitCode = 1;
        return;
      }
      const filtered = opts.filter !== undefined;
      const probe = startProbe({
        // With a filter the stream comes through Lanner, which writes the file.
        ...(filtered ? {} : { output: opts.write }),
        ...(secs !== undefined ? { durationSec: secs } : {}),
        ...(opts.syscalls ? { syscalls: opts.syscalls.split(",").map((s) => s.trim()) } : {}),
        onMessage: (line) => process.stderr.write(`${line}\n`),
      });
      const onSignal = () => probe.stop();
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      probe.ready.then(
        () =>
          process.stderr.write(`capturing to ${opts.write}${secs ? ` for ${secs} s` : " (Ctrl-C stops)"}\n`),
        (err: unknown) =>
          process.stderr.write(`lanner: ${err instanceof Error ? err.message : String(err)}\n`),
      );
      let kept: FilteredCaptureResult | undefined;
      if (filtered) {
        const out = createWriteStream(opts.write);
        kept = await writeFilteredCapture(probe.stream, out, opts.filter as string);
        // A quiet window is not a damaged stream: the file then holds the state blocks only.
        if (kept.error?.code === "NO_EVENTS") delete kept.error;
        out.end();
        await once(out, "finish");
      }
      const code = await probe.exited;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      const s = probe.lastStats();
      const dropped = s === undefined ? 0 : s.drops + s.dropsTooBig;
      if (kept !== undefined) {
        process.stderr.write(
          `${kept.written} of ${kept.events} events written (--filter), ${dropped} dropped\n`,
        );
        if (kept.error !== undefined) process.stderr.write(`lanner: ${kept.error.message}\n`);
      } else if (s) process.stderr.write(`${s.events} events written, ${dropped} dropped\n`);
      if (code !== 0 || kept?.error !== undefined) process.exitCode = 1;
    });
  capture
    .command("info")
    .description("print a capture's blocks, machine info, section version and event counts by type")
    .argument("<file>", "scap capture (plain or gzip)")
    .option("--json", "print JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const info = await describeCapture(file);
      if (opts.json) process.stdout.write(`${JSON.stringify(captureInfoJson(file, info), null, 2)}\n`);
      else process.stdout.write(formatCaptureInfo(file, info));
      if (info.error) {
        if (!opts.json) process.stderr.write(`lanner: ${file}: ${info.error.code}: ${info.error.message}\n`);
        process.exitCode = 1;
      }
    });
}
