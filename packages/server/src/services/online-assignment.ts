import { randomUUID } from "node:crypto";
import {
  assignmentIdFor,
  unitIdFor,
  type TAssignment,
  type TAssignRequest,
  type TExperimentConfig,
  type TExposuresRequest,
  type TPreferenceRequest,
  type TPromptContent,
} from "@yardstick/contracts/online-experiments";
import { assignVariant, interleavingOrder } from "@yardstick/core/assignment";
import {
  decideInterleavingImpression,
  findInterleavingImpression,
  findOnlineExperimentRowsByKeys,
  findPromptVersionByLabel,
  insertInterleavingImpressions,
  listOnlineExperimentRows,
  onlineExperimentVersions,
  upsertAssignments,
  type TAssignmentCandidate,
  type TOnlineExperimentRow,
} from "@yardstick/db";
import { AppError } from "../errors";
import { writeAssignments, writeAssignmentsBehind } from "./assignment-writer";

// The assignment hot path (POST /api/public/assignments): experiment configs are cached in
// process (a 2 s freshness window, then a one-row version check in the background; a full reload
// every 30 s picks up prompt label moves), the variant is the GrowthBook hash of the unit, and the stored
// assignment wins (sticky) — written with ON CONFLICT DO NOTHING in one statement. While an
// experiment's stored assignments are all the hash (fixed weights, never edited in this bucket
// version), the answer cannot differ from what is stored: the request is answered at once and the
// exposure is written behind it, in the same batches — as an SDK evaluating locally does.

const CHECK_AFTER_MS = 2_000;
const RELOAD_AFTER_MS = 30_000;
const MAX_CACHE_ENTRIES = 5_000;
/** How long an SDK evaluating locally may keep a config. */
export const CONFIG_TTL_SECONDS = 30;

type TServed = {
  key: string;
  name: string;
  isControl: boolean;
  weight: number;
  model: string | null;
  promptVersion: TPromptContent | null;
};

export type TCachedExperiment = {
  id: string;
  projectId: string;
  key: string;
  status: TOnlineExperimentRow["status"];
  mode: TOnlineExperimentRow["mode"];
  unitType: string;
  unitAttribute: string | null;
  coverage: number;
  bucketVersion: number;
  allocationVersion: number;
  configVersion: number;
  /** fixed weights never edited in this bucket version: the stored assignment is the hash */
  followsHash: boolean;
  shippedVariantKey: string | null;
  variants: TServed[];
  weights: number[];
  loadedAt: number;
  checkedAt: number;
};

const cache = new Map<string, TCachedExperiment>();
const cacheKey = (projectId: string, key: string) => `${projectId}\u0000${key}`;

/** Drops cached configs of a project (called by every change made through this process). */
export function invalidateAssignmentCache(projectId?: string) {
  if (!projectId) return cache.clear();
  for (const k of cache.keys()) if (k.startsWith(`${projectId}\u0000`)) cache.delete(k);
}

function contentOf(
  v: {
    version: number;
    system: string | null;
    messages: unknown;
    model: string;
    params: unknown;
    prompt: { name: string };
  } | null,
): TPromptContent | null {
  if (!v) return null;
  return {
    name: v.prompt.name,
    version: v.version,
    system: v.system,
    messages: v.messages as TPromptContent["messages"],
    model: v.model,
    params: (v.params ?? {}) as Record<string, unknown>,
  };
}

async function toCached(e: TOnlineExperimentRow, now: number): Promise<TCachedExperiment> {
  const variants: TServed[] = [];
  for (const v of e.variants) {
    let content = contentOf(v.promptVersion);
    if (!content && v.promptLabel && e.promptId) {
      content = contentOf((await findPromptVersionByLabel(e.projectId, e.promptId, v.promptLabel))?.version ?? null);
    }
    variants.push({
      key: v.key,
      name: v.name,
      isControl: v.isControl,
      weight: v.weight,
      model: v.modelOverride ?? content?.model ?? null,
      promptVersion: content,
    });
  }
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const weights = variants.map((v) => (total > 0 ? v.weight / total : 1 / variants.length));
  // Guard the last weight against rounding so the core's "sums to 1" check always holds.
  if (weights.length) weights[weights.length - 1] = Math.max(0, 1 - weights.slice(0, -1).reduce((s, w) => s + w, 0));
  return {
    id: e.id,
    projectId: e.projectId,
    key: e.key,
    status: e.status,
    mode: e.mode,
    unitType: e.unitType,
    unitAttribute: e.unitAttribute,
    coverage: e.coverage,
    bucketVersion: e.bucketVersion,
    allocationVersion: e.allocationVersion,
    configVersion: e.configVersion,
    followsHash: e.mode === "fixed" && e.assignmentsFollowHash,
    shippedVariantKey: e.shippedVariantKey,
    variants,
    weights,
    loadedAt: now,
    checkedAt: now,
  };
}

const loading = new Map<string, Promise<TCachedExperiment | null>>(); // one load or check per key at once

