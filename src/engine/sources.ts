import { syscallEventTypes, syscallFieldClasses } from "../fields/catalog/index.js";
import type { EventSchema } from "../fields/types.js";
import { createK8sAuditSchema } from "../k8saudit/index.js";

/**
 * The event sources Lanner knows, by rule `source:` name. `k8s_audit` reads real audit events.
 * `syscall` rules compile against the full catalog, but its events (scap captures, the live
 * probe) arrive with the next issues: until then its fields have no extractor and read as missing.
 */
export function defaultSchemas(options: { hostname?: string } = {}): Map<string, EventSchema<unknown>> {
  const missing = () => undefined;
  return new Map<string, EventSchema<unknown>>([
    [
      "syscall",
      { source: "syscall", classes: syscallFieldClasses, eventTypes: syscallEventTypes, bind: () => missing },
    ],
    ["k8s_audit", createK8sAuditSchema(options) as EventSchema<unknown>],
  ]);
}
