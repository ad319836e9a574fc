// Container image references parsed by the grammar of distribution/reference (what the kubelet and
// containerd use), so `registry:5000/app` has no tag and `app@sha256:…` is pinned.

/** A parsed image reference. */
export interface ImageRef {
  raw: string;
  /** The registry host[:port] written in the reference; undefined means Docker Hub. */
  registry?: string;
  /** The repository path without the registry (`library/` is not added). */
  path: string;
  tag?: string;
  /** `algorithm:hex`. */
  digest?: string;
  /** The fully qualified repository: `docker.io/library/nginx`, `registry:5000/app`. */
  repository: string;
}

export type ImageParse = { ok: true; ref: ImageRef } | { ok: false; error: string };

const DOMAIN_COMPONENT = "(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])";
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** Parses an image reference; the error says what is wrong with it. */
export function parseImageRef(raw: string): ImageParse {
  const s = raw.trim();
  if (s === "") return { ok: false, error: "image is empty" };
  if (s.length > 255 + 128 + 80) return { ok: false, error: "image reference is too long" };
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, error: `invalid digest '${digest}'` };
  }
  let registry: string | undefined;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    // distribution/reference: the first component is a registry when it has a dot, a port or is localhost
    // (or has upper case, which a repository path cannot).
    if (/[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase()) {
      if (!DOMAIN.test(first)) return { ok: false, error: `invalid registry '${first}'` };
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.indexOf(":", lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, error: `invalid tag '${tag}'` };
  }
  if (rest === "") return { ok: false, error: "image has no repository name" };
  for (const comp of rest.split("/")) {
    if (!PATH_COMPONENT.test(comp)) {
      return {
        ok: false,
        error: `invalid repository name '${rest}' (lower-case letters, digits, . _ - only)`,
      };
    }
  }
  const hub = registry === undefined || DOCKER_HUB.has(registry);
  const repoPath = hub && !rest.includes("/") ? `library/${rest}` : rest;
  const repository = `${hub ? "docker.io" : registry}/${repoPath}`;
  const ref: ImageRef = { raw, path: rest, repository };
  if (registry !== undefined) ref.registry = registry;
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

/**
 * The pull policy Kubernetes defaults to (SetDefaults_Container): Always when the tag is `latest`, or when
 * there is neither tag nor digest (the tag then defaults to latest); IfNotPresent otherwise.
 */
export function defaultPullPolicy(ref: ImageRef): "Always" | "IfNotPresent" {
  if (ref.tag === "latest") return "Always";
  return ref.tag === undefined && ref.digest === undefined ? "Always" : "IfNotPresent";
}