/** Loads one experiment's config into the cache; concurrent callers share the query. */
function load(projectId: string, key: string): Promise<TCachedExperiment | null> {
  const k = cacheKey(projectId, key);
  const running = loading.get(k);
  if (running) return running;
  const p = (async () => {
    const [row] = await findOnlineExperimentRowsByKeys(projectId, [key]);
    if (!row) {
      cache.delete(k);
      return null;
    }
    const c = await toCached(row, Date.now());
    if (cache.size > MAX_CACHE_ENTRIES) cache.clear();
    cache.set(k, c);
    return c;
  })().finally(() => loading.delete(k));
  loading.set(k, p);
  return p;
}

/**
 * A cached config past its freshness window is served as it is while one background query checks
 * its version (or reloads it, every 30 s): requests never queue behind the check, and a burst of
 * them does not send one check each.
 */
function revalidate(c: TCachedExperiment, now: number) {
  const k = cacheKey(c.projectId, c.key);
  if (loading.has(k) || cache.get(k) !== c) return;
  const stale = now - c.loadedAt > RELOAD_AFTER_MS;
  const p = (async () => {
    if (!stale) {
      const [v] = await onlineExperimentVersions(c.projectId, [c.key]);
      if (v?.configVersion === c.configVersion) {
        c.checkedAt = Date.now();
        return c;
      }
    }
    loading.delete(k);
    return load(c.projectId, c.key);
  })();
  loading.set(k, p);
  p.catch((err: Error) => console.error(`[assignments] refreshing "${c.key}" failed: ${err.message}`)).finally(
    () => loading.get(k) === p && loading.delete(k),
  );
}

/** Configs for the keys (cached); throws not_found naming the first unknown key. */
export async function loadExperimentConfigs(projectId: string, keys: string[]): Promise<TCachedExperiment[]> {
  const now = Date.now();
  const configs = await Promise.all(
    keys.map((k) => {
      const c = cache.get(cacheKey(projectId, k));
      if (!c) return load(projectId, k);
      if (now - c.checkedAt > CHECK_AFTER_MS || now - c.loadedAt > RELOAD_AFTER_MS) revalidate(c, now);
      return c;
    }),
  );
  const missing = configs.findIndex((c) => !c);
  if (missing >= 0)
    throw new AppError("not_found", `Unknown experiment key "${keys[missing]}"`, `experiments.${missing}`);
  return configs as TCachedExperiment[];
}

function control(e: TCachedExperiment): TServed {
  return e.variants.find((v) => v.isControl) ?? e.variants[0]!;
}

function outside(e: TCachedExperiment): TAssignment {
  // A shipped experiment serves its winner to everyone; otherwise the control.
  const v = (e.shippedVariantKey && e.variants.find((x) => x.key === e.shippedVariantKey)) || control(e);
  return {
    experiment: e.key,
    variant: v.key,
    inExperiment: false,
    assignmentId: null,
    model: v.model,
    promptVersion: v.promptVersion,
  };
}

/**
 * Assigns a unit to each named experiment. Validates everything (unknown keys, a unit without
 * the experiment's attribute) before writing anything.
 */
export async function assignVariants(projectId: string, req: TAssignRequest): Promise<{ assignments: TAssignment[] }> {
  const keys = [...new Set(req.experiments)];
  const configs = await loadExperimentConfigs(projectId, keys);
  const units = configs.map((e, i) => {
    const unitId = unitIdFor(e, req.unit);
    if (unitId === null) {
      const attr = e.unitType === "sessionId" ? "sessionId" : e.unitAttribute;
      throw new AppError(
        "invalid_input",
        `Experiment "${e.key}" buckets on unit.attributes.${attr}, which this unit does not have`,
        `unit.attributes.${attr ?? i}`,
      );
    }
    return unitId;
  });

  const candidates: TAssignmentCandidate[] = [];
  const behind: TAssignmentCandidate[] = [];
  const impressions: Array<{ id: string; experimentId: string; unitId: string; first: string; second: string }> = [];
  const result: Array<TAssignment | { pending: TCachedExperiment; id: string }> = configs.map((e, i) => {
    const unitId = units[i]!;
    if (e.status !== "running") return outside(e);
    if (e.mode === "interleaving") {
      const requestId = req.requestId ?? randomUUID();
      const order = interleavingOrder(e.key, unitId, requestId);
      const shown = order.map((j) => e.variants[j]!);
      const id = randomUUID();
      impressions.push({ id, experimentId: e.id, unitId, first: shown[0]!.key, second: shown[1]!.key });
      return {
        experiment: e.key,
        variant: shown[0]!.key,
        inExperiment: true,
        assignmentId: id,
        model: shown[0]!.model,
        promptVersion: shown[0]!.promptVersion,
        interleaving: shown.map((v) => ({ key: v.key, name: v.name, model: v.model, promptVersion: v.promptVersion })),
      };
    }
    const idx = assignVariant({
      seed: e.key,
      unitId,
      bucketVersion: e.bucketVersion,
      coverage: e.coverage,
      weights: e.weights,
    });
    if (idx < 0) return outside(e);
    const id = assignmentIdFor(e.id, e.bucketVersion, unitId);
    const v = e.variants[idx]!;
    const row = {
      id,
      experimentId: e.id,
      unitId,
      bucketVersion: e.bucketVersion,
      variantKey: v.key,
      allocationVersion: e.allocationVersion,
      propensity: e.weights[idx]!,
    };
    if (e.followsHash) {
      behind.push(row);
      const served = { experiment: e.key, variant: v.key, inExperiment: true, assignmentId: id, model: v.model };
      return { ...served, promptVersion: v.promptVersion };
    }
    candidates.push(row);
    return { pending: e, id };
  });

  const [stored] = await Promise.all([
    writeAssignments(projectId, candidates),
    insertInterleavingImpressions(projectId, impressions),
  ]);
  writeAssignmentsBehind(projectId, behind);
  return {
    assignments: result.map((r) => {
      if (!("pending" in r)) return r;
      const e = r.pending;
      const s = stored.get(r.id);
      const v = (s && e.variants.find((x) => x.key === s.variantKey)) || control(e);
      return {
        experiment: e.key,
        variant: v.key,
        inExperiment: true,
        assignmentId: s?.id ?? null,
        model: v.model,
        promptVersion: v.promptVersion,
      };
    }),
  };
}

