// The rules `lanner run` evaluates: the rules files loaded with the configuration's static fields
// and append_output, compiled into an engine with its priority, matching and selection. The agent
// and the threads that evaluate an audit log beside it build theirs the same way.
import type { LannerConfig } from "../config/index.js";
import { Engine } from "../engine/engine.js";
import type { RuleSelection } from "../engine/ruleset.js";
import { defaultSchemas } from "../engine/sources.js";
import { applyAppendOutput } from "../rules/append-output.js";
import {
  type LoadedRule,
  type LoadResult,
  loadRules,
  parsePriority,
  readRulesFiles,
} from "../rules/index.js";

/** Loads the rules files with the configuration's static fields, then applies its append_output. */
export function loadAgentRules(paths: readonly string[], config: LannerConfig): LoadResult {
  const schemas = defaultSchemas({ staticFields: config.static_fields });
  const loaded = loadRules(readRulesFiles(paths), schemas);
  if (!loaded.ok) return loaded;
  return {
    ...loaded,
    rules: applyAppendOutput(loaded.rules, config.append_output, schemas, config.static_fields),
  };
}

/** The engine of the running sources' rules, with `selection` (-t/-T/-D) after the config's `rules:`. */
export function agentEngine(
  rules: readonly LoadedRule[],
  config: LannerConfig,
  sources: readonly string[],
  selection: readonly RuleSelection[] = [],
): Engine {
  return new Engine(
    rules.filter((r) => sources.includes(r.source)),
    {
      minPriority: parsePriority(config.priority) ?? 7,
      matching: config.rule_matching,
      selection: [...config.rules, ...selection],
    },
  );
}
