// Rule priorities: Falco's eight syslog-like levels, most severe first.

export enum Priority {
  Emergency = 0,
  Alert = 1,
  Critical = 2,
  Error = 3,
  Warning = 4,
  Notice = 5,
  Informational = 6,
  Debug = 7,
}

const NAMES = [
  "Emergency",
  "Alert",
  "Critical",
  "Error",
  "Warning",
  "Notice",
  "Informational",
  "Debug",
] as const;

/** Parses a priority case-insensitively; `info` is accepted for Informational, as in Falco. */
export function parsePriority(text: string): Priority | undefined {
  const lower = text.toLowerCase();
  if (lower === "info") return Priority.Informational;
  const i = NAMES.findIndex((n) => n.toLowerCase() === lower);
  return i < 0 ? undefined : (i as Priority);
}

/** The priority's name as Falco prints it (`Informational`, or `Info` in the short form used by text alerts). */
export function priorityName(p: Priority, short = false): string {
  if (short && p === Priority.Informational) return "Info";
  return NAMES[p];
}
