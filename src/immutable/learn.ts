// `lanner immutable learn`: replays syscall events (a scap capture or the live probe's stream) and
// records, per container or for one process tree, the paths written and the programs executed; the
// written paths are summarised to directories and written as a WritableProfile, the format `fix --profile` reads (src/immutable/fix/profile.ts).
//
// Summary rules (kept simple on purpose, documented in docs/immutable.md):
// 1. A written file counts as its parent directory; a directory created with mkdir/mkdirat counts as
//    itself (the app needs it to exist and be writable). rename/link count both ends.
// 2. Pseudo filesystems (/proc, /sys, /dev) and paths that are not absolute are ignored; a write directly
//    under / cannot get an emptyDir and is reported as skipped.
// 3. A directory covered by another recorded directory is dropped (/tmp covers /tmp/x).
// 4. When COLLAPSE_CHILDREN or more recorded directories share a parent that is at least two levels deep
//    (/var/cache, not /var), they are replaced by that parent; repeated until nothing changes.

import { FieldRegistry } from "../fields/registry.js";
import type { Extractor } from "../fields/types.js";
import type { SyscallEvent } from "../syscall/fields/event.js";
import { createSyscallSchema } from "../syscall/fields/schema.js";
import { replayScap } from "../syscall/replay.js";
import type { ScapSource } from "../syscall/scap/reader.js";

/** Pseudo filesystems: never profile material. */
export const PSEUDO_FS = ["/proc", "/sys", "/dev"] as const;
/** Sibling directories under one parent from which the parent is recorded instead. */
export const COLLAPSE_CHILDREN = 4;

/** What was seen of one container during the replay. */
export interface ContainerActivity {
  containerId: string;
  /** Absolute paths written (files, or directories for mkdir), as seen. */
  written: Set<string>;
  /** Executables started (proc.exepath at execve exit). */
  executed: Set<string>;
}

/** One profile entry: a container summarised. */
export interface LearnedImage {
  image: string;
  containerIds: string[];
  paths: string[];
  executed: string[];
  /** Written paths that cannot get a volume (directly under /). */
  skipped: string[];
}

export interface LearnResult {
  images: LearnedImage[];
  events: number;
  /** Why reading stopped early, if it did. */
  error?: string;
}

export interface LearnOptions {
  /** Profile entry names: a bare name for every container, or per container id (short or full). */
  image?: string | Map<string, string>;
  /** Learn from this process tree (host processes included) instead of from every container. */
  tree?: ProcessTree;
  /** A live stream: one that ends before any learned event is not an error. */
  live?: boolean;
}

/**
 * The processes descended from one root (a command `learn` runs): the root is added once known, and
 * every process forked by a member joins, whether or not its parent is still alive when it acts.
 */
export class ProcessTree {
  private readonly pids = new Set<number>();
  add(pid: number): void {
    this.pids.add(pid);
  }
  has(pid: number): boolean {
    return this.pids.has(pid);
  }
}

/** Event types whose exit writes a path (fs.path.name), and the ones with a source and a target. */
const OPEN_TYPES = new Set(["open", "openat", "openat2"]);
const PATH_WRITES = new Set([
  "mkdir",
  "mkdirat",
  "rmdir",
  "unlink",
  "unlinkat",
  "chmod",
  "fchmod",
  "fchmodat",
  "chown",
  "lchown",
  "fchown",
  "fchownat",
]);
const TWO_PATHS = new Set(["rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat"]);
const EXEC_TYPES = new Set(["execve", "execveat"]);
const MKDIR_TYPES = new Set(["mkdir", "mkdirat"]);
const CLONE_TYPES = new Set(["clone", "clone3", "fork", "vfork"]);

/** The event types `learn` looks at (the replay still parses the others for state). */
export const LEARN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...OPEN_TYPES,
  "creat",
  ...PATH_WRITES,
  ...TWO_PATHS,
  ...EXEC_TYPES,
]);

/** The system calls a live `learn` traces: the learned ones and the process family (for trees). */
export const LEARN_SYSCALLS: ReadonlySet<string> = new Set([...LEARN_EVENT_TYPES, ...CLONE_TYPES]);

