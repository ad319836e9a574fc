// HTTP channels: Falco's http_output (the alert line, JSON or text, one POST per alert or batches),
// the Slack incoming webhook, and the generic (Falcosidekick-style) webhook.

import type { RenderInput } from "./channel.js";
import type { HttpClient } from "./http-client.js";
import { type Delivery, NetworkChannel, type NetworkChannelSettings } from "./network-channel.js";

export interface HttpChannelSettings extends NetworkChannelSettings {
  client: HttpClient;
  render: (i: RenderInput) => string;
  /** Body of a delivery: one payload as it is; a batch as a JSON array or newline-separated lines. */
  batchBody: "single" | "json-array" | "lines";
}

/** Joins payloads into one request body. */
export function httpBody(payloads: readonly string[], kind: HttpChannelSettings["batchBody"]): string {
  if (kind === "json-array") return `[${payloads.join(",")}]`;
  if (kind === "lines") return payloads.join("\n");
  return payloads[0] ?? "";
}

export class HttpChannel extends NetworkChannel {
  private readonly client: HttpClient;
  private readonly renderPayload: (i: RenderInput) => string;
  private readonly batchBody: HttpChannelSettings["batchBody"];

  constructor(s: HttpChannelSettings) {
    super(s);
    this.client = s.client;
    this.renderPayload = s.render;
    this.batchBody = s.batchBody;
  }

  render(i: RenderInput): string {
    return this.renderPayload(i);
  }

  protected deliver(payloads: string[]): Promise<Delivery> {
    return this.client.send(httpBody(payloads, this.batchBody));
  }

  protected async closeTransport(): Promise<void> {
    this.client.close();
  }
}
