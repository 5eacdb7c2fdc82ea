import {
  BANDIT_MODES,
  metricHigherIsBetter,
  metricLabel,
  type TCreateOnlineExperimentRequest,
  type TOnlineMetric,
  type TUpdateOnlineExperimentRequest,
} from "@yardstick/contracts/online-experiments";
import {
  analyzeInterleaving,
  analyzeOnlineExperiment,
  computeAllocation,
  regret,
  type IpwRow,
  type MetricInput,
  type MetricSummary,
} from "@yardstick/core/online-experiments";
import {
  appendOnlineAllocation,
  bumpOnlineBucketVersion,
  deleteOnlineExperimentRow,
  exposureCounts,
  exposuresByDay,
  findOnlineExperimentRow,
  findProjectPromptVersions,
  findPromptRow,
  insertOnlineExperiment,
  interleavingCounts,
  linkedTraceCount,
  listDueBanditExperiments,
  listOnlineAllocationRows,
  listOnlineExperimentRows,
  metricAggregates,
  metricUnitValues,
  replaceOnlineExperimentDraft,
  setOnlineExperimentStatus,
  updateOnlineExperimentLive,
  type Role,
  type TOnlineExperimentRow,
  type TOnlineVariantRowInput,
} from "@yardstick/db";
import { AppError } from "../errors";
import { invalidateAssignmentCache } from "./online-assignment";
import { setPromptLabel } from "./prompts";

// Online experiments: definitions and their life cycle (draft → running ⇄ paused → stopped),
// Ship (moves the prompt label to the winner, through the prompts' audited label move), and the
// readout a PM reads. Assignment itself is in online-assignment.ts (the hot path).

const isBandit = (mode: string) => (BANDIT_MODES as readonly string[]).includes(mode);

async function requireExperiment(projectId: string, experimentId: string): Promise<TOnlineExperimentRow> {
  const e = await findOnlineExperimentRow(projectId, experimentId);
  if (!e) throw new AppError("not_found", "Online experiment not found");
  return e;
}

/** Checks variants point at prompt versions of this project (and of the experiment's prompt). */
async function checkVariants(projectId: string, input: TCreateOnlineExperimentRequest) {
  const ids = input.variants.flatMap((v) => (v.promptVersionId ? [v.promptVersionId] : []));
  const found = await findProjectPromptVersions(projectId, ids);
  const byId = new Map(found.map((f) => [f.id, f]));
  input.variants.forEach((v, i) => {
    if (v.promptVersionId && v.promptLabel)
      throw new AppError("invalid_input", "A variant serves a prompt version or a label, not both", `variants.${i}`);
    if (!v.promptVersionId) return;
    const pv = byId.get(v.promptVersionId);
    if (!pv)
      throw new AppError("not_found", "Prompt version not found in this project", `variants.${i}.promptVersionId`);
    if (input.promptId && pv.prompt.id !== input.promptId)
      throw new AppError(
        "invalid_input",
        `Variant ${v.key} uses a version of another prompt (${pv.prompt.name})`,
        `variants.${i}.promptVersionId`,
      );
  });
  if (input.variants.some((v) => v.promptLabel) && !input.promptId)
    throw new AppError("invalid_input", "A variant served by label needs the experiment's prompt", "promptId");
  let promptId = input.promptId ?? null;
  if (!promptId && found.length) promptId = found[0]!.prompt.id;
  if (promptId && !input.promptId) {
    const other = found.find((f) => f.prompt.id !== promptId);
    if (other) throw new AppError("invalid_input", "All variants must use versions of the same prompt", "variants");
  }
  return promptId;
}

function rowInput(input: TCreateOnlineExperimentRequest, promptId: string | null) {
  return {
    key: input.key,
    name: input.name,
    hypothesis: input.hypothesis,
    unitType: input.unitType,
    unitAttribute: input.unitType === "attribute" ? (input.unitAttribute ?? null) : null,
    coverage: input.coverage,
    mode: input.mode,
    primaryMetric: input.primaryMetric,
    secondaryMetrics: input.secondaryMetrics,
    guardrails: input.guardrails,
    promptId,
    shipLabel: input.shipLabel,
    banditIntervalMinutes: input.banditIntervalMinutes,
    banditBurnIn: input.banditBurnIn,
    banditFloor: input.banditFloor,
    epsilon: input.epsilon,
  };
}

