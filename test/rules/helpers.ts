// Shared by the rules tests: event schemas built from the field catalogs, and small loading helpers.
import path from "node:path";
import {
  k8sAuditFieldClasses,
  syscallEventTypes,
  syscallFieldClasses,
} from "../../src/fields/catalog/index.js";
import type { EventSchema } from "../../src/fields/types.js";
import {
  type LoadDiagnostic,
  type LoadOptions,
  type LoadResult,
  loadRules,
  type RulesSource,
} from "../../src/rules/index.js";

/** ../shared, beside the project (tests run from the project root). */
export const SHARED = path.resolve(process.cwd(), "../shared");

const noValue = () => undefined;

/**
 * The syscall and k8s_audit sources with the real field catalogs; extraction is not needed for loading,
 * so every field reads as missing.
 */
export function testSchemas(): Map<string, EventSchema<unknown>> {
  return new Map<string, EventSchema<unknown>>([
    [
      "syscall",
      { source: "syscall", classes: syscallFieldClasses, eventTypes: syscallEventTypes, bind: () => noValue },
    ],
    ["k8s_audit", { source: "k8s_audit", classes: k8sAuditFieldClasses, bind: () => noValue }],
  ]);
}

/** Loads YAML texts (named rules1.yaml, rules2.yaml… unless given as sources). */
export function loadYaml(contents: readonly (string | RulesSource)[], options?: LoadOptions): LoadResult {
  const sources = contents.map((c, i) =>
    typeof c === "string" ? { name: `rules${i + 1}.yaml`, content: c } : c,
  );
  return loadRules(sources, testSchemas(), options);
}

export function allErrors(r: LoadResult): LoadDiagnostic[] {
  return r.perFile.flatMap((f) => f.errors);
}

export function allWarnings(r: LoadResult): LoadDiagnostic[] {
  return r.perFile.flatMap((f) => f.warnings);
}

/** "CODE: message" of every error, for readable assertions. */
export function errorTexts(r: LoadResult): string[] {
  return allErrors(r).map((e) => `${e.code}: ${e.message}`);
}

export function warningCodes(r: LoadResult): string[] {
  return allWarnings(r).map((w) => w.code);
}

/** The rule's final condition text (after appends and exceptions). */
export function conditionOf(r: LoadResult, name: string): string | undefined {
  return r.rules.find((x) => x.name === name)?.condition;
}
