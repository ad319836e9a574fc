import type { Command } from "commander";
import { listFields } from "./fields.js";

/** `lanner fields [--source S] [--json] [-N]`: the fields rules can use (Falco's `--list`). */
export function registerFields(program: Command): void {
  program
    .command("fields")
    .description("list the fields conditions and outputs can use, per source (Falco's --list)")
    .option("--source <source>", "only this source (syscall, k8s_audit)")
    .option("--json", "print JSON")
    .option("-N, --names-only", "print field names only")
    .action((opts: { source?: string; json?: boolean; namesOnly?: boolean }) => {
      process.stdout.write(listFields({ source: opts.source, json: opts.json, namesOnly: opts.namesOnly }));
    });
}
