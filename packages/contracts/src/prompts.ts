import { z } from "zod";
import { TemplateSyntaxError, parseTemplate, promptVariables } from "./prompt-template";

// Prompt contracts shared by the server (tRPC, public API) and the SDK.

export const PROMPT_NAME_RE = /^[a-zA-Z0-9._-]{1,100}$/;
export const ZPromptName = z
  .string({ error: "Name is required" })
  .regex(PROMPT_NAME_RE, "Names are 1-100 characters of letters, digits, '.', '_' and '-'");

export const LABEL_NAME_RE = /^[a-z0-9][a-z0-9._-]{0,49}$/;
export const ZPromptLabelName = z
  .string()
  .regex(LABEL_NAME_RE, "Labels are 1-50 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
  .refine((l) => l !== "latest", '"latest" is reserved: it always means the newest version');
export const PRODUCTION_LABEL = "production";

const ZTemplate = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .superRefine((t, ctx) => {
      try {
        parseTemplate(t);
      } catch (e) {
        if (e instanceof TemplateSyntaxError) ctx.addIssue({ code: "custom", message: e.message });
        else throw e;
      }
    });

export const ZPromptMessage = z.strictObject({
  role: z.enum(["user", "assistant"], { error: "Role must be user or assistant" }),
  content: ZTemplate(100_000).refine((c) => c.trim() !== "", "Message content is required"),
});
export type TPromptMessage = z.infer<typeof ZPromptMessage>;

export const ZPromptParams = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string().min(1)).max(16).optional(),
});
export type TPromptParams = z.infer<typeof ZPromptParams>;

export const ZPromptTool = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "Tool names are 1-64 characters of [a-zA-Z0-9_-]"),
  description: z.string().max(10_000).optional(),
  inputSchema: z.looseObject({ type: z.literal("object") }),
});
export type TPromptTool = z.infer<typeof ZPromptTool>;

/** A new version as authored (the server adds version number, variables, author, time). */
export const ZPromptVersionInput = z.object({
  system: ZTemplate(200_000).nullable().default(null),
  messages: z.array(ZPromptMessage).min(1, "Add at least one message").max(100),
  model: z.string().trim().min(1, "Model is required").max(200),
  params: ZPromptParams.default({}),
  tools: z
    .array(ZPromptTool)
    .max(64)
    .nullable()
    .default(null)
    .refine((t) => !t || new Set(t.map((x) => x.name)).size === t.length, "Tool names must be unique"),
  commitMessage: z.string().trim().min(1, "Describe the change in a commit message").max(500),
});
export type TPromptVersionInput = z.input<typeof ZPromptVersionInput>;
export type TPromptVersionData = z.output<typeof ZPromptVersionInput>;

/** Variables of a valid version input (templates already validated). */
export function versionVariables(v: Pick<TPromptVersionData, "system" | "messages">): string[] {
  return promptVariables(v);
}

/** `GET /api/public/prompts/{name}` answer. */
export const ZPublicPrompt = z.object({
  name: z.string(),
  version: z.number().int(),
  labels: z.array(z.string()),
  system: z.string().nullable(),
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() })),
  model: z.string(),
  params: ZPromptParams,
  tools: z.array(ZPromptTool).nullable(),
  variables: z.array(z.string()),
});
export type TPublicPrompt = z.infer<typeof ZPublicPrompt>;
/** `GET /api/public/prompts/{name}` query: a label (default `production`) or a version number, not both. */
export const ZPublicPromptQuery = z
  .strictObject(
    {
      label: z.string().min(1, "label must be 1-50 characters").max(50, "label must be 1-50 characters").optional(),
      version: z
        .string()
        .regex(/^[1-9][0-9]{0,8}$/, "version must be a positive integer")
        .transform(Number)
        .optional(),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? `Unknown query parameter: ${iss.keys.join(", ")} (use label or version)`
          : undefined,
    },
  )
  .refine((q) => q.label === undefined || q.version === undefined, "Pass either label or version, not both");
export type TPublicPromptQuery = z.output<typeof ZPublicPromptQuery>;

const INVALID_NAME = "Invalid prompt name: 1-100 characters, no NUL (\\u0000)";
export const ZPromptNameParam = z
  .string()
  .min(1, INVALID_NAME)
  .max(100, INVALID_NAME)
  .refine((s) => !s.includes("\u0000"), INVALID_NAME);

export * from "./prompt-template";
