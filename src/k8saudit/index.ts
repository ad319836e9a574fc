// Public API of the k8s_audit source: reading audit events and the fields rules ask about them.

export { auditEventKey, DedupWindow } from "./dedup.js";
export {
  type AuditDiagnostic,
  type AuditEvent,
  AuditEventReader,
  AuditEventSequence,
  type AuditReaderOptions,
  auditObject,
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
export { type AuditLogFollower, type FollowNotice, type FollowOptions, followAuditLog } from "./follow.js";
export type { JsonObject, JsonValue } from "./json-text.js";
export { readAuditFileThreaded } from "./read-thread.js";
export {
  type AuditWebhook,
  type AuditWebhookOptions,
  type AuditWebhookStats,
  type AuditWebhookTls,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_WEBHOOK_ADDRESS,
  DEFAULT_WEBHOOK_PATH,
  DEFAULT_WEBHOOK_PORT,
  startAuditWebhook,
} from "./server.js";
export { parseRfc3339Nano } from "./time.js";
export {
  type K8sAuditWebhookSettings,
  WebhookConfigError,
  webhookOptionsFromSettings,
} from "./webhook-config.js";
