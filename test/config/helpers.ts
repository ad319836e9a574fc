// Shared helpers for the configuration tests: temporary config files and short assertions.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatConfigDiagnostic, type LannerConfig, type LoadConfigResult } from "../../src/config/index.js";
import { makeTempDir } from "../helpers/temp-dirs.js";

/** ../shared, beside the project (tests run from the project root). */
export const SHARED = path.resolve(process.cwd(), "../shared");
export const CONFS = path.join(SHARED, "conformance/falco-regression/confs");
/** Falco's own falco.yaml (a copy in test/config/fixtures; the tests run from dist/test/config/). */
export const FALCO_YAML = fileURLToPath(new URL("../../../test/config/fixtures/falco.yaml", import.meta.url));

/** A fresh temporary directory holding the given files (name → content; names may have subdirectories). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = makeTempDir("lanner-config");
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** The configuration of a successful load (fails the test with the diagnostics otherwise). */
export function ok(result: LoadConfigResult): LannerConfig {
  if (!result.ok)
    assert.fail(
      `expected the configuration to load:\n${result.errors.map(formatConfigDiagnostic).join("\n")}`,
    );
  return result.config;
}

/** The formatted errors of a failed load (fails the test when it loaded). */
export function errorsOf(result: LoadConfigResult): string[] {
  if (result.ok) assert.fail("expected the configuration not to load");
  return result.errors.map(formatConfigDiagnostic);
}

export function warningsOf(result: LoadConfigResult): string[] {
  return result.warnings.map(formatConfigDiagnostic);
}
