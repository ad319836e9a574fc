// `watch_config_files`: reload when the configuration or a rules file changes on disk.
import { type FSWatcher, statSync, watch } from "node:fs";
import path from "node:path";

export interface PathWatcher {
  close(): void;
}

/**
 * Calls `onChange` (debounced) when any of `paths` changes. Files are watched through their
 * directory, so editors that replace the file and Kubernetes ConfigMap updates (an atomic swap of
 * the `..data` symlink) are seen; a directory counts as changed when any entry in it changes.
 */
export function watchPaths(paths: readonly string[], onChange: () => void, debounceMs = 250): PathWatcher {
  const byDir = new Map<string, Set<string> | "all">();
  for (const p of paths) {
    const abs = path.resolve(p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // A missing file may appear later: watch its directory for it.
    }
    const dir = isDir ? abs : path.dirname(abs);
    const prev = byDir.get(dir);
    if (isDir || prev === "all") byDir.set(dir, "all");
    else byDir.set(dir, new Set([...(prev ?? []), path.basename(abs)]));
  }
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const w = watch(dir, (_event, file) => {
        if (names === "all" || file === null || names.has(file) || file === "..data") fire();
      });
      w.on("error", () => w.close());
      watchers.push(w);
    } catch {
      // A directory that does not exist cannot be watched; the reload on SIGHUP still works.
    }
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
