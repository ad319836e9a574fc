// Values computed from the configuration that several consumers need.

import { parsePrometheusDuration } from "./scalars.js";
import type { LannerConfig } from "./types.js";

/** `metrics.interval` in milliseconds (validated when metrics are enabled; 0 when it does not parse). */
export function metricsIntervalMs(config: LannerConfig): number {
  return parsePrometheusDuration(config.metrics.interval) ?? 0;
}

/** `outputs_queue.capacity` as a number of alerts (0 in the file means unbounded). */
export function outputsQueueCapacity(config: LannerConfig): number {
  return config.outputs_queue.capacity === 0 ? Number.POSITIVE_INFINITY : config.outputs_queue.capacity;
}

/** Whether the webhook serves TLS (a certificate is configured). */
export function k8sAuditTlsEnabled(config: LannerConfig): boolean {
  return config.k8s_audit.ssl_certificate !== "";
}
