// A host install as Falco's packages do it: a systemd unit that runs `lanner run` with the
// configuration in /etc/lanner, logs to the journal and reloads on `systemctl reload` (SIGHUP), plus
// the configuration and rules files the unit's configuration names. docs/deployment.md explains
// every setting of the unit; deploy/systemd/lanner.service is this module's output, committed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { InstallTarget } from "./plan.js";

/** Where the host install puts things (paths on the target system). */
export const HOST_PATHS = {
  unit: "/etc/systemd/system/lanner.service",
  configDir: "/etc/lanner",
  config: "/etc/lanner/lanner.yaml",
  pidFile: "/run/lanner.pid",
  bin: "/usr/bin/lanner",
  environmentFile: "/etc/default/lanner",
  stateDir: "/var/lib/lanner",
} as const;

export interface UnitOptions {
  /** The `lanner` executable ExecStart runs (default /usr/bin/lanner). */
  bin?: string;
}

/**
 * The unit file. Hardening: everything that leaves an eBPF agent working (it must load BPF programs,
 * read every process's /proc entries and write its pidfile, spool and outputs); what is left out
 * and why is in docs/deployment.md ("Hardening").
 */
export function systemdUnit(options: UnitOptions = {}): string {
  const bin = options.bin ?? HOST_PATHS.bin;
  if (/\s/.test(bin)) throw new Error(`the lanner executable path must not contain spaces: ${bin}`);
  return `# Lanner: runtime security agent (Falco-compatible rules) for this host.
# Installed by \`lanner install --systemd\`, which replaces this file on the next install: change
# settings with \`systemctl edit lanner\` (a drop-in), not here. docs/deployment.md explains each line.
[Unit]
Description=Lanner runtime security agent
After=network.target

[Service]
Type=simple
ExecStart=${bin} run -c ${HOST_PATHS.config} -P ${HOST_PATHS.pidFile}
# systemctl reload lanner: reload configuration and rules; a broken file keeps the old ones running.
ExecReload=/bin/kill -HUP $MAINPID
PIDFile=${HOST_PATHS.pidFile}
# Variables for \${NAME} in the configuration (CLUSTER_NAME=…, LANNER_HOSTNAME=…); optional.
EnvironmentFile=-${HOST_PATHS.environmentFile}
# Alert spool and relative output paths (file_output's ./events.txt) live here.
StateDirectory=lanner
StateDirectoryMode=0700
WorkingDirectory=${HOST_PATHS.stateDir}
# Alerts and messages go to the journal: journalctl -u lanner
StandardOutput=journal
StandardError=journal
SyslogIdentifier=lanner
Restart=on-failure
RestartSec=5s
# SIGTERM goes to Lanner alone, which drains its queues into program outputs and the spool; the
# rest of the cgroup is killed after it exits (or after the timeout).
KillMode=mixed
TimeoutStopSec=30s
UMask=0077
# BPF maps are memcg-accounted on the kernels the probe supports; this covers older libbpf.
LimitMEMLOCK=infinity

# Hardening that an eBPF agent tolerates.
CapabilityBoundingSet=CAP_BPF CAP_PERFMON CAP_SYS_PTRACE
NoNewPrivileges=yes
ProtectSystem=full
ProtectHome=read-only
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

[Install]
WantedBy=multi-user.target
`;
}

/** A configuration for hosts when the package has no config/lanner.yaml. */
export const MINIMAL_CONFIG = `# Lanner configuration, written by \`lanner install --systemd\` (the package had no
# config/lanner.yaml to copy). Keys and meanings are falco.yaml's; see docs/configuration.md.
rules_files:
  - /etc/lanner/lanner_rules.yaml
  - /etc/lanner/lanner_rules.local.yaml
  - /etc/lanner/rules.d
stdout_output:
  enabled: true
webserver:
  enabled: true
  listen_address: 127.0.0.1
  listen_port: 8765
k8s_audit:
  enabled: true
  listen_address: 127.0.0.1
  listen_port: 9765
  path: /k8s-audit
`;

/** Content of a rules file the configuration names but nobody ships: the place for local rules. */
export function localRulesFile(name: string): string {
  return `# ${name}: your rules, and overrides of Lanner's (loaded in the order of rules_files in
# /etc/lanner/lanner.yaml). \`lanner install\` never replaces this file. For example:
#
#   - list: lanner_shadow_readers
#     items: [my-backup-tool]
#     override:
#       items: append
#
# Then: systemctl reload lanner
`;
}

/** What the package ships: its configuration file (if any) and its rules files, with contents. */
export interface PackageFiles {
  config?: string;
  rules: { name: string; content: string }[];
}

