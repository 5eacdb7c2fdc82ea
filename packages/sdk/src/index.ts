export { Yardstick, type TYardstickStats } from "./client";
export { type TYardstickOptions } from "./config";
export { YardstickError, type TYardstickErrorCode } from "./errors";
export {
  TraceClient,
  SpanClient,
  GenerationClient,
  type TTime,
  type TTraceParams,
  type TTraceUpdateParams,
  type TSpanParams,
  type TSpanEndParams,
  type TGenerationParams,
  type TGenerationEndParams,
  type TEventParams,
  type TScoreParams,
  type TObservationScoreParams,
  type TFeedbackParams,
} from "./objects";
export { wrapAnthropic } from "./anthropic";
export { anthropicUsage, type TWrapAnthropicOptions } from "./anthropic-shared";
export type { TUsage, TCost } from "@yardstick/contracts/ingest";
export {
  Prompt,
  YardstickPromptError,
  type TGetPromptOptions,
  type TPromptFallback,
  type TPromptSource,
  type TPromptErrorReason,
} from "./prompts";
export { MissingVariablesError } from "@yardstick/contracts/prompts";
export { type TVariant, type TGetVariantOptions, type TVariantSource } from "./experiments";
export type { TAssignUnit } from "@yardstick/contracts/online-experiments";
