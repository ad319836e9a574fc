// The line the line channels write for an alert (Falco's text line, or its JSON with json_output)
// and the format it is made with. An alert rendered in another thread (an audit log evaluated by
// workers) carries its line and the key of the format used; the pipeline takes that line when the
// key is its own, and renders the alert itself otherwise.
import {
  type Alert,
  type AlertFormatOptions,
  alertHostname,
  formatAlertJson,
  formatAlertText,
} from "./alert.js";
import type { OutputsOptions } from "./options.js";

export interface LineFormat {
  json: boolean;
  fmt: AlertFormatOptions & { hostname: string };
  /** The format's identity, compared with a pre-rendered line's. */
  key: string;
}

/** The line format of a pipeline configured with `o`. */
export function lineFormat(o: OutputsOptions): LineFormat {
  const json = o.json_output === true;
  const fmt = {
    timeFormatIso8601: o.time_format_iso_8601 === true,
    includeOutput: o.json_include_output_property !== false,
    includeMessage: o.json_include_message_property === true,
    includeOutputFields: o.json_include_output_fields_property !== false,
    includeTags: o.json_include_tags_property !== false,
    hostname: o.hostname ?? alertHostname(),
  };
  return { json, fmt, key: JSON.stringify([json, fmt]) };
}

/** The alert's line in format `f`. */
export function alertLine(a: Alert, f: LineFormat): string {
  const pre = a.line;
  if (pre !== undefined && pre.format === f.key) return pre.text;
  return f.json ? formatAlertJson(a, f.fmt) : formatAlertText(a, f.fmt);
}
