// Public API of the condition language: parse, resolve macros, compile, print.
export type * from "./ast.js";
export { type CompiledFilter, compileFilter, FilterCompileError } from "./compiler.js";
export { FieldCache } from "./field-cache.js";
export { MacroError, resolveMacros } from "./macros.js";
export { FilterSyntaxError, parseCondition } from "./parser.js";
export { printExpr } from "./print.js";
export { compileOutputTemplate, type OutputTemplate, OutputTemplateError } from "./template.js";
