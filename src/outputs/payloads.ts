// Alert payloads for receivers that are not Falco consumers: the Falcosidekick-style webhook document and
// a Slack incoming-webhook message.

import { randomUUID } from "node:crypto";
import type { Scalar } from "../fields/types.js";
import {
  type Alert,
  type AlertFormatOptions,
  formatAlertText,
  formatIso8601,
  jsonValue,
  stringifyExact as stringify,
} from "./alert.js";

/** `output_fields` as Falco's JSON has them: the prefix time field, then one key per output field. */
function outputFields(a: Alert, fmt: AlertFormatOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    [fmt.timeFormatIso8601 ? "evt.time.iso8601" : "evt.time"]: a.timeNs,
  };
  for (const [k, v] of Object.entries(a.fields)) fields[k] = jsonValue(v);
  return fields;
}

/**
 * The generic webhook body, Falcosidekick's FalcoPayload:
 * `{uuid, output, priority, rule, time, output_fields, source, tags, hostname}`. The uuid is made once
 * per alert (and kept in the spool), so a receiver can discard a repeat after a crash.
 */
export function webhookPayload(
  a: Alert,
  fmt: AlertFormatOptions & { hostname: string },
  uuid = randomUUID(),
): string {
  return stringify({
    uuid,
    output: formatAlertText(a, fmt),
    priority: a.priority,
    rule: a.rule,
    time: formatIso8601(a.timeNs, true),
    output_fields: outputFields(a, fmt),
    source: a.source,
    tags: a.tags,
    hostname: fmt.hostname,
  });
}

/** Falcosidekick's Slack colours, by priority. */
export const SLACK_COLORS: Readonly<Record<string, string>> = {
  Emergency: "#e20b0b",
  Alert: "#ff5400",
  Critical: "#ff9000",
  Error: "#ffc700",
  Warning: "#ffff00",
  Notice: "#5bffb5",
  Informational: "#68c2ff",
  Debug: "#ccfff2",
};

export interface SlackMessageOptions {
  hostname: string;
  format: AlertFormatOptions;
  outputFormat: "all" | "text" | "fields";
  channel?: string;
  username: string;
  iconUrl?: string;
  footer?: string;
}

/** A field value as text for people: `<NA>` when missing, lists as `a, b`. */
function fieldText(v: Scalar | readonly Scalar[] | null): string {
  if (v === null) return "<NA>";
  if (Array.isArray(v)) return v.map((x) => fieldText(x as Scalar)).join(", ");
  if (v instanceof Uint8Array) return Buffer.from(v).toString("latin1");
  return String(v);
}

/** Slack's escaping of `&`, `<` and `>` in message text (else `<NA>` reads as a link). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

interface SlackField {
  title: string;
  value: string;
  short: boolean;
}

/**
 * A Slack incoming-webhook message: a one-line summary (priority and rule), then an attachment coloured
 * by priority holding the alert's output and a table of rule, priority, source, hostname, tags, time and
 * every output field (short values side by side).
 */
export function slackMessage(a: Alert, o: SlackMessageOptions): string {
  const output = formatAlertText(a, o.format);
  const fields: SlackField[] = [];
  const add = (title: string, value: string) =>
    fields.push({ title, value: slackEscape(value), short: [...value].length < 36 });
  if (o.outputFormat !== "text") {
    add("rule", a.rule);
    add("priority", a.priority);
    add("source", a.source);
    add("hostname", o.hostname);
    if (a.tags.length > 0) add("tags", a.tags.join(", "));
    fields.push({ title: "time", value: formatIso8601(a.timeNs, true), short: false });
    for (const [k, v] of Object.entries(a.fields)) add(k, fieldText(v));
  }
  const attachment: Record<string, unknown> = {
    fallback: output,
    color: SLACK_COLORS[a.priority] ?? "#cccccc",
  };
  if (o.outputFormat !== "fields") attachment.text = slackEscape(output);
  if (fields.length > 0) attachment.fields = fields;
  if (o.footer) attachment.footer = o.footer;
  const msg: Record<string, unknown> = {};
  if (o.channel) msg.channel = o.channel;
  msg.username = o.username;
  if (o.iconUrl) msg.icon_url = o.iconUrl;
  msg.text = `*${a.priority}*: ${slackEscape(a.rule)}`;
  msg.attachments = [attachment];
  return JSON.stringify(msg);
}
