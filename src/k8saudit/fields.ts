// Fields of the k8s_audit source: the generic evt.* fields of plugin events (libsinsp), the ka.*
// fields of the k8saudit plugin 0.18 and the json.*/jevt.* fields of the json plugin 0.7, with
// their semantics (values are strings rendered from the event JSON; an empty list is no value).
import { hostname as osHostname } from "node:os";
import { k8sAuditFieldClasses } from "../fields/catalog/k8saudit.js";
import type { EventSchema, Extractor, FieldDef, FieldValue } from "../fields/types.js";
import { type AuditEvent, eventMemo } from "./events.js";
import {
  containerEffective,
  containerHostPorts,
  containerImages,
  containerJoined,
  containerValues,
  fromKeys,
  get,
  imageRepository,
  listValue,
  NO_INDEX,
  type Node,
  queryParameters,
  root,
  rulesField,
  stringAt,
  stringsAll,
  stringsSkipNil,
  subjectNames,
  valuesRecursive,
  volumeTypes,
} from "./extract.js";
import { compactJson, indentJson } from "./json-text.js";
import { formatIso8601, formatTime } from "./time.js";

export const K8S_AUDIT_SOURCE = "k8s_audit";
export const K8S_AUDIT_PLUGIN = "k8saudit";

const NS = 1_000_000_000n;

export interface K8sAuditSchemaOptions {
  /**
   * `evt.hostname`. Default: LANNER_HOSTNAME, else FALCO_HOSTNAME (Falco passes it to libs as the
   * machine's hostname), else the system hostname, read when the field is first bound.
   */
  hostname?: string;
}

type Ex = Extractor<AuditEvent>;

/** The event as the plugin stores it (fastjson's re-marshalled, compact JSON), memoized. */
export function eventData(evt: AuditEvent): string {
  const memo = eventMemo(evt);
  const hit = memo.get("data");
  if (typeof hit === "string") return hit;
  const data = compactJson(evt.text);
  memo.set("data", data);
  return data;
}

/** Generic fields of plugin events (libsinsp's gen_event class). */
function bindGeneric(name: string, options: K8sAuditSchemaOptions): Ex | undefined {
  switch (name) {
    case "evt.num":
      return (e) => e.num;
    case "evt.time":
      return (e) => formatTime(e.tsNs, false, true);
    case "evt.time.s":
      return (e) => formatTime(e.tsNs, false, false);
    case "evt.time.iso8601":
      return (e) => formatIso8601(e.tsNs);
    case "evt.datetime":
      return (e) => formatTime(e.tsNs, true, true);
    case "evt.datetime.s":
      return (e) => formatTime(e.tsNs, true, false);
    case "evt.rawtime":
      return (e) => e.tsNs;
    case "evt.rawtime.s":
      return (e) => e.tsNs / NS;
    case "evt.rawtime.ns":
      return (e) => e.tsNs % NS;
    case "evt.reltime":
      return (e) => BigInt.asUintN(64, e.tsNs - e.firstTsNs);
    case "evt.reltime.s":
      return (e) => BigInt.asUintN(64, e.tsNs - e.firstTsNs) / NS;
    case "evt.reltime.ns":
      return (e) => BigInt.asUintN(64, e.tsNs - e.firstTsNs) % NS;
    case "evt.pluginname":
      return () => K8S_AUDIT_PLUGIN;
    case "evt.plugininfo":
      // The plugin's String(): the event data as text.
      return eventData;
    case "evt.source":
      return () => K8S_AUDIT_SOURCE;
    case "evt.is_async":
      return () => false;
    case "evt.asynctype":
      return () => undefined;
    case "evt.hostname": {
      const host =
        options.hostname ?? process.env.LANNER_HOSTNAME ?? process.env.FALCO_HOSTNAME ?? osHostname();
      return () => host;
    }
    default:
      return undefined;
  }
}

/** json plugin fields (json.* and their jevt.* aliases). */
function bindJson(name: string, arg: string | undefined): Ex | undefined {
  switch (name.replace(/^jevt\./, "json.")) {
    case "json.value": {
      const pointer = parsePointer(arg ?? "");
      if (pointer === undefined) return eventData;
      return (e) => stringAt(e, pointer);
    }
    case "json.obj":
      return (e) => indentJson(eventData(e));
    case "json.rawtime":
      return (e) => String(e.tsNs);
    default:
      return undefined;
  }
}

