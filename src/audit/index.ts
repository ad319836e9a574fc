// Kubernetes audit policies: load and validate as kube-apiserver does, evaluate and explain, lint,
// and replay recorded logs through a policy.
export * from "./attributes.js";
export * from "./checker.js";
export { enableAudit, formatEnableError, patchApiserverManifest } from "./enable.js";
export { PolicyEvaluator } from "./evaluator.js";
export { aggregateText, type FieldError, fieldErrorText, goJsonString, goQuote } from "./go-text.js";
export {
  formatLintFinding,
  LINT_CODES,
  type LintCode,
  type LintFinding,
  lintPolicy,
  ruleCovers,
} from "./lint.js";
export * from "./policy.js";
export type { DecodeProblem, DecodeResult } from "./policy-decode.js";
export { decodePolicy } from "./policy-decode.js";
export * from "./policy-load.js";
export { dnsSubdomainErrors, type PolicyFieldError, validatePolicy } from "./policy-validate.js";
export * from "./receive.js";
export * from "./rotating-log.js";
export * from "./simulate.js";
export * from "./simulate-run.js";
