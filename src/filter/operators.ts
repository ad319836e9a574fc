// Comparison operators: each builds, at compile time, a test of one extracted scalar against
// constant right-hand values already converted to the field's category.
import RE2 from "re2";
import type { Scalar } from "../fields/types.js";
import type { BinaryOperator } from "./ast.js";
import {
  type Category,
  type IpAddr,
  type IpNet,
  LiteralError,
  netContains,
  numCompare,
  parseBool,
  parseHexBytes,
  parseIp,
  parseNet,
  parseNumber,
  toBytes,
  toIp,
  toNum,
  toText,
} from "./values.js";

export type ScalarTest = (v: Scalar) => boolean;

/** libsinsp's names for operators in "operator not supported" errors. */
const OP_NAME: Record<BinaryOperator, string> = {
  "=": "EQ",
  "==": "EQ",
  "!=": "NE",
  "<": "LT",
  "<=": "LE",
  ">": "GT",
  ">=": "GE",
  contains: "CONTAINS",
  icontains: "ICONTAINS",
  bcontains: "BCONTAINS",
  startswith: "STARTSWITH",
  bstartswith: "BSTARTSWITH",
  endswith: "ENDSWITH",
  glob: "GLOB",
  iglob: "IGLOB",
  regex: "REGEX",
  in: "IN",
  intersects: "INTERSECTS",
  pmatch: "PMATCH",
};

const ALLOWED: Record<Category, ReadonlySet<string>> = {
  num: new Set(["=", "==", "!=", "<", "<=", ">", ">=", "in", "intersects"]),
  bool: new Set(["=", "==", "!=", "in", "intersects"]),
  str: new Set([
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "contains",
    "icontains",
    "startswith",
    "endswith",
    "glob",
    "iglob",
    "regex",
    "in",
    "intersects",
    "pmatch",
  ]),
  buf: new Set([
    "=",
    "==",
    "!=",
    "contains",
    "in",
    "startswith",
    "endswith",
    "intersects",
    "bcontains",
    "bstartswith",
  ]),
  ip: new Set(["=", "==", "!=", "in", "intersects"]),
  net: new Set(["=", "==", "!=", "in", "intersects"]),
};

const KIND_NAME: Record<Category, string> = {
  num: "numeric",
  bool: "numeric",
  str: "string",
  buf: "buffer",
  ip: "ip address and network",
  net: "ip address and network",
};

/** libsinsp's operator/type compatibility; returns the error text or undefined. */
export function checkComparable(op: BinaryOperator, cat: Category, isList: boolean): string | undefined {
  if (isList) {
    if (op === "in" || op === "intersects") return undefined;
    return `'${OP_NAME[op]}' operator not supported list filters`;
  }
  if (ALLOWED[cat].has(op)) return undefined;
  return `'${OP_NAME[op]}' operator not supported for ${KIND_NAME[cat]} filters`;
}

/** A right-hand literal converted to the field's category. */
export type Operand =
  | { cat: "num"; v: number | bigint }
  | { cat: "bool"; v: boolean }
  | { cat: "str"; v: string }
  | { cat: "buf"; v: Buffer }
  | { cat: "ip"; v: IpAddr; net?: IpNet }
  | { cat: "net"; v: IpNet };

/** Converts literal text for a field category; throws LiteralError when it does not fit. */
export function convertLiteral(text: string, cat: Category, op: BinaryOperator): Operand {
  switch (cat) {
    case "num":
      return { cat, v: parseNumber(text) };
    case "bool":
      return { cat, v: parseBool(text) };
    case "str":
      return { cat, v: text };
    case "buf":
      return {
        cat,
        v:
          op === "bcontains" || op === "bstartswith"
            ? Buffer.from(parseHexBytes(text))
            : Buffer.from(text, "latin1"),
      };
    case "ip": {
      // An address field compared with a CIDR literal tests membership.
      if (text.includes("/")) {
        const net = parseNet(text);
        if (!net) throw new LiteralError(`${text} is not a valid IP network`);
        return { cat, v: { v6: net.v6, bits: net.bits }, net };
      }
      const ip = parseIp(text);
      if (!ip) throw new LiteralError(`${text} is not a valid IP address`);
      return { cat, v: ip };
    }
    case "net": {
      const net = parseNet(text);
      if (!net) throw new LiteralError(`${text} is not a valid IP network`);
      return { cat, v: net };
    }
  }
}

