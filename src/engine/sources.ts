import { withStaticFields } from "../fields/static-fields.js";
import type { EventSchema } from "../fields/types.js";
import { createK8sAuditSchema } from "../k8saudit/index.js";
import { createSyscallSchema } from "../syscall/fields/schema.js";

/**
 * The event sources Lanner knows, by rule `source:` name: `syscall` (scap captures, through the
 * state engine) and `k8s_audit` (audit events from logs and the webhook).
 */
export function defaultSchemas(
  options: { hostname?: string; staticFields?: Readonly<Record<string, string>> } = {},
): Map<string, EventSchema<unknown>> {
  const statics = options.staticFields ?? {};
  return new Map<string, EventSchema<unknown>>([
    ["syscall", withStaticFields(createSyscallSchema(options) as EventSchema<unknown>, statics)],
    ["k8s_audit", withStaticFields(createK8sAuditSchema(options) as EventSchema<unknown>, statics)],
  ]);
}
