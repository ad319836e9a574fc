// `append_output`: extra output text and output fields for the rules an entry matches, applied to the
// compiled rules as Falco applies them when it loads rules. An entry matches a rule when each of its
// `match` keys holds: the same source, the same rule name, every listed tag among the rule's tags.
// `extra_fields` items are a field name (`proc.aname[2]`, its value) or `name: format` (the format
// rendered). `suggested_output: true` appends the static fields as `static_NAME=%static.NAME`; the
// k8saudit and json fields are built into Lanner, so no plugin suggests others.

import type { AppendOutputEntry } from "../config/types.js";
import type { EventSchema, Scalar } from "../fields/types.js";
import { FieldCache } from "../filter/field-cache.js";
import { compileOutputTemplate, type OutputTemplate } from "../filter/template.js";
import type { LoadedRule } from "./compile.js";

type Value = Scalar | readonly Scalar[] | null;

function matches(e: AppendOutputEntry, r: LoadedRule): boolean {
  const m = e.match;
  if (m === undefined) return true;
  if (m.source !== undefined && m.source !== r.source) return false;
  if (m.rule !== undefined && m.rule !== r.name) return false;
  return (m.tags ?? []).every((t) => r.tags.includes(t));
}

/** One extra output field: its key in output_fields and how its value is read. */
function extraField(
  item: string | Record<string, string>,
  schema: EventSchema<unknown>,
  cache: FieldCache,
): [string, (evt: unknown) => Value] {
  if (typeof item === "string") {
    const t = compileOutputTemplate(`%${item}`, schema, cache);
    const key = t.fields[0] ?? item;
    return [key, (evt) => t.values(evt)[key] ?? null];
  }
  const [name, format] = Object.entries(item)[0] ?? ["", ""];
  const t = compileOutputTemplate(format, schema, cache);
  return [name, (evt) => t.render(evt)];
}

/**
 * The rules with the matching entries applied. A rule no entry matches is returned as it is; an entry
 * whose text or fields do not compile for a rule's source throws, naming the entry.
 */
export function applyAppendOutput(
  rules: readonly LoadedRule[],
  entries: readonly AppendOutputEntry[],
  schemas: ReadonlyMap<string, EventSchema<unknown>>,
  staticFields: Readonly<Record<string, string>>,
): LoadedRule[] {
  if (entries.length === 0) return [...rules];
  const cache = new FieldCache();
  const suggested = Object.keys(staticFields)
    .map((k) => `static_${k}=%static.${k}`)
    .join(" ");
  return rules.map((r) => {
    const mine = entries.filter((e) => matches(e, r));
    const schema = schemas.get(r.source);
    if (mine.length === 0 || schema === undefined) return r;
    let text = r.output;
    const extras: [string, (evt: unknown) => Value][] = [];
    mine.forEach((e) => {
      const where = `append_output entry ${entries.indexOf(e)}`;
      try {
        if (e.extra_output) text += ` ${e.extra_output}`;
        for (const f of e.extra_fields ?? []) extras.push(extraField(f, schema, cache));
      } catch (err) {
        throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    // Suggested fields once, however many entries ask for them.
    if (suggested !== "" && mine.some((e) => e.suggested_output === true)) text += ` ${suggested}`;
    if (text === r.output && extras.length === 0) return r;
    let base: OutputTemplate<unknown>;
    try {
      base = compileOutputTemplate(text, schema, cache);
    } catch (err) {
      throw new Error(
        `append_output for rule '${r.name}': ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const outputTemplate: OutputTemplate<unknown> = {
      requireAll: base.requireAll,
      fields: [...base.fields, ...extras.map(([k]) => k)],
      render: (evt) => base.render(evt),
      values(evt) {
        const v = base.values(evt);
        for (const [k, get] of extras) v[k] = get(evt);
        return v;
      },
    };
    return { ...r, output: text, outputTemplate };
  });
}
