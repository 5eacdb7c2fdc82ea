import { canonicalJson } from "@yardstick/core/datasets";
import {
  GraderConfigError,
  GraderInputError,
  isJudgeGraderType,
  parseGraderConfig,
  runDeterministicGrader,
  type TGradeInput,
  type TGraderConfig,
} from "@yardstick/core/graders";
import { sameFamilyWarning } from "@yardstick/core/judge";
import {
  deleteGraderRow,
  findGraderRow,
  findGraderVersionRow,
  insertGraderVersion,
  latestCompletedRunsByGrader,
  listGraderRows,
  listGraderVersionRows,
} from "@yardstick/db";
import { embed, hasEmbeddingProvider, isLlmError } from "@yardstick/llm";
import { AppError } from "../errors";
import { projectProviderSettings } from "./providers";
import {
  DEFAULT_JUDGE_MODEL,
  judgeProviderKind,
  llmAppError,
  loadJudgeContext,
  runFaithfulness,
  runLlmJudge,
  runPairwise,
  type TCallCost,
} from "./judge-runner";

// Graders: named configs saved per project and versioned — changing a judge prompt is changing a
// metric, so every change is a new immutable version and results name the version they came from.

type TVersionRow = NonNullable<Awaited<ReturnType<typeof findGraderVersionRow>>>;

function asVersion(v: TVersionRow) {
  return { ...v, config: v.config as TGraderConfig };
}

/** Same-family (self-preference) warning for a judge grader version whose subject model is known. */
function versionWarnings(v: { judgeModel: string | null; subjectModel: string | null }): string[] {
  if (!v.judgeModel || !v.subjectModel) return [];
  const w = sameFamilyWarning(v.judgeModel, v.subjectModel);
  return w ? [w] : [];
}

/** Validates a config; a GraderConfigError becomes BAD_REQUEST naming the field (`config.rubric.scale.max`). */
export function parseConfigOrThrow(raw: unknown): TGraderConfig {
  try {
    return parseGraderConfig(raw);
  } catch (e) {
    if (e instanceof GraderConfigError) {
      const [first, ...more] = e.issues.map((i) => ({
        field: i.field ? `config.${i.field}` : "config",
        message: i.message,
      }));
      const field = first?.field ?? "config";
      const rest = more.length
        ? ` (and ${more.length} more: ${more
            .slice(0, 3)
            .map((i) => `${i.field}: ${i.message}`)
            .join("; ")})`
        : "";
      throw new AppError("invalid_input", `${field}: ${first?.message ?? "invalid grader config"}${rest}`, field);
    }
    throw e;
  }
}

/** The config as stored: parsed (defaults explicit) and, for judges, the judge model written in. */
function storedConfig(config: TGraderConfig): TGraderConfig {
  const model = judgeModelOf(config);
  return model ? ({ ...config, model } as TGraderConfig) : config;
}

function judgeModelOf(config: TGraderConfig): string | null {
  if (config.type === "llm_judge" || config.type === "faithfulness" || config.type === "pairwise_judge") {
    return config.model ?? DEFAULT_JUDGE_MODEL;
  }
  return null;
}

// ───────────── calibration status ("wherever a grader's scores are used") ─────────────

export type TCalibrationState = "calibrated" | "uncalibrated" | "stale" | "not_run" | "not_applicable";
export interface TCalibrationStatus {
  status: TCalibrationState;
  kappa: number | null;
  kappaThreshold: number | null;
  /** The grader version the last completed run judged with. */
  graderVersion: number | null;
  runId: string | null;
  setId: string | null;
  setName: string | null;
  finishedAt: Date | null;
}

/**
 * From the newest completed calibration run over all of a grader's sets: `stale` when the grader
 * has a newer version than the run used (re-run after a judge prompt or model change), else
 * `calibrated` when κ ≥ the set's threshold, else `uncalibrated`. Only llm_judge graders (ordinal
 * scores) are calibrated against human labels; others are `not_applicable`.
 */