function extractors() {
  const schema = createSyscallSchema();
  const registry = new FieldRegistry(schema.classes);
  const bind = (name: string): Extractor<SyscallEvent> => {
    const r = registry.resolve(name);
    if (r === undefined) throw new Error(`learn: unknown field ${name}`);
    return schema.bind(r.def, r.arg);
  };
  return {
    dir: bind("evt.dir"),
    rawres: bind("evt.rawres"),
    openWrite: bind("evt.is_open_write"),
    fsName: bind("fs.path.name"),
    fsSource: bind("fs.path.source"),
    fsTarget: bind("fs.path.target"),
    fdName: bind("fd.name"),
    container: bind("container.id"),
    exepath: bind("proc.exepath"),
    pid: bind("proc.pid"),
    ppid: bind("proc.ppid"),
  };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Replays a capture and collects what each container wrote and executed. Host processes are left out,
 * unless a process tree is given: then only its members count, on the host or in a container.
 */
export async function collectActivity(
  source: ScapSource,
  tree?: ProcessTree,
  live = false,
): Promise<{ containers: Map<string, ContainerActivity>; events: number; error?: string }> {
  const x = extractors();
  const containers = new Map<string, ContainerActivity>();
  const inTree = (evt: SyscallEvent, type: string, res: number): boolean => {
    if (tree === undefined) return true;
    const pid = x.pid(evt);
    if (typeof pid !== "number") return false;
    if (!tree.has(pid)) {
      const ppid = x.ppid(evt);
      if (typeof ppid !== "number" || !tree.has(ppid)) return false;
      tree.add(pid);
    }
    // The parent's side of a fork names the child: it joins before its own first event is read.
    if (CLONE_TYPES.has(type) && res > 0) tree.add(res);
    return true;
  };
  const result = await replayScap(source, {
    allEvents: true,
    eventTypes: tree === undefined ? LEARN_EVENT_TYPES : LEARN_SYSCALLS,
    onEvent(evt, type) {
      if (x.dir(evt) !== "<") return undefined;
      const res = x.rawres(evt);
      if (typeof res !== "number" || res < 0) return undefined;
      if (!inTree(evt, type, res)) return undefined;
      if (CLONE_TYPES.has(type)) return undefined;
      const id = str(x.container(evt));
      if (id === undefined || (id === "host" && tree === undefined)) return undefined;
      let c = containers.get(id);
      if (c === undefined) {
        c = { containerId: id, written: new Set(), executed: new Set() };
        containers.set(id, c);
      }
      const add = (p: unknown) => {
        const s = str(p);
        if (s !== undefined) c.written.add(s);
      };
      if (EXEC_TYPES.has(type)) {
        const exe = str(x.exepath(evt));
        if (exe !== undefined) c.executed.add(exe);
      } else if (OPEN_TYPES.has(type)) {
        if (x.openWrite(evt) === true) add(x.fsName(evt) ?? x.fdName(evt));
      } else if (type === "creat") {
        add(x.fdName(evt));
      } else if (PATH_WRITES.has(type)) {
        const p = str(x.fsName(evt));
        // mkdir: the created directory itself (marked with a trailing slash until summarised).
        if (p !== undefined) c.written.add(MKDIR_TYPES.has(type) ? `${p.replace(/\/+$/, "")}/` : p);
      } else if (TWO_PATHS.has(type)) {
        add(x.fsSource(evt));
        add(x.fsTarget(evt));
      }
      return undefined;
    },
  });
  const out: { containers: Map<string, ContainerActivity>; events: number; error?: string } = {
    containers,
    events: result.events,
  };
  if (result.error !== undefined && !(live && result.error.code === "NO_EVENTS"))
    out.error = result.error.message;
  return out;
}

function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);
}

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

function depth(p: string): number {
  return p === "/" ? 0 : p.split("/").length - 1;
}

/**
 * Summarises written paths to the directories that need a writable volume (rules at the top of this
 * file). A trailing slash marks a path that is itself a directory (mkdir).
 */
