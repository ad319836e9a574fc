// Unified diffs for `fix --dry-run`: line LCS, hunks with three lines of context, `diff -u` headers.

type Op = { kind: " " | "-" | "+"; line: string };

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  // Trim the common prefix and suffix, then LCS over what is left (fixes touch a few places per file).
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const ops: Op[] = a.slice(0, pre).map((line) => ({ kind: " ", line }));
  if (am.length * bm.length > 25_000_000) {
    ops.push(...am.map((line): Op => ({ kind: "-", line })), ...bm.map((line): Op => ({ kind: "+", line })));
  } else {
    const n = am.length;
    const m = bm.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array;
      const below = lcs[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--) {
        row[j] =
          am[i] === bm[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ kind: " ", line: am[i] as string });
        i++;
        j++;
      } else if (j < m && (i === n || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
        ops.push({ kind: "+", line: bm[j] as string });
        j++;
      } else {
        ops.push({ kind: "-", line: am[i] as string });
        i++;
      }
    }
  }
  ops.push(...a.slice(a.length - suf).map((line): Op => ({ kind: " ", line })));
  return ops;
}

function splitLines(s: string): string[] {
  if (s === "") return [];
  const lines = s.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A unified diff of two texts (empty when they are equal). */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldName: string,
  newName: string,
  context = 3,
): string {
  if (oldText === newText) return "";
  const ops = lineOps(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]?.kind === " ") k++;
    if (k >= ops.length) break;
    let start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are closer than 2×context lines apart.
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next]?.kind === " ") next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < start; i++) {
      if (ops[i]?.kind !== "+") oldStart++;
      if (ops[i]?.kind !== "-") newStart++;
    }
    const hunk = ops.slice(start, stop);
    const oldLen = hunk.filter((o) => o.kind !== "+").length;
    const newLen = hunk.filter((o) => o.kind !== "-").length;
    out.push(
      `@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@`,
    );
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    k = stop;
    start = stop;
  }
  const noNl = (t: string) => t !== "" && !t.endsWith("\n");
  if (noNl(oldText) || noNl(newText)) out.push("\\ No newline at end of file");
  return `${out.join("\n")}\n`;
}
