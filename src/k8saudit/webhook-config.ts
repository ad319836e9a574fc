// From the `k8s_audit:` configuration keys to the webhook's options: certificate and key files read
// (one PEM may hold both, as Falco's webserver.ssl_certificate does), the bearer token read from its
// file. Kept here, not in config/, because sources do not depend on the configuration module: the
// settings are described structurally and the configuration's K8sAuditConfig fits them.
import { readFileSync } from "node:fs";
import type { AuditWebhookOptions, AuditWebhookTls } from "./server.js";

/** The `k8s_audit:` keys the webhook reads (empty strings mean "not set"). */
export interface K8sAuditWebhookSettings {
  listen_address: string;
  listen_port: number;
  path: string;
  /** PEM certificate, with the private key inside when `ssl_key` is empty. */
  ssl_certificate: string;
  ssl_key: string;
  /** CA of client certificates; set: clients must present a certificate it signed. */
  ca_cert: string;
  /** File holding the bearer token clients must send. */
  bearer_token_file: string;
  max_body_bytes: number;
}

/** A `k8s_audit:` setting that cannot be used, named by its key. */
export class WebhookConfigError extends Error {
  readonly code = "K8S_AUDIT_CONFIG";
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`k8s_audit.${key}: ${message}`);
    this.name = "WebhookConfigError";
  }
}

function readSetting(key: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new WebhookConfigError(key, `cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * The webhook options for the `k8s_audit:` settings plus the callbacks; reads the certificate, key,
 * CA and token files now, so that a bad path is reported at start, with its key.
 */
export function webhookOptionsFromSettings(
  settings: K8sAuditWebhookSettings,
  callbacks: Pick<AuditWebhookOptions, "onEvents" | "onDiagnostic" | "onError" | "sequence">,
): AuditWebhookOptions {
  const s = settings;
  if (s.ssl_certificate === "" && s.ssl_key !== "")
    throw new WebhookConfigError("ssl_key", "set without k8s_audit.ssl_certificate");
  if (s.ssl_certificate === "" && s.ca_cert !== "")
    throw new WebhookConfigError("ca_cert", "client certificates need TLS: set k8s_audit.ssl_certificate");
  let tls: AuditWebhookTls | undefined;
  if (s.ssl_certificate !== "") {
    const cert = readSetting("ssl_certificate", s.ssl_certificate);
    const key = s.ssl_key !== "" ? readSetting("ssl_key", s.ssl_key) : cert;
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
      throw new WebhookConfigError(
        s.ssl_key !== "" ? "ssl_key" : "ssl_certificate",
        s.ssl_key !== ""
          ? `no PEM private key in ${s.ssl_key}`
          : `no PEM private key in ${s.ssl_certificate} (and ssl_key is not set)`,
      );
    tls = { cert, key, ...(s.ca_cert !== "" ? { ca: readSetting("ca_cert", s.ca_cert) } : {}) };
  }
  let bearerToken: string | undefined;
  if (s.bearer_token_file !== "") {
    bearerToken = readSetting("bearer_token_file", s.bearer_token_file).trim();
    if (bearerToken === "")
      throw new WebhookConfigError("bearer_token_file", `${s.bearer_token_file} is empty`);
  }
  return {
    listenAddress: s.listen_address,
    listenPort: s.listen_port,
    path: s.path,
    maxBodyBytes: s.max_body_bytes,
    ...(tls ? { tls } : {}),
    ...(bearerToken !== undefined ? { bearerToken } : {}),
    ...callbacks,
  };
}
