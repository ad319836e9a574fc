import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FieldCache } from "../../src/filter/field-cache.js";
import {
  compileFilter,
  FilterCompileError,
  FilterSyntaxError,
  parseCondition,
} from "../../src/filter/index.js";
import { type TestEvent, testEventTypes, testSchema } from "../helpers/schema.js";

const m = (cond: string, evt: TestEvent) => compileFilter(parseCondition(cond), testSchema).match(evt);
const compileErr = (cond: string) =>
  assert.throws(() => compileFilter(parseCondition(cond), testSchema), FilterCompileError, cond);

const open: TestEvent = {
  "evt.type": "open",
  "evt.num": 42,
  "evt.rawres": -2,
  "evt.res": "ENOENT",
  "evt.arg[flags]": "O_RDONLY|O_CLOEXEC",
  "evt.buffer": Uint8Array.from(Buffer.from("GET /etc/passwd HTTP/1.1")),
  "evt.rawtime": 1470327477881781397n,
  "evt.is_open_read": true,
  "proc.name": "cat",
  "proc.pname": "bash",
  "proc.cmdline": "cat /etc/shadow",
  "proc.args": "-t tty -n /etc/shadow",
  "proc.argv": ["-t", "tty", "-n", "/etc/shadow"],
  "proc.pid": 1234,
  "proc.aname": ["bash", "sshd", "systemd"],
  "proc.aname[1]": "bash",
  "proc.aname[2]": "sshd",
  "fd.name": "/etc/shadow",
  "fd.num": 3,
  "fd.sip": "10.1.2.3",
  "fd.snet": "10.1.2.3",
  "fd.sport": 443,
  "ka.req.pod.containers.image": ["nginx:1.25", "busybox"],
  "ka.req.pod.containers.privileged": [false, true],
  "k8s.pod.label[app]": "web",
};

describe("string operators", () => {
  const cases: [string, boolean][] = [
    ["proc.name = cat", true],
    ["proc.name == cat", true],
    ["proc.name=cat", true],
    ["proc.name != cat", false],
    ["proc.name = ''", false],
    ["proc.name contains at", true],
    ["proc.name icontains AT", true],
    ["proc.name contains AT", false],
    ["fd.name startswith /etc", true],
    ["fd.name endswith shadow", true],
    ["fd.name glob '/etc/*'", true],
    ["fd.name glob '/*/sh?dow'", true],
    ["fd.name glob '/etc/[a-s]hadow'", true],
    ["fd.name glob '/etc/[!s]hadow'", false],
    ["fd.name glob '*SHADOW'", false],
    ["fd.name iglob '*SHADOW'", true],
    ["fd.name regex '/etc/s.*'", true],
    ["fd.name regex 'etc'", false],
    ["fd.name regex '.*etc.*'", true],
    ["fd.name in (/etc/passwd, /etc/shadow)", true],
    ["fd.name in (/etc/passwd)", false],
    ["fd.name in ()", false],
    ["fd.name intersects (/etc/shadow)", true],
    ["fd.name pmatch (/etc)", true],
    ["fd.name pmatch (/etc/)", true],
    ["fd.name pmatch (/et)", false],
    ["fd.name pmatch (/usr, /etc/shadow)", true],
    ["proc.cmdline contains 'cat /etc'", true],
    ['proc.cmdline = "cat /etc/shadow"', true],
    ["proc.name exists", true],
    ["k8s.pod.label[zone] exists", false],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(m(cond, open), want));
  test("unknown field is a compile error naming it", () => {
    assert.throws(
      () => compileFilter(parseCondition("proc.exe = x"), testSchema),
      (e: FilterCompileError) =>
        e.message === "filter_check called with nonexistent field proc.exe" && e.unknownField === "proc.exe",
    );
  });
});

