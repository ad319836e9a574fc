import type { EventSchema } from "../fields/types.js";
import { createK8sAuditSchema } from "../k8saudit/index.js";
import { createSyscallSchema } from "../syscall/fields/schema.js";

/**
 * The event sources Lanner knows, by rule `source:` name: `syscall` (scap captures, through the
 * state engine) and `k8s_audit` (audit events from logs and the webhook).
 */
export function defaultSchemas(options: { hostname?: string } = {}): Map<string, EventSchema<unknown>> {
  return new Map<string, EventSchema<unknown>>([
    ["syscall", createSyscallSchema(options) as EventSchema<unknown>],
    ["k8s_audit", createK8sAuditSchema(options) as EventSchema<unknown>],
  ]);
}
