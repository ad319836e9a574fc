// `lanner immutable fix`: make each workload's root filesystem read-only and keep the app running — an
// emptyDir volume and mount for every path the image writes (knowledge base or learned profile), plus the
// hardening that does not break apps (allowPrivilegeEscalation: false, seccomp RuntimeDefault). Each
// change carries a `# lanner:` comment; guesses are marked `# lanner: review:`. Running it twice changes
// nothing the second time.
import { parseAllDocuments } from "yaml";
import { type ImageRef, parseImageRef } from "../image.js";
import type { ManifestSource } from "../input.js";
import type { DocPath, InputError } from "../model.js";
import { effectiveSecurity } from "../security-context.js";
import { asBool, asRecord, asString, dig } from "../values.js";
import { isWritableMount, mountsOf, normalizeHostPath, volumesOf } from "../volumes.js";
import { containersOf, objectsOfDocument, type PodSpecAt, podSpecOf } from "../workload.js";
import { knowledgeFor, UNKNOWN_IMAGE_PATHS, type WritablePath } from "./knowledge-base.js";
import type { WritableProfile } from "./profile.js";
import { detectStyle, PatchError, type PatchStyle, YamlPatcher } from "./yaml-patch.js";

/** Options of a fix run. */
export interface FixOptions {
  /** Learned writable paths; they replace the knowledge base for the images they list. */
  profile?: WritableProfile;
  /** Images the knowledge base does not know: make the root read-only with /tmp and mark for review
   * (default), or leave the container alone. */
  unknownImages?: "review" | "skip";
}

/** One change (or decision not to change) made for one object or container. */
export interface FixChange {
  object: string;
  container?: string;
  /** The field or volume the change is about. */
  field: string;
  action: "set" | "add-volume" | "remove" | "review" | "skip";
  detail: string;
  /** Where the knowledge came from (knowledge-base sources or the profile file). */
  sources?: readonly string[];
}

/** The result of fixing one source. */
export interface FixResult {
  file: string;
  original: string;
  content: string;
  changes: FixChange[];
  errors: InputError[];
}

const C = "lanner:";

/** Normalizes an image reference to its repository, for profile lookups (`nginx` → `docker.io/library/nginx`). */
export function imageRepository(image: string): string {
  const r = parseImageRef(image);
  return r.ok ? r.ref.repository : image;
}

function slug(p: string): string {
  return p
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function dnsLabel(s: string): string {
  const cut = s.slice(0, 63).replace(/-+$/, "");
  return cut === "" ? "lanner" : cut;
}

function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);
}

interface PathPlan {
  paths: WritablePath[];
  sources: readonly string[];
  origin: string;
  unknown: boolean;
  note?: string;
}

function planPaths(ref: ImageRef | undefined, image: string, options: FixOptions): PathPlan {
  const repo = ref?.repository ?? image;
  const learned = options.profile?.images.get(repo);
  if (learned !== undefined && options.profile !== undefined) {
    return {
      paths: learned.map((p) => ({ path: p, why: "written at runtime", sizeLimit: "256Mi" })),
      sources: [options.profile.source],
      origin: `learned profile ${options.profile.source}`,
      unknown: false,
    };
  }
  const kb = ref === undefined ? undefined : knowledgeFor(ref);
  if (kb !== undefined) {
    const plan: PathPlan = {
      paths: kb.paths(ref?.tag),
      sources: kb.sources,
      origin: `knowledge base: ${kb.id}`,
      unknown: false,
    };
    if (kb.note !== undefined) plan.note = kb.note;
    return plan;
  }
  return { paths: [...UNKNOWN_IMAGE_PATHS], sources: [], origin: "guess", unknown: true };
}

/** Fixes every workload in a source; documents that cannot be edited safely are left as they are. */
export function fixSource(src: ManifestSource, options: FixOptions = {}): FixResult {
  const result: FixResult = {
    file: src.name,
    original: src.content,
    content: src.content,
    changes: [],
    errors: [],
  };
  if (src.readError !== undefined) {
    result.errors.push({ code: "FILE_READ", message: src.readError, file: src.name });
    return result;
  }
  const json = jsonLayout(src.content);
  if (json !== undefined) return fixJson(src, json, options, result);
  const docs = parseAllDocuments(src.content, { uniqueKeys: false, logLevel: "error" });
  if (!Array.isArray(docs)) return result;
  const fileStyle = detectStyle(src.content);
  const pieces: { start: number; end: number; text: string }[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      result.errors.push({
        code: "YAML_PARSE",
        message: doc.errors[0]?.message.split("\n")[0] ?? "parse error",
        file: src.name,
      });
      continue;
    }
    const [start, , rangeEnd] = doc.range;
    // Include the newline that ends the document, so blocks added at its end stay inside it.
    const end = src.content.startsWith("\r\n", rangeEnd)
      ? rangeEnd + 2
      : src.content[rangeEnd] === "\n"
        ? rangeEnd + 1
        : rangeEnd;
    const text = src.content.slice(start, end);
    const changes: FixChange[] = [];
    try {
      const fixed = fixDocument(text, fileStyle, options, changes);
      if (fixed !== text) pieces.push({ start, end, text: fixed });
      result.changes.push(...changes);
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      result.errors.push({ code: "YAML_PARSE", message: `left unchanged: ${e.message}`, file: src.name });
    }
  }
  let out = src.content;
  for (const p of pieces.sort((a, b) => b.start - a.start))
    out = out.slice(0, p.start) + p.text + out.slice(p.end);
  result.content = out;
  return result;
}

