// `lanner run`: load rules and evaluate events from a file. Kubernetes audit logs work today;
// scap captures, the live probe and the webhook server arrive with the next issues.

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Command } from "commander";
import { Engine } from "../engine/engine.js";
import type { RuleSelection } from "../engine/ruleset.js";
import { defaultSchemas } from "../engine/sources.js";
import { K8S_AUDIT_SOURCE, readAuditStream } from "../k8saudit/index.js";
import { type AlertFormatOptions, buildAlert, formatAlertJson, formatAlertText } from "../outputs/alert.js";
import { formatDiagnostic, loadRules, parsePriority, readRulesFiles } from "../rules/index.js";
import { DEFAULT_RULES_DIR } from "./rules.js";

interface RunOptions {
  rules: string[];
  option: string[];
  disableTag: string[];
  tag: string[];
  disable: string[];
  events?: string;
  json?: boolean;
  enableSource: string[];
  disableSource: string[];
}

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

const collect = (v: string, prev: string[]) => [...prev, v];

/** The falco.yaml keys `lanner run` understands today through `-o` (the full set comes with the agent). */
interface RunConfig {
  priority: number;
  ruleMatching: "first" | "all";
  jsonOutput: boolean;
  format: AlertFormatOptions;
}

const BOOL_KEYS: Record<string, (c: RunConfig, v: boolean) => void> = {
  json_output: (c, v) => {
    c.jsonOutput = v;
  },
  time_format_iso_8601: (c, v) => {
    c.format.timeFormatIso8601 = v;
  },
  json_include_output_property: (c, v) => {
    c.format.includeOutput = v;
  },
  json_include_message_property: (c, v) => {
    c.format.includeMessage = v;
  },
  json_include_output_fields_property: (c, v) => {
    c.format.includeOutputFields = v;
  },
  json_include_tags_property: (c, v) => {
    c.format.includeTags = v;
  },
};

/** Applies `-o key=value` overrides; unknown keys and bad values are errors that name the key. */
export function parseOverrides(pairs: readonly string[]): RunConfig {
  const cfg: RunConfig = { priority: 7, ruleMatching: "first", jsonOutput: false, format: {} };
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`-o expects key=value, got '${pair}'`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const setBool = BOOL_KEYS[key];
    if (setBool) {
      if (value !== "true" && value !== "false")
        throw new Error(`-o ${key}: expected true or false, got '${value}'`);
      setBool(cfg, value === "true");
    } else if (key === "priority") {
      const p = parsePriority(value);
      if (p === undefined) throw new Error(`-o priority: unknown priority '${value}'`);
      cfg.priority = p;
    } else if (key === "rule_matching") {
      if (value !== "first" && value !== "all")
        throw new Error(`-o rule_matching: expected first or all, got '${value}'`);
      cfg.ruleMatching = value;
    } else {
      throw new Error(
        `-o ${key}: not supported yet (supported: priority, rule_matching, ${Object.keys(BOOL_KEYS).join(", ")})`,
      );
    }
  }
  return cfg;
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

/** What an event file holds, from its first bytes: a scap capture (plain or gzip) or JSON audit events. */
async function sniff(path: string): Promise<"scap" | "json"> {
  const fh = await open(path, "r");
  try {
    // Pipes cannot be peeked at without consuming them; only JSON is accepted there today.
    if (!(await fh.stat()).isFile()) return "json";
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    const gzip = bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
    const pcapng = bytesRead === 4 && buf.readUInt32LE(0) === 0x0a0d0d0a;
    return gzip || pcapng ? "scap" : "json";
  } finally {
    await fh.close();
  }
}

async function runEvents(engine: Engine, file: string, cfg: RunConfig): Promise<void> {
  const stdin = file === "-";
  if (!stdin && (await sniff(file)) === "scap") {
    throw new Error(`${file}: scap captures are not supported yet (the capture reader is the next issue)`);
  }
  const out = process.stdout;
  const emit = (line: string) => out.write(`${line}\n`);
  const input = stdin ? process.stdin : createReadStream(file);
  for await (const batch of readAuditStream(input, { file: stdin ? "<stdin>" : file })) {
    for (const d of batch.diagnostics) {
      process.stderr.write(`${d.file ?? file}:${d.line}: ${d.message}${d.reason ? ` (${d.reason})` : ""}\n`);
    }
    for (const evt of batch.events) {
      for (const rule of engine.process(K8S_AUDIT_SOURCE, evt)) {
        const alert = buildAlert(rule, evt, evt.tsNs);
        emit(cfg.jsonOutput ? formatAlertJson(alert, cfg.format) : formatAlertText(alert, cfg.format));
      }
    }
  }
  out.write(engine.summary());
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("load rules and evaluate events (today: Kubernetes audit event files; see the README)")
    .option(
      "-r, --rules <path>",
      "rules file or directory (repeatable; default: Lanner's rules/)",
      collect,
      [],
    )
    .option(
      "-e, --events <file>",
      "read events from a file (- for stdin): a Kubernetes audit log (JSON lines, Event or EventList)",
    )
    .option(
      "-o, --option <key=value>",
      "override a falco.yaml setting (priority, rule_matching, json_output…)",
      collect,
      [],
    )
    .option("--json", "print alerts as Falco's JSON (same as -o json_output=true)")
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
    .action(async (opts: RunOptions) => {
      const cfg = parseOverrides(opts.option);
      if (opts.json) cfg.jsonOutput = true;
      const paths = opts.rules.length > 0 ? opts.rules : [DEFAULT_RULES_DIR];
      const schemas = defaultSchemas();
      const active = selectSources([...schemas.keys()], opts.enableSource, opts.disableSource);
      const loaded = loadRules(readRulesFiles(paths), schemas);
      for (const f of loaded.perFile)
        for (const e of f.errors) process.stderr.write(`${formatDiagnostic(e)}\n`);
      if (!loaded.ok) {
        process.stderr.write("lanner: rules did not load; nothing to run\n");
        process.exitCode = 1;
        return;
      }
      const engine = new Engine(
        loaded.rules.filter((r) => active.includes(r.source)),
        {
          minPriority: cfg.priority,
          matching: cfg.ruleMatching,
          selection: selectionFromFlags(opts),
        },
      );
      if (opts.events) {
        if (!active.includes(K8S_AUDIT_SOURCE))
          throw new Error("the k8s_audit source is disabled; cannot read audit events");
        await runEvents(engine, opts.events, cfg);
        return;
      }
      const sources = [...new Set(loaded.rules.map((r) => r.source))];
      const counts = sources.map((s) => `${engine.enabledRules(s).length} ${s}`).join(", ");
      process.stdout.write(
        `Loaded ${loaded.rules.length} rules from ${paths.join(", ")} (enabled: ${counts || "none"}).\n`,
      );
      process.stdout.write(
        "No live event source is available yet. Replay a Kubernetes audit log with\n" +
          "  lanner run -r RULES.yaml -e audit.log\n" +
          "Scap captures, the live eBPF probe and the audit webhook server are the next issues (see the README).\n",
      );
    });
}
