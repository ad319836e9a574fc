import type { EventSchema, Scalar } from "../fields/types.js";

/** An output template that does not compile: "invalid formatting token X". */
export class OutputTemplateError extends Error {}

export interface OutputTemplate<E> {
  /** The text line: `%field` tokens replaced, `<NA>` for missing values. */
  render(evt: E): string;
  /** One entry per `%field` token (key as written, `proc.aname[2]`), null for missing values. */
  values(evt: E): Record<string, Scalar | null>;
  /** Field names as written, in order of first appearance. */
  fields: readonly string[];
}

/** Compiles a rule output (`%proc.name`, `%proc.aname[2]`, `%10evt.type`, `%tolower(fd.name)`); throws OutputTemplateError. */
export function compileOutputTemplate<E>(text: string, _schema: EventSchema<E>): OutputTemplate<E> {
  return { render: () => text, values: () => ({}), fields: [] };
}
