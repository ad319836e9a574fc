import type { EventSchema } from "../fields/types.js";

/** The event sources Lanner knows, by rule `source:` name. */
export function defaultSchemas(): Map<string, EventSchema<unknown>> {
  // Placeholder until the field catalog lands: no fields, no event types.
  const none = () => undefined;
  return new Map<string, EventSchema<unknown>>([
    ["syscall", { source: "syscall", classes: [], eventTypes: new Set(), bind: () => none }],
    ["k8s_audit", { source: "k8s_audit", classes: [], bind: () => none }],
  ]);
}