export async function calibrationStatuses(
  projectId: string,
  graders: { id: string; latestVersion: number; type: string | null }[],
): Promise<Map<string, TCalibrationStatus>> {
  const runs = await latestCompletedRunsByGrader(
    projectId,
    graders.filter((g) => g.type === "llm_judge").map((g) => g.id),
  );
  const out = new Map<string, TCalibrationStatus>();
  for (const g of graders) {
    const r = runs.get(g.id);
    const base: TCalibrationStatus = {
      status: g.type === "llm_judge" ? "not_run" : "not_applicable",
      kappa: null,
      kappaThreshold: null,
      graderVersion: null,
      runId: null,
      setId: null,
      setName: null,
      finishedAt: null,
    };
    if (!r || g.type !== "llm_judge") {
      out.set(g.id, base);
      continue;
    }
    const status: TCalibrationState =
      r.graderVersion.version !== g.latestVersion
        ? "stale"
        : r.kappa !== null && r.kappa >= r.set.kappaThreshold
          ? "calibrated"
          : "uncalibrated";
    out.set(g.id, {
      status,
      kappa: r.kappa,
      kappaThreshold: r.set.kappaThreshold,
      graderVersion: r.graderVersion.version,
      runId: r.id,
      setId: r.set.id,
      setName: r.set.name,
      finishedAt: r.finishedAt,
    });
  }
  return out;
}

export async function graderCalibrationStatus(
  projectId: string,
  grader: { id: string; latestVersion: number; type: string | null },
) {
  return (await calibrationStatuses(projectId, [grader])).get(grader.id)!;
}

// ───────────── CRUD ─────────────

export async function requireGrader(projectId: string, graderId: string) {
  const g = await findGraderRow(projectId, graderId);
  if (!g) throw new AppError("not_found", "Grader not found");
  return g;
}

export async function requireGraderVersion(graderId: string, version: number, field = "version") {
  const v = await findGraderVersionRow(graderId, version);
  if (!v) throw new AppError("not_found", `Version ${version} of this grader does not exist`, field);
  return asVersion(v);
}

/** Graders with their latest version and calibration status. */
export async function listGraders(projectId: string) {
  const rows = await listGraderRows(projectId);
  const statuses = await calibrationStatuses(
    projectId,
    rows.map((g) => ({ id: g.id, latestVersion: g.latestVersion, type: g.versions[0]?.type ?? null })),
  );
  return rows.map(({ versions, ...g }) => {
    const latest = versions[0] ? asVersion(versions[0]) : null;
    return {
      ...g,
      latest,
      type: latest?.type ?? null,
      warnings: latest ? versionWarnings(latest) : [],
      calibration: statuses.get(g.id)!,
    };
  });
}

/** A grader with every version (newest first) and its calibration status. */
export async function getGrader(projectId: string, graderId: string) {
  const g = await requireGrader(projectId, graderId);
  const versions = (await listGraderVersionRows(g.id)).map((v) => ({ ...asVersion(v), warnings: versionWarnings(v) }));
  const latest = versions[0] ?? null;
  return {
    ...g,
    type: latest?.type ?? null,
    versions,
    warnings: latest?.warnings ?? [],
    calibration: await graderCalibrationStatus(projectId, {
      id: g.id,
      latestVersion: g.latestVersion,
      type: latest?.type ?? null,
    }),
  };
}

/**
 * Saves a new version of grader `name` (created on its first version). The config is validated
 * (BAD_REQUEST naming the field) and stored with defaults explicit. Saving the same config and
 * subject model as the latest version writes nothing (`changed: false`).
 */
export async function createGraderVersion(
  projectId: string,
  userId: string | null,
  input: { name: string; config: unknown; message: string; subjectModel?: string | null },
) {
  const config = storedConfig(parseConfigOrThrow(input.config));
  const subjectModel = input.subjectModel?.trim() || null;
  const judgeModel = judgeModelOf(config);
  const res = await insertGraderVersion(
    projectId,
    input.name,
    userId,
    { type: config.type, config, judgeModel, subjectModel, message: input.message },
    (latest) => canonicalJson(latest.config) === canonicalJson(config) && latest.subjectModel === subjectModel,
  );
  const version = asVersion(res.version);
  return {
    grader: { id: res.grader.id, name: res.grader.name, latestVersion: res.grader.latestVersion },
    version,
    changed: res.changed,
    warnings: versionWarnings(version),
  };
}

export async function deleteGrader(projectId: string, graderId: string) {
  if (!(await deleteGraderRow(projectId, graderId))) throw new AppError("not_found", "Grader not found");
}

// ───────────── preview: one item through a grader ─────────────

export type TPreviewItem = TGradeInput & { outputB?: string | null };

function costOut(cost: TCallCost | null) {
  return cost ? { usage: cost.usage, costUsd: cost.costUsd, calls: cost.calls } : { usage: null, costUsd: 0, calls: 0 };
}