function variantInputs(input: TCreateOnlineExperimentRequest): TOnlineVariantRowInput[] {
  const equal = 1 / input.variants.length;
  return input.variants.map((v, i) => ({
    key: v.key,
    name: v.name,
    isControl: i === 0,
    promptVersionId: v.promptVersionId ?? null,
    promptLabel: v.promptLabel ?? null,
    modelOverride: v.modelOverride ?? null,
    // interleaving serves both variants to every request; bandits start equal
    weight: input.mode === "interleaving" || isBandit(input.mode) ? equal : v.weight,
  }));
}

async function checkPrompt(projectId: string, promptId: string | null | undefined) {
  if (!promptId) return;
  if (!(await findPromptRow(projectId, promptId))) throw new AppError("not_found", "Prompt not found", "promptId");
}

async function createOnlineExperimentImpl(
  projectId: string,
  userId: string | null,
  input: TCreateOnlineExperimentRequest,
) {
  await checkPrompt(projectId, input.promptId);
  const promptId = await checkVariants(projectId, input);
  try {
    return await insertOnlineExperiment(projectId, userId, rowInput(input, promptId), variantInputs(input));
  } catch (err) {
    if ((err as { code?: string }).code === "P2002")
      throw new AppError("conflict", `An experiment with key "${input.key}" already exists`, "key");
    throw err;
  }
}

/** A draft can change everything; a running or paused one its name, hypothesis, coverage, weights and settings. */
async function updateOnlineExperimentImpl(projectId: string, input: TUpdateOnlineExperimentRequest) {
  const e = await requireExperiment(projectId, input.experimentId);
  if (e.status === "stopped") throw new AppError("precondition_failed", "A stopped experiment cannot be edited");
  if (e.status === "draft") {
    await checkPrompt(projectId, input.promptId);
    const promptId = await checkVariants(projectId, input);
    try {
      await replaceOnlineExperimentDraft(projectId, e.id, rowInput(input, promptId), variantInputs(input));
    } catch (err) {
      if ((err as { code?: string }).code === "P2002")
        throw new AppError("conflict", `An experiment with key "${input.key}" already exists`, "key");
      throw err;
    }
    return { id: e.id };
  }
  const same =
    input.key === e.key &&
    input.mode === e.mode &&
    input.unitType === e.unitType &&
    input.variants.length === e.variants.length &&
    input.variants.every((v, i) => v.key === e.variants[i]!.key);
  if (!same)
    throw new AppError(
      "precondition_failed",
      "Once started, an experiment keeps its key, unit, mode and variants; stop it and create a new one",
    );
  const weightsChanged =
    e.mode === "fixed" && input.variants.some((v, i) => Math.abs(v.weight - e.variants[i]!.weight) > 1e-9);
  await updateOnlineExperimentLive(
    projectId,
    e.id,
    {
      name: input.name,
      hypothesis: input.hypothesis,
      coverage: input.coverage,
      banditIntervalMinutes: input.banditIntervalMinutes,
      banditBurnIn: input.banditBurnIn,
      banditFloor: input.banditFloor,
      epsilon: input.epsilon,
      guardrails: input.guardrails,
      secondaryMetrics: input.secondaryMetrics,
    },
    weightsChanged ? Object.fromEntries(input.variants.map((v) => [v.key, v.weight])) : null,
  );
  return { id: e.id };
}

export async function listOnlineExperiments(projectId: string) {
  const rows = await listOnlineExperimentRows(projectId);
  return rows.map((r) => ({ ...r, primaryMetric: r.primaryMetric as TOnlineMetric }));
}

function shapeExperiment(e: TOnlineExperimentRow) {
  return {
    ...e,
    primaryMetric: e.primaryMetric as TOnlineMetric,
    secondaryMetrics: e.secondaryMetrics as TOnlineMetric[],
    guardrails: e.guardrails as TOnlineMetric[],
    variants: e.variants.map((v) => ({
      id: v.id,
      key: v.key,
      name: v.name,
      isControl: v.isControl,
      promptVersionId: v.promptVersionId,
      promptLabel: v.promptLabel,
      modelOverride: v.modelOverride,
      weight: v.weight,
      promptName: v.promptVersion?.prompt.name ?? null,
      promptVersion: v.promptVersion?.version ?? null,
    })),
  };
}

export async function getOnlineExperiment(projectId: string, experimentId: string) {
  return shapeExperiment(await requireExperiment(projectId, experimentId));
}

async function startOnlineExperimentImpl(projectId: string, experimentId: string) {
  const e = await requireExperiment(projectId, experimentId);
  if (e.status !== "draft" && e.status !== "paused")
    throw new AppError("precondition_failed", `A ${e.status} experiment cannot be started`);
  const weights = Object.fromEntries(e.variants.map((v) => [v.key, v.weight]));
  const ok = await setOnlineExperimentStatus(
    projectId,
    e.id,
    ["draft", "paused"],
    { status: "running", ...(e.startedAt ? {} : { startedAt: new Date() }) },
    { weights, reason: isBandit(e.mode) ? "burn-in: equal weights" : "initial weights" },
  );
  if (!ok) throw new AppError("conflict", "The experiment changed meanwhile; reload");
}

