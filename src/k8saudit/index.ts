// Public API of the k8s_audit source: reading audit events and the fields rules ask about them.
export {
  type AuditDiagnostic,
  type AuditEvent,
  AuditEventReader,
  AuditEventSequence,
  type AuditReaderOptions,
  NOT_AN_EVENT,
  type ReadResult,
  readAuditEvents,
  readAuditFile,
  readAuditStream,
  timestampNs,
} from "./events.js";
export {
  createK8sAuditSchema,
  eventData,
  K8S_AUDIT_PLUGIN,
  K8S_AUDIT_SOURCE,
  type K8sAuditSchemaOptions,
  k8sAuditSchema,
} from "./fields.js";
export type { JsonObject, JsonValue } from "./json-text.js";
export { parseRfc3339Nano } from "./time.js";