/** Configs an SDK evaluates locally (GET /api/public/assignments/config). */
export async function experimentConfigs(projectId: string, keys: string[] | undefined) {
  let list: string[] = keys ?? [];
  if (!keys) {
    list = (await listOnlineExperimentRows(projectId)).filter((e) => e.status !== "draft").map((e) => e.key);
  }
  const configs = list.length ? await loadExperimentConfigs(projectId, list) : [];
  return {
    ttlSeconds: CONFIG_TTL_SECONDS,
    experiments: configs.map((e): TExperimentConfig => ({
      key: e.key,
      id: e.id,
      status: e.status,
      mode: e.mode,
      unitType: e.unitType as TExperimentConfig["unitType"],
      unitAttribute: e.unitAttribute,
      coverage: e.coverage,
      seed: e.key,
      bucketVersion: e.bucketVersion,
      hashVersion: 2,
      allocationVersion: e.allocationVersion,
      configVersion: e.configVersion,
      controlKey: control(e).key,
      shippedVariantKey: e.shippedVariantKey,
      variants: e.variants.map((v, i) => ({
        key: v.key,
        name: v.name,
        model: v.model,
        promptVersion: v.promptVersion,
        weight: e.weights[i]!,
      })),
    })),
  };
}

/**
 * Exposures an SDK evaluated locally. Stored like server-side assignments (the first one for a
 * unit wins); exposures for unknown variants, stale bucket versions or experiments that are not
 * running are ignored and counted.
 */
export async function recordExposures(projectId: string, req: TExposuresRequest) {
  const keys = [...new Set(req.exposures.map((x) => x.experiment))];
  let configs: TCachedExperiment[];
  try {
    configs = await loadExperimentConfigs(projectId, keys);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found" && err.field) {
      const i = Number(err.field.split(".")[1]);
      throw new AppError("not_found", err.message, `exposures (experiment "${keys[i]}")`);
    }
    throw err;
  }
  const byKey = new Map(configs.map((c) => [c.key, c]));
  const rows: TAssignmentCandidate[] = [];
  let ignored = 0;
  for (const x of req.exposures) {
    const e = byKey.get(x.experiment)!;
    const idx = e.variants.findIndex((v) => v.key === x.variant);
    if (e.status !== "running" || e.mode === "interleaving" || idx < 0 || x.bucketVersion !== e.bucketVersion) {
      ignored++;
      continue;
    }
    rows.push({
      id: assignmentIdFor(e.id, e.bucketVersion, x.unitId),
      experimentId: e.id,
      unitId: x.unitId,
      bucketVersion: e.bucketVersion,
      variantKey: x.variant,
      allocationVersion: x.allocationVersion,
      propensity: e.weights[idx]!,
    });
  }
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const res = await upsertAssignments(projectId, unique);
  const recorded = unique.filter((r) => res.get(r.id)?.created).length;
  return { recorded, ignored: ignored + (rows.length - recorded) };
}

/** The application reports which of the two interleaved variants the user chose (null = tie). */
export async function recordPreference(projectId: string, req: TPreferenceRequest) {
  const imp = await findInterleavingImpression(projectId, req.assignmentId);
  if (!imp) throw new AppError("not_found", "Unknown interleaving assignment", "assignmentId");
  let position: number | null = null;
  if (req.chosenVariant !== null) {
    if (req.chosenVariant === imp.firstVariantKey) position = 0;
    else if (req.chosenVariant === imp.secondVariantKey) position = 1;
    else
      throw new AppError(
        "invalid_input",
        `chosenVariant must be "${imp.firstVariantKey}", "${imp.secondVariantKey}" or null (a tie)`,
        "chosenVariant",
      );
  }
  if (imp.decidedAt) return { recorded: false };
  return { recorded: await decideInterleavingImpression(projectId, imp.id, req.chosenVariant, position) };
}