/** The indent of a JSON manifest, when the file is JSON (JSON has no comments: it is re-serialized). */
function jsonLayout(content: string): { indent: string | number; newline: boolean } | undefined {
  if (!/^\s*[{[]/.test(content)) return undefined;
  try {
    JSON.parse(content);
  } catch {
    return undefined;
  }
  const m = /\n([ \t]+)\S/.exec(content);
  const ws = m?.[1] ?? "  ";
  return { indent: ws.startsWith("\t") ? "\t" : ws.length, newline: content.endsWith("\n") };
}

function fixJson(
  src: ManifestSource,
  layout: { indent: string | number; newline: boolean },
  options: FixOptions,
  result: FixResult,
): FixResult {
  const changes: FixChange[] = [];
  try {
    const patcher = planDocument(src.content, { indent: 2, indentSeq: false }, options, changes);
    if (patcher === undefined || !patcher.changed) return result;
    patcher.result(); // the same self-check as for YAML
    result.content = JSON.stringify(patcher.expected, null, layout.indent) + (layout.newline ? "\n" : "");
    result.changes.push(...changes);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    result.errors.push({ code: "JSON_PARSE", message: `left unchanged: ${e.message}`, file: src.name });
  }
  return result;
}

function fixDocument(text: string, fileStyle: PatchStyle, options: FixOptions, changes: FixChange[]): string {
  // Short documents say little about style; the file's style is a better guess for them.
  const style = text.split("\n").length > 8 ? detectStyle(text) : fileStyle;
  return planDocument(text, style, options, changes)?.result() ?? text;
}

/** Plans the fixes of one document's text; undefined when it carries no pod spec. */
function planDocument(
  text: string,
  style: PatchStyle,
  options: FixOptions,
  changes: FixChange[],
): YamlPatcher | undefined {
  const patcher = new YamlPatcher(text, style);
  // The fixer reads a copy: the patcher updates `expected` as it edits.
  const objects = objectsOfDocument(structuredClone(patcher.expected));
  if (!objects.some((o) => podSpecOf(o) !== undefined)) return undefined;
  for (const o of objects) {
    const pod = podSpecOf(o);
    if (pod === undefined) continue;
    const meta = asRecord(o.value.metadata);
    const ns = asString(meta?.namespace);
    const name = asString(meta?.name) ?? "";
    const label = `${asString(o.value.kind) ?? ""} ${ns === undefined ? name : `${ns}/${name}`}`;
    fixPod(patcher, pod, label, options, changes);
  }
  return patcher;
}

function fixPod(
  patcher: YamlPatcher,
  pod: PodSpecAt,
  label: string,
  options: FixOptions,
  changes: FixChange[],
): void {
  if (asString(dig(pod.spec, "os", "name")) === "windows") {
    changes.push({
      object: label,
      field: "spec.os",
      action: "skip",
      detail: "Windows pod: readOnlyRootFilesystem does not apply",
    });
    return;
  }
  const psc = asRecord(pod.spec.securityContext);
  const pscPath: DocPath = [...pod.specPath, "securityContext"];
  const containers = containersOf(pod).filter((c) => c.kind !== "ephemeralContainer");
  const volumes = volumesOf(pod);
  const volumeNames = new Set(volumes.map((v) => v.name));
  const multi = containers.length > 1;

  if (psc?.readOnlyRootFilesystem !== undefined) {
    try {
      patcher.remove(
        [...pscPath, "readOnlyRootFilesystem"],
        `${C} readOnlyRootFilesystem moved to each container (Kubernetes ignores it here)`,
      );
      changes.push({
        object: label,
        field: "spec.securityContext.readOnlyRootFilesystem",
        action: "remove",
        detail: "misplaced at pod level; set on each container",
      });
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
    }
  }

  // seccomp RuntimeDefault at pod level, unless something already chose a profile.
  const annotations = asRecord(pod.podMeta?.annotations) ?? {};
  const legacySeccomp = Object.keys(annotations).some(
    (k) =>
      k.startsWith("seccomp.security.alpha.kubernetes.io") ||
      k.startsWith("container.seccomp.security.alpha.kubernetes.io"),
  );
  const anySeccomp =
    psc?.seccompProfile !== undefined ||
    containers.some((c) => dig(c.value, "securityContext", "seccompProfile") !== undefined);
  if (!legacySeccomp && !anySeccomp) {
    patcher.set(
      [...pscPath, "seccompProfile", "type"],
      "RuntimeDefault",
      `${C} the container runtime's default seccomp filter (PSS restricted)`,
    );
    changes.push({
      object: label,
      field: "spec.securityContext.seccompProfile",
      action: "set",
      detail: "type: RuntimeDefault",
    });
  }

  for (const c of containers) {
    const sec = effectiveSecurity(pod, c);
    const scPath: DocPath = [...c.path, "securityContext"];
    const base = { object: label, container: c.name };
    if (sec.privileged.value === true) {
      patcher.annotate(
        [...c.path, "name"],
        `${C} review: privileged container left as is; make it unprivileged before a read-only root`,
      );
      changes.push({
        ...base,
        field: "securityContext.privileged",
        action: "review",
        detail: "privileged: not changed",
      });
      continue;
    }
    const image = asString(c.value.image) ?? "";
    const parsed = parseImageRef(image);
    const ref = parsed.ok ? parsed.ref : undefined;
    const plan = planPaths(ref, image, options);
    if (plan.unknown && options.unknownImages === "skip") {
      changes.push({
        ...base,
        field: "image",
        action: "skip",
        detail: `${image || "(no image)"} is not in the knowledge base`,
      });
      continue;
    }

    // Writable paths first, so the read-only root comes with what the app needs.
    const mounts = mountsOf(c, volumes);
    for (const wp of plan.paths) {
      const p = normalizeHostPath(wp.path);
      const covering = mounts.find((m) => m.mountPath !== "" && isUnder(p, normalizeHostPath(m.mountPath)));
      if (covering !== undefined) {
        if (!isWritableMount(covering)) {
          changes.push({
            ...base,
            field: `volumeMounts[${covering.mountPath}]`,
            action: "review",
            detail: `${p} is under a read-only mount (${covering.mountPath}); the app may fail to write it`,
          });
        }
        continue;
      }
      const stem = `lanner-${multi ? `${slug(c.name)}-` : ""}${slug(p) || "root"}`;
      let vname = dnsLabel(stem);
      for (let i = 2; volumeNames.has(vname); i++) vname = `${dnsLabel(stem.slice(0, 59))}-${i}`;
      volumeNames.add(vname);
      const from = plan.unknown
        ? "guess"
        : plan.sources.length > 0
          ? `source: ${plan.sources[0]}`
          : plan.origin;
      const reviewWhy = wp.review ?? (plan.unknown ? "the image is not in the knowledge base" : undefined);
      const review = reviewWhy === undefined ? "" : ` review: ${reviewWhy};`;
      patcher.append(
        [...pod.specPath, "volumes"],
        { name: vname, emptyDir: { sizeLimit: wp.sizeLimit } },
        `${C} emptyDir for ${c.name}:${p} (read-only root)`,
      );
      patcher.append(
        [...c.path, "volumeMounts"],
        { name: vname, mountPath: p },
        `${C}${review} ${wp.why} (${from})`,
      );
      mounts.push({
        mountPath: p,
        readOnly: false,
        value: {},
        path: [],
        volume: { name: vname, type: "emptyDir", source: {}, value: {}, path: [] },
      });
      changes.push({
        ...base,
        field: `volumes[${vname}]`,
        action: "add-volume",
        detail: `emptyDir (sizeLimit ${wp.sizeLimit}) at ${p}${wp.review === undefined ? "" : ` — review: ${wp.review}`}`,
        sources: plan.sources,
      });
    }

    const setReadOnly = sec.readOnlyRootFilesystem.value !== true;
    if (setReadOnly) {
      const was = sec.readOnlyRootFilesystem.value === false ? " (was false)" : "";
      const comment = plan.unknown
        ? `${C} review: ${image || "this image"} is not in the knowledge base; /tmp is a guess — record what it writes (lanner immutable learn) before relying on this`
        : `${C} immutable root${was}; the paths ${image} writes have emptyDir volumes (${plan.origin})`;
      patcher.set([...scPath, "readOnlyRootFilesystem"], true, comment);
      changes.push({
        ...base,
        field: "securityContext.readOnlyRootFilesystem",
        action: plan.unknown ? "review" : "set",
        detail: `true${was}${plan.unknown ? " — image not in the knowledge base, /tmp only" : ""}`,
        sources: plan.sources,
      });
    }
    if (plan.note !== undefined && setReadOnly) {
      changes.push({ ...base, field: "image", action: "review", detail: plan.note, sources: plan.sources });
    }

    const escalates = sec.capAdd.some((x) => x.normalized === "SYS_ADMIN" || x.normalized === "ALL");
    if (sec.allowPrivilegeEscalation.value === undefined && !escalates) {
      patcher.set(
        [...scPath, "allowPrivilegeEscalation"],
        false,
        `${C} no privilege gain through setuid binaries (PSS restricted)`,
      );
      changes.push({
        ...base,
        field: "securityContext.allowPrivilegeEscalation",
        action: "set",
        detail: "false",
      });
    } else if (asBool(sec.allowPrivilegeEscalation.value) === true) {
      changes.push({
        ...base,
        field: "securityContext.allowPrivilegeEscalation",
        action: "review",
        detail: "explicitly true: not changed",
      });
    }
  }
}
