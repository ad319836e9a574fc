// Public API of the configuration: falco.yaml-compatible loading, -o overrides, defaults, --support.
export { k8sAuditTlsEnabled, metricsIntervalMs, outputsQueueCapacity } from "./derived.js";
export { expandEnv } from "./env.js";
export { configDiagnosticJson, formatConfigDiagnostic, formatOrigin } from "./format.js";
export { formatKeyPath, type KeySegment, parseKeyPath } from "./keypath.js";
export {
  DEFAULT_CONFIG_FILE,
  DEFAULT_RULES_DIR,
  defaultConfig,
  embeddedDefaults,
  type LoadConfigOptions,
  type LoadConfigResult,
  loadConfig,
} from "./load.js";
export { parsePrometheusDuration, parseYamlBool, parseYamlFloat, parseYamlInt } from "./scalars.js";
export { DEFAULT_K8S_AUDIT_MAX_BODY_BYTES, ENGINE_KINDS } from "./schema.js";
export { type SupportInfo, type SupportOptions, type SupportRulesFile, supportInfo } from "./support.js";
export type * from "./types.js";
