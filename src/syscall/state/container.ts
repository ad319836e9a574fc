// Containers: the id libsinsp derives from a thread's cgroups (`resolve_container` with the podman,
// docker, CRI (containerd, cri-o), LXC and libvirt-LXC engines, in that order; `runc.cpp` for the
// `<prefix><64 hex><suffix>` forms), and what the capture's container events tell about each container.
// No runtime is ever asked: a capture carries all there is.

type Layouts = readonly (readonly [prefix: string, suffix: string])[];

/** `<prefix><64 hex chars><suffix>` cgroup layouts, by engine, in libsinsp's engine order. */
const RUNC_ENGINES: readonly (readonly [ContainerEngine, Layouts])[] = [
  // podman (root): /machine.slice/libpod-<id>.scope
  ["podman", [["/libpod-", ".scope"]]],
  // docker: /docker/<id>; systemd docker: /system.slice/docker-<id>.scope
  [
    "docker",
    [
      ["/", ""],
      ["/docker-", ".scope"],
    ],
  ],
  // CRI: containerd (/kubepods/…/<id>, …/cri-containerd-<id>.scope, …:cri-containerd:<id>) and cri-o
  [
    "cri",
    [
      ["/", ""],
      ["/crio-", ""],
      ["/cri-containerd-", ".scope"],
      ["/crio-", ".scope"],
      [":cri-containerd:", ""],
    ],
  ],
];

const ID_LENGTH = 64;
const REPORTED_ID_LENGTH = 12;

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/**
 * `match_one_container_id`: the cgroup ends with `<prefix><64 hex><suffix>`; the id is its first 12
 * characters. Like libsinsp, the hex check only looks at characters before position 64 of the path.
 */
function matchOne(cgroup: string, prefix: string, suffix: string): string | undefined {
  let start = cgroup.lastIndexOf(prefix);
  if (start < 0) return undefined;
  start += prefix.length;
  const end = suffix === "" ? cgroup.length : cgroup.lastIndexOf(suffix);
  if (end < 0 || end - start !== ID_LENGTH) return undefined;
  for (let i = start; i < cgroup.length && i < ID_LENGTH; i++) {
    if (!isHex(cgroup.charCodeAt(i))) return undefined;
  }
  return cgroup.slice(start, start + REPORTED_ID_LENGTH);
}

/** What kind of engine recognised a container. */
export type ContainerEngine = "podman" | "docker" | "cri" | "lxc" | "libvirt-lxc";

/** The container id (12 characters for runc-style ids) of a thread with these cgroups, or "" on the host. */
export function containerIdFromCgroups(cgroups: readonly (readonly [string, string])[]): string {
  return resolveContainer(cgroups)?.id ?? "";
}

/** The container a thread's cgroups place it in, with the engine that matched. */
export function resolveContainer(
  cgroups: readonly (readonly [string, string])[],
): { id: string; engine: ContainerEngine } | undefined {
  if (cgroups.length === 0) return undefined;
  for (const [engine, layouts] of RUNC_ENGINES) {
    for (const [, path] of cgroups) {
      for (const [prefix, suffix] of layouts) {
        const id = matchOne(path, prefix, suffix);
        if (id !== undefined) return { id, engine };
      }
    }
  }
  for (const [, path] of cgroups) {
    for (const marker of ["/lxc/", "/lxc.payload/"]) {
      const pos = path.indexOf(marker);
      if (pos >= 0) {
        const s = pos + marker.length;
        const e = path.indexOf("/", s);
        return { id: path.slice(s, e < 0 ? undefined : e), engine: "lxc" };
      }
    }
  }
  for (const [, path] of cgroups) {
    const pos = path.indexOf(".libvirt-lxc");
    if (pos >= 0) {
      const slash = path.lastIndexOf("/", pos);
      if (slash >= 0) return { id: path.slice(slash + 1, pos), engine: "libvirt-lxc" };
    }
    const p2 = path.indexOf("/libvirt/lxc/");
    if (p2 >= 0) return { id: path.slice(p2 + "/libvirt/lxc/".length), engine: "libvirt-lxc" };
  }
  return undefined;
}

/** `sinsp_container_type` numbers of the container JSON events, as names (`container.type`). */
const CONTAINER_TYPES: Record<number, string> = {
  0: "docker",
  1: "lxc",
  2: "libvirt-lxc",
  3: "mesos",
  4: "rkt",
  5: "custom",
  6: "cri",
  7: "containerd",
  8: "cri-o",
  9: "bpm",
  10: "static",
  11: "podman",
};

/** What a capture says about one container (its container JSON event). */
export interface ContainerInfo {
  id: string;
  fullId: string;
  type: string;
  name: string;
  image: string;
  imageId: string;
  imageRepo: string;
  imageTag: string;
  imageDigest: string;
  privileged: boolean | undefined;
  ip: string;
  labels: ReadonlyMap<string, string>;
  mounts: readonly { source: string; dest: string; mode: string; rdwr: boolean; propagation: string }[];
  createdTime: number;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

function ipv4Text(v: unknown): string {
  if (typeof v !== "number" || v === 0) return "";
  return `${(v >>> 24) & 0xff}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** What libsinsp knows of a container its cgroups revealed but no container event described: its kind. */
export function stubContainer(id: string, engine: string): ContainerInfo {
  return {
    id,
    fullId: "",
    type: engine,
    name: "",
    image: "",
    imageId: "",
    imageRepo: "",
    imageTag: "",
    imageDigest: "",
    privileged: undefined,
    ip: "",
    labels: new Map(),
    mounts: [],
    createdTime: 0,
  };
}

/** Parses the payload of a CONTAINER_JSON event (`{"container":{…}}`); undefined when it is not one. */
export function parseContainerJson(text: string): ContainerInfo | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof root !== "object" || root === null) return undefined;
  const c = (root as Record<string, unknown>).container;
  if (typeof c !== "object" || c === null) return undefined;
  const o = c as Record<string, unknown>;
  const labels = new Map<string, string>();
  if (typeof o.labels === "object" && o.labels !== null)
    for (const [k, v] of Object.entries(o.labels as Record<string, unknown>)) labels.set(k, str(v));
  const mounts: ContainerInfo["mounts"][number][] = [];
  if (Array.isArray(o.Mounts))
    for (const m of o.Mounts as unknown[]) {
      if (typeof m !== "object" || m === null) continue;
      const mm = m as Record<string, unknown>;
      mounts.push({
        source: str(mm.Source),
        dest: str(mm.Destination),
        mode: str(mm.Mode),
        rdwr: mm.RW === true,
        propagation: str(mm.Propagation),
      });
    }
  return {
    id: str(o.id),
    fullId: str(o.full_id),
    type: typeof o.type === "number" ? (CONTAINER_TYPES[o.type] ?? "") : str(o.type),
    name: str(o.name),
    image: str(o.image),
    imageId: str(o.imageid),
    imageRepo: str(o.imagerepo),
    imageTag: str(o.imagetag),
    imageDigest: str(o.imagedigest),
    privileged: typeof o.privileged === "boolean" ? o.privileged : undefined,
    ip: ipv4Text(o.ip),
    labels,
    mounts,
    createdTime: typeof o.created_time === "number" ? o.created_time : 0,
  };
}
