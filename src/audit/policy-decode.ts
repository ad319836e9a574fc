// Decoding a policy file as kube-apiserver's LoadPolicyFromBytes does: YAML → JSON, the group
// version check, strict decoding whose unknown and duplicate fields only make it fall back to lenient
// decoding (so they are warnings here, naming the path), and Go's encoding/json type errors.
import {
  type AuditPolicy,
  type GroupResources,
  POLICY_API_VERSION,
  type PolicyRule,
  type Position,
} from "./policy.js";
import { type JsonNode, yamlToJson } from "./yaml-json.js";

/** Something a decode found: a fatal error (the apiserver would not start) or a warning. */
export interface DecodeProblem {
  code:
    | "POLICY_YAML"
    | "POLICY_DECODE"
    | "POLICY_GROUP_VERSION"
    | "POLICY_UNKNOWN_FIELD"
    | "POLICY_DUPLICATE_FIELD"
    | "POLICY_EXTRA_DOCUMENT";
  /** The message as kube-apiserver words it, where it has one. */
  message: string;
  /** Field path the problem is about (`rules[0].resources[0].verbs`). */
  path?: string;
  pos?: Position;
  /** A hint for people: what was probably meant. */
  hint?: string;
}

export type DecodeResult =
  | { ok: true; policy: AuditPolicy; warnings: DecodeProblem[] }
  | { ok: false; error: DecodeProblem; warnings: DecodeProblem[] };

type Kind = "string" | "strings" | "bool" | "level" | "stages" | "rules" | "resources" | "meta" | "any";

/** Field types of the v1 structs, with the Go type names encoding/json prints. */
const POLICY_FIELDS: Readonly<Record<string, Kind>> = {
  apiVersion: "string",
  kind: "string",
  metadata: "meta",
  rules: "rules",
  omitStages: "stages",
  omitManagedFields: "bool",
};
const RULE_FIELDS: Readonly<Record<string, Kind>> = {
  level: "level",
  users: "strings",
  userGroups: "strings",
  verbs: "strings",
  resources: "resources",
  namespaces: "strings",
  nonResourceURLs: "strings",
  omitStages: "stages",
  omitManagedFields: "bool",
};
const GROUP_RESOURCE_FIELDS: Readonly<Record<string, Kind>> = {
  group: "string",
  resources: "strings",
  resourceNames: "strings",
};
const OBJECT_META_FIELDS: Readonly<Record<string, Kind>> = {
  name: "string",
  generateName: "string",
  namespace: "string",
  selfLink: "string",
  uid: "string",
  resourceVersion: "string",
  generation: "any",
  creationTimestamp: "any",
  deletionTimestamp: "any",
  deletionGracePeriodSeconds: "any",
  labels: "any",
  annotations: "any",
  ownerReferences: "any",
  finalizers: "any",
  managedFields: "any",
};

