// Loads rules contents in order, the way Falco does: each content is read into one shared collection and
// everything collected so far is compiled again, so each content gets its own errors and warnings.
import type { EventSchema } from "../fields/types.js";
import { compileFilter, parseCondition } from "../filter/index.js";
import { Collector, type CollectorEnv } from "./collector.js";
import {
  type CompileOutput,
  compileCollected,
  type LoadedList,
  type LoadedMacro,
  type LoadedRule,
} from "./compile.js";
import { Context, type LoadDiagnostic, RuleLoadError } from "./diagnostics.js";
import { readRulesContent } from "./reader.js";
import { BUILTIN_PLUGINS, checkPluginRequirement, formatVersion, type PluginInfo } from "./versions.js";

/** A rules content: its name (usually the file path) and text. `readError` marks a file that could not be read. */
export interface RulesSource {
  name: string;
  content: string;
  readError?: string;
}

export interface LoadOptions {
  /** Plugins available to satisfy `required_plugin_versions` (default: Lanner's built-ins). */
  plugins?: readonly PluginInfo[];
}

/** The outcome for one rules content. */
export interface FileResult {
  name: string;
  successful: boolean;
  errors: LoadDiagnostic[];
  warnings: LoadDiagnostic[];
}

export interface LoadResult {
  /** Rules in definition order (rules of unknown sources and skipped rules left out). */
  rules: LoadedRule[];
  macros: LoadedMacro[];
  lists: LoadedList[];
  perFile: FileResult[];
  /** True when no content had an error. */
  ok: boolean;
  /** The highest `required_engine_version` seen ("0.0.0" when none). */
  requiredEngineVersion: string;
  /** Each `required_plugin_versions` entry: the plugin first, then its alternatives. */
  requiredPluginVersions: PluginInfo[][];
}

/**
 * Loads rules contents in order against the given event sources. Never throws for problems in the
 * rules: every problem is a diagnostic in `perFile`. The returned rules come from the last content that
 * compiled without error.
 */
export function loadRules(
  sources: readonly RulesSource[],
  schemas: ReadonlyMap<string, EventSchema<unknown>>,
  options: LoadOptions = {},
): LoadResult {
  const plugins = options.plugins ?? BUILTIN_PLUGINS;
  const collector = new Collector();
  const lhsCache = new Map<string, boolean>();
  let current: FileResult = { name: "", successful: true, errors: [], warnings: [] };

  const env: CollectorEnv = {
    hasSource: (source) => schemas.has(source),
    isValidLhsField: (source, field) => {
      const key = `${source}\u0000${field}`;
      let ok = lhsCache.get(key);
      if (ok === undefined) {
        ok = isValidLhsField(schemas.get(source), field);
        lhsCache.set(key, ok);
      }
      return ok;
    },
    warn: (ctx, code, message) => current.warnings.push(ctx.diagnostic("warning", code, message)),
  };
  const addError = (e: RuleLoadError) => {
    current.errors.push(e.context.diagnostic("error", e.code, e.message));
    current.successful = false;
  };

  const perFile: FileResult[] = [];
  let output: CompileOutput = { lists: [], macros: [], rules: [] };
  for (const source of sources) {
    current = { name: source.name, successful: true, errors: [], warnings: [] };
    perFile.push(current);
    const root = Context.root(source.name, source.content);
    if (source.readError !== undefined) {
      addError(new RuleLoadError("LOAD_ERR_FILE_READ", source.readError, root));
      continue;
    }
    const requirementsBefore = collector.pluginRequirements.length;
    if (!readRulesContent(source.content, root, collector, env, addError)) continue;
    try {
      const compiled = compileCollected(collector, schemas, (ctx, code, message, extra) => {
        const d = ctx.diagnostic("warning", code, message);
        current.warnings.push(extra?.deprecatedField ? { ...d, deprecatedField: extra.deprecatedField } : d);
      });
      for (const req of collector.pluginRequirements.slice(requirementsBefore)) {
        const problem = checkPluginRequirement(req.alternatives, plugins);
        if (problem) addError(new RuleLoadError("LOAD_ERR_VALIDATE", problem, req.ctx));
      }
      if (current.successful) output = compiled;
    } catch (e) {
      if (e instanceof RuleLoadError) addError(e);
      else addError(new RuleLoadError("LOAD_ERR_VALIDATE", e instanceof Error ? e.message : String(e), root));
    }
  }

  return {
    ...output,
    perFile,
    ok: perFile.every((f) => f.successful),
    requiredEngineVersion: formatVersion(collector.requiredEngineVersion),
    requiredPluginVersions: collector.pluginRequirements.map((r) => r.alternatives.map((a) => ({ ...a }))),
  };
}

/** Whether a field (or transformer expression) can be compared in this source: `<field> exists` compiles. */
function isValidLhsField(schema: EventSchema<unknown> | undefined, field: string): boolean {
  if (!schema) return false;
  try {
    compileFilter(parseCondition(`${field} exists`), schema);
    return true;
  } catch {
    return false;
  }
}
