import { k8sAuditFieldClasses, syscallEventTypes, syscallFieldClasses } from "../fields/catalog/index.js";
import type { EventSchema } from "../fields/types.js";

/**
 * The event sources Lanner knows, by rule `source:` name. Rules compile against these schemas
 * today; events reach them in later issues (scap captures and the probe for `syscall`, audit logs
 * and the webhook for `k8s_audit`), which replace `bind` with real extractors. Until then every
 * field reads as missing, and `lanner run` says that no event source exists.
 */
export function defaultSchemas(): Map<string, EventSchema<unknown>> {
  const missing = () => undefined;
  return new Map<string, EventSchema<unknown>>([
    [
      "syscall",
      { source: "syscall", classes: syscallFieldClasses, eventTypes: syscallEventTypes, bind: () => missing },
    ],
    ["k8s_audit", { source: "k8s_audit", classes: k8sAuditFieldClasses, bind: () => missing }],
  ]);
}
