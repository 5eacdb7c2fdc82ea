import { createHash } from "node:crypto";
import { computeCost, resolveModelPrice } from "@yardstick/core/cost";
import {
  MissingVariablesError,
  PRODUCTION_LABEL,
  ZPromptVersionInput,
  diffPromptVersions,
  renderPrompt,
  versionVariables,
  type TPromptMessage,
  type TPromptParams,
  type TPromptTool,
  type TPublicPrompt,
} from "@yardstick/core/prompts";
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
import { complete, isLlmError, providerKindFor, type TCompleteResult } from "@yardstick/llm";
import type { z } from "zod";
import { AppError } from "../errors";
import { PublicApiError, jsonResponse } from "../public-api";
import { hasRole } from "../roles";
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
  if (!p) throw new AppError("NOT_FOUND", "Prompt not found");
  return p;
}

async function requireVersion(promptId: string, version: number, field = "version") {
  const v = await findPromptVersionRow(promptId, version);
  if (!v) throw new AppError("NOT_FOUND", `Version ${version} of this prompt does not exist`, field);
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
      "FORBIDDEN",
      'The "production" label of this prompt is protected: only an ADMIN can move it',
      "label",
    );
  }
  const target = input.version === null ? null : await requireVersion(p.id, input.version);
  return movePromptLabel(p.id, input.label, target && { id: target.id, version: target.version }, actor.userId);
}

export async function setPromptProductionProtection(projectId: string, promptId: string, protectedProduction: boolean) {
  if (!(await setPromptProtection(projectId, promptId, protectedProduction)))
    throw new AppError("NOT_FOUND", "Prompt not found");
}

export async function deletePrompt(projectId: string, promptId: string) {
  if (!(await deletePromptRow(projectId, promptId))) throw new AppError("NOT_FOUND", "Prompt not found");
}

export async function diffPrompt(projectId: string, input: { promptId: string; from: number; to: number }) {
  const p = await requirePrompt(projectId, input.promptId);
  const [a, b] = await Promise.all([requireVersion(p.id, input.from, "from"), requireVersion(p.id, input.to, "to")]);
  return { from: a, to: b, diff: diffPromptVersions(a, b) };
}

/** Anthropic's API version 2026-10-21 (SDK 1.12) rejects these sampling parameters for Claude. */
const ANTHROPIC_REJECTED_PARAMS = ["temperature", "topP"] as const;

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
    if (e instanceof MissingVariablesError) throw new AppError("BAD_REQUEST", e.message, "variables");
    throw e;
  }
  const settings = await projectProviderSettings(projectId);
  let kind;
  try {
    kind = providerKindFor(v.model, settings);
  } catch (e) {
    if (isLlmError(e)) throw new AppError("PRECONDITION_FAILED", e.message, "model");
    throw e;
  }
  if (kind === "anthropic") {
    const bad = ANTHROPIC_REJECTED_PARAMS.filter((k) => v.params[k] !== undefined);
    if (bad.length) {
      throw new AppError(
        "BAD_REQUEST",
        `Claude models reject ${bad.join(" and ")} on the Anthropic API version Yardstick uses (2026-10-21): save a version without ${bad.length > 1 ? "them" : "it"}`,
        `params.${bad[0]}`,
      );
    }
  }
  let result: TCompleteResult;
  try {
    result = await complete(
      {
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
      },
      { ...settings, maxRetries: 2, timeoutMs: 60_000 },
    );
  } catch (e) {
    if (!isLlmError(e)) throw e;
    const who = e.provider ?? kind;
    if (e.kind === "auth") {
      throw new AppError(
        "PRECONDITION_FAILED",
        `${who} refused the API key (or none is configured): set one in project settings → Providers`,
      );
    }
    if (e.kind === "bad_request") throw new AppError("BAD_REQUEST", `${who} rejected the request: ${e.message}`);
    throw new AppError("PRECONDITION_FAILED", `${who} did not answer (${e.kind}): ${e.message}. Try again in a moment`);
  }
  const prices = await listModelPriceRows(projectId);
  const price = resolveModelPrice(result.model, new Date(), prices) ?? resolveModelPrice(v.model, new Date(), prices);
  return {
    model: result.model,
    text: result.text,
    toolCalls: result.toolCalls,
    stopReason: result.stopReason,
    usage: result.usage,
    latencyMs: result.latencyMs,
    costUsd: price ? computeCost(result.usage, price).totalCost : null,
    rendered,
  };
}

// ───────────── public read: GET /api/public/prompts/{name}?label=…|version=… ─────────────

const LATEST_LABEL = "latest";
const PUBLIC_CACHE_CONTROL = "private, max-age=30, stale-while-revalidate=300";

function parseRef(url: URL): { label: string } | { version: number } {
  const unknown = [...url.searchParams.keys()].filter((k) => k !== "label" && k !== "version");
  if (unknown.length)
    throw new PublicApiError(400, `Unknown query parameter: ${unknown.join(", ")} (use label or version)`);
  const label = url.searchParams.get("label");
  const version = url.searchParams.get("version");
  if (label !== null && version !== null) throw new PublicApiError(400, "Pass either label or version, not both");
  if (version !== null) {
    if (!/^[1-9][0-9]{0,8}$/.test(version)) throw new PublicApiError(400, "version must be a positive integer");
    return { version: Number(version) };
  }
  if (label !== null && (label === "" || label.length > 50))
    throw new PublicApiError(400, "label must be 1-50 characters");
  return { label: label ?? PRODUCTION_LABEL };
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** Answers the public prompt read with a strong ETag (version id + its labels) and cache headers; 304 on If-None-Match. */
export async function servePublicPrompt(req: Request, projectId: string, name: string): Promise<Response> {
  if (!name || name.length > 100 || name.includes("\u0000"))
    throw new PublicApiError(400, "Invalid prompt name: 1-100 characters, no NUL (\\u0000)");
  let ref = parseRef(new URL(req.url));
  if ("label" in ref && ref.label === LATEST_LABEL) {
    // "latest" is not a stored label: it always means the newest version.
    const p = await findPromptRowByName(projectId, name);
    if (p) ref = { version: p.latestVersion };
  }
  const { prompt, version } = await findPromptVersionForApi(projectId, name, ref);
  if (!prompt) throw new PublicApiError(404, `Prompt "${name}" not found`);
  if (!version) {
    throw new PublicApiError(
      404,
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
  const headers = { etag, "cache-control": PUBLIC_CACHE_CONTROL, vary: "authorization" };
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  const body: TPublicPrompt = {
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
  return jsonResponse(200, body, headers);
}
