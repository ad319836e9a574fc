// Public API of the scap module: the streaming reader, the decoded event, the event table, parameter
// rendering, capture summaries and the block encoders.
export {
  BlockType,
  blockKind,
  blockTypeName,
  type FdEntry,
  FdType,
  type GroupEntry,
  type InterfaceEntry,
  type MachineInfo,
  type SectionHeader,
  type ThreadEntry,
  type UserEntry,
} from "./blocks.js";
export { ScapEvent } from "./event.js";
export { EVENT_TABLE, EVENT_TYPE_MAX, EventCode, eventTypeNames } from "./event-table.js";
export { EC, EF, type EventInfo, type FlagTable, isEnter, type ParamInfo, PF, PT } from "./event-types.js";
export { type CaptureInfo, describeCapture, eventTypeName, isInternalEventType, STATE_ONLY } from "./info.js";
export {
  type ArgText,
  argText,
  argValue,
  decodeParam,
  EMPTY_CONTEXT,
  errnoName,
  type ParamValue,
  paramIndex,
  type RenderContext,
  type RenderedFd,
  type RenderOptions,
  renderArg,
  renderArgs,
  shownParamCount,
} from "./params.js";
export {
  isGzip,
  readScap,
  readScapSync,
  type ScapError,
  type ScapErrorCode,
  type ScapHandlers,
  ScapParser,
  type ScapReadOptions,
  type ScapReadResult,
  type ScapSource,
} from "./reader.js";