/**
 * Embeddings of output and expected output for semantic_similarity, from the project's (or the
 * server's) OpenAI-compatible provider; null — the grader then says it fell back to TF-IDF — when
 * no embedding provider is configured or there is nothing to compare against.
 */
export async function embedPair(
  projectId: string,
  config: Extract<TGraderConfig, { type: "semantic_similarity" }>,
  item: TPreviewItem,
): Promise<{ output: number[]; expected: number[] } | null> {
  if (item.expected == null) return null;
  const settings = await projectProviderSettings(projectId);
  if (!hasEmbeddingProvider(settings)) return null;
  try {
    const r = await embed([item.output, item.expected], config.embeddingModel ? { model: config.embeddingModel } : {}, {
      ...settings,
      maxRetries: 2,
      timeoutMs: 30_000,
    });
    return { output: r.vectors[0]!, expected: r.vectors[1]! };
  } catch (e) {
    if (isLlmError(e)) throw llmAppError(e, config.embeddingModel ?? "the embedding model");
    throw e;
  }
}

/**
 * Runs a saved grader version (`graderId`, latest unless `version`) or an unsaved `config` on one
 * item: deterministic graders in process, judges through the project's provider. A judge answer that
 * does not parse is a failed grade with the reason; provider failures are client errors, never 500s.
 */
export async function previewGrader(
  projectId: string,
  input: {
    graderId?: string;
    version?: number;
    config?: unknown;
    subjectModel?: string | null;
    item: TPreviewItem;
  },
) {
  let config: TGraderConfig;
  let subjectModel = input.subjectModel?.trim() || null;
  let calibration: TCalibrationStatus | null = null;
  let graderVersion: number | null = null;
  if (input.graderId) {
    if (input.config !== undefined)
      throw new AppError("invalid_input", "Pass either graderId or config, not both", "config");
    const g = await requireGrader(projectId, input.graderId);
    const v = await requireGraderVersion(g.id, input.version ?? g.latestVersion);
    config = parseConfigOrThrow(v.config);
    subjectModel ??= v.subjectModel;
    graderVersion = v.version;
    calibration = await graderCalibrationStatus(projectId, { id: g.id, latestVersion: g.latestVersion, type: v.type });
    // A pinned old version is not what the calibration status describes.
    if (v.version !== g.latestVersion && calibration.status !== "not_applicable")
      calibration = { ...calibration, status: "stale" };
  } else if (input.config !== undefined) {
    config = storedConfig(parseConfigOrThrow(input.config));
  } else {
    throw new AppError("invalid_input", "Pass a graderId or a config to preview", "config");
  }
  const item = input.item;
  const judgeModel = judgeModelOf(config);
  const warnings = judgeModel && subjectModel ? versionWarnings({ judgeModel, subjectModel }) : [];
  const common = { type: config.type, graderVersion, judgeModel, warnings, calibration };

  if (!isJudgeGraderType(config.type)) {
    const embeddings = config.type === "semantic_similarity" ? await embedPair(projectId, config, item) : null;
    try {
      return {
        ...common,
        result: runDeterministicGrader(config, item, { embeddings }),
        samples: null,
        ...costOut(null),
      };
    } catch (e) {
      if (e instanceof GraderInputError) throw new AppError("invalid_input", e.message, `item.${e.argument}`);
      if (e instanceof GraderConfigError) throw new AppError("invalid_input", e.message, `config.${e.field}`);
      throw e;
    }
  }

  const ctx = await loadJudgeContext(projectId);
  judgeProviderKind(judgeModel!, ctx);
  try {
    if (config.type === "llm_judge") {
      const r = await runLlmJudge(config, item, ctx);
      return { ...common, result: r.result, samples: r.samples, ...costOut(r.cost) };
    }
    if (config.type === "faithfulness") {
      const r = await runFaithfulness(config, item, ctx);
      return { ...common, result: r.result, samples: null, ...costOut(r.cost) };
    }
    if (config.type === "pairwise_judge") {
      if (item.outputB == null) {
        throw new AppError("invalid_input", "A pairwise judge compares two outputs: provide outputB", "item.outputB");
      }
      const r = await runPairwise(config, { ...item, outputB: item.outputB }, ctx);
      return { ...common, result: r.result, samples: null, ...costOut(r.cost) };
    }
  } catch (e) {
    if (isLlmError(e)) throw llmAppError(e, judgeModel!);
    throw e;
  }
  throw new AppError("invalid_input", `Unknown grader type ${config.type}`, "config.type");
}
