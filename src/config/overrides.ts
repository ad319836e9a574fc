// `-o key.path=value`: set one value of the configuration document, as Falco's set_cmdline_option does.

import { formatKeyPath, type KeySegment, parseKeyPath } from "./keypath.js";
import { type ConfigNode, emptyMap, type MapNode, parseYamlTree } from "./tree.js";
import type { ConfigError, ConfigOrigin } from "./types.js";

/** A parsed `-o` option: where to set and what. */
export interface Override {
  option: string;
  key: string;
  segments: KeySegment[];
  value: ConfigNode;
}

function relabel(node: ConfigNode, origin: ConfigOrigin): ConfigNode {
  switch (node.kind) {
    case "map": {
      const m = emptyMap(origin);
      for (const [k, v] of node.entries) {
        m.entries.set(k, relabel(v, origin));
        m.keyOrigins.set(k, origin);
      }
      return m;
    }
    case "seq":
      return { kind: "seq", items: node.items.map((n) => relabel(n, origin)), origin };
    default:
      return { ...node, origin };
  }
}

function isQuoted(text: string): boolean {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
}

function isFlow(text: string): boolean {
  return (text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"));
}

/**
 * Parses `key=value` (split at the first `=`). A value written as a YAML flow map or list
 * (`{"disable": {"tag": "network"}}`, `[a, b]`) or as a quoted YAML scalar is parsed as YAML;
 * anything else is taken verbatim, so shell commands and URLs need no quoting.
 */
export function parseOverride(
  option: string,
): { ok: true; override: Override } | { ok: false; error: ConfigError } {
  const origin: ConfigOrigin = { kind: "option", option };
  const eq = option.indexOf("=");
  const fail = (message: string, path?: string) => ({
    ok: false as const,
    error: { code: "CONFIG_OPTION" as const, message, origin, ...(path !== undefined ? { path } : {}) },
  });
  if (eq <= 0) {
    return fail("expected key=value or key.subkey=value");
  }
  const key = option.slice(0, eq);
  const text = option.slice(eq + 1);
  const parsed = parseKeyPath(key);
  if (!parsed.ok) return fail(`bad key "${key}": ${parsed.message}`, key);
  let value: ConfigNode;
  if (isFlow(text) || isQuoted(text)) {
    const tree = parseYamlTree(text, "-o");
    if (!tree.root) {
      return fail(`the value is not valid YAML: ${tree.errors[0]?.message ?? "parse error"}`, key);
    }
    value = relabel(tree.root, origin);
  } else {
    value = { kind: "scalar", text, origin };
  }
  return { ok: true, override: { option, key, segments: parsed.segments, value } };
}

function setAt(
  node: ConfigNode | undefined,
  segments: readonly KeySegment[],
  value: ConfigNode,
  origin: ConfigOrigin,
  done: KeySegment[],
): ConfigNode | string {
  if (segments.length === 0) return value;
  const [seg, ...rest] = segments;
  if ("key" in seg) {
    const map: MapNode = node?.kind === "map" ? node : emptyMap(origin);
    const child = setAt(map.entries.get(seg.key), rest, value, origin, [...done, seg]);
    if (typeof child === "string") return child;
    if (!map.entries.has(seg.key)) map.keyOrigins.set(seg.key, origin);
    map.entries.set(seg.key, child);
    return map;
  }
  const list = node?.kind === "seq" ? node : node === undefined || node.kind === "null" ? undefined : null;
  if (list === null) {
    return `${formatKeyPath(done)} is ${node?.kind === "map" ? "a map" : "a scalar"}, not a list`;
  }
  const items = list ? list.items : [];
  const seq: ConfigNode = list ?? { kind: "seq", items, origin };
  const index = "append" in seg ? items.length : seg.index;
  if (index > items.length) {
    return `index ${index} of ${formatKeyPath(done)} is out of range (the list has ${items.length} item${items.length === 1 ? "" : "s"})`;
  }
  const child = setAt(items[index], rest, value, origin, [...done, { index }]);
  if (typeof child === "string") return child;
  items[index] = child;
  return seq;
}

/** Applies a parsed override to the document in place; an error message when the path cannot be set. */
export function applyOverride(root: MapNode, override: Override): ConfigError | undefined {
  const origin: ConfigOrigin = { kind: "option", option: override.option };
  const result = setAt(root, override.segments, override.value, origin, []);
  if (typeof result === "string") {
    return { code: "CONFIG_OPTION", message: result, path: override.key, origin };
  }
  return undefined;
}
