import assert from "node:assert/strict";
import { test } from "node:test";
import { compileOutputTemplate, OutputTemplateError } from "../../src/filter/index.js";
import { type TestEvent, testSchema } from "../helpers/schema.js";

const evt: TestEvent = {
  "proc.name": "cat",
  "proc.cmdline": "cat /etc/shadow",
  "proc.aname[2]": "sshd",
  "proc.pid": 1234,
  "evt.arg[flags]": "O_RDONLY",
  "fd.name": "/etc/Shadow",
  "ka.req.pod.containers.image": ["nginx", "busybox"],
};
const t = (fmt: string) => compileOutputTemplate(fmt, testSchema);

test("%field tokens, arguments and missing values", () => {
  const tpl = t("open by %proc.name (pid=%proc.pid gp=%proc.aname[2] flags=%evt.arg.flags user=%proc.pname)");
  assert.equal(tpl.render(evt), "open by cat (pid=1234 gp=sshd flags=O_RDONLY user=<NA>)");
  assert.deepEqual(tpl.fields, ["proc.name", "proc.pid", "proc.aname[2]", "evt.arg.flags", "proc.pname"]);
  assert.deepEqual(tpl.values(evt), {
    "proc.name": "cat",
    "proc.pid": 1234,
    "proc.aname[2]": "sshd",
    "evt.arg.flags": "O_RDONLY",
    "proc.pname": null,
  });
});

test("%N width pads or cuts; * allows missing values; text around tokens is kept", () => {
  assert.equal(t("[%6proc.name]").render(evt), "[cat   ]");
  assert.equal(t("[%2proc.cmdline]").render(evt), "[ca]");
  const star = t("*%proc.name %proc.pname");
  assert.equal(star.requireAll, false);
  assert.equal(star.render(evt), "cat <NA>");
  assert.equal(t("(%proc.name.)").render(evt), "(cat.)");
  assert.throws(() => t("100% done"), OutputTemplateError);
});

test("transformers in outputs", () => {
  assert.equal(t("%tolower(fd.name) %toupper(proc.name)").render(evt), "/etc/shadow CAT");
  assert.equal(t("%basename(fd.name)").render(evt), "Shadow");
  assert.deepEqual(t("%len(proc.name)").values(evt), { "len(proc.name)": 3 });
});

test("list values print as (a,b)", () => {
  assert.equal(t("images=%ka.req.pod.containers.image").render(evt), "images=(nginx,busybox)");
});

test("unknown fields are errors with Falco's message", () => {
  assert.throws(() => t("An open was seen %not_a_real_field"), {
    name: "Error",
    message: "invalid formatting token not_a_real_field",
  });
  assert.throws(() => t("x %proc.nobody"), OutputTemplateError);
  assert.throws(() => t("ends with %"), OutputTemplateError);
});
