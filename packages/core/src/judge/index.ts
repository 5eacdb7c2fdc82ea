/**
 * @yardstick/core/judge: pure helpers for LLM-as-judge. Builds prompts in the shape of
 * packages/llm's `complete()` request, parses tool calls, aggregates samples and measures
 * agreement with humans. No model is called here.
 */
export { JudgeInputError, JudgeParseError, type TJudgeParseErrorCode } from "./errors";
export type {
  TJudgeMessage,
  TJudgePrompt,
  TJudgeSystemBlock,
  TJudgeTool,
  TJudgeToolChoice,
  TToolCallLike,
} from "./types";
export {
  DEFAULT_ANCHORS,
  DEFAULT_SCALE,
  formatRubric,
  scaleLevels,
  ZRubric,
  ZScale,
  type TRubric,
  type TRubricInput,
  type TScale,
} from "./rubric";
export { FENCE_TAGS, fence, neutralizeFenceTags, type TFenceTag } from "./fence";
export {
  buildJudgePrompt,
  clampJudgeTemperature,
  findToolCall,
  gradeTool,
  JUDGE_MAX_TEMPERATURE,
  judgeSystemPrompt,
  LENGTH_BIAS_RULE,
  parseJudgeToolCall,
  SUBMIT_GRADE_TOOL,
  type TBuildJudgePromptArgs,
  type TJudgeVerdict,
} from "./prompt";
export {
  aggregateJudgeSamples,
  defaultStableVariance,
  judgeGradeResult,
  type TAggregateOptions,
  type TJudgeAggregate,
} from "./aggregate";
export { modelFamily, sameFamilyWarning, type TModelFamily } from "./model-family";
export {
  buildClaimExtractionPrompt,
  buildClaimVerificationPrompt,
  CLAIM_VERDICTS,
  EXTRACT_CLAIMS_TOOL,
  faithfulnessGradeResult,
  parseClaims,
  parseClaimVerdicts,
  scoreFaithfulness,
  SUBMIT_VERDICTS_TOOL,
  type TClaimVerdict,
  type TClaimVerdictLabel,
  type TFaithfulnessScore,
} from "./faithfulness";
export {
  buildPairwisePrompt,
  buildPairwisePrompts,
  combinePairwise,
  pairwiseSummary,
  parsePairwiseToolCall,
  SUBMIT_PREFERENCE_TOOL,
  type TBuildPairwisePromptArgs,
  type TPairwiseChoice,
  type TPairwiseOutcome,
  type TPairwiseSummary,
} from "./pairwise";
export {
  judgeAgreement,
  weightedKappa,
  type TJudgeAgreement,
  type TJudgeAgreementOptions,
  type TKappaWeights,
} from "./calibration";
export {
  confusionView,
  judgeBias,
  scoreDistribution,
  type TConfusionCell,
  type TConfusionView,
  type TScoreDistribution,
} from "./agreement-view";