/** Reads config/lanner.yaml and rules/*.yaml from an installed Lanner (the package root). */
export function readPackageFiles(packageRoot: string): PackageFiles {
  const configPath = path.join(packageRoot, "config", "lanner.yaml");
  const rulesDir = path.join(packageRoot, "rules");
  const rules = existsSync(rulesDir)
    ? readdirSync(rulesDir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort()
        .map((name) => ({ name, content: readFileSync(path.join(rulesDir, name), "utf8") }))
    : [];
  return { ...(existsSync(configPath) ? { config: readFileSync(configPath, "utf8") } : {}), rules };
}

/** `rules_files` (or the older `rules_file`) of a configuration text; entries with ${…} are left out. */
export function rulesFilesOf(configText: string): string[] {
  const doc = parseYaml(configText) as Record<string, unknown> | null;
  const list = doc?.rules_files ?? doc?.rules_file ?? [];
  const entries = Array.isArray(list) ? list : [list];
  return entries.filter((e): e is string => typeof e === "string" && !e.includes("${"));
}

const isRulesFile = (p: string) => /\.ya?ml$/.test(p);

/** Where each shipped rules file goes, and what else the configuration's rules_files needs. */
export interface RulesPlacement {
  targets: InstallTarget[];
  /** Problems worth telling the user (a shipped file no rules_files entry would load). */
  warnings: string[];
}

/**
 * Places the shipped rules where the configuration loads them: a file whose name a `rules_files`
 * entry names goes there; the others go into the first directory entry. Directory entries are
 * created; file entries nobody ships (lanner_rules.local.yaml) are created once, for local rules.
 * So the configuration loads whatever layout it chooses, and never fails on a missing path.
 */
export function placeRules(configText: string, shipped: PackageFiles["rules"]): RulesPlacement {
  const entries = rulesFilesOf(configText).filter((e) => path.isAbsolute(e));
  const fileEntries = entries.filter(isRulesFile);
  const dirEntry = entries.find((e) => !isRulesFile(e));
  const targets: InstallTarget[] = [];
  const warnings: string[] = [];
  for (const e of entries.filter((e) => !isRulesFile(e)))
    targets.push({ kind: "dir", path: e, mode: 0o755, why: "rules directory named in rules_files" });
  const placed = new Set<string>();
  for (const r of shipped) {
    const named = fileEntries.find((e) => path.basename(e) === r.name);
    const dest = named ?? (dirEntry === undefined ? undefined : path.posix.join(dirEntry, r.name));
    if (dest === undefined) {
      warnings.push(
        `rules file ${r.name}: no rules_files entry loads it (add a directory such as /etc/lanner/rules.d)`,
      );
      continue;
    }
    placed.add(dest);
    targets.push({
      kind: "file",
      path: dest,
      content: r.content,
      mode: 0o644,
      owner: "lanner",
      why: "Lanner's rules",
    });
  }
  for (const e of fileEntries.filter((e) => !placed.has(e)))
    targets.push({
      kind: "file",
      path: e,
      content: localRulesFile(path.basename(e)),
      mode: 0o644,
      owner: "user",
      why: "your local rules",
    });
  return { targets, warnings };
}

export interface SystemdInstallOptions extends UnitOptions {
  /** The configuration already at /etc/lanner/lanner.yaml (under --root), if any: it decides the rules layout. */
  existingConfig?: string;
}

/** Everything `lanner install --systemd` puts in place, in order, and the warnings to print. */
export function systemdInstallTargets(
  pkg: PackageFiles,
  options: SystemdInstallOptions = {},
): RulesPlacement {
  const config = pkg.config ?? MINIMAL_CONFIG;
  let rules: RulesPlacement;
  try {
    rules = placeRules(options.existingConfig ?? config, pkg.rules);
  } catch (e) {
    // A configuration in place that does not parse: place the rules as the shipped one expects,
    // and say so (Lanner will report the file's problem itself).
    rules = placeRules(config, pkg.rules);
    rules.warnings.unshift(
      `${HOST_PATHS.config} does not parse (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); ` +
        "the rules were placed for the default layout",
    );
  }
  const targets: InstallTarget[] = [
    {
      kind: "file",
      path: HOST_PATHS.unit,
      content: systemdUnit(options),
      mode: 0o644,
      owner: "lanner",
      why: "the systemd unit",
    },
    { kind: "dir", path: HOST_PATHS.configDir, mode: 0o755, why: "configuration directory" },
    // 0600: outputs' URLs and credentials (Slack webhooks, http_output tokens) live in it.
    {
      kind: "file",
      path: HOST_PATHS.config,
      content: config,
      mode: 0o600,
      owner: "user",
      why: "the configuration",
    },
    ...rules.targets,
  ];
  return { targets, warnings: rules.warnings };
}

/** The commands to run after installing (printed, never run without --enable). */
export const NEXT_STEPS = [
  "systemctl daemon-reload && systemctl enable --now lanner",
  "journalctl -u lanner -f           # alerts and messages",
  "systemctl reload lanner           # reload configuration and rules (SIGHUP)",
  "systemctl status lanner",
];