async function pauseOnlineExperimentImpl(projectId: string, experimentId: string) {
  const e = await requireExperiment(projectId, experimentId);
  if (!(await setOnlineExperimentStatus(projectId, e.id, ["running"], { status: "paused" })))
    throw new AppError("precondition_failed", `A ${e.status} experiment cannot be paused`);
}

async function stopOnlineExperimentImpl(projectId: string, experimentId: string, note?: string) {
  const e = await requireExperiment(projectId, experimentId);
  const ok = await setOnlineExperimentStatus(projectId, e.id, ["running", "paused", "draft"], {
    status: "stopped",
    stoppedAt: new Date(),
    decisionNote: note ?? null,
  });
  if (!ok) throw new AppError("precondition_failed", "The experiment is already stopped");
}

async function rebucketOnlineExperimentImpl(projectId: string, experimentId: string) {
  const e = await requireExperiment(projectId, experimentId);
  if (e.status === "stopped") throw new AppError("precondition_failed", "A stopped experiment cannot be re-bucketed");
  await bumpOnlineBucketVersion(projectId, e.id);
}

async function deleteOnlineExperimentImpl(projectId: string, experimentId: string) {
  const e = await requireExperiment(projectId, experimentId);
  if (e.status === "running") throw new AppError("precondition_failed", "Stop or pause the experiment first");
  await deleteOnlineExperimentRow(projectId, e.id);
}

/**
 * Ship: moves the experiment's prompt label to the chosen variant's version (audited like any
 * label move; protected production needs ADMIN) and stops the experiment; the variant keeps
 * being served to everyone from then on.
 */
async function shipOnlineExperimentImpl(
  projectId: string,
  actor: { userId: string | null; role: Role },
  input: { experimentId: string; variantKey: string; note?: string },
) {
  const e = await requireExperiment(projectId, input.experimentId);
  if (e.status === "draft") throw new AppError("precondition_failed", "Start the experiment before shipping a variant");
  if (e.shippedVariantKey) throw new AppError("precondition_failed", `Already shipped ${e.shippedVariantKey}`);
  const v = e.variants.find((x) => x.key === input.variantKey);
  if (!v) throw new AppError("not_found", `No variant "${input.variantKey}" in this experiment`, "variantKey");
  let label: { promptName: string; label: string; version: number } | null = null;
  if (e.promptId && v.promptVersion) {
    await setPromptLabel(projectId, actor, {
      promptId: e.promptId,
      label: e.shipLabel,
      version: v.promptVersion.version,
    });
    label = { promptName: v.promptVersion.prompt.name, label: e.shipLabel, version: v.promptVersion.version };
  }
  await setOnlineExperimentStatus(projectId, e.id, ["running", "paused", "stopped"], {
    status: "stopped",
    ...(e.stoppedAt ? {} : { stoppedAt: new Date() }),
    shippedVariantKey: v.key,
    shippedAt: new Date(),
    decisionNote: input.note ?? null,
  });
  return { shipped: v.key, label };
}

// ───────── readout ─────────

type TAggRow = Awaited<ReturnType<typeof metricAggregates>>[number];

function summaryFor(metric: TOnlineMetric, row: TAggRow | undefined): MetricSummary {
  if (metric.kind === "event") return { n: row?.n ?? 0, successes: Math.round(row?.sum ?? 0) };
  return { n: row?.n ?? 0, sum: row?.sum ?? 0, sumSquares: row?.sumSquares ?? 0 };
}

async function metricInput(e: TOnlineExperimentRow, metric: TOnlineMetric): Promise<MetricInput> {
  const rows = await metricAggregates(e.projectId, e.id, e.bucketVersion, metric);
  const byKey = new Map(rows.map((r) => [r.variantKey, r]));
  return {
    name: metricLabel(metric),
    kind: metric.kind === "event" ? "rate" : "mean",
    higherIsBetter: metricHigherIsBetter(metric.kind),
    perVariant: e.variants.map((v) => summaryFor(metric, byKey.get(v.key))),
  };
}

