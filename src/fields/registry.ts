import type { FieldClass, FieldDef } from "./types.js";

/** A field name as written in a rule, resolved to its definition and argument. */
export interface ResolvedField {
  def: FieldDef;
  arg: string | undefined;
}

/** Looks fields up by name across a source's classes, handling `evt.arg.flags`-style dotted arguments. */
export class FieldRegistry {
  private readonly byName = new Map<string, FieldDef>();
  private readonly dotted: FieldDef[] = [];

  constructor(readonly classes: readonly FieldClass[]) {
    for (const cls of classes) {
      for (const f of cls.fields) {
        if (!this.byName.has(f.name)) this.byName.set(f.name, f);
        if (f.arg?.dotted) this.dotted.push(f);
      }
    }
    // Longest prefix first, so `k8s.pod.label` wins over a shorter dotted field.
    this.dotted.sort((a, b) => b.name.length - a.name.length);
  }

  /** The definition for `name` (and `[arg]` if written), or undefined when no such field exists. */
  resolve(name: string, arg?: string): ResolvedField | undefined {
    const def = this.byName.get(name);
    if (def) return { def, arg };
    if (arg !== undefined) return undefined;
    for (const d of this.dotted) {
      if (name.length > d.name.length + 1 && name.startsWith(d.name) && name[d.name.length] === ".") {
        return { def: d, arg: name.slice(d.name.length + 1) };
      }
    }
    return undefined;
  }

  /** Every field, in class order. */
  all(): FieldDef[] {
    return this.classes.flatMap((c) => c.fields);
  }
}
