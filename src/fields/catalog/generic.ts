// Event fields every source has (libsinsp's "evt" class for all event types, libs 0.25).
import type { FieldClass } from "../types.js";

/** `evt.*` fields shared by the syscall source and every plugin source (k8s_audit). */
export const genericEventClass: FieldClass = {
  name: "evt",
  desc: "Fields of every event, whatever its source: number, timestamps, source and host.",
  fields: [
    { name: "evt.num", type: "UINT64", desc: "Sequence number of the event." },
    {
      name: "evt.time",
      type: "CHARBUF",
      desc: "Event timestamp as a time-of-day string, with nanoseconds.",
    },
    {
      name: "evt.time.s",
      type: "CHARBUF",
      desc: "Event timestamp as a time-of-day string, without nanoseconds.",
    },
    {
      name: "evt.time.iso8601",
      type: "CHARBUF",
      desc: "Event timestamp in ISO 8601 form, in UTC, with nanoseconds and the zone offset.",
    },
    {
      name: "evt.datetime",
      type: "CHARBUF",
      desc: "Event timestamp as a date and time string, with nanoseconds.",
    },
    {
      name: "evt.datetime.s",
      type: "CHARBUF",
      desc: "Event timestamp as a date and time string, without nanoseconds.",
    },
    { name: "evt.rawtime", type: "ABSTIME", desc: "Event timestamp in nanoseconds since the Unix epoch." },
    { name: "evt.rawtime.s", type: "ABSTIME", desc: "Whole seconds of the event timestamp since the epoch." },
    {
      name: "evt.rawtime.ns",
      type: "ABSTIME",
      desc: "Nanosecond remainder of the event timestamp (what is left after the whole seconds).",
    },
    { name: "evt.reltime", type: "RELTIME", desc: "Nanoseconds elapsed since the capture started." },
    { name: "evt.reltime.s", type: "RELTIME", desc: "Whole seconds elapsed since the capture started." },
    {
      name: "evt.reltime.ns",
      type: "RELTIME",
      desc: "Nanosecond remainder of the time elapsed since the capture started.",
    },
    {
      name: "evt.pluginname",
      type: "CHARBUF",
      desc: "For events of a plugin source, the name of the plugin that produced them (the plugin must be loaded).",
    },
    {
      name: "evt.plugininfo",
      type: "CHARBUF",
      desc: "For events of a plugin source, the plugin's one-line summary of the event (the plugin must be loaded).",
    },
    {
      name: "evt.source",
      type: "CHARBUF",
      desc: "Name of the event source the event came from, such as syscall or k8s_audit.",
    },
    {
      name: "evt.is_async",
      type: "BOOL",
      desc: "'true' for asynchronous events (injected by the engine or a plugin rather than traced), 'false' otherwise.",
    },
    {
      name: "evt.asynctype",
      type: "CHARBUF",
      desc: "For asynchronous events, their type, such as 'container'.",
    },
    {
      name: "evt.hostname",
      type: "CHARBUF",
      desc:
        "Hostname of the machine that produced the event. An environment variable can override it (Falco reads " +
        "FALCO_HOSTNAME), e.g. to report the Kubernetes node name (spec.nodeName) from a DaemonSet pod.",
    },
  ],
};
