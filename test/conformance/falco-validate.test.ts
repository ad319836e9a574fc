// Falco's regression suite (falco_tests.yaml): every case that validates rules files, checked against
// Lanner's loader. The data is from 2023 (Falco 0.35); where Falco 0.44 reports differently, DRIFT says
// what 0.44 reports and why, and the test checks the 0.44 behaviour.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { type CollectionTag, parse } from "yaml";
import { type LoadDiagnostic, type LoadResult, loadRules, readRulesFiles } from "../../src/rules/index.js";
import { SHARED, testSchemas } from "../rules/helpers.js";

const REGRESSION = path.join(SHARED, "conformance/falco-regression");
const PINNED_FALCO_RULES = path.join(SHARED, "rules/pinned/falco_rules-1.0.1.yaml");

interface Expected {
  item_type: string;
  item_name: string;
  code: string;
  message?: string;
  message_contains?: string;
  /** Only used in DRIFT: the message must match this pattern. */
  message_pattern?: RegExp;
}

interface Case {
  exit_status?: number;
  validate_rules_file?: string | string[];
  validate_errors?: Expected[];
  validate_warnings?: Expected[];
  validate_ok?: string[];
  /** Rule name -> the event types its condition restricts to (`[all]`: no restriction). */
  rules_events?: Record<string, string[]>[];
}

/**
 * Where Falco 0.44 (engine 0.63.0) differs from the 2023 expectations. Sources: falcosecurity/falco
 * userspace/engine (rule_loading_messages.h, rule_loader_reader.cpp, falco_load_result.cpp) and the
 * successor of this suite, falcosecurity/testing tests/falco/legacy_test.go.
 */
const DRIFT: Record<string, { errors?: Expected[]; warnings?: Expected[]; why: string }> = {
  invalid_engine_version_not_number: {
    why: "0.44 falls back to parsing a semver string and reports that it is not one (testing: InvalidEngineVersionNotNumber)",
    errors: [
      {
        item_type: "required_engine_version",
        item_name: "",
        code: "LOAD_ERR_YAML_VALIDATE",
        message:
          "Unable to parse engine version 'not-a-number' as a semver string. Expected \"x.y.z\" semver format.",
      },
    ],
  },
  engine_version_mismatch: {
    why: "0.44 prints the required version as semver (9999999 means 0.9999999.0)",
    errors: [
      {
        item_type: "required_engine_version",
        item_name: "",
        code: "LOAD_ERR_VALIDATE",
        message: "Rules require engine version 0.9999999.0, but engine version is 0.63.0",
      },
    ],
  },
  invalid_yaml_parse_error: {
    why: "the message comes from the YAML parser (yaml-cpp in Falco, eemeli/yaml here); same code and place",
    errors: [
      {
        item_type: "rules content",
        item_name: "",
        code: "LOAD_ERR_YAML_PARSE",
        message_pattern: /^error at line 1, column \d+: /,
      },
    ],
  },
  invalid_append_macro_dangling: {
    why: "0.44 wording (ERROR_NO_PREVIOUS_MACRO) covers append: true and override.condition: append",
    errors: [
      {
        item_type: "macro",
        item_name: "dangling append",
        code: "LOAD_ERR_VALIDATE",
        message:
          "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
      },
    ],
  },
  invalid_list_append_dangling: {
    why: "0.44 wording (ERROR_NO_PREVIOUS_LIST)",
    errors: [
      {
        item_type: "list",
        item_name: "my_list",
        code: "LOAD_ERR_VALIDATE",
        message: "List uses 'append' or 'override.items: append' but no list by that name already exists",
      },
    ],
  },
  invalid_rule_append_dangling: {
    why: "0.44 wording (ERROR_NO_PREVIOUS_RULE_APPEND)",
    errors: [
      {
        item_type: "rule",
        item_name: "my_rule",
        code: "LOAD_ERR_VALIDATE",
        message: "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
      },
    ],
  },
  validate_skip_unknown_noevt: {
    why: "0.44 names the code LOAD_UNKNOWN_FILTER (LOAD_UNKNOWN_FIELD no longer exists; testing: ValidateSkipUnknownNoevt)",
    warnings: [
      {
        item_type: "rule",
        item_name: "Contains Unknown Event And Skipping",
        code: "LOAD_UNKNOWN_FILTER",
        message: "filter_check called with nonexistent field proc.nobody",
      },
    ],
  },
};

