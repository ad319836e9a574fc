// Engine and plugin versions: what rules files may require, and Falco's compatibility test.

/** A `major.minor.patch` version. */
export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** The rules-engine version Lanner implements (Falco 0.44's engine). */
export const ENGINE_VERSION: Version = { major: 0, minor: 63, patch: 0 };

/** A plugin Lanner provides built in, by the name and version rules files require. */
export interface PluginInfo {
  name: string;
  version: string;
}

/**
 * Lanner's built-in equivalents of Falco plugins: the k8s audit source (k8saudit), the json field
 * extractor (json) and the container metadata fields (container).
 */
export const BUILTIN_PLUGINS: readonly PluginInfo[] = [
  { name: "k8saudit", version: "0.18.0" },
  { name: "json", version: "0.7.0" },
  { name: "container", version: "0.4.0" },
];

/**
 * Parses a version the way libsinsp does (three unsigned integers separated by dots at the start of the
 * text; anything after them is ignored). Undefined when there are not three numbers.
 */
export function parseVersion(text: string): Version | undefined {
  const m = /^\s*\+?(\d+)\.\s*\+?(\d+)\.\s*\+?(\d+)/.exec(text);
  if (!m) return undefined;
  const nums = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (nums.some((n) => n > 0xffffffff)) return undefined;
  return { major: nums[0], minor: nums[1], patch: nums[2] };
}

/** `major.minor.patch`. */
export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** Orders versions: negative, zero or positive like a sort comparator. */
export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Falco's semver test: same major version, and `have` at least `required`. */
export function isCompatible(have: Version, required: Version): boolean {
  return have.major === required.major && compareVersions(have, required) >= 0;
}

/** One `required_plugin_versions` entry: the plugin and its accepted alternatives, first the main one. */
export type PluginRequirement = readonly PluginInfo[];

/**
 * Checks one requirement against the available plugins, as Falco does after loading a rules file.
 * Returns undefined when satisfied, else Falco's message.
 */
export function checkPluginRequirement(
  requirement: PluginRequirement,
  plugins: readonly PluginInfo[],
): string | undefined {
  for (const req of requirement) {
    const plugin = plugins.find((p) => p.name === req.name);
    if (!plugin) continue;
    const have = parseVersion(plugin.version);
    if (!have) return `Plugin '${plugin.name}' has invalid version string '${plugin.version}'`;
    const want = parseVersion(req.version);
    if (!want || !isCompatible(have, want)) {
      return `Plugin '${plugin.name}' version '${plugin.version}' is not compatible with required plugin version '${req.version}'`;
    }
    return undefined;
  }
  const all = requirement.map((r) => `${r.name} (>= ${r.version})`).join(", ");
  return `Plugin requirement not satisfied, must load one of: ${all}`;
}
