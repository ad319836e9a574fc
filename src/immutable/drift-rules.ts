// `lanner immutable drift-rules`: the writable mounts the manifests declare, as a rules file loaded after
// Lanner's default rules. It appends every writable mountPath to `lanner_container_writable_dirs` (writes
// there are not drift) and every emptyDir mountPath to `lanner_writable_exec_dirs` (an exec from there is).
// The lists are node-wide: a capture or the probe does not say which pod a container belongs to without
// a container runtime, so a path declared by one workload is allowed for every container. With
// `perImage`, the write allowance is scoped instead: each image may write only below the mounts its own
// workloads declare, matched on `container.image.repository` — for nodes where container metadata
// reaches the rules (captures with container events, a container runtime); without it no image matches
// and every declared-mount write would be reported.

import { parseImageRef } from "./image.js";
import { type ManifestSource, parseManifestSource } from "./input.js";
import { asRecord, asString } from "./values.js";
import { isWritableMount, mountsOf, volumesOf } from "./volumes.js";
import { containersOf, objectsOfDocument, podSpecOf } from "./workload.js";

/** One declared writable mount path and who declares it. */
export interface DeclaredMount {
  path: string;
  /** Volume types behind it (emptyDir, persistentVolumeClaim, hostPath…). */
  types: Set<string>;
  /** `Kind/name container` of every container mounting it. */
  users: Set<string>;
  /** The images of those containers, as written. */
  images: Set<string>;
}

export interface DeclaredMounts {
  mounts: DeclaredMount[];
  containers: number;
  errors: string[];
}

/** The writable mounts of every container of every workload in the sources, sorted by path. */
export function declaredWritableMounts(sources: readonly ManifestSource[]): DeclaredMounts {
  const byPath = new Map<string, DeclaredMount>();
  const errors: string[] = [];
  let containers = 0;
  for (const src of sources) {
    const parsed = parseManifestSource(src);
    for (const e of parsed.errors)
      errors.push(`${e.file}${e.position === undefined ? "" : `:${e.position.line}`}: ${e.message}`);
    for (const doc of parsed.documents) {
      for (const obj of objectsOfDocument(doc.value)) {
        const pod = podSpecOf(obj);
        if (pod === undefined) continue;
        const meta = asRecord(obj.value.metadata);
        const owner = `${asString(obj.value.kind) ?? "?"}/${asString(meta?.name) ?? "?"}`;
        const volumes = volumesOf(pod);
        for (const c of containersOf(pod)) {
          containers++;
          for (const m of mountsOf(c, volumes)) {
            if (!isWritableMount(m) || !m.mountPath.startsWith("/")) continue;
            const p = m.mountPath.replace(/\/+$/, "") || "/";
            const d = byPath.get(p) ?? {
              path: p,
              types: new Set<string>(),
              users: new Set<string>(),
              images: new Set<string>(),
            };
            if (m.volume?.type !== undefined) d.types.add(m.volume.type);
            d.users.add(`${owner} ${c.name}`);
            const image = asString(c.value.image);
            if (image !== undefined) d.images.add(image.trim());
            byPath.set(p, d);
          }
        }
      }
    }
  }
  const mounts = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { mounts, containers, errors };
}

const q = (s: string): string => JSON.stringify(s);
/** Containers named in an item's comment. */
const USERS_SHOWN = 3;

function listAppend(name: string, mounts: readonly DeclaredMount[]): string[] {
  const lines = [`- list: ${name}`];
  if (mounts.length === 0) lines.push("  items: []");
  else {
    lines.push("  items:");
    for (const m of mounts) {
      const users = [...m.users].sort();
      const shown = users.slice(0, USERS_SHOWN).join("; ");
      const more = users.length > USERS_SHOWN ? ` and ${users.length - USERS_SHOWN} more` : "";
      lines.push(`    - ${q(m.path)}  # ${[...m.types].join(", ")}: ${shown}${more}`);
    }
  }
  lines.push("  override:", "    items: append");
  return lines;
}