/** Builds the test of one scalar against one operand for a scalar operator. */
export function scalarTest(op: BinaryOperator, rhs: Operand): ScalarTest {
  switch (rhs.cat) {
    case "num": {
      const r = rhs.v;
      const cmp = (v: Scalar): number | undefined => {
        const n = toNum(v);
        return n === undefined ? undefined : numCompare(n, r);
      };
      return orderTest(op, cmp);
    }
    case "bool": {
      const r = rhs.v;
      const eq = (v: Scalar) =>
        (typeof v === "boolean" ? v : v !== 0 && v !== 0n && v !== "false" && v !== "") === r;
      return op === "!=" ? (v) => !eq(v) : eq;
    }
    case "str":
      return stringTest(op, rhs.v);
    case "buf":
      return bufferTest(op, rhs.v);
    case "ip": {
      const { v: r, net } = rhs;
      const eq = net
        ? (v: Scalar) => {
            const ip = toIp(v);
            return ip !== undefined && netContains(net, ip);
          }
        : (v: Scalar) => {
            const ip = toIp(v);
            return ip !== undefined && ip.v6 === r.v6 && ip.bits === r.bits;
          };
      return op === "!=" ? (v) => !eq(v) : eq;
    }
    case "net": {
      const net = rhs.v;
      const eq = (v: Scalar) => {
        const ip = toIp(v);
        return ip !== undefined && netContains(net, ip);
      };
      return op === "!=" ? (v) => !eq(v) : eq;
    }
  }
}

function orderTest(op: BinaryOperator, cmp: (v: Scalar) => number | undefined): ScalarTest {
  switch (op) {
    case "=":
    case "==":
      return (v) => cmp(v) === 0;
    case "!=":
      return (v) => {
        const c = cmp(v);
        return c !== undefined && c !== 0;
      };
    case "<":
      return (v) => (cmp(v) ?? 0) < 0;
    case "<=":
      return (v) => {
        const c = cmp(v);
        return c !== undefined && c <= 0;
      };
    case ">":
      return (v) => (cmp(v) ?? 0) > 0;
    case ">=":
      return (v) => {
        const c = cmp(v);
        return c !== undefined && c >= 0;
      };
    default:
      throw new LiteralError(`operator ${op} is not an ordering`);
  }
}

function stringTest(op: BinaryOperator, r: string): ScalarTest {
  switch (op) {
    case "=":
    case "==":
      return (v) => (typeof v === "string" ? v : toText(v)) === r;
    case "!=":
      return (v) => (typeof v === "string" ? v : toText(v)) !== r;
    case "<":
    case "<=":
    case ">":
    case ">=":
      return orderTest(op, (v) => {
        const s = toText(v);
        return s < r ? -1 : s > r ? 1 : 0;
      });
    case "contains":
      return (v) => toText(v).includes(r);
    case "icontains": {
      const lr = r.toLowerCase();
      return (v) => toText(v).toLowerCase().includes(lr);
    }
    case "startswith":
      return (v) => toText(v).startsWith(r);
    case "endswith":
      return (v) => toText(v).endsWith(r);
    case "glob":
    case "iglob": {
      const rx = globToRegex(r, op === "iglob");
      return (v) => rx.test(toText(v));
    }
    case "regex": {
      let rx: RE2;
      try {
        rx = new RE2(`^(?:${r})$`, "s");
      } catch (e) {
        throw new LiteralError(`invalid regular expression '${r}': ${(e as Error).message}`);
      }
      return (v) => rx.test(toText(v));
    }
    case "pmatch":
      return pathPrefixTest([r]);
    default:
      throw new LiteralError(`'${OP_NAME[op]}' operator not supported for string filters`);
  }
}

