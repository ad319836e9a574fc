// Printing load results: Falco's `-V` JSON for programs, and a compiler-style text for people.
import { codeTitle, type LoadDiagnostic } from "./diagnostics.js";
import type { FileResult } from "./loader.js";

export interface FalcoPositionJson {
  name: string;
  line: number;
  column: number;
  offset: number;
}

export interface FalcoDiagnosticJson {
  code: string;
  codedesc: string;
  message: string;
  context: {
    locations: { item_type: string; item_name: string; position: FalcoPositionJson }[];
    snippet: string;
  };
  deprecated_field?: string;
}

export interface FalcoLoadResultJson {
  name: string;
  successful: boolean;
  errors: FalcoDiagnosticJson[];
  warnings: FalcoDiagnosticJson[];
}

export interface FalcoValidateJson {
  falco_load_results: FalcoLoadResultJson[];
}

function diagnosticJson(d: LoadDiagnostic): FalcoDiagnosticJson {
  const out: FalcoDiagnosticJson = {
    code: d.code,
    codedesc: d.codedesc,
    message: d.message,
    context: {
      locations: d.locations.map((l) => ({
        item_type: l.itemType,
        item_name: l.itemName,
        position: {
          name: l.position.name,
          line: l.position.line,
          column: l.position.column,
          offset: l.position.offset,
        },
      })),
      snippet: d.snippet,
    },
  };
  if (d.deprecatedField !== undefined) out.deprecated_field = d.deprecatedField;
  return out;
}

/**
 * The object `falco -V --json` prints: one entry per rules content with its errors and warnings, each
 * with Falco's context chain (0-based lines and columns) and snippet.
 */
export function toFalcoValidateJson(results: readonly FileResult[]): FalcoValidateJson {
  return {
    falco_load_results: results.map((r) => ({
      name: r.name,
      successful: r.successful,
      errors: r.errors.map(diagnosticJson),
      warnings: r.warnings.map(diagnosticJson),
    })),
  };
}

/**
 * One diagnostic for people: `file:line:col: error CODE: message`, the item it concerns, then the
 * snippet with its caret, indented.
 */
export function formatDiagnostic(d: LoadDiagnostic): string {
  const message = d.message === "" ? codeTitle(d.code) : d.message;
  const item = d.itemName === "" ? d.itemType : `${d.itemType} "${d.itemName}"`;
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${message}`;
  const snippet = d.snippet
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => `    ${l}`)
    .join("\n");
  return `${head}\n  in ${item}\n${snippet}\n`;
}

/** A file's result for people: `name: Ok`, `name: Ok, with warnings` or `name: Invalid`, then the details. */
export function formatFileResult(r: FileResult, withWarnings = true): string {
  const status = r.successful ? (r.warnings.length > 0 ? "Ok, with warnings" : "Ok") : "Invalid";
  let out = `${r.name}: ${status}\n`;
  for (const e of r.errors) out += formatDiagnostic(e);
  if (withWarnings) for (const w of r.warnings) out += formatDiagnostic(w);
  return out;
}
