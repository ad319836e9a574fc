// `static_fields`: constant fields `static.NAME`, usable in conditions and outputs of every source.
import type { EventSchema, FieldClass } from "./types.js";

/** The schema with a `static` class holding one constant field per entry (unchanged when empty). */
export function withStaticFields<E>(
  schema: EventSchema<E>,
  fields: Readonly<Record<string, string>>,
): EventSchema<E> {
  const entries = Object.entries(fields);
  if (entries.length === 0) return schema;
  const values = new Map(entries.map(([k, v]) => [`static.${k}`, v]));
  const cls: FieldClass = {
    name: "static",
    desc: "Constant fields from the configuration's static_fields.",
    fields: entries.map(([k]) => ({ name: `static.${k}`, type: "CHARBUF", desc: `static_fields.${k}` })),
  };
  return {
    ...schema,
    classes: [...schema.classes, cls],
    bind(field, arg) {
      const v = values.get(field.name);
      if (v !== undefined) return () => v;
      return schema.bind(field, arg);
    },
  };
}
