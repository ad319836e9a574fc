// The field catalogs of Lanner's event sources.
import type { FieldClass } from "../types.js";
import { k8sAuditFieldClasses } from "./k8saudit.js";
import { syscallFieldClasses } from "./syscall.js";

export { genericEventClass } from "./generic.js";
export { k8sAuditFieldClasses } from "./k8saudit.js";
export { syscallEventTypes, syscallFieldClasses } from "./syscall.js";

/** Field classes per event source (the rule `source:` value), in Falco's source order. */
export const fieldClassesBySource: Record<string, readonly FieldClass[]> = {
  syscall: syscallFieldClasses,
  k8s_audit: k8sAuditFieldClasses,
};