export function summarisePaths(written: Iterable<string>): { paths: string[]; skipped: string[] } {
  const dirs = new Set<string>();
  const skipped = new Set<string>();
  for (const w of written) {
    if (!w.startsWith("/") || w.includes("<UNKNOWN>")) continue;
    const isDir = w.endsWith("/");
    const p = w.replace(/\/+$/, "") || "/";
    if (PSEUDO_FS.some((fs) => isUnder(p, fs))) continue;
    const d = isDir ? p : parentOf(p);
    if (d === "/") {
      skipped.add(p);
      continue;
    }
    dirs.add(d);
  }
  let current = [...dirs];
  for (;;) {
    // Drop directories covered by another one.
    current = current.filter((d) => !current.some((o) => o !== d && isUnder(d, o)));
    const byParent = new Map<string, string[]>();
    for (const d of current) {
      const p = parentOf(d);
      if (depth(p) < 2) continue;
      byParent.set(p, [...(byParent.get(p) ?? []), d]);
    }
    const collapse = [...byParent].find(([, kids]) => kids.length >= COLLAPSE_CHILDREN);
    if (collapse === undefined) break;
    const [parent, kids] = collapse;
    current = [...current.filter((d) => !kids.includes(d)), parent];
  }
  return { paths: current.sort(), skipped: [...skipped].sort() };
}

function imageNameFor(id: string, opt: LearnOptions["image"]): string {
  if (opt === undefined) return id;
  if (typeof opt === "string") return opt;
  for (const [k, v] of opt) if (id.startsWith(k) || k.startsWith(id)) return v;
  return id;
}

/**
 * Replays a capture or a live probe stream and summarises every container (or the process tree) into
 * profile entries.
 */
export async function learnFromCapture(source: ScapSource, options: LearnOptions = {}): Promise<LearnResult> {
  const { containers, events, error } = await collectActivity(source, options.tree, options.live);
  const byImage = new Map<string, { ids: string[]; written: Set<string>; executed: Set<string> }>();
  for (const c of containers.values()) {
    const name = imageNameFor(c.containerId, options.image);
    const e = byImage.get(name) ?? { ids: [], written: new Set<string>(), executed: new Set<string>() };
    e.ids.push(c.containerId);
    for (const w of c.written) e.written.add(w);
    for (const x of c.executed) e.executed.add(x);
    byImage.set(name, e);
  }
  const images: LearnedImage[] = [...byImage]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([image, e]) => {
      const s = summarisePaths(e.written);
      return {
        image,
        containerIds: e.ids.sort(),
        paths: s.paths,
        executed: [...e.executed].sort(),
        skipped: s.skipped,
      };
    });
  const out: LearnResult = { images, events };
  if (error !== undefined) out.error = error;
  return out;
}

const q = (s: string): string => JSON.stringify(s);

/**
 * Renders a WritableProfile (YAML) for `fix --profile`. `executed` is informational: the profile parser
 * ignores it, `fix` only uses `paths`.
 */
export function formatProfile(result: LearnResult, source: string): string {
  const lines = [
    `# lanner immutable learn: writable paths seen in ${source} (${result.events} events)`,
    "apiVersion: lanner.dev/v1",
    "kind: WritableProfile",
  ];
  if (result.images.length === 0) lines.push("images: []");
  else lines.push("images:");
  for (const img of result.images) {
    lines.push(`  # containers: ${img.containerIds.join(", ")}`);
    if (img.skipped.length > 0) lines.push(`  # skipped (directly under /): ${img.skipped.join(", ")}`);
    lines.push(`  - image: ${q(img.image)}`);
    lines.push(img.paths.length === 0 ? "    paths: []" : "    paths:");
    for (const p of img.paths) lines.push(`      - ${q(p)}`);
    lines.push(img.executed.length === 0 ? "    executed: []" : "    executed:");
    for (const p of img.executed) lines.push(`      - ${q(p)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Parses `--image` values: `NAME` (every container) or `ID=NAME` (repeatable). */
export function parseImageOption(values: readonly string[] | undefined): LearnOptions["image"] {
  if (values === undefined || values.length === 0) return undefined;
  const bare = values.filter((v) => !v.includes("="));
  if (bare.length > 0) {
    if (values.length > 1) throw new Error("--image NAME names every container; use ID=NAME to name several");
    return bare[0];
  }
  const m = new Map<string, string>();
  for (const v of values) {
    const i = v.indexOf("=");
    const id = v.slice(0, i);
    const name = v.slice(i + 1);
    if (id === "" || name === "") throw new Error(`bad --image '${v}' (expected NAME or ID=NAME)`);
    m.set(id, name);
  }
  return m;
}