/** Reward in [0, 1] of a unit's metric value (bandits): rates as they are, others min–max scaled, lower-is-better flipped. */
export function scaleReward(metric: TOnlineMetric, value: number, lo: number | null, hi: number | null): number {
  let r: number;
  if (metric.kind === "event" || metric.kind === "thumbs_up_rate" || metric.kind === "error_rate") r = value;
  else if (metric.kind === "mean_rating") r = (value - 1) / 4;
  else if (metric.kind === "score" && lo !== null && hi !== null && lo >= 0 && hi <= 1) r = value;
  else r = lo === null || hi === null || hi === lo ? 0.5 : (value - lo) / (hi - lo);
  r = Math.min(1, Math.max(0, r));
  return metricHigherIsBetter(metric.kind) ? r : 1 - r;
}

/** Per-arm reward statistics for the allocator, from the primary metric (SQL aggregates; scaled per arm). */
export async function banditArmStats(e: TOnlineExperimentRow) {
  const metric = e.primaryMetric as TOnlineMetric;
  if (metric.kind === "event") {
    const rows = await metricAggregates(e.projectId, e.id, e.bucketVersion, metric);
    const byKey = new Map(rows.map((r) => [r.variantKey, r]));
    return e.variants.map((v) => ({ n: byKey.get(v.key)?.n ?? 0, successes: Math.round(byKey.get(v.key)?.sum ?? 0) }));
  }
  // Continuous rewards: Σr and Σr² of the scaled per-unit values, grouped per variant in SQL
  // would need the scale first; the unit values are bounded (metricUnitValues) and summed here.
  const [agg, units] = await Promise.all([
    metricAggregates(e.projectId, e.id, e.bucketVersion, metric),
    metricUnitValues(e.projectId, e.id, e.bucketVersion, metric),
  ]);
  const lo = agg[0]?.lo ?? null;
  const hi = agg[0]?.hi ?? null;
  const acc = new Map(e.variants.map((v) => [v.key, { n: 0, sum: 0, sumSquares: 0 }]));
  for (const u of units) {
    const a = acc.get(u.variantKey);
    if (!a) continue;
    const r = scaleReward(metric, u.value, lo, hi);
    a.n += 1;
    a.sum += r;
    a.sumSquares += r * r;
  }
  return e.variants.map((v) => acc.get(v.key)!);
}

export async function onlineExperimentReadout(projectId: string, experimentId: string) {
  const e = await requireExperiment(projectId, experimentId);
  const exp = shapeExperiment(e);
  const [exposures, byDay, allocations, linkedTraces] = await Promise.all([
    exposureCounts(projectId, e.id, e.bucketVersion),
    exposuresByDay(projectId, e.id, e.bucketVersion),
    listOnlineAllocationRows(e.id),
    linkedTraceCount(projectId, e.id, e.bucketVersion),
  ]);
  const weightsAt = new Map(allocations.map((a) => [a.version, a.weights as Record<string, number>]));
  const perVariant = new Map(e.variants.map((v) => [v.key, 0]));
  const expectedMass = new Map(e.variants.map((v) => [v.key, 0]));
  let total = 0;
  // Units drawn under each allocation version: the expected share is the exposure-weighted weight.
  const byVersion = new Map<number, number>();
  for (const x of exposures) {
    perVariant.set(x.variantKey, (perVariant.get(x.variantKey) ?? 0) + x.n);
    byVersion.set(x.allocationVersion, (byVersion.get(x.allocationVersion) ?? 0) + x.n);
    total += x.n;
  }
  for (const [version, n] of byVersion) {
    const w = weightsAt.get(version) ?? Object.fromEntries(e.variants.map((v) => [v.key, v.weight]));
    for (const v of e.variants) expectedMass.set(v.key, expectedMass.get(v.key)! + n * (w[v.key] ?? 0));
  }
  const variantsIn = e.variants.map((v) => ({
    key: v.key,
    isControl: v.isControl,
    exposures: perVariant.get(v.key) ?? 0,
    expectedWeight: total ? expectedMass.get(v.key)! / total : v.weight,
  }));
  // the core requires weights summing to 1
  const wsum = variantsIn.reduce((s, v) => s + v.expectedWeight, 0);
  for (const v of variantsIn) v.expectedWeight = wsum > 0 ? v.expectedWeight / wsum : 1 / variantsIn.length;

  const base = {
    experiment: exp,
    exposures: { total, perVariant: variantsIn.map((v) => ({ key: v.key, n: v.exposures })), byDay },
    linkedTraces,
    allocations: allocations.map((a) => ({ ...a, weights: a.weights as Record<string, number> })),
  };

  if (e.mode === "interleaving") {
    const a = e.variants[0]!;
    const counts = await interleavingCounts(projectId, e.id, a.key);
    const { pending, ...c } = counts;
    return {
      ...base,
      readout: null,
      bandit: null,
      interleaving: { a: a.key, b: e.variants[1]!.key, pending, result: analyzeInterleaving({ counts: c }) },
    };
  }

  const primaryMetric = exp.primaryMetric;
  const [primary, guardrails, secondaries] = await Promise.all([
    metricInput(e, primaryMetric),
    Promise.all(exp.guardrails.map((m) => metricInput(e, m))),
    Promise.all(exp.secondaryMetrics.map((m) => metricInput(e, m))),
  ]);
  let ipw: IpwRow[] | undefined;
  const adaptive = isBandit(e.mode) || allocations.length > 1;
  if (adaptive) {
    const index = new Map(e.variants.map((v, i) => [v.key, i]));
    const units = await metricUnitValues(projectId, e.id, e.bucketVersion, primaryMetric);
    ipw = units.flatMap((u) =>
      index.has(u.variantKey) && u.propensity > 0
        ? [{ variantIndex: index.get(u.variantKey)!, reward: u.value, propensity: Math.min(1, u.propensity) }]
        : [],
    );
  }
  const readout = analyzeOnlineExperiment({
    variants: variantsIn,
    primary,
    guardrails,
    secondaries,
    ...(ipw && { ipw }),
  });

  let bandit = null;
  if (isBandit(e.mode)) {
    const arms = await banditArmStats(e);
    const reg = regret({ arms });
    bandit = {
      arms: e.variants.map((v, i) => {
        const s = arms[i]!;
        const sum = "successes" in s ? s.successes : s.sum;
        return { key: v.key, n: s.n, alpha: 1 + sum, beta: 1 + s.n - sum, weight: v.weight };
      }),
      regret: reg.total,
      probBest: (allocations.at(-1)?.arms as { probBest?: number[] } | null)?.probBest ?? null,
    };
  }
  return { ...base, readout, bandit, interleaving: null, ipw: Boolean(ipw) };
}

