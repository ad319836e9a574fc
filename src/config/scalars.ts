// Scalars the way Falco reads them: every YAML scalar is text, typed only when a key is read
// (yaml-cpp's conversions), so `json_output: "true"` and `listen_port: ${PORT}` work as in Falco.

const BOOL_NAMES: readonly (readonly [string, string])[] = [
  ["y", "n"],
  ["yes", "no"],
  ["true", "false"],
  ["on", "off"],
];

/** yaml-cpp accepts `true`, `True` and `TRUE` but not `tRUE`. */
function isFlexibleCase(text: string): boolean {
  if (text === text.toLowerCase() || text === text.toUpperCase()) return true;
  const rest = text.slice(1);
  return text[0] === text[0].toUpperCase() && rest === rest.toLowerCase();
}

/** A boolean as yaml-cpp reads one: y/n, yes/no, true/false, on/off in lower, upper or title case. */
export function parseYamlBool(text: string): boolean | undefined {
  if (!isFlexibleCase(text)) return undefined;
  const lower = text.toLowerCase();
  for (const [t, f] of BOOL_NAMES) {
    if (lower === t) return true;
    if (lower === f) return false;
  }
  return undefined;
}

const INT = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*$/;

/**
 * An integer as yaml-cpp reads one (C++ stream with the base taken from the prefix: `0x1F` is hex and
 * a leading `0` means octal); undefined when the text is not one or is not a safe integer.
 */
export function parseYamlInt(text: string): number | undefined {
  const m = INT.exec(text);
  if (!m) return undefined;
  const digits = m[2];
  let value: number;
  if (/^0[xX]/.test(digits)) value = Number.parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits[0] === "0") value = Number.parseInt(digits.slice(1), 8);
  else value = Number.parseInt(digits, 10);
  if (m[1] === "-") value = -value;
  return Number.isSafeInteger(value) ? value : undefined;
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A floating-point number as yaml-cpp reads one (`.1`, `1e3`, `.inf`, `-.Inf`, `.nan`). */
export function parseYamlFloat(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text.trim());
  if (/^\+?\.(inf|Inf|INF)$/.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-\.(inf|Inf|INF)$/.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return undefined;
}

/** A scalar typed the way Falco turns plugin `init_config` maps into JSON: int, then double, then bool, else text. */
export function jsonScalar(text: string): number | boolean | string {
  return parseYamlInt(text) ?? parseYamlFloat(text) ?? parseYamlBool(text) ?? text;
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DURATION_UNITS_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/**
 * A Prometheus time duration (`1h`, `1m30s`, `500ms`) in milliseconds, as Falco reads `metrics.interval`
 * (whitespace ignored). Undefined when the text is not a duration; a bare number is not one.
 */
export function parsePrometheusDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact === "") return undefined;
  const m = DURATION.exec(compact);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < DURATION_UNITS_MS.length; i++) {
    const n = m[i + 1];
    if (n !== undefined) ms += Number(n) * DURATION_UNITS_MS[i];
  }
  return ms;
}
