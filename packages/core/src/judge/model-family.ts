/**
 * Model families for the self-preference warning: judges rate outputs of their own family higher
 * (Panickssery et al. 2024, "LLM Evaluators Recognize and Favor Their Own Generations").
 */
export type TModelFamily =
  "claude" | "gpt" | "gemini" | "gemma" | "llama" | "mistral" | "qwen" | "deepseek" | "grok" | "command" | "phi";

const RULES: readonly [RegExp, TModelFamily][] = [
  [/claude/, "claude"],
  [/(^|[/:._-])(chatgpt|gpt|davinci)|(^|[/:._-])o[134]($|[-_.:])/, "gpt"],
  [/gemini/, "gemini"],
  [/gemma/, "gemma"],
  [/llama/, "llama"],
  [/mistral|mixtral|codestral|ministral|pixtral|magistral|devstral/, "mistral"],
  [/qwen|qwq/, "qwen"],
  [/deepseek/, "deepseek"],
  [/grok/, "grok"],
  [/(^|[/:._-])command($|[-_.:])|cohere/, "command"],
  [/(^|[/:._-])phi-?\d/, "phi"],
];

/** The family of a model id ("claude-sonnet-4-5", "openai/gpt-4o", "meta-llama/Llama-3.1-8B"), or null when unknown. */
export function modelFamily(model: string): TModelFamily | null {
  const m = model.trim().toLowerCase();
  for (const [re, family] of RULES) if (re.test(m)) return family;
  return null;
}

/** A warning to show when judge and subject share a family (or, for unknown families, are the same model); otherwise null. */
export function sameFamilyWarning(judgeModel: string, subjectModel: string): string | null {
  const j = modelFamily(judgeModel);
  const s = modelFamily(subjectModel);
  const same = j !== null ? j === s : judgeModel.trim().toLowerCase() === subjectModel.trim().toLowerCase();
  if (!same) return null;
  const what = j !== null ? `both ${j} models` : "the same model";
  return `Judge ${judgeModel} and subject ${subjectModel} are ${what}: judges tend to favour outputs of their own family (self-preference bias). Prefer a judge from another family, or calibrate this one against human labels.`;
}