type TAsyncFn = (...args: never[]) => Promise<unknown>;
/** Every change drops this process's cached configs of the project (others see it within 2 s). */
function invalidating<F extends TAsyncFn>(fn: F): F {
  return (async (...args: Parameters<F>) => {
    try {
      return await fn(...args);
    } finally {
      invalidateAssignmentCache(args[0] as unknown as string);
    }
  }) as F;
}

export const createOnlineExperiment = invalidating(createOnlineExperimentImpl);
export const updateOnlineExperiment = invalidating(updateOnlineExperimentImpl);
export const startOnlineExperiment = invalidating(startOnlineExperimentImpl);
export const pauseOnlineExperiment = invalidating(pauseOnlineExperimentImpl);
export const stopOnlineExperiment = invalidating(stopOnlineExperimentImpl);
export const rebucketOnlineExperiment = invalidating(rebucketOnlineExperimentImpl);
export const deleteOnlineExperiment = invalidating(deleteOnlineExperimentImpl);
export const shipOnlineExperiment = invalidating(shipOnlineExperimentImpl);

// ───────── bandit allocation (cron) ─────────

/** Running bandits whose allocation is due (each experiment's own interval). */
export async function listDueBandits(now = new Date()) {
  return listDueBanditExperiments(now);
}

/**
 * Recomputes a bandit's allocation from its rewards (the primary metric: binary for events,
 * else per-unit values scaled to [0, 1]) with its burn-in and floor, stores it as a new version
 * and serves it (new units only: assigned units keep their variant).
 */
export async function recomputeBanditAllocation(projectId: string, experimentId: string, now = new Date()) {
  const e = await requireExperiment(projectId, experimentId);
  if (e.status !== "running" || !isBandit(e.mode)) return { skipped: true as const, version: e.allocationVersion };
  const arms = await banditArmStats(e);
  const result = computeAllocation({
    policy: e.mode as "thompson" | "ucb1" | "epsilon_greedy",
    arms,
    burnIn: e.banditBurnIn,
    floor: Math.min(e.banditFloor, 1 / e.variants.length),
    epsilon: e.epsilon,
    seed: e.allocationVersion + 1,
  });
  const weights = Object.fromEntries(e.variants.map((v, i) => [v.key, result.weights[i]!]));
  const version = await appendOnlineAllocation(
    e.id,
    e.allocationVersion,
    weights,
    {
      n: arms.map((a) => a.n),
      rewards: arms.map((a) => ("successes" in a ? a.successes : a.sum)),
      probBest: result.probBest,
      posteriorMeans: result.posteriorMeans,
      adapted: result.adapted,
    },
    result.reason,
    now,
  );
  invalidateAssignmentCache(projectId);
  return { skipped: false as const, version, weights, adapted: result.adapted };
}
