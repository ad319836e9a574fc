// `lanner inspect FILE.scap [FILTER...] [-p FORMAT]`: sysdig's `-r` — the events of a capture, in
// sysdig's default line format or a `-p` format, selected by a filter in the condition language.
import type { Command } from "commander";
import { DEFAULT_INSPECT_FORMAT, inspectCapture } from "../syscall/inspect.js";

interface InspectCliOptions {
  print?: string;
  displayflt?: boolean;
  debug?: boolean;
  numevents?: string;
}

/** Buffers output lines and writes them in large chunks (one write per line is slow). */
class LineWriter {
  #parts: string[] = [];
  #size = 0;

  write(line: string): void {
    this.#parts.push(line, "\n");
    this.#size += line.length + 1;
    if (this.#size > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.#parts.length === 0) return;
    process.stdout.write(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
  }
}

/** Registers `inspect`. Exit code 1 when the capture is damaged or unreadable (after printing what came before). */
export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description(
      "print the events of a scap capture, like sysdig -r (filter and -p format in Falco's language)",
    )
    .argument("<file>", "scap capture (plain or gzip)")
    .argument(
      "[filter...]",
      "condition selecting the events to print, e.g. evt.type=open and fd.name startswith /etc",
    )
    .option(
      "-p, --print <format>",
      `output format with %field tokens; a leading * keeps events with missing fields (default: "${DEFAULT_INSPECT_FORMAT}")`,
    )
    .option("-d, --displayflt", "evaluate the filter after the state is updated (Falco's view), not before")
    .option("-D, --debug", "also print internal events (procinfo…)")
    .option("-n, --numevents <n>", "stop after printing this many events")
    .action(async (file: string, filterWords: string[], opts: InspectCliOptions) => {
      const out = new LineWriter();
      process.stdout.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "EPIPE") process.exit(0);
        throw err;
      });
      const format = opts.print === undefined ? undefined : unescapeFormat(opts.print);
      const result = await inspectCapture(file, {
        filter: filterWords.length > 0 ? filterWords.join(" ") : undefined,
        format,
        filterMode: opts.displayflt ? "display" : "capture",
        debug: opts.debug === true,
        maxEvents: opts.numevents === undefined ? undefined : Number(opts.numevents),
        write: (l) => out.write(l),
      });
      out.flush();
      if (result.error) {
        process.stderr.write(`lanner: ${file}: ${result.error.code}: ${result.error.message}\n`);
        process.exitCode = 1;
      }
    });
}

/** sysdig's `-p` escapes: \n, \t, \e and \\. */
function unescapeFormat(s: string): string {
  return s.replace(/\\([nte\\])/g, (_m, c: string) =>
    c === "n" ? "\n" : c === "t" ? "\t" : c === "e" ? "\x1b" : "\\",
  );
}
