import { createHash } from "node:crypto";
import {
  MissingVariablesError,
  PRODUCTION_LABEL,
  type ZPromptVersionInput,
  renderPrompt,
  versionVariables,
  type TPromptMessage,
  type TPromptParams,
  type TPromptTool,
  type TPublicPrompt,
  type TPublicPromptQuery,
} from "@yardstick/contracts/prompts";
import { diffPromptVersions } from "@yardstick/core/prompts";
import {
  deletePromptRow,
  findPromptRow,
  findPromptRowByName,
  findPromptVersionForApi,
  findPromptVersionRow,
  insertPromptVersion,
  listModelPriceRows,
  listPromptLabelEventRows,
  listPromptLabelRows,
  listPromptRows,
  listPromptVersionRows,
  movePromptLabel,
  setPromptProtection,
  type Role,
} from "@yardstick/db";
import {
  complete,
  isLlmError,
  providerKindFor,
  type TCompleteRequest,
  type TCompleteResult,
  type TProviderKind,
  type TProviderSettings,
} from "@yardstick/llm";
import type { z } from "zod";
import { AppError } from "../errors";
import { hasRole } from "../roles";
import { costOfCall } from "./judge-runner";
import { projectProviderSettings } from "./providers";

// Prompts: immutable versions, labels that move with an audit trail, a diff, a playground run,
// and the public read used by applications (`GET /api/public/prompts/{name}`).

type TVersionRow = NonNullable<Awaited<ReturnType<typeof findPromptVersionRow>>>;

function asVersion(v: TVersionRow) {
  return {
    ...v,
    messages: v.messages as TPromptMessage[],
    params: v.params as TPromptParams,
    tools: (v.tools as TPromptTool[] | null) ?? null,
  };
}

async function requirePrompt(projectId: string, promptId: string) {
  const p = await findPromptRow(projectId, promptId);
  if (!p) throw new AppError("not_found", "Prompt not found");
  return p;
}

async function requireVersion(promptId: string, version: number, field = "version") {
  const v = await findPromptVersionRow(promptId, version);
  if (!v) throw new AppError("not_found", `Version ${version} of this prompt does not exist`, field);
  return asVersion(v);
}

export async function listPrompts(projectId: string) {
  const rows = await listPromptRows(projectId);
  return rows.map(({ versions, labels, ...p }) => ({
    ...p,
    latest: versions[0] ?? null,
    labels: labels.map((l) => ({ name: l.name, version: l.version.version })),
  }));
}

/** A prompt with every version (newest first), its labels and the label audit trail. */
export async function getPrompt(projectId: string, promptId: string) {
  const p = await requirePrompt(projectId, promptId);
  const [versions, labels, events] = await Promise.all([
    listPromptVersionRows(p.id),
    listPromptLabelRows(p.id),
    listPromptLabelEventRows(p.id),
  ]);
  return {
    ...p,
    versions: versions.map(asVersion),
    labels: labels.map((l) => ({ name: l.name, version: l.version.version, updatedAt: l.updatedAt })),
    events,
  };
}

/** Saves a new immutable version (creating the prompt on its first one). */
export async function createPromptVersion(
  projectId: string,
  userId: string | null,
  input: { name: string } & z.output<typeof ZPromptVersionInput>,
) {
  const { name, ...data } = input;
  const res = await insertPromptVersion(projectId, name, userId, {
    system: data.system,
    messages: data.messages,
    model: data.model,
    params: data.params,
    tools: data.tools,
    variables: versionVariables(data),
    commitMessage: data.commitMessage,
  });
  return { prompt: res.prompt, version: asVersion(res.version) };
}

/**
 * Points a label at a version (`version: null` removes it). `production` on a protected prompt
 * needs ADMIN. Every move is recorded with who and when.
 */
export async function setPromptLabel(
  projectId: string,
  actor: { userId: string | null; role: Role },
  input: { promptId: string; label: string; version: number | null },
) {
  const p = await requirePrompt(projectId, input.promptId);
  if (input.label === PRODUCTION_LABEL && p.protectedProduction && !hasRole(actor.role, "ADMIN")) {
    throw new AppError(
      "forbidden",
      'The "production" label of this prompt is protected: only an ADMIN can move it',
      "label",
    );
  }
  const target = input.version === null ? null : await requireVersion(p.id, input.version);
  return movePromptLabel(p.id, input.label, target && { id: target.id, version: target.version }, actor.userId);
}

export async function setPromptProductionProtection(projectId: string, promptId: string, protectedProduction: boolean) {
  if (!(await setPromptProtection(projectId, promptId, protectedProduction)))
    throw new AppError("not_found", "Prompt not found");
}

export async function deletePrompt(projectId: string, promptId: string) {
  if (!(await deletePromptRow(projectId, promptId))) throw new AppError("not_found", "Prompt not found");
}

export async function diffPrompt(projectId: string, input: { promptId: string; from: number; to: number }) {
  const p = await requirePrompt(projectId, input.promptId);
  const [a, b] = await Promise.all([requireVersion(p.id, input.from, "from"), requireVersion(p.id, input.to, "to")]);
  return { from: a, to: b, diff: diffPromptVersions(a, b) };
}

/** Anthropic's API version 2026-10-21 (SDK 1.12) rejects these sampling parameters for Claude. */
const ANTHROPIC_REJECTED_PARAMS = ["temperature", "topP"] as const;

type TRunnableVersion = { model: string; params: TPromptParams; tools: TPromptTool[] | null };

