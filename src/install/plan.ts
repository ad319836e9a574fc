// Installing files idempotently: a plan says what each target should hold and who owns it; planning
// compares with the disk, applying writes only what differs. Files Lanner owns (the systemd unit, its
// rules) are replaced when they differ, the previous version kept as NAME.bak; files the user owns
// (the configuration, local rules) are created only when absent.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/** Who owns a target: `lanner` (replaced when it differs) or `user` (written only when absent). */
export type Owner = "lanner" | "user";

/** One thing to put in place; `path` is absolute on the target system (without the --root prefix). */
export type InstallTarget =
  | { kind: "dir"; path: string; mode: number; why: string }
  | { kind: "file"; path: string; content: string; mode: number; owner: Owner; why: string };

/** What applying a target does, decided by comparing with the disk. */
export type InstallStatus = "create" | "update" | "unchanged" | "kept";

export interface PlannedTarget {
  target: InstallTarget;
  /** Where it is on this machine: the --root directory joined with `target.path`. */
  hostPath: string;
  status: InstallStatus;
}

/** `root` + an absolute target path (root "/" leaves it as it is). */
export function underRoot(root: string, target: string): string {
  return path.join(path.resolve(root), target);
}

/** Compares each target with what is at root + its path. Reads only; writes nothing. */
export function planInstall(root: string, targets: readonly InstallTarget[]): PlannedTarget[] {
  return targets.map((target) => {
    const hostPath = underRoot(root, target.path);
    if (!existsSync(hostPath)) return { target, hostPath, status: "create" };
    // A rules_files entry without a .yaml name is taken for a directory; a file there is yours.
    if (target.kind === "dir")
      return { target, hostPath, status: statSync(hostPath).isDirectory() ? "unchanged" : "kept" };
    if (statSync(hostPath).isDirectory()) throw new Error(`${hostPath} is a directory, expected a file`);
    if (target.owner === "user") return { target, hostPath, status: "kept" };
    const same = readFileSync(hostPath, "utf8") === target.content;
    return { target, hostPath, status: same ? "unchanged" : "update" };
  });
}

/** Writes what the plan says differs (creates parents; a replaced file is kept as NAME.bak). */
export function applyInstall(plan: readonly PlannedTarget[]): void {
  for (const { target, hostPath, status } of plan) {
    if (status === "unchanged" || status === "kept") continue;
    if (target.kind === "dir") {
      mkdirSync(hostPath, { recursive: true, mode: target.mode });
      continue;
    }
    mkdirSync(path.dirname(hostPath), { recursive: true, mode: 0o755 });
    if (status === "update") copyFileSync(hostPath, `${hostPath}.bak`);
    writeFileSync(hostPath, target.content, { mode: target.mode });
    chmodSync(hostPath, target.mode);
  }
}

const VERB: Record<InstallStatus, { done: string; dry: string }> = {
  create: { done: "created", dry: "would create" },
  update: { done: "updated", dry: "would update" },
  unchanged: { done: "unchanged", dry: "unchanged" },
  kept: { done: "kept", dry: "would keep" },
};
const VERB_WIDTH = Math.max(...Object.values(VERB).flatMap((v) => [v.done.length, v.dry.length]));

/** One line per target: what happened (or would, with `dryRun`), where, and why it is there. */
export function formatPlan(plan: readonly PlannedTarget[], dryRun: boolean): string {
  return plan
    .map(({ target, hostPath, status }) => {
      const verb = (dryRun ? VERB[status].dry : VERB[status].done).padEnd(VERB_WIDTH);
      const note =
        status === "kept"
          ? " (exists; yours, left as it is)"
          : status === "update"
            ? ` (${dryRun ? "would keep" : "kept"} the previous one as ${path.basename(hostPath)}.bak)`
            : "";
      return `${verb} ${hostPath}${note}  # ${target.why}`;
    })
    .join("\n");
}
