// Field catalog of the k8s_audit source: what Falco 0.44 offers with the k8saudit plugin 0.18 and the
// json plugin 0.7 (plus the generic evt.* fields of every plugin source). Names, types, list flags and
// argument rules follow the plugins' Go sources; descriptions are ours. Every plugin field is a string
// (CHARBUF) and takes its argument in brackets only.
import type { ArgSpec, FieldClass, FieldDef } from "../types.js";
import { genericEventClass } from "./generic.js";

/** `ka.req.pod.containers.image[0]`: optional position in the list. */
const INDEX: ArgSpec = { kind: "index", required: false };
/** `ka.uri.param[key]`. */
const KEY: ArgSpec = { kind: "key", required: true };
/** `jevt.value[/a/b]`: a JSON pointer. */
const POINTER: ArgSpec = { kind: "path", required: true };

/** A string field. */
function str(name: string, desc: string, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, type: "CHARBUF", desc, ...extra };
}

/** A list-valued string field that also takes an optional index. */
function list(name: string, desc: string): FieldDef {
  return { name, type: "CHARBUF", desc, isList: true, arg: INDEX };
}

/**
 * The per-container fields of a pod request for `initContainers` or `ephemeralContainers`: the plugin
 * builds both sets from one table (ephemeral containers have no host_port).
 */
function podContainerFields(group: string, what: string, withHostPort: boolean): FieldDef[] {
  const p = `ka.req.pod.${group}.`;
  const fields = [
    list(`${p}name`, `When the request object is a pod, the names of its ${what}.`),
    list(`${p}image`, `When the request object is a pod, the images of its ${what}.`),
    list(
      `${p}image.repository`,
      `Like ${p}image, without the tag or digest: only the repository (e.g. falcosecurity/falco).`,
    ),
    list(`${p}command`, `When the request object is a pod, the commands of its ${what}.`),
    list(`${p}args`, `When the request object is a pod, the arguments of its ${what}.`),
    list(`${p}privileged`, `When the request object is a pod, the privileged flag of each of its ${what}.`),
    list(
      `${p}allow_privilege_escalation`,
      `When the request object is a pod, the allowPrivilegeEscalation flag of each of its ${what}.`,
    ),
    list(
      `${p}read_only_fs`,
      `When the request object is a pod, the readOnlyRootFilesystem flag of each of its ${what}.`,
    ),
    list(`${p}run_as_user`, `When the request object is a pod, the runAsUser uid of each of its ${what}.`),
    list(
      `${p}eff_run_as_user`,
      `When the request object is a pod, the uid each of its ${what} will start with: the container's ` +
        "security context, else the pod's, else 0.",
    ),
    list(`${p}run_as_group`, `When the request object is a pod, the runAsGroup gid of each of its ${what}.`),
    list(
      `${p}eff_run_as_group`,
      `When the request object is a pod, the gid each of its ${what} will start with: the container's ` +
        "security context, else the pod's, else 0.",
    ),
    list(`${p}proc_mount`, `When the request object is a pod, the procMount type of each of its ${what}.`),
    list(
      `${p}add_capabilities`,
      `When the request object is a pod, the capabilities added to each of its ${what}.`,
    ),
  ];
  if (withHostPort) {
    fields.push(
      list(`${p}host_port`, `When the request object is a pod, the hostPort values of its ${what}.`),
    );
  }
  return fields;
}