/** The json plugin's pointer: one leading "/" dropped, split on "/", ~1 and ~0 unescaped; undefined for the whole event. */
function parsePointer(arg: string): string[] | undefined {
  if (arg === "") return undefined;
  const body = arg.startsWith("/") ? arg.slice(1) : arg;
  return body.split("/").map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The plugin's argIndexFilter: the index argument, else every element. */
function indexOf(def: FieldDef, arg: string | undefined): number {
  if (arg === undefined || def.arg?.kind !== "index") return NO_INDEX;
  const n = Number(arg);
  return Number.isSafeInteger(n) && n >= 0 ? n : NO_INDEX;
}

const CONTAINER_FIELD = /^ka\.req\.pod\.(containers|initContainers|ephemeralContainers)\.(.+)$/;

/** securityContext keys read for each container, by field suffix. */
const SECURITY_CONTEXT: Readonly<Record<string, readonly string[]>> = {
  privileged: ["securityContext", "privileged"],
  allow_privilege_escalation: ["securityContext", "allowPrivilegeEscalation"],
  read_only_fs: ["securityContext", "readOnlyRootFilesystem"],
  run_as_user: ["securityContext", "runAsUser"],
  run_as_group: ["securityContext", "runAsGroup"],
  proc_mount: ["securityContext", "procMount"],
  add_capabilities: ["securityContext", "capabilities", "add"],
};

/** ka.req.pod.{containers,initContainers,ephemeralContainers}.* (the plugin's extractContainerField). */
function bindContainerField(list: string, field: string, idx: number): Ex | undefined {
  const sc = SECURITY_CONTEXT[field];
  if (sc) {
    return (e) => {
      const nodes = containerValues(e, list, idx, ...sc);
      return nodes && listValue(stringsSkipNil(e, nodes));
    };
  }
  switch (field) {
    case "name":
      return (e) => {
        const nodes = containerValues(e, list, idx, "name");
        return listValue(nodes && stringsAll(e, nodes));
      };
    case "image":
      return (e) => listValue(containerImages(e, list, idx));
    case "image.repository":
      return (e) => listValue(containerImages(e, list, idx)?.map(imageRepository));
    case "command":
      return (e) => containerJoined(e, list, idx, "command");
    case "args":
      return (e) => containerJoined(e, list, idx, "args");
    case "host_port":
      return (e) => listValue(containerHostPorts(e, list, idx));
    case "eff_run_as_user":
      return (e) => listValue(containerEffective(e, list, idx, "runAsUser"));
    case "eff_run_as_group":
      return (e) => listValue(containerEffective(e, list, idx, "runAsGroup"));
    default:
      return undefined;
  }
}

const ANNOTATION: Readonly<Record<string, string>> = {
  "ka.auth.decision": "authorization.k8s.io/decision",
  "ka.auth.reason": "authorization.k8s.io/reason",
  "ka.auth.openshift.decision": "authentication.openshift.io/decision",
  "ka.auth.openshift.username": "authentication.openshift.io/username",
  "ka.validations.admission.policy.failure": "validation.policy.admission.k8s.io/validation_failure",
  "ka.security.pod.violations": "pod-security.kubernetes.io/audit-violations",
  // The plugin reads the cluster name from an annotation that kube-apiserver never writes: it is
  // there only when something in front of Falco (a proxy, a cloud log collector) adds it.
  "ka.cluster.name": "cluster_name",
};

/** Fields that read one place of the event (extractFromKeys). */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  "ka.auditid": ["auditID"],
  "ka.stage": ["stage"],
  "ka.user.name": ["user", "username"],
  "ka.user.groups": ["user", "groups"],
  "ka.impuser.name": ["impersonatedUser", "username"],
  "ka.verb": ["verb"],
  "ka.uri": ["requestURI"],
  "ka.target.name": ["objectRef", "name"],
  "ka.target.namespace": ["objectRef", "namespace"],
  "ka.target.resource": ["objectRef", "resource"],
  "ka.target.subresource": ["objectRef", "subresource"],
  "ka.req.binding.subjects": ["requestObject", "subjects"],
  "ka.req.binding.role": ["requestObject", "roleRef", "name"],
  // As in the plugin: the configmap's name is the target's name.
  "ka.req.configmap.name": ["objectRef", "name"],
  "ka.req.configmap.obj": ["requestObject", "data"],
  "ka.req.pod.host_ipc": ["requestObject", "spec", "hostIPC"],
  "ka.req.pod.host_network": ["requestObject", "spec", "hostNetwork"],
  "ka.req.container.host_network": ["requestObject", "spec", "hostNetwork"],
  "ka.req.pod.host_pid": ["requestObject", "spec", "hostPID"],
  "ka.req.pod.run_as_user": ["requestObject", "spec", "securityContext", "runAsUser"],
  "ka.req.pod.run_as_group": ["requestObject", "spec", "securityContext", "runAsGroup"],
  "ka.req.role.rules": ["requestObject", "rules"],
  "ka.req.pod.fs_group": ["requestObject", "spec", "securityContext", "fsGroup"],
  "ka.req.pod.supplemental_groups": ["requestObject", "spec", "securityContext", "supplementalGroups"],
  "ka.req.service.type": ["requestObject", "spec", "type"],
  "ka.resp.name": ["responseObject", "metadata", "name"],
  "ka.response.code": ["responseStatus", "code"],
  "ka.response.reason": ["responseStatus", "reason"],
  "ka.useragent": ["userAgent"],
};

