// kube-apiserver's ValidatePolicy (k8s.io/apiserver pkg/apis/audit/validation): the same checks, in
// the same order, with the same field paths and texts.
import type { FieldError } from "./go-text.js";
import { type AuditPolicy, LEVELS, type PolicyRule, STAGES } from "./policy.js";

/** A validation error and the field path whose position locates it (more precise than the printed path). */
export interface PolicyFieldError extends FieldError {
  at: string;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** validation.IsDNS1123Subdomain: the messages for a group name that is not a DNS subdomain. */
export function dnsSubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  // Go measures bytes.
  if (Buffer.byteLength(value, "utf8") > 253) errs.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(value)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

function validateOmitStages(stages: readonly string[], path: string): PolicyFieldError[] {
  const errs: PolicyFieldError[] = [];
  stages.forEach((stage, i) => {
    if (!(STAGES as readonly string[]).includes(stage)) {
      const field = `${path}[${i}]`;
      errs.push({
        type: "Invalid value",
        field,
        at: field,
        badValue: { kind: "string", value: stage },
        detail: `allowed stages are ${STAGES.join(",")}`,
      });
    }
  });
  return errs;
}

function validateRule(rule: PolicyRule, path: string): PolicyFieldError[] {
  const errs: PolicyFieldError[] = [];
  const levelPath = `${path}.level`;
  if (rule.level === "") errs.push({ type: "Required value", field: levelPath, at: path, detail: "" });
  else if (!(LEVELS as readonly string[]).includes(rule.level)) {
    errs.push({
      type: "Unsupported value",
      field: levelPath,
      at: levelPath,
      badValue: { kind: "named-string", value: rule.level },
      detail: `supported values: ${LEVELS.map((l) => `"${l}"`).join(", ")}`,
    });
  }
  rule.nonResourceURLs.forEach((url, i) => {
    if (url === "*") return;
    const field = `${path}.nonResourceURLs[${i}]`;
    if (!url.startsWith("/")) {
      errs.push({
        type: "Invalid value",
        field,
        at: field,
        badValue: { kind: "string", value: url },
        detail: "non-resource URL rules must begin with a '/' character",
      });
    }
    if (url !== "" && url.slice(0, -1).includes("*")) {
      errs.push({
        type: "Invalid value",
        field,
        at: field,
        badValue: { kind: "string", value: url },
        detail: "non-resource URL wildcards '*' must be the final character of the rule",
      });
    }
  });
  rule.resources.forEach((gr, i) => {
    const entry = `${path}.resources[${i}]`;
    if (gr.group !== "" && gr.group !== "*") {
      const msgs = dnsSubdomainErrors(gr.group);
      if (msgs.length > 0) {
        errs.push({
          type: "Invalid value",
          field: `${path}.resources.group`,
          at: `${entry}.group`,
          badValue: { kind: "string", value: gr.group },
          detail: msgs.join(","),
        });
      }
    }
    if (gr.resourceNames.length > 0 && gr.resources.length === 0) {
      errs.push({
        type: "Invalid value",
        field: `${path}.resources.resourceNames`,
        at: `${entry}.resourceNames`,
        badValue: { kind: "strings", value: gr.resourceNames },
        detail: "using resourceNames requires at least one resource",
      });
    }
  });
  errs.push(...validateOmitStages(rule.omitStages, `${path}.omitStages`));
  if (rule.nonResourceURLs.length > 0 && (rule.resources.length > 0 || rule.namespaces.length > 0)) {
    const field = `${path}.nonResourceURLs`;
    errs.push({
      type: "Invalid value",
      field,
      at: field,
      badValue: { kind: "strings", value: rule.nonResourceURLs },
      detail: "rules cannot apply to both regular resources and non-resource URLs",
    });
  }
  return errs;
}

/** ValidatePolicy: the policy's omitStages, then each rule (level, URLs, resources, stages, URL/resource mix). */
export function validatePolicy(policy: Pick<AuditPolicy, "rules" | "omitStages">): PolicyFieldError[] {
  const errs = validateOmitStages(policy.omitStages, "omitStages");
  policy.rules.forEach((rule, i) => {
    errs.push(...validateRule(rule, `rules[${i}]`));
  });
  return errs;
}
