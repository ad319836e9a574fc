// `${NAME}` in configuration values, as Falco's yaml_helper expands it when a file is loaded.

/** Most substitutions in one value: a variable whose value names itself would otherwise never end. */
const MAX_SUBSTITUTIONS = 256;

/**
 * Replaces each `${NAME}` with the variable's value (unset variables become empty text) and turns the
 * escape `$${x}` into a literal `${x}`. Like Falco, the text a variable brought in is scanned again, so
 * a variable holding `${OTHER}` expands that too, and a `${` without a closing `}` ends the expansion.
 * Unlike Falco, a lone `$` (as in `$HOME` or `a$b`) does not stop the expansion of what follows it.
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  let out = value;
  let pos = out.indexOf("$");
  let substitutions = 0;
  while (pos !== -1) {
    const rest = out.slice(pos);
    if (rest.startsWith("${")) {
      const end = rest.indexOf("}");
      if (end === -1) break;
      if (++substitutions > MAX_SUBSTITUTIONS) break;
      const name = rest.slice(2, end);
      out = out.slice(0, pos) + (env[name] ?? "") + out.slice(pos + end + 1);
    } else if (rest.startsWith("$${")) {
      if (rest.indexOf("}") === -1) break;
      out = out.slice(0, pos) + out.slice(pos + 1);
      pos += 1;
    } else {
      pos += 1;
    }
    pos = out.indexOf("$", pos);
  }
  return out;
}
