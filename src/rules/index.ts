// Public API of the rules loader: read rules files, load them into compiled rules, report like Falco.
export type {
  CompileOutput,
  LoadedList,
  LoadedMacro,
  LoadedRule,
  SourcePosition,
} from "./compile.js";
export {
  codeDescription,
  codeTitle,
  ERROR_CODES,
  ERROR_DESCRIPTIONS,
  ERROR_TITLES,
  type ErrorCode,
  type ItemType,
  type LoadDiagnostic,
  type Location,
  type Position,
  WARNING_CODES,
  WARNING_DESCRIPTIONS,
  WARNING_TITLES,
  type WarningCode,
} from "./diagnostics.js";
export type { ExceptionValue, RuleException } from "./exceptions.js";
export { expandRulesPaths, readRulesFiles } from "./files.js";
export {
  type FalcoDiagnosticJson,
  type FalcoLoadResultJson,
  type FalcoValidateJson,
  formatDiagnostic,
  formatFileResult,
  toFalcoValidateJson,
} from "./format.js";
export { quoteItem, substituteList } from "./lists.js";
export { type FileResult, type LoadOptions, type LoadResult, loadRules, type RulesSource } from "./loader.js";
export { Priority, parsePriority, priorityName } from "./priority.js";
export {
  BUILTIN_PLUGINS,
  ENGINE_VERSION,
  formatVersion,
  isCompatible,
  type PluginInfo,
  parseVersion,
  type Version,
} from "./versions.js";