/** The provider kind serving a version's model; BAD_REQUEST naming `params.x` when Claude would reject its sampling parameters. */
export function checkPromptVersionRunnable(v: TRunnableVersion, settings: TProviderSettings, field = "") {
  let kind: TProviderKind;
  try {
    kind = providerKindFor(v.model, settings);
  } catch (e) {
    if (isLlmError(e)) throw new AppError("precondition_failed", e.message, `${field}model`);
    throw e;
  }
  if (kind === "anthropic") {
    const bad = ANTHROPIC_REJECTED_PARAMS.filter((k) => v.params[k] !== undefined);
    if (bad.length) {
      throw new AppError(
        "invalid_input",
        `Claude models reject ${bad.join(" and ")} on the Anthropic API version Yardstick uses (2026-10-21): save a version without ${bad.length > 1 ? "them" : "it"}`,
        `${field}params.${bad[0]}`,
      );
    }
  }
  return kind;
}

/** The completion request of a rendered version: its model, the parameters its provider accepts, its tools. */
export function promptVersionRequest(
  v: TRunnableVersion,
  rendered: { system: string | null; messages: { role: "user" | "assistant"; content: string }[] },
  kind: TProviderKind,
): TCompleteRequest {
  return {
    model: v.model,
    ...(rendered.system && { system: rendered.system }),
    messages: rendered.messages,
    params: {
      ...(v.params.maxTokens !== undefined && { maxTokens: v.params.maxTokens }),
      ...(v.params.stop && { stop: v.params.stop }),
      ...(kind !== "anthropic" && v.params.temperature !== undefined && { temperature: v.params.temperature }),
      ...(kind !== "anthropic" && v.params.topP !== undefined && { topP: v.params.topP }),
    },
    ...(v.tools?.length && { tools: v.tools }),
  };
}

/**
 * Playground: renders a version with `variables` and calls the real provider with the project's
 * stored key (else the server's env). Returns output, tokens, cost and latency.
 */
export async function runPromptVersion(
  projectId: string,
  input: { promptId: string; version: number; variables: Record<string, unknown> },
) {
  const p = await requirePrompt(projectId, input.promptId);
  const v = await requireVersion(p.id, input.version);
  let rendered;
  try {
    rendered = renderPrompt(v, input.variables);
  } catch (e) {
    if (e instanceof MissingVariablesError) throw new AppError("invalid_input", e.message, "variables");
    throw e;
  }
  const settings = await projectProviderSettings(projectId);
  const kind = checkPromptVersionRunnable(v, settings);
  let result: TCompleteResult;
  try {
    result = await complete(promptVersionRequest(v, rendered, kind), { ...settings, maxRetries: 2, timeoutMs: 60_000 });
  } catch (e) {
    if (!isLlmError(e)) throw e;
    const who = e.provider ?? kind;
    if (e.kind === "auth") {
      throw new AppError(
        "precondition_failed",
        `${who} refused the API key (or none is configured): set one in project settings → Providers`,
      );
    }
    if (e.kind === "bad_request") throw new AppError("invalid_input", `${who} rejected the request: ${e.message}`);
    throw new AppError("precondition_failed", `${who} did not answer (${e.kind}): ${e.message}. Try again in a moment`);
  }
  const prices = await listModelPriceRows(projectId);
  return {
    model: result.model,
    text: result.text,
    toolCalls: result.toolCalls,
    stopReason: result.stopReason,
    usage: result.usage,
    latencyMs: result.latencyMs,
    costUsd: costOfCall(result, v.model, prices),
    rendered,
  };
}

// ───────────── public read: GET /api/public/prompts/{name}?label=…|version=… ─────────────

const LATEST_LABEL = "latest";

/**
 * The public prompt read: a version by label (default `production`; `latest` = newest) or number,
 * with a strong ETag (version id + its labels) so clients can revalidate cheaply.
 */
export async function getPublicPrompt(
  projectId: string,
  name: string,
  query: TPublicPromptQuery,
): Promise<{ prompt: TPublicPrompt; etag: string }> {
  let ref: { label: string } | { version: number } =
    query.version !== undefined ? { version: query.version } : { label: query.label ?? PRODUCTION_LABEL };
  if ("label" in ref && ref.label === LATEST_LABEL) {
    // "latest" is not a stored label: it always means the newest version.
    const p = await findPromptRowByName(projectId, name);
    if (p) ref = { version: p.latestVersion };
  }
  const { prompt, version } = await findPromptVersionForApi(projectId, name, ref);
  if (!prompt) throw new AppError("not_found", `Prompt "${name}" not found`);
  if (!version) {
    throw new AppError(
      "not_found",
      "label" in ref
        ? `No version of "${name}" is labelled "${ref.label}"`
        : `Prompt "${name}" has no version ${ref.version}`,
    );
  }
  const labels = version.labels.map((l) => l.name);
  const etag = `"${createHash("sha256")
    .update(`${version.id}\n${labels.join(",")}`)
    .digest("base64url")
    .slice(0, 32)}"`;
  const prompt_: TPublicPrompt = {
    name: prompt.name,
    version: version.version,
    labels,
    system: version.system,
    messages: version.messages as TPublicPrompt["messages"],
    model: version.model,
    params: version.params as TPublicPrompt["params"],
    tools: (version.tools as TPublicPrompt["tools"]) ?? null,
    variables: version.variables,
  };
  return { prompt: prompt_, etag };
}
