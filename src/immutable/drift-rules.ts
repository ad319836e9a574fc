// `lanner immutable drift-rules`: the writable mounts the manifests declare, as a rules file loaded after
// Lanner's default rules. It appends every writable mountPath to `lanner_container_writable_dirs` (writes
// there are not drift) and every emptyDir mountPath to `lanner_writable_exec_dirs` (an exec from there is).
// The lists are node-wide: a capture or the probe does not say which pod a container belongs to without
// a container runtime, so a path declared by one workload is allowed for every container.

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
            const d = byPath.get(p) ?? { path: p, types: new Set<string>(), users: new Set<string>() };
            if (m.volume?.type !== undefined) d.types.add(m.volume.type);
            d.users.add(`${owner} ${c.name}`);
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

/** The rules file: two list appends, each item commented with its volume types and containers. */
export function formatDriftRules(declared: DeclaredMounts, source: string): string {
  const root = declared.mounts.filter((m) => m.path === "/");
  const mounts = declared.mounts.filter((m) => m.path !== "/");
  const lines = [
    `# lanner immutable drift-rules: writable mounts declared in ${source} (${declared.containers} containers)`,
    "# Load after Lanner's default rules (rules/lanner_rules.yaml), e.g. the last entry of rules_files.",
    ...(root.length > 0 ? ["# skipped: a writable mount at / (everything would be allowed)"] : []),
    "",
    "# Writes below these paths are not drift (Write Outside Writable Mounts In Container).",
    ...listAppend("lanner_container_writable_dirs", mounts),
    "",
    "# emptyDir mounts: programs started from them are drift (Executable From Writable Temp Directory In Container).",
    ...listAppend(
      "lanner_writable_exec_dirs",
      mounts.filter((m) => m.types.has("emptyDir")),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