/** Values found at a path, every array on the way walked (or entered at the index), as strings. */
function pathList(keys: readonly string[], idx: number): Ex {
  return (e) => {
    const nodes = valuesRecursive(e, root(e), idx, keys);
    return nodes && listValue(stringsSkipNil(e, nodes));
  };
}

/** The k8saudit plugin's fields, before the check that the event has an auditID. */
function bindKa(def: FieldDef, arg: string | undefined): Ex | undefined {
  const name = def.name;
  const idx = indexOf(def, arg);
  const container = CONTAINER_FIELD.exec(name);
  if (container) return bindContainerField(container[1] as string, container[2] as string, idx);
  const annotation = ANNOTATION[name];
  if (annotation !== undefined) return (e) => fromKeys(e, false, ["annotations", annotation]);
  const keys = KEYS[name];
  if (keys) {
    const isList = def.isList === true;
    return (e) => fromKeys(e, isList, keys);
  }
  switch (name) {
    case "ka.uri.param": {
      const key = arg ?? "";
      return (e) => {
        const uri = stringAt(e, ["requestURI"]);
        return uri === undefined ? undefined : queryOf(e, uri)?.get(key)?.[0];
      };
    }
    case "ka.target.pod.name":
      return (e) => {
        const text = (n: Node | undefined) => (n !== undefined && e.doc.isString(n) ? e.doc.string(n) : "");
        if (text(get(e, "objectRef", "resource")) !== "pods") return undefined;
        if (text(get(e, "objectRef", "subresource")) !== "") return undefined;
        return fromKeys(e, false, ["responseObject", "metadata", "name"]);
      };
    case "ka.req.binding.subjects.user_names":
      return (e) => listValue(subjectNames(e, "User"));
    case "ka.req.binding.subjects.serviceaccount_names":
      return (e) => listValue(subjectNames(e, "ServiceAccount"));
    case "ka.req.binding.subjects.serviceaccount_ns_names":
      return (e) => listValue(subjectNames(e, "NamespacedServiceAccount"));
    case "ka.req.binding.subjects.group_names":
      return (e) => listValue(subjectNames(e, "Group"));
    case "ka.req.binding.subject.has_name":
      // Documented as 'N/A'; the plugin (like the original implementation) answers "true".
      return () => "true";
    case "ka.req.container.image":
      return (e) => containerImages(e, "containers", 0)?.[0];
    case "ka.req.container.image.repository": {
      return (e) => {
        const image = containerImages(e, "containers", 0)?.[0];
        return image === undefined ? undefined : imageRepository(image);
      };
    }
    case "ka.req.container.privileged":
      return (e) => {
        const nodes = containerValues(e, "containers", NO_INDEX, "securityContext", "privileged");
        if (!nodes) return undefined;
        return nodes.some((n) => n !== null && e.doc.isTrue(n)) ? "true" : "false";
      };
    case "ka.req.role.rules.apiGroups":
    case "ka.req.role.rules.nonResourceURLs":
    case "ka.req.role.rules.verbs":
    case "ka.req.role.rules.resources": {
      const key = name.slice("ka.req.role.rules.".length);
      return (e) => listValue(rulesField(e, idx, key));
    }
    case "ka.sourceips":
      // Faithful to the plugin, which reads requestObject.rules[].sourceIPs (not the event's
      // sourceIPs): it has no value on real events.
      return (e) => listValue(rulesField(e, idx, "sourceIPs"));
    case "ka.req.service.ports":
      // The ports array is the last key: one value, the whole array as JSON.
      return pathList(["requestObject", "spec", "ports"], idx);
    case "ka.req.pod.volumes.hostpath":
      return pathList(["requestObject", "spec", "volumes", "hostPath", "path"], idx);
    case "ka.req.pod.volumes.flexvolume_driver":
      return pathList(["requestObject", "spec", "volumes", "flexVolume", "driver"], idx);
    case "ka.req.pod.volumes.volume_type":
      return (e) => listValue(volumeTypes(e, idx));
    case "ka.req.volume.hostpath": {
      const pattern = arg ?? "";
      const prefix = pattern.endsWith("*") ? pattern.slice(0, -1) : undefined;
      return (e) => {
        const nodes = valuesRecursive(e, root(e), NO_INDEX, [
          "requestObject",
          "spec",
          "volumes",
          "hostPath",
          "path",
        ]);
        if (!nodes) return undefined;
        const hit = stringsSkipNil(e, nodes).some(
          (p) => (prefix !== undefined && p.startsWith(prefix)) || p === pattern,
        );
        return hit ? "true" : "false";
      };
    }
    default:
      return undefined;
  }
}

