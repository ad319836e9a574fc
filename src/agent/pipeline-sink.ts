// Alerts from the agent into the output pipeline; on reload, a changed output configuration gets a
// new pipeline once the old one has drained (the spool directory is held by one pipeline at a time).
import type { LannerConfig } from "../config/index.js";
import { type Alert, type OutputLogger, OutputPipeline, type OutputsOptions } from "../outputs/index.js";
import type { AlertSink } from "./agent.js";
import type { AgentMetrics } from "./metrics.js";

/** The keys of the configuration the output pipeline reads. */
export function outputsOptions(c: LannerConfig): OutputsOptions {
  const minPriority = <T extends { minimum_priority?: string }>(s: T): T =>
    s.minimum_priority ? s : { ...s, minimum_priority: undefined };
  return {
    json_output: c.json_output,
    time_format_iso_8601: c.time_format_iso_8601,
    json_include_output_property: c.json_include_output_property,
    json_include_message_property: c.json_include_message_property,
    json_include_output_fields_property: c.json_include_output_fields_property,
    json_include_tags_property: c.json_include_tags_property,
    buffered_outputs: c.buffered_outputs,
    outputs_queue: c.outputs_queue,
    output_timeout: c.output_timeout,
    stdout_output: minPriority(c.stdout_output),
    file_output: minPriority(c.file_output),
    program_output: minPriority(c.program_output),
    http_output: minPriority(c.http_output),
    syslog_output: minPriority(c.syslog_output),
    slack_output: c.slack_output as OutputsOptions["slack_output"],
    webhook_output: c.webhook_output as OutputsOptions["webhook_output"],
    spool: c.spool as OutputsOptions["spool"],
    retry: c.retry as OutputsOptions["retry"],
  };
}

export class PipelineSink implements AlertSink {
  private pipeline: OutputPipeline;
  private settings: string;
  /** Alerts raised while a replaced pipeline drains; delivered by the new one. */
  private waiting: [Alert, number][] | undefined;
  private swap: Promise<void> = Promise.resolve();

  /** Throws OutputConfigError (naming the key) when the output configuration is invalid. */
  constructor(
    config: LannerConfig,
    private readonly onLog: OutputLogger,
    metrics?: AgentMetrics,
  ) {
    const opts = outputsOptions(config);
    this.settings = JSON.stringify(opts);
    this.pipeline = new OutputPipeline(opts, { onLog });
    if (metrics) {
      metrics.outputStats = () =>
        Object.fromEntries(Object.entries(this.pipeline.stats().channels).map(([k, v]) => [k, { ...v }]));
    }
  }

  emit(alert: Alert, priority: number): void {
    if (this.waiting) this.waiting.push([alert, priority]);
    else this.pipeline.emit(alert, priority);
  }

  configure(config: LannerConfig): void {
    const opts = outputsOptions(config);
    const settings = JSON.stringify(opts);
    if (settings === this.settings) return;
    const previous = this.settings;
    this.settings = settings;
    const old = this.pipeline;
    this.waiting = [];
    this.swap = this.swap.then(async () => {
      await old.close();
      try {
        this.pipeline = new OutputPipeline(opts, { onLog: this.onLog });
      } catch (err) {
        // The new settings are refused: the previous outputs start again, nothing is lost.
        this.onLog("error", `outputs not reconfigured, the previous ones keep running: ${String(err)}`);
        this.settings = previous;
        this.pipeline = new OutputPipeline(JSON.parse(previous) as OutputsOptions, { onLog: this.onLog });
      }
      const queued = this.waiting ?? [];
      this.waiting = undefined;
      for (const [a, p] of queued) this.pipeline.emit(a, p);
    });
  }

  reopen(): void {
    void this.pipeline.reopen();
  }

  async close(): Promise<void> {
    await this.swap;
    await this.pipeline.close();
  }
}
