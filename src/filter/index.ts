// Public API of the condition language: parse, resolve macros, compile, print.
export type * from "./ast.js";
export { FilterSyntaxError, parseCondition } from "./parser.js";
export { MacroError, resolveMacros } from "./macros.js";
export { type CompiledFilter, FilterCompileError, compileFilter } from "./compiler.js";
export { printExpr } from "./print.js";
export { type OutputTemplate, OutputTemplateError, compileOutputTemplate } from "./template.js";