/** Query parameters of the event's request URI, memoized. */
function queryOf(evt: AuditEvent, uri: string): Map<string, string[]> | undefined {
  const memo = eventMemo(evt);
  const key = `query\u0000${uri}`;
  if (memo.has(key)) return memo.get(key) as Map<string, string[]> | undefined;
  const q = queryParameters(uri);
  memo.set(key, q);
  return q;
}

let lastChecked: AuditEvent | undefined;
let lastHasAuditId = false;

/** Whether the event has an auditID, found once per event (every ka.* field asks). */
function hasAuditId(e: AuditEvent): boolean {
  if (e !== lastChecked) {
    lastHasAuditId = e.doc.member(e.doc.root, "auditID") !== undefined;
    lastChecked = e;
  }
  return lastHasAuditId;
}

/** Builds the k8s_audit schema; the options fix what the event does not carry (the hostname). */
export function createK8sAuditSchema(options: K8sAuditSchemaOptions = {}): EventSchema<AuditEvent> {
  return {
    source: K8S_AUDIT_SOURCE,
    classes: k8sAuditFieldClasses,
    // Nearly every audit rule names its verbs and resources (`kcreate and pod`, `secret and kdelete`).
    indexFields: ["ka.verb", "ka.target.resource"],
    bind(field: FieldDef, arg: string | undefined): Extractor<AuditEvent> {
      const name = field.name;
      if (name.startsWith("evt.")) {
        const ex = bindGeneric(name, options);
        if (ex) return ex;
      } else if (name.startsWith("json.") || name.startsWith("jevt.")) {
        const ex = bindJson(name, arg);
        if (ex) return ex;
      } else if (name.startsWith("ka.")) {
        const ex = bindKa(field, arg);
        if (ex) {
          // The plugin ignores JSON that has no auditID.
          return (e): FieldValue | undefined => (hasAuditId(e) ? ex(e) : undefined);
        }
      }
      throw new Error(`k8s_audit source: no extractor for field ${name}`);
    },
  };
}

/** The k8s_audit schema with default options. */
export const k8sAuditSchema: EventSchema<AuditEvent> = createK8sAuditSchema();