function bufferTest(op: BinaryOperator, r: Buffer): ScalarTest {
  switch (op) {
    case "=":
    case "==":
      return (v) => toBytes(v).equals(r);
    case "!=":
      return (v) => !toBytes(v).equals(r);
    case "contains":
    case "bcontains":
      return (v) => toBytes(v).indexOf(r) >= 0;
    case "startswith":
    case "bstartswith":
      return (v) => {
        const b = toBytes(v);
        return b.length >= r.length && b.subarray(0, r.length).equals(r);
      };
    case "endswith":
      return (v) => {
        const b = toBytes(v);
        return b.length >= r.length && b.subarray(b.length - r.length).equals(r);
      };
    default:
      throw new LiteralError(`'${OP_NAME[op]}' operator not supported for buffer filters`);
  }
}

/**
 * fnmatch(3) without FNM_PATHNAME, so `*` also matches `/`: `*`, `?`, bracket sets with `!`/`^`
 * negation and ranges, backslash escapes. Compiled to RE2, so matching stays linear.
 */
export function globToRegex(glob: string, ignoreCase: boolean): RE2 {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "\\" && i + 1 < glob.length) out += escapeRe(glob[++i] as string);
    else if (c === "[") {
      const close = findBracketEnd(glob, i);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = glob.slice(i + 1, close);
      let neg = false;
      if (body.startsWith("!") || body.startsWith("^")) {
        neg = true;
        body = body.slice(1);
      }
      out += `[${neg ? "^" : ""}${body.replace(/\\/g, "\\\\").replace(/\[/g, "\\[")}]`;
      i = close;
    } else out += escapeRe(c);
  }
  return new RE2(`^(?:${out})$`, ignoreCase ? "is" : "s");
}

function findBracketEnd(glob: string, open: number): number {
  let j = open + 1;
  if (glob[j] === "!" || glob[j] === "^") j++;
  if (glob[j] === "]") j++;
  for (; j < glob.length; j++) if (glob[j] === "]") return j;
  return -1;
}

function escapeRe(c: string): string {
  return /[\\^$.|?*+()[\]{}]/.test(c) ? `\\${c}` : c;
}

/** `pmatch`: the value is one of the paths or lies below one of them. */
export function pathPrefixTest(paths: readonly string[]): ScalarTest {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of paths) {
    const norm = p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
    exact.add(norm);
    prefixes.push(norm === "/" ? "/" : `${norm}/`);
  }
  return (v) => {
    const s = toText(v);
    if (exact.has(s)) return true;
    for (const p of prefixes) if (s.startsWith(p)) return true;
    return false;
  };
}

/** Membership in a set of operands (`in`, `intersects` element test). */
export function membershipTest(operands: readonly Operand[]): ScalarTest {
  if (operands.length === 0) return () => false;
  const cat = (operands[0] as Operand).cat;
  if (cat === "str") {
    const set = new Set(operands.map((o) => o.v as string));
    return (v) => set.has(typeof v === "string" ? v : toText(v));
  }
  if (cat === "num") {
    // Hold both number and bigint forms so either kind of extracted value is found directly.
    const set = new Set<number | bigint>();
    for (const o of operands) {
      const n = o.v as number | bigint;
      set.add(n);
      if (typeof n === "number" && Number.isInteger(n)) set.add(BigInt(n));
      if (typeof n === "bigint") set.add(Number(n));
    }
    return (v) => {
      if (typeof v === "number" || typeof v === "bigint") return set.has(v);
      const n = toNum(v);
      return n !== undefined && set.has(n);
    };
  }
  const tests = operands.map((o) => scalarTest("=", o));
  return (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}
