// `lanner run`: load rules and evaluate events. Event sources arrive issue by issue; today the
// command loads and compiles the rules and says plainly that no event source exists yet.
import type { Command } from "commander";
import { Engine } from "../engine/engine.js";
import type { RuleSelection } from "../engine/ruleset.js";
import { defaultSchemas } from "../engine/sources.js";
import { formatDiagnostic, loadRules, parsePriority, readRulesFiles } from "../rules/index.js";
import { DEFAULT_RULES_DIR } from "./rules.js";

interface RunOptions {
  rules: string[];
  option: string[];
  disableTag: string[];
  tag: string[];
  disable: string[];
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** `-o key=value` keys `lanner run` understands today (the full falco.yaml set comes with the agent). */
interface RunConfig {
  priority: number;
  ruleMatching: "first" | "all";
}

function parseOverrides(pairs: readonly string[]): RunConfig {
  const cfg: RunConfig = { priority: 7, ruleMatching: "first" };
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`-o expects key=value, got '${pair}'`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (key === "priority") {
      const p = parsePriority(value);
      if (p === undefined) throw new Error(`-o priority: unknown priority '${value}'`);
      cfg.priority = p;
    } else if (key === "rule_matching") {
      if (value !== "first" && value !== "all")
        throw new Error(`-o rule_matching: expected first or all, got '${value}'`);
      cfg.ruleMatching = value;
    } else {
      throw new Error(`-o ${key}: not supported yet (supported: priority, rule_matching)`);
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

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("load rules and evaluate events (event sources: see the README)")
    .option(
      "-r, --rules <path>",
      "rules file or directory (repeatable; default: Lanner's rules/)",
      collect,
      [],
    )
    .option("-o, --option <key=value>", "override a setting: priority, rule_matching", collect, [])
    .option("-T, --disable-tag <tag>", "disable rules with this tag (repeatable)", collect, [])
    .option("-t, --tag <tag>", "only run rules with this tag (repeatable)", collect, [])
    .option(
      "-D, --disable <substring>",
      "disable rules whose name contains this text (repeatable)",
      collect,
      [],
    )
    .action((opts: RunOptions) => {
      const cfg = parseOverrides(opts.option);
      const paths = opts.rules.length > 0 ? opts.rules : [DEFAULT_RULES_DIR];
      const loaded = loadRules(readRulesFiles(paths), defaultSchemas());
      for (const f of loaded.perFile)
        for (const e of f.errors) process.stderr.write(`${formatDiagnostic(e)}\n`);
      if (!loaded.ok) {
        process.stderr.write("lanner: rules did not load; nothing to run\n");
        process.exitCode = 1;
        return;
      }
      const engine = new Engine(loaded.rules, {
        minPriority: cfg.priority,
        matching: cfg.ruleMatching,
        selection: selectionFromFlags(opts),
      });
      const sources = [...new Set(loaded.rules.map((r) => r.source))];
      const counts = sources.map((s) => `${engine.enabledRules(s).length} ${s}`).join(", ");
      process.stdout.write(
        `Loaded ${loaded.rules.length} rules from ${paths.join(", ")} (enabled: ${counts || "none"}).\n`,
      );
      process.stdout.write(
        "No event source is available yet: replaying scap captures, the live eBPF probe and the\n" +
          "Kubernetes audit webhook are being built (see the README). Use `lanner validate` and\n" +
          "`lanner rules list` to check rules meanwhile.\n",
      );
    });
}
