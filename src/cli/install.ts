// `lanner install --systemd`: put the systemd unit, the configuration and the rules in place for a
// host install (idempotent; --root for packaging and tests; --dry-run says what it would do).
// `lanner install --configmaps`: print the DaemonSet's ConfigMaps for your configuration and rules.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { configMapsYaml, kubernetesConfig } from "../install/kubernetes.js";
import { applyInstall, formatPlan, planInstall, underRoot } from "../install/plan.js";
import {
  HOST_PATHS,
  NEXT_STEPS,
  type PackageFiles,
  readPackageFiles,
  systemdInstallTargets,
} from "../install/systemd.js";
import { expandRulesPaths } from "../rules/files.js";

/** The installed package's root (this module is dist/src/cli/install.js). */
export const PACKAGE_ROOT: string = fileURLToPath(new URL("../../../", import.meta.url));

/** Options of `lanner install`, as commander hands them over. */
export interface InstallOptions {
  systemd?: boolean;
  configmaps?: boolean;
  root?: string;
  bin?: string;
  dryRun?: boolean;
  enable?: boolean;
  config?: string;
  rules?: string[];
  namespace?: string;
}

/** What the command prints and its exit code. */
export interface InstallResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** How the command reaches the system (replaced in tests). */
export interface InstallEnvironment {
  packageRoot: string;
  /** Runs a command, output inherited; returns its exit code (null: could not start). */
  run: (command: string, args: string[]) => number | null;
  /** Whether a command is on PATH. */
  has: (command: string) => boolean;
}

const defaultEnvironment: InstallEnvironment = {
  packageRoot: PACKAGE_ROOT,
  run: (command, args) => spawnSync(command, args, { stdio: "inherit" }).status,
  has: (command) =>
    (process.env.PATH ?? "")
      .split(path.delimiter)
      .some((dir) => dir !== "" && existsSync(path.join(dir, command))),
};

const fail = (message: string): InstallResult => ({
  stdout: "",
  stderr: `lanner install: ${message}\n`,
  code: 2,
});

function systemdInstall(opts: InstallOptions, env: InstallEnvironment): InstallResult {
  const root = path.resolve(opts.root ?? "/");
  const onHost = root === path.resolve("/");
  if (opts.enable && !onHost)
    return fail("--enable acts on the running system; it cannot be used with --root");
  const bin = opts.bin ?? HOST_PATHS.bin;
  if (!path.isAbsolute(bin)) return fail(`--bin must be an absolute path: ${bin}`);

  const configPath = underRoot(root, HOST_PATHS.config);
  const existingConfig = existsSync(configPath) ? readFileSync(configPath, "utf8") : undefined;
  const pkg = readPackageFiles(env.packageRoot);
  const { targets, warnings } = systemdInstallTargets(pkg, {
    bin,
    ...(existingConfig === undefined ? {} : { existingConfig }),
  });
  const plan = planInstall(root, targets);
  if (!opts.dryRun) {
    try {
      applyInstall(plan);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const hint =
        err.code === "EACCES" || err.code === "EPERM"
          ? " (run it as root: sudo lanner install --systemd)"
          : "";
      return fail(`${err.message}${hint}`);
    }
  }

  const out: string[] = [formatPlan(plan, opts.dryRun === true)];
  const notes = [...warnings];
  if (pkg.config === undefined)
    notes.push("the package has no config/lanner.yaml; a minimal configuration was used");
  if (!existsSync(underRoot(root, bin)))
    notes.push(
      `${bin} does not exist${onHost ? "" : ` under ${root}`}: link it (ln -s "$(command -v lanner)" ${bin}) ` +
        `or install again with --bin "$(command -v lanner)"`,
    );
  if (plan.some((p) => p.target.path === HOST_PATHS.unit && p.status === "update"))
    notes.push("the unit changed: run systemctl daemon-reload (and systemctl restart lanner if it runs)");
  for (const n of notes) out.push(`note: ${n}`);
  if (opts.dryRun) out.push("dry run: nothing was written");

  if (opts.enable && !opts.dryRun) {
    if (!env.has("systemctl")) {
      out.push("note: systemctl is not on PATH; start Lanner yourself");
      return { stdout: `${out.join("\n")}\n`, stderr: "", code: 1 };
    }
    for (const args of [["daemon-reload"], ["enable", "--now", "lanner"]]) {
      const status = env.run("systemctl", args);
      if (status !== 0)
        return {
          stdout: `${out.join("\n")}\n`,
          stderr: `lanner install: systemctl ${args.join(" ")} failed\n`,
          code: 1,
        };
    }
    out.push("", "Lanner is enabled and running. Next:", ...NEXT_STEPS.slice(1).map((s) => `  ${s}`));
  } else {
    out.push("", "Next:", ...NEXT_STEPS.map((s) => `  ${s}`));
  }
  return { stdout: `${out.join("\n")}\n`, stderr: "", code: 0 };
}