/** k8saudit plugin 0.18 (Falco calls the class "k8saudit"). */
const kaClass: FieldClass = {
  name: "ka",
  desc: "Kubernetes audit events: who did what to which object, and what the API server answered.",
  fields: [
    str("ka.auditid", "Unique ID of the audit event."),
    str("ka.stage", "Stage of the request when the event was written (RequestReceived, ResponseComplete…)."),
    str("ka.auth.decision", "Authorization decision (allow or forbid)."),
    str("ka.auth.reason", "Reason given for the authorization decision."),
    str(
      "ka.auth.openshift.decision",
      "Decision of the OpenShift API server authentication extension (OpenShift only).",
    ),
    str(
      "ka.validations.admission.policy.failure",
      "Failure reason reported by a validating admission policy.",
    ),
    str("ka.security.pod.violations", "Violation reason reported by pod security admission."),
    str("ka.auth.openshift.username", "User name that OpenShift authentication acted for (OpenShift only)."),
    str("ka.user.name", "Name of the user who made the request."),
    str("ka.user.groups", "Groups of the user who made the request.", { isList: true }),
    str("ka.impuser.name", "Name of the user being impersonated, if any."),
    str("ka.verb", "Action requested (get, list, create, update, patch, delete…)."),
    str("ka.uri", "Request URI as the client sent it."),
    str(
      "ka.uri.param",
      "Value of one query parameter of the URI: with uri=/foo?key=val, ka.uri.param[key] is val.",
      { arg: KEY },
    ),
    str("ka.target.name", "Name of the target object."),
    str("ka.target.namespace", "Namespace of the target object."),
    str("ka.target.resource", "Resource type of the target object (pods, secrets…)."),
    str("ka.target.subresource", "Subresource of the target object (exec, attach, log…)."),
    str("ka.target.pod.name", "Name of the target pod."),
    str(
      "ka.req.binding.subjects",
      "When the request object is a (cluster) role binding, the subjects (users, groups, service accounts) it binds.",
      { isList: true },
    ),
    str(
      "ka.req.binding.subjects.user_names",
      "When the request object is a (cluster) role binding, the user names among its subjects.",
      { isList: true },
    ),
    str(
      "ka.req.binding.subjects.serviceaccount_names",
      "When the request object is a (cluster) role binding, the service account names among its subjects.",
      { isList: true },
    ),
    str(
      "ka.req.binding.subjects.serviceaccount_ns_names",
      "When the request object is a (cluster) role binding, its service account subjects as namespace:name.",
      { isList: true },
    ),
    str(
      "ka.req.binding.subjects.group_names",
      "When the request object is a (cluster) role binding, the group names among its subjects.",
      { isList: true },
    ),
    str("ka.req.binding.role", "When the request object is a (cluster) role binding, the role it binds."),
    str("ka.req.binding.subject.has_name", "Deprecated: always 'N/A'; kept so that old rules load.", {
      arg: KEY,
      deprecated: true,
    }),
    str("ka.req.configmap.name", "When the request object is a configmap, its name."),
    str("ka.req.configmap.obj", "When the request object is a configmap, the whole object."),
    list("ka.req.pod.containers.args", "When the request object is a pod, the arguments of its containers."),
    list(
      "ka.req.pod.containers.command",
      "When the request object is a pod, the commands of its containers.",
    ),
    list("ka.req.pod.containers.name", "When the request object is a pod, the names of its containers."),
    list("ka.req.pod.containers.image", "When the request object is a pod, the images of its containers."),
    str(
      "ka.req.container.image",
      "Deprecated by ka.req.pod.containers.image: the image of the first container.",
      {
        deprecated: true,
      },
    ),
    list(
      "ka.req.pod.containers.image.repository",
      "Like ka.req.pod.containers.image, without the tag or digest: only the repository (e.g. falcosecurity/falco).",
    ),
    str(
      "ka.req.container.image.repository",
      "Deprecated by ka.req.pod.containers.image.repository: the repository of the first container's image.",
      { deprecated: true },
    ),
    str("ka.req.pod.host_ipc", "When the request object is a pod, its hostIPC flag."),
    str("ka.req.pod.host_network", "When the request object is a pod, its hostNetwork flag."),
    str("ka.req.container.host_network", "Deprecated alias of ka.req.pod.host_network.", {
      deprecated: true,
    }),
    str("ka.req.pod.host_pid", "When the request object is a pod, its hostPID flag."),
    list(
      "ka.req.pod.containers.host_port",
      "When the request object is a pod, the hostPort values of its containers.",
    ),
    list(
      "ka.req.pod.containers.privileged",
      "When the request object is a pod, the privileged flag of each of its containers.",
    ),
    str(
      "ka.req.container.privileged",
      "Deprecated by ka.req.pod.containers.privileged: 'true' when any container is privileged.",
      { deprecated: true },
    ),
    list(
      "ka.req.pod.containers.allow_privilege_escalation",
      "When the request object is a pod, the allowPrivilegeEscalation flag of each of its containers.",
    ),
    list(
      "ka.req.pod.containers.read_only_fs",
      "When the request object is a pod, the readOnlyRootFilesystem flag of each of its containers.",
    ),
    str(
      "ka.req.pod.run_as_user",
      "When the request object is a pod, the runAsUser uid of the pod's security context (see " +
        "ka.req.pod.containers.run_as_user for each container).",
    ),
    list(
      "ka.req.pod.containers.run_as_user",
      "When the request object is a pod, the runAsUser uid of each of its containers.",
    ),
    list(
      "ka.req.pod.containers.eff_run_as_user",
      "When the request object is a pod, the uid each of its containers will start with: the container's " +
        "security context, else the pod's, else 0.",
    ),
    str(
      "ka.req.pod.run_as_group",
      "When the request object is a pod, the runAsGroup gid of the pod's security context (see " +
        "ka.req.pod.containers.run_as_group for each container).",
    ),
    list(
      "ka.req.pod.containers.run_as_group",
      "When the request object is a pod, the runAsGroup gid of each of its containers.",
    ),
    list(
      "ka.req.pod.containers.eff_run_as_group",
      "When the request object is a pod, the gid each of its containers will start with: the container's " +
        "security context, else the pod's, else 0.",
    ),
    list(
      "ka.req.pod.containers.proc_mount",
      "When the request object is a pod, the procMount type of each of its containers.",
    ),
    str("ka.req.role.rules", "When the request object is a role or cluster role, its rules.", {
      isList: true,
    }),
    list(
      "ka.req.role.rules.apiGroups",
      "When the request object is a role or cluster role, the API groups of its rules.",
    ),
    list(
      "ka.req.role.rules.nonResourceURLs",
      "When the request object is a role or cluster role, the non-resource URLs of its rules.",
    ),
    list(
      "ka.req.role.rules.verbs",
      "When the request object is a role or cluster role, the verbs of its rules.",
    ),
    list(
      "ka.req.role.rules.resources",
      "When the request object is a role or cluster role, the resources of its rules.",
    ),
    str("ka.req.pod.fs_group", "When the request object is a pod, the fsGroup gid of its security context."),
    str(
      "ka.req.pod.supplemental_groups",
      "When the request object is a pod, the supplementalGroups gids of its security context.",
      { isList: true },
    ),
    list(
      "ka.req.pod.containers.add_capabilities",
      "When the request object is a pod, the capabilities added to each of its containers.",
    ),
    str("ka.req.service.type", "When the request object is a service, its type (ClusterIP, NodePort…)."),
    list("ka.req.service.ports", "When the request object is a service, its ports."),
    list(
      "ka.req.pod.volumes.hostpath",
      "When the request object is a pod, the hostPath paths of all its volumes.",
    ),
    str(
      "ka.req.volume.hostpath",
      "Deprecated by ka.req.pod.volumes.hostpath: 'true' when a volume uses a host path starting with the " +
        "given prefix.",
      { arg: KEY, deprecated: true },
    ),
    list(
      "ka.req.pod.volumes.flexvolume_driver",
      "When the request object is a pod, the flexVolume drivers of all its volumes.",
    ),
    list(
      "ka.req.pod.volumes.volume_type",
      "When the request object is a pod, the type of each of its volumes.",
    ),
    str("ka.resp.name", "Name of the object in the response."),
    str("ka.response.code", "HTTP status code of the response."),
    str("ka.response.reason", "Reason of the response, usually set on failures only."),
    str("ka.useragent", "User agent of the client that called the API server."),
    list("ka.sourceips", "IP addresses of the client that called the API server."),
    str("ka.cluster.name", "Name of the Kubernetes cluster."),
    ...podContainerFields("initContainers", "init containers", true),
    ...podContainerFields("ephemeralContainers", "ephemeral containers", false),
  ],
};

/** json plugin 0.7 (Falco calls the class "json"): raw access to the JSON event. */
const jevtClass: FieldClass = {
  name: "jevt",
  desc: "Raw access to the JSON of the event, through JSON pointers (RFC 6901).",
  fields: [
    str("json.value", "Value at a JSON pointer in the event: json.value[/user/username].", { arg: POINTER }),
    str("json.obj", "The whole JSON event as text."),
    str("json.rawtime", "Time of the event; the same value as evt.rawtime."),
    str("jevt.value", "Older name of json.value: jevt.value[/pointer].", { arg: POINTER }),
    str("jevt.obj", "Older name of json.obj."),
    str("jevt.rawtime", "Older name of json.rawtime."),
  ],
};

/** Every field class of the k8s_audit source, in Falco's listing order. */
export const k8sAuditFieldClasses: readonly FieldClass[] = [genericEventClass, kaClass, jevtClass];
