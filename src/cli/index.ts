#!/usr/bin/env node
// The `lanner` command: wires subcommands together; library code never reads argv or exits.
import { Command } from "commander";
import { registerAudit } from "./audit.js";
import { registerCapture } from "./capture.js";
import { registerFields } from "./fields-command.js";
import { registerImmutable } from "./immutable.js";
import { registerInspect } from "./inspect.js";
import { registerInstall } from "./install.js";
import { registerRules } from "./rules.js";
import { registerRun } from "./run.js";
import { registerValidate } from "./validate.js";
import { VERSION } from "./version.js";

// A reader that went away (`lanner … | head`) is not an error worth a stack trace: writes to stdout
// fail quietly (an output channel still counts its own failed writes; inspect stops reading).
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
});

const program = new Command();
program
  .name("lanner")
  .description("Runtime security and auditing for Kubernetes, with Falco's rules language")
  .version(VERSION);

registerRun(program);
registerValidate(program);
registerRules(program);
registerFields(program);
registerCapture(program);
registerInspect(program);
registerAudit(program);
registerImmutable(program);
registerInstall(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`lanner: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