function configMapsOutput(opts: InstallOptions, env: InstallEnvironment): InstallResult {
  const pkg: PackageFiles = readPackageFiles(env.packageRoot);
  let config = pkg.config;
  if (opts.config !== undefined) config = readFileSync(opts.config, "utf8");
  if (config === undefined)
    return fail("no configuration: pass -c FILE (the package has no config/lanner.yaml)");
  const rules =
    opts.rules && opts.rules.length > 0
      ? expandRulesPaths(opts.rules).map((f) => ({
          name: path.basename(f),
          content: readFileSync(f, "utf8"),
        }))
      : pkg.rules;
  const text = configMapsYaml({
    config: kubernetesConfig(config),
    rules,
    ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
  });
  return { stdout: text, stderr: "", code: 0 };
}

/** Runs `lanner install` with the given options; never exits the process. */
export function runInstall(
  opts: InstallOptions,
  env: InstallEnvironment = defaultEnvironment,
): InstallResult {
  if (opts.systemd && opts.configmaps) return fail("choose one of --systemd and --configmaps");
  try {
    if (opts.systemd) return systemdInstall(opts, env);
    if (opts.configmaps) return configMapsOutput(opts, env);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  return fail("say what to install: --systemd (a host service) or --configmaps (the DaemonSet's ConfigMaps)");
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `lanner install` to the program. */
export function registerInstall(program: Command): void {
  program
    .command("install")
    .description(
      "install Lanner as a systemd service (--systemd), or print the DaemonSet's ConfigMaps (--configmaps)",
    )
    .option("--systemd", "write the systemd unit, /etc/lanner/lanner.yaml (if absent) and the rules")
    .option("--root <dir>", "install below this directory instead of / (packaging, tests)", "/")
    .option("--bin <path>", "the lanner executable the unit runs", HOST_PATHS.bin)
    .option("--dry-run", "print what would be written; write nothing")
    .option("--enable", "then run systemctl daemon-reload and systemctl enable --now lanner")
    .option("--configmaps", "print the ConfigMaps (configuration and rules) for deploy/kubernetes")
    .option("-c, --config <file>", "with --configmaps: this configuration instead of Lanner's default")
    .option(
      "-r, --rules <path>",
      "with --configmaps: rules file or directory (repeatable; default Lanner's)",
      collect,
      [],
    )
    .option("-n, --namespace <name>", "with --configmaps: the namespace of the ConfigMaps", "lanner")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  sudo lanner install --systemd && sudo systemctl daemon-reload && sudo systemctl enable --now lanner\n" +
        "  lanner install --systemd --root /tmp/stage --dry-run\n" +
        "  lanner install --configmaps -c my-lanner.yaml | kubectl apply -f -\n",
    )
    .action((opts: InstallOptions) => {
      const r = runInstall(opts);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.code;
    });
}
