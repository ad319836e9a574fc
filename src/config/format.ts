// Configuration errors and warnings as one line for people: where, which key, what.

import type { ConfigError, ConfigOrigin, ConfigWarning } from "./types.js";

/** `file:line:col`, `-o key=value` or `embedded defaults`. */
export function formatOrigin(origin: ConfigOrigin): string {
  switch (origin.kind) {
    case "file":
      return `${origin.file}:${origin.line}:${origin.col}`;
    case "option":
      return `-o ${origin.option}`;
    case "defaults":
      return "embedded defaults";
  }
}

/** `falco.yaml:12:15: webserver.listen_port: expected an integer from 0 to 65535, found "abc"`. */
export function formatConfigDiagnostic(d: ConfigError | ConfigWarning): string {
  const where = d.origin ? `${formatOrigin(d.origin)}: ` : "";
  const key = d.path ? `${d.path}: ` : "";
  return `${where}${key}${d.message}`;
}

/** The diagnostic as JSON for programs (`--json`). */
export function configDiagnosticJson(d: ConfigError | ConfigWarning): Record<string, string | number> {
  const out: Record<string, string | number> = { code: d.code, message: d.message };
  if (d.path) out.path = d.path;
  if (d.origin?.kind === "file") {
    out.file = d.origin.file;
    out.line = d.origin.line;
    out.col = d.origin.col;
  } else if (d.origin?.kind === "option") {
    out.option = d.origin.option;
  }
  return out;
}
