// Outputs: Falco's alert formats and the pipeline that delivers alerts to channels.
export {
  type Alert,
  type AlertFormatOptions,
  alertHostname,
  buildAlert,
  formatAlertJson,
  formatAlertText,
  formatEvtTime,
  formatIso8601,
} from "./alert.js";
export type { ChannelName, ChannelStats } from "./channel.js";
export {
  type ChannelSectionOptions,
  type FileOutputOptions,
  type HttpBatchOptions,
  type HttpOutputOptions,
  OutputConfigError,
  type OutputHooks,
  type OutputLogger,
  type OutputLogLevel,
  type OutputsOptions,
  type ProgramOutputOptions,
  type RetryOptions,
  type SlackOutputOptions,
  type SpoolOptions,
  type StdoutOutputOptions,
  type SyslogOutputOptions,
  type TlsClientOptions,
  type WebhookOutputOptions,
} from "./options.js";
export { SLACK_COLORS, slackMessage, webhookPayload } from "./payloads.js";
export { OutputPipeline, type PipelineStats } from "./pipeline.js";
export { Spool, type SpoolRecord, type SpoolSettings } from "./spool.js";
export { octetCounted, rfc3164Time, rfc5424Time, syslogMessage } from "./syslog-channel.js";
