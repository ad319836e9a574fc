// Load results as Falco reports them: error and warning codes, their texts, and where they happened.

/** Falco's error codes (falco_load_result.h), in Falco's order. */
export const ERROR_CODES = [
  "LOAD_ERR_FILE_READ",
  "LOAD_ERR_YAML_PARSE",
  "LOAD_ERR_YAML_VALIDATE",
  "LOAD_ERR_COMPILE_CONDITION",
  "LOAD_ERR_COMPILE_OUTPUT",
  "LOAD_ERR_VALIDATE",
  "LOAD_ERR_EXTENSION",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Falco's warning codes, in Falco's order. */
export const WARNING_CODES = [
  "LOAD_UNKNOWN_SOURCE",
  "LOAD_UNSAFE_NA_CHECK",
  "LOAD_NO_EVTTYPE",
  "LOAD_UNKNOWN_FILTER",
  "LOAD_UNUSED_MACRO",
  "LOAD_UNUSED_LIST",
  "LOAD_UNKNOWN_ITEM",
  "LOAD_DEPRECATED_ITEM",
  "LOAD_WARNING_EXTENSION",
  "LOAD_APPEND_NO_VALUES",
  "LOAD_EXCEPTION_NAME_NOT_UNIQUE",
  "LOAD_INVALID_MACRO_NAME",
  "LOAD_INVALID_LIST_NAME",
  "LOAD_COMPILE_CONDITION",
  "LOAD_UNKNOWN_KEY",
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Short titles of the error codes (printed next to the code in text results). */
export const ERROR_TITLES: Readonly<Record<ErrorCode, string>> = {
  LOAD_ERR_FILE_READ: "File read error",
  LOAD_ERR_YAML_PARSE: "YAML parse error",
  LOAD_ERR_YAML_VALIDATE: "Error validating internal structure of YAML file",
  LOAD_ERR_COMPILE_CONDITION: "Error compiling condition",
  LOAD_ERR_COMPILE_OUTPUT: "Error compiling output",
  LOAD_ERR_VALIDATE: "Error validating rule/macro/list/exception objects",
  LOAD_ERR_EXTENSION: "Error in extension item",
};

/** Longer explanations of the error codes (for documentation; Falco's JSON does not carry them). */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  LOAD_ERR_FILE_READ:
    "This occurs when falco can not read a given file. Check permissions and whether the file exists.",
  LOAD_ERR_YAML_PARSE: "This occurs when the rules content is not valid YAML.",
  LOAD_ERR_YAML_VALIDATE:
    "This occurs when the internal structure of the YAML file is incorrect. Examples include not consisting of a " +
    "sequence of maps, a given rule/macro/list item not having required keys, values not having the right type " +
    "(e.g. the items property of a list not being a sequence), etc.",
  LOAD_ERR_COMPILE_CONDITION: "This occurs when a condition string can not be compiled to a filter object.",
  LOAD_ERR_COMPILE_OUTPUT: "This occurs when an output string can not be compiled to an output object.",
  LOAD_ERR_VALIDATE:
    "This occurs when a rule/macro/list item is incorrect. Examples include a condition field referring to an " +
    "undefined macro, falco engine/plugin version mismatches, items with append without any existing item, " +
    "exception fields/comps having different lengths, etc.",
  LOAD_ERR_EXTENSION: "This occurs when there is an error in an extension item",
};

/** Short titles of the warning codes. */
export const WARNING_TITLES: Readonly<Record<WarningCode, string>> = {
  LOAD_UNKNOWN_SOURCE: "Unknown event source",
  LOAD_UNSAFE_NA_CHECK: "Unsafe <NA> comparison in condition",
  LOAD_NO_EVTTYPE: "Condition has no event-type restriction",
  LOAD_UNKNOWN_FILTER: "Unknown field or event-type in condition or output",
  LOAD_UNUSED_MACRO: "Unused macro",
  LOAD_UNUSED_LIST: "Unused list",
  LOAD_UNKNOWN_ITEM: "Unknown rules file item",
  LOAD_DEPRECATED_ITEM: "Used deprecated item",
  LOAD_WARNING_EXTENSION: "Warning in extension item",
  LOAD_APPEND_NO_VALUES: "Overriding/appending with no values",
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: "Multiple exceptions defined with the same name",
  LOAD_INVALID_MACRO_NAME: "Invalid macro name",
  LOAD_INVALID_LIST_NAME: "Invalid list name",
  LOAD_COMPILE_CONDITION: "Warning in rule condition",
  LOAD_UNKNOWN_KEY: "Unknown key in item definition",
};

/** What each warning means; Falco's JSON puts this in `codedesc`. */
export const WARNING_DESCRIPTIONS: Readonly<Record<WarningCode, string>> = {
  LOAD_UNKNOWN_SOURCE:
    "A rule has a unknown event source. This can occur when reading rules content without having a " +
    "corresponding plugin loaded, etc. The rule will be silently ignored.",
  LOAD_UNSAFE_NA_CHECK:
    "Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule " +
    "condition. If you need to check for the existence of a field, consider using the 'exists' operator instead.",
  LOAD_NO_EVTTYPE:
    "A rule condition matches too many evt.type values. This has a significant performance penalty. Make the " +
    "condition more specific by adding an evt.type field or further restricting the number of evt.type values " +
    "in the condition.",
  LOAD_UNKNOWN_FILTER:
    "A rule condition or output refers to a field or evt.type that does not exist. This is normally an error, " +
    "but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.",
  LOAD_UNUSED_MACRO: "A macro is defined in the rules content but is not used by any other macro or rule.",
  LOAD_UNUSED_LIST:
    "A list is defined in the rules content but is not used by any other list, macro, or rule.",
  LOAD_UNKNOWN_ITEM: "An unknown top-level object is in the rules content. It will be ignored.",
  LOAD_DEPRECATED_ITEM: "A deprecated item is employed by lists, macros, or rules.",
  LOAD_WARNING_EXTENSION: "An extension item has a warning",
  LOAD_APPEND_NO_VALUES: "A rule exception is overriding/appending with no values",
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: "A rule is defining multiple exceptions with the same name",
  LOAD_INVALID_MACRO_NAME: "A macro is defined with an invalid name",
  LOAD_INVALID_LIST_NAME: "A list is defined with an invalid name",
  LOAD_COMPILE_CONDITION: "A rule condition or output have been parsed with a warning",
  LOAD_UNKNOWN_KEY:
    "An item in the rules content contains an unrecognized key. The key will be ignored. This may indicate a " +
    "typo or a property placed on the wrong item type.",
};

/**
 * The `codedesc` Falco writes in `-V` JSON. For errors Falco writes the short title (its error_desc
 * returns the title table), for warnings the long description; we keep that so consumers see the same text.
 */
export function codeDescription(code: ErrorCode | WarningCode): string {
  if (isErrorCode(code)) return ERROR_TITLES[code];
  return WARNING_DESCRIPTIONS[code];
}

/** Short title of any code. */
export function codeTitle(code: ErrorCode | WarningCode): string {
  return isErrorCode(code) ? ERROR_TITLES[code] : WARNING_TITLES[code];
}

/** Whether a code is an error code (else a warning code). */
export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** The kinds of places a diagnostic can point at (Falco's rule_loader::context item types). */
export type ItemType =
  | "value for"
  | "exceptions"
  | "exception"
  | "exception values"
  | "exception value"
  | "rules content"
  | "rules content item"
  | "required_engine_version"
  | "required plugin versions"
  | "required plugin versions entry"
  | "required plugin versions alternative"
  | "list"
  | "list item"
  | "macro"
  | "macro condition"
  | "rule"
  | "rule condition"
  | "condition expression"
  | "rule output"
  | "rule output expression"
  | "rule priority"
  | "overrides"
  | "extension item";

/** A position as Falco reports it: `name` is the file (or a quoted condition prefix); line and column are 0-based. */
export interface Position {
  name: string;
  line: number;
  column: number;
  offset: number;
}

/** One step of a diagnostic's context chain, outermost first (file, then item, then value…). */
export interface Location {
  itemType: ItemType;
  itemName: string;
  position: Position;
}

/**
 * One error or warning. `itemType`/`itemName` name the innermost rules item concerned (rule, macro,
 * list, exception…); `file`, `line` and `column` (1-based) point at the most precise place known in the
 * file; `locations` is Falco's full context chain (0-based, as `-V` JSON prints it); `snippet` is the
 * source line with a caret under the position.
 */
export interface LoadDiagnostic {
  severity: "error" | "warning";
  code: ErrorCode | WarningCode;
  codedesc: string;
  message: string;
  itemType: ItemType;
  itemName: string;
  file: string;
  line: number;
  column: number;
  snippet: string;
  locations: readonly Location[];
  /** For LOAD_DEPRECATED_ITEM warnings about a field: the field (`evt.dir`). */
  deprecatedField?: string;
}

/** Item kinds that name a rules item (as opposed to a value or a condition inside one). */
const ITEM_KINDS: ReadonlySet<ItemType> = new Set<ItemType>([
  "rules content",
  "rules content item",
  "required_engine_version",
  "required plugin versions",
  "required plugin versions entry",
  "required plugin versions alternative",
  "list",
  "macro",
  "rule",
  "exception",
]);

const SNIPPET_WIDTH = 160;

/**
 * Where a diagnostic happened: a chain of locations, like Falco's rule_loader::context. Contexts inside a
 * condition carry the condition text as their own content, so snippets show the condition.
 */
export class Context {
  private constructor(
    readonly locations: readonly Location[],
    /** The whole file content (for snippets). */
    private readonly fileContent: string,
    /** The file position of the innermost location that points into the file. */
    private readonly filePosition: Position,
    /** For contexts inside a condition: the condition text and the offset in it. */
    private readonly condition?: { text: string; offset: number },
  ) {}

  /** The context of a whole rules content: one location at 0:0. */
  static root(name: string, content: string): Context {
    const position = { name, line: 0, column: 0, offset: 0 };
    return new Context([{ itemType: "rules content", itemName: "", position }], content, position);
  }

  get fileName(): string {
    return this.locations[0]?.position.name ?? "";
  }

  /** The most precise place in the file this context knows (1-based line and column). */
  filePlace(): { file: string; line: number; column: number } {
    return { file: this.fileName, line: this.filePosition.line + 1, column: this.filePosition.column + 1 };
  }

  /** A child context at a place in the same file (0-based line and column). */
  at(place: { offset: number; line: number; column: number }, itemType: ItemType, itemName = ""): Context {
    const position = { name: this.fileName, line: place.line, column: place.column, offset: place.offset };
    return new Context([...this.locations, { itemType, itemName, position }], this.fileContent, position);
  }

  /**
   * A context inside a condition text: Falco names it after the condition's first characters and adds the
   * parser's 1-based line and column to the parent position.
   */
  inCondition(text: string, offset: number): Context {
    let line = 1;
    let column = 1;
    for (let i = 0; i < offset && i < text.length; i++) {
      column++;
      if (text[i] === "\n" || text[i] === "\r") {
        column = 1;
        line++;
      }
    }
    const last = this.locations[this.locations.length - 1].position;
    const shown = (text.length > 20 ? `"${text.slice(0, 17)}..."` : `"${text}"`).replace(/[\r\n]/g, " ");
    const position = {
      name: shown,
      line: last.line + line,
      column: last.column + column,
      offset: last.offset + offset,
    };
    return new Context(
      [...this.locations, { itemType: "condition expression", itemName: "", position }],
      this.fileContent,
      this.filePosition,
      { text, offset },
    );
  }

  /** Builds the diagnostic value for this place. */
  diagnostic(severity: "error" | "warning", code: ErrorCode | WarningCode, message: string): LoadDiagnostic {
    let item: Location | undefined;
    for (const loc of this.locations) if (ITEM_KINDS.has(loc.itemType)) item = loc;
    const snippet = this.condition
      ? makeSnippet(this.condition.text, this.condition.offset)
      : makeSnippet(this.fileContent, this.filePosition.offset);
    return {
      severity,
      code,
      codedesc: codeDescription(code),
      message,
      itemType: item?.itemType ?? "rules content",
      itemName: item?.itemName ?? "",
      file: this.fileName,
      line: this.filePosition.line + 1,
      column: this.filePosition.column + 1,
      snippet,
      locations: this.locations,
    };
  }
}

/**
 * The line holding `offset` (at most SNIPPET_WIDTH characters around it, elided with "...") and a caret
 * line under the position, each ending with a newline, as Falco prints them.
 */
export function makeSnippet(content: string, offset: number): string {
  if (content.length === 0) return "<No context available>\n";
  const half = SNIPPET_WIDTH / 2;
  let pos = Math.max(0, Math.min(offset, content.length - 1));
  // A position past the end, or on a line break, moves back to the last character before it.
  while (pos > 0 && (pos >= content.length || content[pos] === "\n")) pos--;
  let from = pos;
  while (from > 0 && content[from] !== "\n" && pos - from < half) from--;
  let to = pos;
  while (to < content.length - 1 && content[to] !== "\n" && to - pos < half) to++;
  if (content[from] === "\n") from++;
  if (content[to] === "\n") to--;
  let line = content.slice(from, to + 1);
  if (line.length === 0) return "<No context available>\n";
  if (pos - from >= half) line = `...${line.slice(3)}`;
  if (to - pos >= half) line = `${line.slice(0, -3)}...`;
  let out = `${line.replace(/\r$/, "")}\n`;
  if (pos - from <= line.length - 1) out += `${" ".repeat(Math.max(0, pos - from))}^\n`;
  return out;
}

/** Thrown inside the loader to abandon the current item or file; always caught and turned into a result. */
export class RuleLoadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Context,
  ) {
    super(message);
  }
}
