// Path joining and sanitizing exactly as libsinsp does it (`sinsp_utils::concatenate_paths`,
// `copy_and_sanitize_path`, `rewind_to_parent_path` in userspace/libsinsp/utils.cpp): "." and ".."
// components are folded, repeated slashes collapse, a trailing slash goes, and every byte that is not
// printable ASCII becomes ".". Works on the UTF-8 bytes, as libsinsp does.

const SLASH = 0x2f;
const DOT = 0x2e;

function invalid(c: number): boolean {
  return c < 0x20 || c > 0x7e;
}

/** Appends sanitized `path` bytes to `t` (which may already hold a base), folding . and .. down to `t[0]`. */
function copyAndSanitize(t: number[], path: Uint8Array): void {
  let pc = 0;
  const n = path.length;
  const at = (i: number) => (i < n ? (path[i] as number) : 0);
  const rewind = (delta: number) => {
    // rewind_to_parent_path: drop the last component, but never before the first byte.
    if (t.length <= 1) {
      pc += delta;
      return;
    }
    t.pop();
    while (t.length >= 1 && t[t.length - 1] !== SLASH) t.pop();
    pc += delta;
  };
  for (;;) {
    const c = at(pc);
    if (c === 0) {
      if (t.length > 1 && t[t.length - 1] === SLASH) t.pop();
      return;
    }
    if (invalid(c)) {
      t.push(DOT);
      pc++;
    } else if (c === DOT && at(pc + 1) === DOT && at(pc + 2) === SLASH) {
      rewind(3);
    } else if (c === DOT && at(pc + 1) === DOT) {
      if (at(pc + 2) === 0) rewind(2);
      else {
        t.push(DOT, DOT);
        pc += 2;
      }
    } else if (c === DOT && at(pc + 1) === SLASH) {
      pc += 2;
    } else if (c === DOT) {
      if (at(pc + 1) === 0) pc++;
      else {
        t.push(DOT);
        pc++;
      }
    } else if (c === SLASH) {
      if (t.length > 0 && t[t.length - 1] === SLASH) pc++;
      else {
        t.push(SLASH);
        pc++;
      }
    } else {
      t.push(c);
      pc++;
    }
  }
}

/**
 * The path as text when sanitizing cannot change it (printable ASCII, no "//", no "." or ".."
 * components, no trailing "/"), else undefined. Most paths are like that, and this skips the
 * byte-by-byte rebuild.
 */
function simplePath(p: Uint8Array): string | undefined {
  const n = p.length;
  if (n === 0) return undefined;
  if (n === 1 && p[0] === SLASH) return "/";
  if (p[n - 1] === SLASH) return undefined;
  let prev = SLASH;
  if (p[0] !== SLASH) prev = SLASH; // a relative path starts a component too
  for (let i = 0; i < n; i++) {
    const c = p[i] as number;
    if (invalid(c)) return undefined;
    if (c === DOT && prev === SLASH) return undefined;
    if (c === SLASH && prev === SLASH && i > 0) return undefined;
    prev = c;
  }
  return Buffer.from(p.buffer, p.byteOffset, n).toString("latin1");
}

function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Cuts a byte string at its first NUL, as C string handling would. */
function untilNul(b: Uint8Array): Uint8Array {
  const i = b.indexOf(0);
  return i < 0 ? b : b.subarray(0, i);
}

/**
 * Joins `path` to `base` (a directory ending in "/") when `path` is relative, and sanitizes the result
 * like libsinsp. `relative` tells whether the base was used (libsinsp's return value). With `maxLen`,
 * a result that would not fit in a buffer of that size becomes "/PATH_TOO_LONG" (parsers use 1024).
 */
export function concatenatePaths(
  base: string,
  path: string | Uint8Array,
  maxLen?: number,
): { path: string; relative: boolean } {
  const p = untilNul(typeof path === "string" ? Buffer.from(path, "utf8") : path);
  if (maxLen === undefined || maxLen >= base.length * 3 + p.length + 1) {
    const fast = simplePath(p);
    if (fast !== undefined) {
      if (p[0] === SLASH) return { path: fast, relative: false };
      if (isPlainAscii(base)) {
        if (maxLen === undefined || maxLen >= base.length + p.length + 1)
          return { path: base + fast, relative: true };
      }
    }
  }
  const b = Buffer.from(base, "utf8");
  if (maxLen !== undefined && maxLen < b.length + p.length + 1)
    return { path: "/PATH_TOO_LONG", relative: false };
  const t: number[] = [];
  const relative = p.length !== 0 && p[0] !== SLASH;
  if (relative) for (const c of b) t.push(c);
  copyAndSanitize(t, p);
  return { path: Buffer.from(t).toString("latin1"), relative };
}

/** Removes the characters libsinsp's `sanitize_string` drops (anything but printable ASCII). */
export function sanitizeString(s: string): string {
  // Fast path: already clean.
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      clean = false;
      break;
    }
  }
  if (clean) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) out += s[i];
  }
  return out;
}
