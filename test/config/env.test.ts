// ${ENV} expansion and $${x} escaping, with the cases of Falco's test_configuration_env_vars.cpp.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${ENV} text under test, not templates
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { expandEnv, loadConfig } from "../../src/config/index.js";
import { errorsOf, ok, tempDir } from "./helpers.js";

const ENV = {
  ENV_VAR: "envVarValue",
  ENV_VAR_EMBEDDED: "${ENV_VAR}",
  ENV_VAR_BOOL: "true",
  ENV_VAR_INT: "12",
  ENV_VAR_EMPTY: "",
};

test("expansion and escaping follow Falco's yaml_helper", () => {
  const cases: [string, string][] = [
    ["$ENV_VAR", "$ENV_VAR"],
    ["${ENV_VAR}", "envVarValue"],
    ["my_string", "my_string"],
    ["$${ENV_VAR}", "${ENV_VAR}"],
    ["$$ENV_VAR", "$$ENV_VAR"],
    ["$${ENV_VAR}$${ENV_VAR}", "${ENV_VAR}${ENV_VAR}"],
    ["$${${ENV_VAR}}", "${envVarValue}"],
    ["$${ENV_VAR}${ENV_VAR}", "${ENV_VAR}envVarValue"],
    ["${UNSED_XX_X_X_VAR}", ""],
    [" ${ENV_VAR}", " envVarValue"],
    ["${ENV_VAR} ", "envVarValue "],
    ["${ENV_VAR}/foo", "envVarValue/foo"],
    ["/foo/${ENV_VAR}/", "/foo/envVarValue/"],
    ["/${ENV_VAR}/${ENV_VAR}${ENV_VAR}/foo", "/envVarValue/envVarValueenvVarValue/foo"],
    ["${ENV_VAR_EMBEDDED}/foo", "envVarValue/foo"],
    ["${ENV_VAR_EMPTY}", ""],
    // A `${` without its `}` ends the expansion; the rest stays as written.
    ["${ENV_VAR}${oops", "envVarValue${oops"],
    // Lanner goes on after a lone `$` (Falco would leave the rest unexpanded).
    ["a$b ${ENV_VAR}", "a$b envVarValue"],
  ];
  for (const [input, want] of cases) assert.equal(expandEnv(input, ENV), want, input);
});

test("a variable that names itself does not loop forever", () => {
  assert.equal(typeof expandEnv("${SELF}", { SELF: "${SELF}" }), "string");
});

test("expanded values are typed by the key they land in, quoted or not, in maps and lists", () => {
  const dir = tempDir({
    "main.yaml": [
      "json_output: ${ENV_VAR_BOOL}",
      "outputs_queue:",
      "  capacity: ${ENV_VAR_INT}",
      "file_output:",
      "  filename: '/var/log/${ENV_VAR}.txt'",
      '  keep_alive: "${ENV_VAR_BOOL}"',
      "rules_files:",
      "  - ${ENV_VAR}/rules.yaml",
      "  - $${ENV_VAR}/literal.yaml",
      "static_fields:",
      "  ${ENV_VAR}: ${ENV_VAR}",
      "http_output:",
      "  enabled: ${ENV_VAR_EMPTY}",
      "plugins:",
      "  - name: k8saudit",
      "    library_path: /foo/${ENV_VAR}/libk8saudit.so",
      "    open_params: ${ENV_VAR_INT}",
      "",
    ].join("\n"),
  });
  const c = ok(loadConfig({ file: path.join(dir, "main.yaml"), env: ENV }));
  assert.equal(c.json_output, true);
  assert.equal(c.outputs_queue.capacity, 12);
  assert.equal(c.file_output.filename, "/var/log/envVarValue.txt");
  assert.equal(c.file_output.keep_alive, true);
  assert.deepEqual(c.rules_files, ["envVarValue/rules.yaml", "${ENV_VAR}/literal.yaml"]);
  assert.deepEqual(c.static_fields, { "${ENV_VAR}": "envVarValue" }, "keys are not expanded");
  assert.equal(c.http_output.enabled, false, "an empty expansion leaves a boolean at its default");
  assert.equal(c.plugins[0].library_path, "/foo/envVarValue/libk8saudit.so");
  assert.equal(c.plugins[0].open_params, "12");
});

test("an expanded value of the wrong type is an error naming the key", () => {
  const dir = tempDir({ "main.yaml": "webserver:\n  listen_port: ${ENV_VAR}\n" });
  assert.deepEqual(errorsOf(loadConfig({ file: path.join(dir, "main.yaml"), env: ENV })), [
    `${path.join(dir, "main.yaml")}:2:16: webserver.listen_port: expected an integer from 0 to 65535, found "envVarValue"`,
  ]);
});

test("-o values are not expanded (the shell already did)", () => {
  const c = ok(loadConfig({ overrides: ["file_output.filename=${ENV_VAR}"], env: ENV }));
  assert.equal(c.file_output.filename, "${ENV_VAR}");
});
