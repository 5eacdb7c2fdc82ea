import { TemplateSyntaxError, parseTemplate, type TTemplatePart } from "@yardstick/contracts/prompts";
import type { RouterOutputs } from "./types";

export type TPromptSummary = RouterOutputs["prompts"]["list"][number];
export type TPrompt = RouterOutputs["prompts"]["get"];
export type TPromptVersion = TPrompt["versions"][number];
export type TPromptEvent = TPrompt["events"][number];
export type TPromptRun = RouterOutputs["prompts"]["run"];
export type TPromptDiff = RouterOutputs["prompts"]["diff"];

export const PRODUCTION = "production";
export const STAGING = "staging";

/** Template parts for display; null (show the raw text) when the template does not parse. */
export function safeParts(template: string): TTemplatePart[] | null {
  try {
    return parseTemplate(template);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return null;
    throw e;
  }
}

/** Variables of a draft (system + messages), and the first template syntax error, if any. */
export function draftVariables(templates: string[]): { variables: string[]; error: string | null } {
  const variables: string[] = [];
  let error: string | null = null;
  for (const t of templates) {
    try {
      for (const p of parseTemplate(t)) if (p.type === "var" && !variables.includes(p.name)) variables.push(p.name);
    } catch (e) {
      if (e instanceof TemplateSyntaxError) error ??= e.message;
      else throw e;
    }
  }
  return { variables, error };
}

export function labelTone(name: string): "green" | "amber" | "violet" {
  if (name === PRODUCTION) return "green";
  if (name === STAGING) return "amber";
  return "violet";
}