function readCases(): Map<string, Case> {
  const text = readFileSync(path.join(REGRESSION, "falco_tests.yaml"), "utf8");
  // `!mux` (an Avocado multiplexer tag) marks the map of cases; it is a plain map for us.
  const mux: CollectionTag = { tag: "!mux", collection: "map", resolve: (m) => m };
  const doc = parse(text, { customTags: [mux] }) as { trace_files: Record<string, Case> };
  return new Map(Object.entries(doc.trace_files));
}

function rulesPath(p: string): string {
  return p.startsWith("BUILD_DIR/") && p.endsWith("/falco_rules.yaml")
    ? PINNED_FALCO_RULES
    : path.join(REGRESSION, p);
}

function matches(d: LoadDiagnostic, e: Expected): boolean {
  if (d.code !== e.code) return false;
  if (!d.locations.some((l) => l.itemType.toLowerCase() === e.item_type.toLowerCase())) return false;
  if (!d.locations.some((l) => l.itemName === e.item_name)) return false;
  if (e.message !== undefined && d.message !== e.message) return false;
  if (e.message_contains !== undefined && !d.message.includes(e.message_contains)) return false;
  if (e.message_pattern !== undefined && !e.message_pattern.test(d.message)) return false;
  return true;
}

function describe(list: readonly LoadDiagnostic[]): string {
  if (list.length === 0) return "  (none)";
  return list
    .map(
      (d) =>
        `  ${d.code} [${d.locations.map((l) => `${l.itemType}:${l.itemName}`).join(" > ")}] ${d.message}`,
    )
    .join("\n");
}

function assertReported(kind: string, got: readonly LoadDiagnostic[], expected: readonly Expected[]): void {
  for (const e of expected) {
    const wanted = e.message ?? e.message_contains ?? String(e.message_pattern);
    assert.ok(
      got.some((d) => matches(d, e)),
      `expected ${kind} ${e.code} on ${e.item_type} "${e.item_name}": ${wanted}\ngot:\n${describe(got)}`,
    );
  }
}

const cases = [...readCases()].filter(
  ([, c]) => c.validate_rules_file || c.validate_errors || c.validate_warnings || c.validate_ok,
);

test("the regression suite has validation cases", () => {
  assert.ok(cases.length >= 30, `only ${cases.length} validation cases found`);
});

for (const [name, c] of cases) {
  test(`falco_tests.yaml: ${name}`, () => {
    const files = [c.validate_rules_file ?? []].flat().map(rulesPath);
    const result: LoadResult = loadRules(readRulesFiles(files), testSchemas());
    const errors = result.perFile.flatMap((f) => f.errors);
    const warnings = result.perFile.flatMap((f) => f.warnings);
    const drift = DRIFT[name];

    assertReported("error", errors, drift?.errors ?? c.validate_errors ?? []);
    assertReported("warning", warnings, drift?.warnings ?? c.validate_warnings ?? []);

    for (const okName of c.validate_ok ?? []) {
      const file = result.perFile.find((f) => path.basename(f.name) === okName);
      assert.ok(file, `no result for ${okName}`);
      assert.equal(file.successful, true, `${okName} should load:\n${describe(file.errors)}`);
    }

    // `rules_events` was not checked upstream since Falco#1715 and some `[all]` entries predate libsinsp's
    // evt.type analysis of `not` and `or` (e.g. `proc.name!=foo and evt.type=execve` is execve only).
    // Check the explicit sets, and `[all]` where the case also expects LOAD_NO_EVTTYPE for the rule.
    const noEvttype = new Set(
      (c.validate_warnings ?? []).filter((w) => w.code === "LOAD_NO_EVTTYPE").map((w) => w.item_name),
    );
    for (const entry of c.rules_events ?? []) {
      for (const [ruleName, types] of Object.entries(entry)) {
        const rule = result.rules.find((r) => r.name === ruleName);
        assert.ok(rule, `rule ${ruleName} not loaded`);
        if (types.length === 1 && types[0] === "all") {
          if (!noEvttype.has(ruleName)) continue;
          assert.ok(
            rule.evttypes === undefined || rule.evttypes.size > 100,
            `${ruleName} should match every type`,
          );
        } else {
          assert.deepEqual(
            [...(rule.evttypes ?? ["(all)"])].sort(),
            [...types].sort(),
            `event types of ${ruleName}`,
          );
        }
      }
    }

    // Falco's -V exits 1 exactly when some file has an error.
    const expectFailure = c.exit_status === 1 || (c.validate_errors?.length ?? 0) > 0;
    assert.equal(result.ok, !expectFailure, `exit status: errors were\n${describe(errors)}`);
    assert.equal(errors.length > 0, expectFailure);
  });
}
