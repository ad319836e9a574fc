import type { LannerConfig } from "../config/index.js";
import { type AlertFormatOptions, formatAlertJson, formatAlertText } from "../outputs/alert.js";
import { type AlertSink, alertFormat } from "./agent.js";

/** Alerts to a stream, one line each, as Falco's stdout output (text or JSON per `json_output`). */
export class StreamSink implements AlertSink {
  private json: boolean;
  private format: AlertFormatOptions;

  constructor(
    config: LannerConfig,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {
    this.json = config.json_output;
    this.format = alertFormat(config);
  }

  emit(alert: Parameters<AlertSink["emit"]>[0]): void {
    this.out.write(
      `${this.json ? formatAlertJson(alert, this.format) : formatAlertText(alert, this.format)}\n`,
    );
  }

  configure(config: LannerConfig): void {
    this.json = config.json_output;
    this.format = alertFormat(config);
  }

  async close(): Promise<void> {}
}
