// container.* and k8s.* fields. Only container.id comes from the state (cgroups); the rest comes from the
// capture's container events when it has them, and is otherwise missing ("host" for a host thread's
// container.name and container.type, as libsinsp and the container plugin report).
import type { Extractor, FieldValue } from "../../fields/types.js";
import type { ContainerInfo } from "../state/container.js";
import type { SyscallEvent } from "./event.js";

type X = Extractor<SyscallEvent>;

function info(e: SyscallEvent): ContainerInfo | undefined {
  const id = e.thread?.containerId;
  return id ? e.state.containers.get(id) : undefined;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === "" ? undefined : s;
}

/** A container field: `host` value for host threads (undefined: none), else from the container's info. */
function c1(host: FieldValue | undefined, get: (c: ContainerInfo) => FieldValue | undefined): X {
  return (e) => {
    const t = e.thread;
    if (t === undefined) return undefined;
    if (t.containerId === "") return host;
    const c = info(e);
    return c === undefined ? undefined : get(c);
  };
}

/** Binds a container.* or k8s.* field; undefined when the name is not one of them. */
export function bindContainer(name: string, arg: string | undefined): X | undefined {
  switch (name) {
    case "container.id":
      return (e) => {
        const t = e.thread;
        if (t === undefined) return undefined;
        return t.containerId === "" ? "host" : t.containerId;
      };
    case "container.full_id":
      return c1("host", (c) => nonEmpty(c.fullId));
    case "container.name":
      return c1("host", (c) => nonEmpty(c.name));
    case "container.type":
      return c1("host", (c) => nonEmpty(c.type));
    case "container.image":
      return c1(undefined, (c) => nonEmpty(c.image));
    case "container.image.id":
      return c1(undefined, (c) => nonEmpty(c.imageId));
    case "container.image.repository":
      return c1(undefined, (c) => nonEmpty(c.imageRepo));
    case "container.image.tag":
      return c1(undefined, (c) => nonEmpty(c.imageTag));
    case "container.image.digest":
      return c1(undefined, (c) => nonEmpty(c.imageDigest));
    case "container.privileged":
      return c1(undefined, (c) => c.privileged);
    case "container.ip":
      return c1(undefined, (c) => nonEmpty(c.ip));
    case "container.label":
      return c1(undefined, (c) => (arg === undefined ? undefined : c.labels.get(arg)));
    case "container.labels":
      return c1(undefined, (c) =>
        c.labels.size === 0 ? undefined : [...c.labels].map(([k, v]) => `${k}:${v}`).join(", "),
      );
    case "container.mounts":
      return c1(undefined, (c) =>
        c.mounts.length === 0
          ? undefined
          : c.mounts.map((m) => `${m.source}:${m.dest}:${m.mode}:${m.rdwr}:${m.propagation}`).join(","),
      );
    case "container.mount":
    case "container.mount.source":
    case "container.mount.dest":
    case "container.mount.mode":
    case "container.mount.rdwr":
    case "container.mount.propagation":
      return c1(undefined, (c) => {
        if (arg === undefined) return undefined;
        const m = /^[0-9]+$/.test(arg)
          ? c.mounts[Number(arg)]
          : c.mounts.find((x) => x.source === arg || x.dest === arg);
        if (m === undefined) return undefined;
        switch (name) {
          case "container.mount":
            return `${m.source}:${m.dest}:${m.mode}:${m.rdwr}:${m.propagation}`;
          case "container.mount.source":
            return m.source;
          case "container.mount.dest":
            return m.dest;
          case "container.mount.mode":
            return m.mode;
          case "container.mount.rdwr":
            return String(m.rdwr);
          default:
            return m.propagation;
        }
      });
    case "container.start_ts":
      return c1(undefined, (c) => (c.createdTime > 0 ? BigInt(c.createdTime) * 1_000_000_000n : undefined));
    case "container.duration":
      return (e) => {
        const c = info(e);
        if (c === undefined || c.createdTime <= 0) return undefined;
        return Number(e.raw.ts - BigInt(c.createdTime) * 1_000_000_000n);
      };
    default:
      if (name.startsWith("container.") || name.startsWith("k8s.")) return () => undefined;
      return undefined;
  }
}
