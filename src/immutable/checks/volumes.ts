// Volume and mount checks: hostPath (any, sensitive, writable), emptyDir sizeLimit, and the writable
// mounts that remain an exec-capable drift surface once the root filesystem is read-only.
import { asString } from "../values.js";
import {
  isWritableMount,
  mountsOf,
  normalizeHostPath,
  sensitiveHostPath,
  type VolumeAt,
} from "../volumes.js";
import type { PodContext } from "./context.js";

/** host-path, host-path-sensitive and emptydir-size-limit on each volume. */
export function checkVolumes(ctx: PodContext, volumes: readonly VolumeAt[]): void {
  for (const v of volumes) {
    if (v.type === "hostPath") {
      const hostPath = asString(v.source?.path) ?? "";
      const pathField = [...v.path, "hostPath", "path"];
      ctx.report({
        checkId: "host-path",
        severity: "medium",
        message: `volume '${v.name}' mounts host path ${hostPath || "(empty)"}`,
        path: pathField,
      });
      const s = sensitiveHostPath(hostPath);
      if (s !== undefined) {
        const n = normalizeHostPath(hostPath);
        ctx.report({
          checkId: "host-path-sensitive",
          severity: s.severity,
          message: `volume '${v.name}' mounts ${n}: ${s.what}`,
          path: pathField,
        });
      }
    } else if (v.type === "emptyDir") {
      if (v.source?.sizeLimit !== undefined) continue;
      const memory = asString(v.source?.medium) === "Memory";
      ctx.report({
        checkId: "emptydir-size-limit",
        severity: memory ? "medium" : "low",
        message: memory
          ? `emptyDir '${v.name}' is memory-backed with no sizeLimit: it can use the pod's whole memory limit (or the node's RAM)`
          : `emptyDir '${v.name}' has no sizeLimit: it can fill the node's disk`,
        path: v.path,
      });
    }
  }
}

/** host-path-writable for every container, writable-mount-exec for containers with a read-only root. */
export function checkMounts(ctx: PodContext, volumes: readonly VolumeAt[]): void {
  for (const c of ctx.containers) {
    const readOnlyRoot = c.sec.readOnlyRootFilesystem.value === true;
    for (const m of mountsOf(c.at, volumes)) {
      if (!isWritableMount(m)) continue;
      const v = m.volume;
      if (v === undefined) continue;
      if (v.type === "hostPath") {
        ctx.report({
          checkId: "host-path-writable",
          severity: "high",
          message: `host path ${asString(v.source?.path) ?? "?"} (volume '${v.name}') is mounted writable at ${m.mountPath}`,
          path: m.path,
          container: c.ref,
        });
      }
      if (readOnlyRoot) {
        ctx.report({
          checkId: "writable-mount-exec",
          severity: "info",
          message: `${m.mountPath} (${v.type} '${v.name}') is writable and allows exec: the drift surface left by the read-only root`,
          path: m.path,
          container: c.ref,
        });
      }
    }
  }
}