describe("numeric, bool, buffer and address operators", () => {
  const cases: [string, boolean][] = [
    ["proc.pid = 1234", true],
    ["proc.pid = 0x4d2", true],
    ["proc.pid > 1000 and proc.pid < 2000", true],
    ["proc.pid >= 1234 and proc.pid <= 1234", true],
    ["proc.pid != 1234", false],
    ["proc.pid in (1, 2, 1234)", true],
    ["evt.rawres < 0", true],
    ["evt.rawres = -2", true],
    ["evt.rawtime = 1470327477881781397", true],
    ["evt.rawtime > 1470327477881781396", true],
    ["evt.rawtime in (1470327477881781397)", true],
    ["evt.is_open_read = true", true],
    ["evt.is_open_read = false", false],
    ["evt.buffer contains passwd", true],
    ["evt.buffer bcontains 2f657463", true],
    ["evt.buffer bstartswith 474554", true],
    ["evt.buffer bstartswith 2f", false],
    ["fd.sip = 10.1.2.3", true],
    ["fd.sip = 10.1.2.4", false],
    ["fd.sip = 10.0.0.0/8", true],
    ["fd.sip in (192.168.0.1, 10.1.2.3)", true],
    ["fd.snet = 10.1.0.0/16", true],
    ["fd.snet = 10.2.0.0/16", false],
    ["fd.snet in (172.16.0.0/12, 10.0.0.0/8)", true],
    ["fd.sport = 443", true],
    ["fd.sport in (80, 443)", true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(m(cond, open), want));
  test("IPv6 addresses and networks", () => {
    const e: TestEvent = { "fd.sip": "2001:db8::1", "fd.snet": "2001:db8::1" };
    assert.equal(m("fd.sip = 2001:db8:0:0::1", e), true);
    assert.equal(m("fd.sip = 2001:db8::2", e), false);
    assert.equal(m("fd.snet = 2001:db8::/32", e), true);
    assert.equal(m("fd.snet = 10.0.0.0/8", e), false);
    assert.equal(m("fd.sip = ::ffff:10.1.2.3", { "fd.sip": "10.1.2.3" }), true);
    assert.equal(m("fd.sip = 10.1.2.3", { "fd.sip": Uint8Array.from([10, 1, 2, 3]) }), true);
  });
  test("operators not valid for the type are compile errors", () => {
    compileErr("proc.pid contains 12");
    compileErr("proc.pid startswith 1");
    compileErr("evt.is_open_read > 0");
    compileErr("fd.sip contains 10");
    compileErr("evt.buffer glob '*'");
    compileErr("proc.pid = abc");
    compileErr("fd.sip = 10.1.2");
    compileErr("evt.is_open_read = maybe");
  });
});

describe("missing values", () => {
  const none: TestEvent = {};
  for (const cond of [
    "proc.name = cat",
    "proc.name != cat",
    "proc.name in (cat)",
    "proc.name contains x",
    "proc.name regex '.*'",
    "proc.name glob '*'",
    "proc.pid < 5",
    "proc.pid != 5",
    "fd.sip = 10.0.0.1",
    "proc.name exists",
    "ka.req.pod.containers.image in (x)",
    "ka.req.pod.containers.image intersects (x)",
    "proc.name = val(proc.pname)",
    "tolower(proc.name) = cat",
  ]) {
    test(`${cond} is false when the field has no value`, () => assert.equal(m(cond, none), false));
  }
  test("not of a missing comparison is true", () => assert.equal(m("not proc.name = cat", none), true));
  test("an empty string is a value", () => {
    assert.equal(m("proc.name = ''", { "proc.name": "" }), true);
    assert.equal(m("proc.name exists", { "proc.name": "" }), true);
  });
});

describe("multi-valued fields", () => {
  test("in needs every value of a list field, intersects any", () => {
    assert.equal(m("ka.req.pod.containers.image in (nginx:1.25, busybox, alpine)", open), true);
    assert.equal(m("ka.req.pod.containers.image in (nginx:1.25)", open), false);
    assert.equal(m("ka.req.pod.containers.image intersects (nginx:1.25)", open), true);
    assert.equal(m("ka.req.pod.containers.image intersects (alpine)", open), false);
    assert.equal(m("ka.req.pod.containers.privileged intersects (true)", open), true);
    assert.equal(m("ka.req.pod.containers.privileged in (true)", open), false);
    assert.equal(m("ka.req.pod.containers.image in (x)", { "ka.req.pod.containers.image": [] }), false);
    assert.equal(m("ka.req.pod.containers.image exists", { "ka.req.pod.containers.image": [] }), false);
  });
  test("scalar operators are refused on list fields, as libsinsp does", () => {
    compileErr("ka.req.pod.containers.image = nginx");
    compileErr("ka.req.pod.containers.image contains nginx");
  });
  test("proc.aname without index matches any ancestor; with index one", () => {
    assert.equal(m("proc.aname = sshd", open), true);
    assert.equal(m("proc.aname in (systemd)", open), true);
    assert.equal(m("proc.aname = init", open), false);
    assert.equal(m("proc.aname[2] = sshd", open), true);
    assert.equal(m("proc.aname[1] = sshd", open), false);
    compileErr("proc.aname[x] = sshd");
  });
  test("field arguments: dotted, bracketed, quoted", () => {
    assert.equal(m("evt.arg.flags contains O_RDONLY", open), true);
    assert.equal(m("evt.arg[flags] contains O_CLOEXEC", open), true);
    assert.equal(m('k8s.pod.label["app"] = web', open), true);
    compileErr("k8s.pod.label.app = web");
    compileErr("evt.arg = x");
  });
  test("a large in list", () => {
    const names = Array.from({ length: 5000 }, (_, i) => `name${i}`);
    assert.equal(m(`proc.name in (${[...names, "cat"].join(", ")})`, open), true);
    assert.equal(m(`proc.name in (${names.join(", ")})`, open), false);
    const nums = Array.from({ length: 5000 }, (_, i) => String(i * 7));
    assert.equal(m(`proc.pid in (${nums.join(",")})`, { "proc.pid": 4998 * 7 }), true);
  });
});

test("either-end fields: any end matches; != means neither end equals (libsinsp)", () => {
  const schema = {
    ...testSchema,
    classes: [
      ...testSchema.classes,
      {
        name: "conn",
        desc: "either end",
        fields: [
          { name: "fd.port", type: "PORT" as const, desc: "port", anyWithoutArg: true, eitherEnd: true },
        ],
      },
    ],
  };
  const mm = (cond: string, e: TestEvent) => compileFilter(parseCondition(cond), schema).match(e);
  const e: TestEvent = { "fd.port": [34567, 443] };
  assert.equal(mm("fd.port = 443", e), true);
  assert.equal(mm("fd.port = 80", e), false);
  assert.equal(mm("fd.port != 443", e), false);
  assert.equal(mm("fd.port != 80", e), true);
  assert.equal(mm("fd.port != 80", {}), false);
});

describe("modifiers", () => {
  const cases: [string, boolean][] = [
    ["fd.name startswith anyof (/usr, /etc)", true],
    ["fd.name startswith anyof (/usr, /bin)", false],
    ["fd.name startswith allof (/etc, /etc/s)", true],
    ["fd.name startswith allof (/etc, /usr)", false],
    ["fd.name startswith oneof (/etc, /usr)", true],
    ["fd.name startswith oneof (/etc, /etc/s)", false],
    ["fd.name contains anyof ()", false],
    ["fd.name endswith anyof (shadow, passwd)", true],
    ["proc.name = anyof (cat, dog)", true],
    ["proc.name != allof (dog, cow)", true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(m(cond, open), want));
  test("a modifier word that is a value stays a value", () => {
    assert.equal(m("proc.name = anyof", { "proc.name": "anyof" }), true);
    assert.equal(m("proc.name = anyof and proc.pid = 1", { "proc.name": "anyof", "proc.pid": 1 }), true);
  });
});

describe("transformers and val()", () => {
  const cases: [string, boolean][] = [
    ["tolower(proc.name) = cat", true],
    ["toupper(proc.name) = CAT", true],
    ["toupper(proc.name) = cat", false],
    ["basename(fd.name) = shadow", true],
    ["len(proc.name) = 3", true],
    ["len(proc.argv) = 4", true],
    ["len(proc.name) > 2", true],
    ["b64(evt.res) = x", false],
    ["tolower(toupper(proc.name)) = cat", true],
    ["len(basename(fd.name)) = 6", true],
    ['join(",", (proc.name, proc.pname)) = "cat,bash"', true],
    ['join("-", (toupper(proc.name), "x")) = CAT-x', true],
    ['join(" ", proc.argv) = "-t tty -n /etc/shadow"', true],
    ['concat(proc.name, "-", proc.pname) = cat-bash', true],
    ['getopt(proc.argv, "t:n") intersects (n)', true],
    ['getopt(proc.argv, "t:n")[t] = tty', true],
    ['getopt(proc.argv, "t:n")[n] = n', true],
    ['getopt(proc.argv, "n")[t] exists', false],
    ["proc.name = val(proc.pname)", false],
    ["proc.name != val(proc.pname)", true],
    ["proc.aname[1] = val(proc.pname)", true],
    ["proc.name = tolower(proc.name)", true],
    ["fd.name startswith val(fd.name)", true],
  ];
  for (const [cond, want] of cases) test(cond, () => assert.equal(m(cond, open), want));
  test("b64 decodes", () => assert.equal(m("b64(proc.name) = hello", { "proc.name": "aGVsbG8=" }), true));
  test("transformer type errors", () => {
    compileErr("tolower(proc.pid) = 1");
    compileErr('join(",", proc.name) = x');
    compileErr("concat(proc.name) = x");
    compileErr('getopt(proc.name, "t") = x');
    compileErr("tolower(proc.name)[1] = x");
  });
});

describe("syntax", () => {
  const bad = [
    "",
    "proc.name =",
    "(proc.name = cat",
    "proc.name = cat)",
    "proc.name = cat and",
    "proc.name = cat andx proc.pid = 1",
    "proc.name in (a, b",
    "proc.name foo cat",
    "proc.name = 'unterminated",
    "proc.name[ = x",
    '"quoted" = x',
    "proc.name < dog",
  ];
  for (const cond of bad)
    test(`rejects ${JSON.stringify(cond)}`, () =>
      assert.throws(() => parseCondition(cond), FilterSyntaxError));
  test("Falco's message for trailing tokens", () => {
    assert.throws(() => parseCondition("evt.type=execve foo"), {
      message: "unexpected token after 'execve', expecting 'or', 'and'",
    });
  });
  test("operator precedence: and binds tighter than or; not applies to one check", () => {
    assert.equal(m("proc.name = dog and proc.pid = 1 or proc.name = cat", open), true);
    assert.equal(m("proc.name = dog and (proc.pid = 1 or proc.name = cat)", open), false);
    assert.equal(m("not proc.name = dog and proc.name = cat", open), true);
    assert.equal(m("not not proc.name = cat", open), true);
    assert.equal(m("not(proc.name = dog)", open), true);
    assert.equal(m("(proc.name = cat)and(proc.pid = 1234)", open), true);
  });
  test("quoted strings with escapes", () => {
    assert.equal(m('proc.cmdline = "cat \\"x\\""', { "proc.cmdline": 'cat "x"' }), true);
    assert.equal(m("proc.cmdline = 'it\\'s'", { "proc.cmdline": "it's" }), true);
    assert.equal(m('proc.cmdline = "a\\tb\\x41"', { "proc.cmdline": "a\tbA" }), true);
    assert.throws(() => parseCondition('proc.name = "a\\q"'), /unsupported string escape sequence/);
  });
  test("a regex that does not compile is a compile error", () => compileErr("proc.name regex '(unclosed'"));
  test("10,000 nested parentheses give an error, not a stack overflow", () => {
    const deep = `${"(".repeat(10000)}proc.name = cat${")".repeat(10000)}`;
    assert.throws(() => parseCondition(deep), /exceeded max depth limit of 1000/);
    const ok = `${"(".repeat(50)}proc.name = cat${")".repeat(50)}`;
    assert.equal(m(ok, open), true);
  });
  test("macros left in the tree are refused at compile", () => compileErr("some_macro and proc.name = cat"));
});

describe("event type analysis", () => {
  const types = (cond: string) =>
    [...(compileFilter(parseCondition(cond), testSchema).evttypes ?? [])].sort();
  const all = [...testEventTypes].sort();
  test("= and in", () => {
    assert.deepEqual(types("evt.type = open"), ["open"]);
    assert.deepEqual(types("evt.type in (open, execve) and proc.name = cat"), ["execve", "open"]);
    assert.deepEqual(types("evt.type = open or evt.type = connect"), ["connect", "open"]);
  });
  test("negation and != complement", () => {
    assert.deepEqual(
      types("evt.type != open"),
      all.filter((t) => t !== "open"),
    );
    assert.deepEqual(
      types("not evt.type = open"),
      all.filter((t) => t !== "open"),
    );
    assert.deepEqual(types("not evt.type != open"), ["open"]);
    assert.deepEqual(
      types("not (evt.type = open or evt.type = execve)"),
      all.filter((t) => t !== "open" && t !== "execve"),
    );
    assert.deepEqual(types("evt.type = open and not proc.name = cat"), ["open"]);
  });
  test("checks on other fields match every type; evt.num = 0 matches none", () => {
    assert.deepEqual(types("proc.name = cat"), all);
    assert.deepEqual(types("evt.num = 0"), []);
    assert.deepEqual(types("evt.type = open and evt.num = 0"), []);
    assert.deepEqual(types("not evt.num = 0"), all);
  });
  test("unknown event types are compile errors", () => {
    assert.throws(() => compileFilter(parseCondition("evt.type in (list_a)"), testSchema), {
      message: "unknown event type list_a",
    });
  });
});

describe("generated predicates and the field memo", () => {
  // Counts extractions per field, to show a field is read once per event across every filter sharing a memo.
  const calls = new Map<string, number>();
  const counting = {
    ...testSchema,
    bind: (def: Parameters<typeof testSchema.bind>[0], arg: string | undefined) => {
      const f = testSchema.bind(def, arg);
      return (e: TestEvent) => {
        calls.set(def.name, (calls.get(def.name) ?? 0) + 1);
        return f(e);
      };
    },
  };
  test("each field is extracted once per event however many checks and filters read it", () => {
    const cache = new FieldCache();
    const conds = [
      "proc.name = cat and fd.name startswith /etc",
      "proc.name in (cat, less) and not fd.name = /etc/passwd",
      "tolower(proc.name) = cat or proc.name = cat",
    ];
    const filters = conds.map((c) => compileFilter(parseCondition(c), counting, { cache }));
    calls.clear();
    for (const evt of [{ ...open }, { ...open, "proc.name": "less" }]) {
      assert.deepEqual(
        filters.map((f) => f.match(evt)),
        evt["proc.name"] === "cat" ? [true, true, true] : [false, true, false],
      );
    }
    assert.deepEqual(Object.fromEntries(calls), { "proc.name": 2, "fd.name": 2 });
  });
  test("a transformer over a field is not read as the bare field", () => {
    assert.equal(m("toupper(proc.name) = CAT and proc.name = cat", open), true);
    assert.equal(m("proc.name = cat and toupper(proc.name) = cat", open), false);
  });
});