/**
 * `container.image.repository` as runtimes report an image: Docker shows Docker Hub images by their
 * short path (`nginx`), CRI runtimes by the full name (`docker.io/library/nginx`); others by the full name.
 */
export function imageRepositories(image: string): string[] {
  const r = parseImageRef(image);
  if (!r.ok) return [];
  const { ref } = r;
  return ref.registry === undefined || ref.repository.startsWith("docker.io/")
    ? [...new Set([ref.path, ref.repository])]
    : [ref.repository];
}

/** Path syscalls by the field that names what they change, as the default drift macro reads them. */
const CHANGE_CHECKS = (dirs: string) => [
  `(evt.type in (open, openat, openat2, creat) and fd.name pmatch (${dirs}))`,
  `(evt.type in (mkdir, mkdirat, rmdir, unlink, unlinkat, chmod, fchmod, fchmodat) and fs.path.name pmatch (${dirs}))`,
  `(evt.type in (rename, renameat, renameat2) and fs.path.source pmatch (${dirs}) and fs.path.target pmatch (${dirs}))`,
  `(evt.type in (link, linkat, symlink, symlinkat) and fs.path.source pmatch (${dirs}))`,
];

/** Per image: a list of its declared mounts and the macro that allows changes below them. */
function perImageRules(mounts: readonly DeclaredMount[]): string[] {
  const byImage = new Map<string, DeclaredMount[]>();
  for (const m of mounts) {
    for (const image of m.images) {
      const repos = imageRepositories(image);
      if (repos.length === 0) continue;
      const key = repos.join(" ");
      const list = byImage.get(key) ?? [];
      if (!list.includes(m)) list.push(m);
      byImage.set(key, list);
    }
  }
  const lines: string[] = [];
  const terms: string[] = [];
  [...byImage]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach(([key, list], n) => {
      const name = `lanner_declared_writable_dirs_${n + 1}`;
      lines.push(`# ${key}`, `- list: ${name}`, "  items:");
      for (const m of list) lines.push(`    - ${q(m.path)}  # ${[...m.types].join(", ")}`);
      lines.push("");
      const dirs = `lanner_container_writable_dirs, ${name}`;
      terms.push(
        `(container.image.repository in (${key.split(" ").map(q).join(", ")}) and (\n      ${CHANGE_CHECKS(dirs).join("\n      or ")}))`,
      );
    });
  lines.push(
    "# Writes of each image below the mounts its own workloads declare are not drift.",
    "- macro: lanner_declared_writable_by_image",
    "  condition: >",
    `    ${terms.length > 0 ? terms.join("\n    or ") : "(evt.num = 0)"}`,
  );
  return lines;
}

export interface DriftRulesOptions {
  /** Scope the write allowance to each image's own mounts (needs container metadata at runtime). */
  perImage?: boolean;
}

/** The rules file: list appends (or per-image lists and a macro), each item commented with its volume types and containers. */
export function formatDriftRules(
  declared: DeclaredMounts,
  source: string,
  options: DriftRulesOptions = {},
): string {
  const root = declared.mounts.filter((m) => m.path === "/");
  const mounts = declared.mounts.filter((m) => m.path !== "/");
  const lines = [
    `# lanner immutable drift-rules: writable mounts declared in ${source} (${declared.containers} containers)`,
    "# Load after Lanner's default rules (rules/lanner_rules.yaml), e.g. the last entry of rules_files.",
    ...(root.length > 0 ? ["# skipped: a writable mount at / (everything would be allowed)"] : []),
    "",
    ...(options.perImage
      ? perImageRules(mounts)
      : [
          "# Writes below these paths are not drift (Write Outside Writable Mounts In Container).",
          ...listAppend("lanner_container_writable_dirs", mounts),
        ]),
    "",
    "# emptyDir mounts: programs started from them are drift (Executable From Writable Temp Directory In Container).",
    ...listAppend(
      "lanner_writable_exec_dirs",
      mounts.filter((m) => m.types.has("emptyDir")),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