const ALL_KNOWN = new Map<string, string>();
for (const [where, fields] of [
  ["the policy", POLICY_FIELDS],
  ["a rule", RULE_FIELDS],
  ["a resources entry", GROUP_RESOURCE_FIELDS],
] as const) {
  for (const f of Object.keys(fields)) if (!ALL_KNOWN.has(f)) ALL_KNOWN.set(f, where);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min(tmp + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/** What an unknown key probably meant: a known key at another level, or a near spelling. */
function unknownFieldHint(
  key: string,
  known: Readonly<Record<string, Kind>>,
  here: string,
): string | undefined {
  const names = Object.keys(known);
  const exactCase = names.find((n) => n.toLowerCase() === key.toLowerCase());
  if (exactCase !== undefined) return `did you mean "${exactCase}"? (field names are case-sensitive)`;
  const elsewhere = ALL_KNOWN.get(key);
  if (elsewhere !== undefined && elsewhere !== here)
    return `"${key}" is a field of ${elsewhere}, not of ${here}: check the indentation`;
  let best: string | undefined;
  let bestD = 3;
  for (const n of names) {
    const d = editDistance(key.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best === undefined ? undefined : `did you mean "${best}"?`;
}

const jsonKind = (n: JsonNode): string => (n.type === "bool" ? "bool" : n.type);

class Decoder {
  warnings: DecodeProblem[] = [];
  /** Go's encoding/json keeps decoding after a type error and returns the first one. */
  typeError: DecodeProblem | undefined;
  positions = new Map<string, Position>();

  typeMismatch(n: JsonNode, struct: string, fieldStack: string, goType: string, path: string): void {
    if (this.typeError !== undefined) return;
    this.typeError = {
      code: "POLICY_DECODE",
      message: `failed decoding: json: cannot unmarshal ${jsonKind(n)} into Go struct field ${struct}.${fieldStack} of type ${goType}`,
      path,
      pos: n.pos,
    };
  }

  str(n: JsonNode, struct: string, stack: string, goType: string, path: string): string {
    this.positions.set(path, n.pos);
    if (n.type === "string") return n.value;
    if (n.type !== "null") this.typeMismatch(n, struct, stack, goType, path);
    return "";
  }

  strs(n: JsonNode, struct: string, stack: string, elemType: string, path: string): string[] {
    this.positions.set(path, n.pos);
    if (n.type === "null") return [];
    if (n.type !== "array") {
      this.typeMismatch(n, struct, stack, `[]${elemType}`, path);
      return [];
    }
    return n.items.map((it, i) => this.str(it, struct, stack, elemType, `${path}[${i}]`));
  }

  bool(n: JsonNode, struct: string, stack: string, path: string): boolean | undefined {
    this.positions.set(path, n.pos);
    if (n.type === "bool") return n.value;
    if (n.type !== "null") this.typeMismatch(n, struct, stack, "bool", path);
    return undefined;
  }

  /** Walks an object's entries: known ones go to `take`, unknown ones become warnings. */
  fields(
    n: JsonNode,
    known: Readonly<Record<string, Kind>>,
    here: string,
    path: string,
    take: (key: string, value: JsonNode, fieldPath: string) => void,
  ): void {
    if (n.type !== "object") return;
    for (const [key, entry] of n.entries) {
      const fieldPath = path === "" ? key : `${path}.${key}`;
      if (!Object.hasOwn(known, key)) {
        const hint = unknownFieldHint(key, known, here);
        this.warnings.push({
          code: "POLICY_UNKNOWN_FIELD",
          message: `unknown field ${JSON.stringify(fieldPath)}`,
          path: fieldPath,
          pos: entry.keyPos,
          ...(hint === undefined ? {} : { hint }),
        });
        continue;
      }
      take(key, entry.value, fieldPath);
    }
  }

  groupResources(n: JsonNode, path: string): GroupResources {
    const gr: GroupResources = { group: "", resources: [], resourceNames: [] };
    this.positions.set(path, n.pos);
    if (n.type === "null") return gr;
    if (n.type !== "object") {
      this.typeMismatch(n, "PolicyRule", "rules.resources", "v1.GroupResources", path);
      return gr;
    }
    this.fields(n, GROUP_RESOURCE_FIELDS, "a resources entry", path, (key, v, fp) => {
      const stack = `rules.resources.${key}`;
      if (key === "group") gr.group = this.str(v, "GroupResources", stack, "string", fp);
      else if (key === "resources") gr.resources = this.strs(v, "GroupResources", stack, "string", fp);
      else gr.resourceNames = this.strs(v, "GroupResources", stack, "string", fp);
    });
    return gr;
  }

  rule(n: JsonNode, path: string): PolicyRule {
    const r: PolicyRule = {
      level: "",
      users: [],
      userGroups: [],
      verbs: [],
      resources: [],
      namespaces: [],
      nonResourceURLs: [],
      omitStages: [],
    };
    this.positions.set(path, n.pos);
    if (n.type === "null") return r;
    if (n.type !== "object") {
      this.typeMismatch(n, "Policy", "rules", "v1.PolicyRule", path);
      return r;
    }
    this.fields(n, RULE_FIELDS, "a rule", path, (key, v, fp) => {
      const stack = `rules.${key}`;
      switch (key) {
        case "level":
          r.level = this.str(v, "PolicyRule", stack, "v1.Level", fp);
          break;
        case "users":
        case "userGroups":
        case "verbs":
        case "namespaces":
        case "nonResourceURLs":
          r[key] = this.strs(v, "PolicyRule", stack, "string", fp);
          break;
        case "omitStages":
          r.omitStages = this.strs(v, "PolicyRule", stack, "v1.Stage", fp);
          break;
        case "omitManagedFields": {
          const b = this.bool(v, "PolicyRule", stack, fp);
          if (b === undefined) delete r.omitManagedFields;
          else r.omitManagedFields = b;
          break;
        }
        case "resources":
          this.positions.set(fp, v.pos);
          if (v.type === "array")
            r.resources = v.items.map((it, i) => this.groupResources(it, `${fp}[${i}]`));
          else if (v.type !== "null") this.typeMismatch(v, "PolicyRule", stack, "[]v1.GroupResources", fp);
          break;
      }
    });
    return r;
  }

  metadata(n: JsonNode, path: string): void {
    this.positions.set(path, n.pos);
    if (n.type === "null") return;
    if (n.type !== "object") {
      this.typeMismatch(n, "Policy", "metadata", "v1.ObjectMeta", path);
      return;
    }
    this.fields(n, OBJECT_META_FIELDS, "metadata", path, (key, v, fp) => {
      if (OBJECT_META_FIELDS[key] === "string") this.str(v, "ObjectMeta", `metadata.${key}`, "string", fp);
    });
  }
}

const GV_STRUCT =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** Splits an apiVersion as schema.ParseGroupVersion does. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: apiVersion };
  if (parts.length === 2) return { group: parts[0] as string, version: parts[1] as string };
  return undefined;
}

/** Decodes a policy file's text into a Policy, with the apiserver's fatal errors and its silent fallbacks. */
export function decodePolicy(text: string): DecodeResult {
  const parsed = yamlToJson(text);
  if (!parsed.ok) {
    return {
      ok: false,
      error: {
        code: "POLICY_YAML",
        message: `failed decoding: error converting YAML to JSON: yaml: line ${parsed.pos.line}: ${parsed.message}`,
        pos: parsed.pos,
      },
      warnings: [],
    };
  }
  const warnings: DecodeProblem[] = [];
  for (const pos of parsed.extraDocuments) {
    warnings.push({
      code: "POLICY_EXTRA_DOCUMENT",
      message: "only the first YAML document is read; kube-apiserver ignores the rest of the file",
      pos,
    });
  }
  for (const d of parsed.duplicates) {
    const p = d.path === "" ? d.key : `${d.path}.${d.key}`;
    warnings.push({
      code: "POLICY_DUPLICATE_FIELD",
      message: `duplicate field ${JSON.stringify(p)}`,
      path: p,
      pos: d.pos,
      hint: "kube-apiserver keeps the last value",
    });
  }
  const root = parsed.root;
  const rootPos = root?.pos ?? { line: 1, column: 1 };
  if (root !== undefined && root.type !== "object" && root.type !== "null") {
    return {
      ok: false,
      error: {
        code: "POLICY_DECODE",
        message: `failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(root)} into Go value of type ${GV_STRUCT}`,
        pos: rootPos,
      },
      warnings,
    };
  }
  // The type meta first (runtime's json serializer reads it before the object).
  let apiVersion = "";
  let kind = "";
  if (root?.type === "object") {
    for (const [key, entry] of root.entries) {
      if (key !== "apiVersion" && key !== "kind") continue;
      const v = entry.value;
      if (v.type === "string") {
        if (key === "apiVersion") apiVersion = v.value;
        else kind = v.value;
      } else if (v.type !== "null") {
        return {
          ok: false,
          error: {
            code: "POLICY_DECODE",
            message: `failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(v)} into Go struct field .${key} of type string`,
            path: key,
            pos: v.pos,
          },
          warnings,
        };
      }
    }
  }
  const gv = parseGroupVersion(apiVersion);
  if (gv === undefined) {
    return {
      ok: false,
      error: {
        code: "POLICY_DECODE",
        message: `failed decoding: unexpected GroupVersion string: ${apiVersion}`,
        path: "apiVersion",
        pos: rootPos,
      },
      warnings,
    };
  }
  // gvkWithDefaults: what is missing comes from the internal Policy type the decoder targets.
  let group = gv.group;
  let version = gv.version;
  const effectiveKind = kind === "" ? "Policy" : kind;
  if (version === "" && group === "") {
    group = "audit.k8s.io";
    version = "__internal";
  } else if (version === "" && group === "audit.k8s.io") version = "__internal";
  const gvString = group === "" ? version : `${group}/${version}`;
  const kindPos =
    root?.type === "object"
      ? (root.entries.get("kind") ?? root.entries.get("apiVersion"))?.keyPos
      : undefined;
  if (version === "__internal" && effectiveKind !== "Policy") {
    return {
      ok: false,
      error: {
        code: "POLICY_GROUP_VERSION",
        message: `failed decoding: no kind ${JSON.stringify(effectiveKind)} is registered for the internal version of group ${JSON.stringify(group)}`,
        path: "kind",
        pos: kindPos ?? rootPos,
        hint: `set apiVersion: ${POLICY_API_VERSION} and kind: Policy`,
      },
      warnings,
    };
  }
  if (version === "__internal") {
    // The lenient decoder fills the internal type directly, then the version check refuses it.
    return {
      ok: false,
      error: {
        code: "POLICY_GROUP_VERSION",
        message: `unknown group version field ${group}/${version}, Kind=${effectiveKind} in policy`,
        path: "apiVersion",
        pos: rootPos,
        hint: `set apiVersion: ${POLICY_API_VERSION} and kind: Policy`,
      },
      warnings,
    };
  }
  if (gvString !== POLICY_API_VERSION || effectiveKind !== "Policy") {
    const known = gvString === POLICY_API_VERSION && effectiveKind === "PolicyList";
    const removed = group === "audit.k8s.io" && (version === "v1alpha1" || version === "v1beta1");
    return {
      ok: false,
      error: {
        code: "POLICY_GROUP_VERSION",
        message: known
          ? `failed decoding: converting (v1.PolicyList) to (audit.Policy): unknown conversion`
          : `failed decoding: no kind ${JSON.stringify(effectiveKind)} is registered for version ${JSON.stringify(gvString)}`,
        path: effectiveKind !== "Policy" ? "kind" : "apiVersion",
        pos:
          (effectiveKind !== "Policy"
            ? kindPos
            : root?.type === "object"
              ? root.entries.get("apiVersion")?.keyPos
              : undefined) ?? rootPos,
        hint: removed
          ? `${group}/${version} was removed in Kubernetes 1.24: use apiVersion: ${POLICY_API_VERSION}`
          : `only apiVersion: ${POLICY_API_VERSION}, kind: Policy is accepted`,
      },
      warnings,
    };
  }

  const d = new Decoder();
  d.positions.set("", rootPos);
  const policy: AuditPolicy = {
    apiVersion,
    kind: "Policy",
    rules: [],
    omitStages: [],
    omitManagedFields: false,
    positions: d.positions,
  };
  if (root?.type === "object") {
    d.fields(root, POLICY_FIELDS, "the policy", "", (key, v, fp) => {
      switch (key) {
        case "rules":
          d.positions.set(fp, v.pos);
          if (v.type === "array") policy.rules = v.items.map((it, i) => d.rule(it, `rules[${i}]`));
          else if (v.type !== "null") d.typeMismatch(v, "Policy", "rules", "[]v1.PolicyRule", fp);
          break;
        case "omitStages":
          policy.omitStages = d.strs(v, "Policy", "omitStages", "v1.Stage", fp);
          break;
        case "omitManagedFields":
          policy.omitManagedFields = d.bool(v, "Policy", "omitManagedFields", fp) ?? false;
          break;
        case "metadata":
          d.metadata(v, fp);
          break;
        default:
          d.positions.set(fp, v.pos);
      }
    });
  }
  warnings.push(...d.warnings);
  if (d.typeError !== undefined) return { ok: false, error: d.typeError, warnings };
  return { ok: true, policy, warnings };
}
