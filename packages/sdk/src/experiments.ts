import {
  ZAssignResponse,
  ZExperimentConfigResponse,
  assignmentIdFor,
  unitIdFor,
  type TAssignUnit,
  type TExperimentConfig,
  type TPromptContent,
} from "@yardstick/contracts/online-experiments";
import { YardstickError, describeError } from "./errors";
import { randomId } from "./serialize";

// getVariant: which variant of an online experiment a unit gets. Remote mode asks the server
// (POST /api/public/assignments); local mode caches the experiment configs
// (GET /api/public/assignments/config), evaluates the GrowthBook-compatible hash itself and
// reports exposures in batches. Either way an unreachable Yardstick gives the control variant,
// never an error.

/** GrowthBook hash v2 (the same as @yardstick/core/assignment, which the SDK may not import). */
export function fnv32a(str: string): number {
  let hval = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    hval ^= str.charCodeAt(i);
    hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24);
  }
  return hval >>> 0;
}

export function hashV2(seed: string, value: string): number {
  return (fnv32a(String(fnv32a(seed + value))) % 10000) / 10000;
}

/** Variant index for a unit under a config, or −1 outside coverage (as the server computes it). */
export function evaluateLocally(cfg: TExperimentConfig, unitId: string): number {
  const seed = cfg.bucketVersion > 0 ? `${cfg.seed}:b${cfg.bucketVersion}` : cfg.seed;
  const n = hashV2(seed, unitId);
  let start = 0;
  for (let i = 0; i < cfg.variants.length; i++) {
    const w = cfg.variants[i]!.weight;
    if (n >= start && n < start + cfg.coverage * w) return i;
    start += w;
  }
  return -1;
}

export type TVariantSource = "server" | "local" | "fallback";

export type TVariant = {
  experiment: string;
  variant: string;
  inExperiment: boolean;
  /** Attached to traces the client creates for this unit afterwards; null outside the experiment. */
  assignmentId: string | null;
  model: string | null;
  promptVersion: TPromptContent | null;
  /** Interleaving: both variants in the order to show them. */
  interleaving?: Array<{ key: string; name: string; model: string | null; promptVersion: TPromptContent | null }>;
  source: TVariantSource;
};

export type TGetVariantOptions = {
  /** Variant to answer when Yardstick cannot be reached and no config is cached (default: the control when known, else "control"). */
  fallbackVariant?: string;
  /** Interleaving: an id for this request. */
  requestId?: string;
};

export type TExperimentClientConfig = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  mode: "remote" | "local";
  fetch?: typeof globalThis.fetch;
  onError: (err: YardstickError) => void;
  now?: () => number;
};

type TExposure = {
  experiment: string;
  unitId: string;
  variant: string;
  bucketVersion: number;
  allocationVersion: number;
};

const MAX_REMEMBERED_UNITS = 10_000;
const MAX_PENDING_EXPOSURES = 10_000;
const EXPOSURE_BATCH = 500;

export class ExperimentClient {
  private configs = new Map<string, TExperimentConfig>();
  private configFetchedAt = 0;
  private configTtlMs = 30_000;
  private configInflight: Promise<void> | undefined;
  private readonly exposed = new Set<string>();
  private pending: TExposure[] = [];
  /** unit id → experiment key → assignment id (for traces created afterwards). */
  private readonly byUnit = new Map<string, Map<string, string>>();

  constructor(private readonly cfg: TExperimentClientConfig) {}

  private now() {
    return this.cfg.now?.() ?? Date.now();
  }

  private async request(path: string, init: RequestInit = {}): Promise<unknown> {
    const f = this.cfg.fetch ?? globalThis.fetch;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.cfg.timeoutMs);
    try {
      const res = await f(`${this.cfg.baseUrl}${path}`, {
        ...init,
        signal: ctrl.signal,
        headers: { authorization: `Bearer ${this.cfg.apiKey}`, "content-type": "application/json" },
      });
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      if (!res.ok)
        throw new YardstickError("request_failed", `${path}: ${res.status} ${body?.error ?? res.statusText}`, {
          status: res.status,
        });
      return body;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Assignment ids remembered for a unit (the client attaches them to traces). */
  assignmentIdsFor(unitIds: Array<string | undefined>): string[] {
    const out: string[] = [];
    for (const u of unitIds) {
      if (!u) continue;
      const m = this.byUnit.get(u);
      if (m) out.push(...m.values());
    }
    return [...new Set(out)];
  }

  private remember(unit: TAssignUnit, experiment: string, assignmentId: string | null) {
    if (!assignmentId) return;
    if (this.byUnit.size >= MAX_REMEMBERED_UNITS) this.byUnit.clear();
    for (const u of [unit.id, unit.attributes?.sessionId]) {
      if (u === undefined || u === "") continue;
      const k = String(u);
      let m = this.byUnit.get(k);
      if (!m) this.byUnit.set(k, (m = new Map()));
      m.set(experiment, assignmentId);
    }
  }

  private fallback(experiment: string, opts: TGetVariantOptions): TVariant {
    const cfg = this.configs.get(experiment);
    const key = opts.fallbackVariant ?? cfg?.shippedVariantKey ?? cfg?.controlKey ?? "control";
    const v = cfg?.variants.find((x) => x.key === key);
    return {
      experiment,
      variant: key,
      inExperiment: false,
      assignmentId: null,
      model: v?.model ?? null,
      promptVersion: v?.promptVersion ?? null,
      source: "fallback",
    };
  }

  async getVariant(experiment: string, unit: TAssignUnit, opts: TGetVariantOptions = {}): Promise<TVariant> {
    try {
      if (this.cfg.mode === "local") {
        const local = await this.evaluate(experiment, unit);
        if (local) return local;
      }
      const body = ZAssignResponse.parse(
        await this.request("/api/public/assignments", {
          method: "POST",
          body: JSON.stringify({
            unit,
            experiments: [experiment],
            ...(opts.requestId && { requestId: opts.requestId }),
          }),
        }),
      );
      const a = body.assignments[0]!;
      this.remember(unit, experiment, a.assignmentId);
      return { ...a, source: "server" };
    } catch (e) {
      this.cfg.onError(
        e instanceof YardstickError
          ? e
          : new YardstickError("request_failed", `getVariant: ${describeError(e)}`, { cause: e }),
      );
      return this.fallback(experiment, opts);
    }
  }

  private async refreshConfigs(): Promise<void> {
    this.configInflight ??= (async () => {
      try {
        const body = ZExperimentConfigResponse.parse(await this.request("/api/public/assignments/config"));
        this.configs = new Map(body.experiments.map((e) => [e.key, e]));
        this.configTtlMs = body.ttlSeconds * 1000;
        this.configFetchedAt = this.now();
      } finally {
        this.configInflight = undefined;
      }
    })();
    return this.configInflight;
  }

  /** Local evaluation; null when the experiment needs the server (interleaving) or is unknown. */
  private async evaluate(experiment: string, unit: TAssignUnit): Promise<TVariant | null> {
    const stale = this.now() - this.configFetchedAt > this.configTtlMs;
    if (!this.configs.size || !this.configs.has(experiment)) await this.refreshConfigs();
    else if (stale) this.refreshConfigs().catch((e: unknown) => this.cfg.onError(asError(e)));
    const cfg = this.configs.get(experiment);
    if (!cfg)
      throw new YardstickError("request_failed", `getVariant: unknown experiment "${experiment}"`, { status: 404 });
    if (cfg.mode === "interleaving") return null;
    const unitId = unitIdFor(cfg, unit);
    if (unitId === null)
      throw new YardstickError("request_failed", `getVariant: the unit lacks the attribute "${experiment}" buckets on`);
    const idx = cfg.status === "running" ? evaluateLocally(cfg, unitId) : -1;
    if (idx < 0) return { ...this.fallback(experiment, {}), source: "local" };
    const v = cfg.variants[idx]!;
    const assignmentId = assignmentIdFor(cfg.id, cfg.bucketVersion, unitId);
    const dedupe = `${cfg.key}\u0000${cfg.bucketVersion}\u0000${unitId}`;
    if (!this.exposed.has(dedupe)) {
      if (this.exposed.size >= MAX_REMEMBERED_UNITS * 10) this.exposed.clear();
      this.exposed.add(dedupe);
      if (this.pending.length < MAX_PENDING_EXPOSURES)
        this.pending.push({
          experiment: cfg.key,
          unitId,
          variant: v.key,
          bucketVersion: cfg.bucketVersion,
          allocationVersion: cfg.allocationVersion,
        });
    }
    this.remember(unit, experiment, assignmentId);
    return {
      experiment,
      variant: v.key,
      inExperiment: true,
      assignmentId,
      model: v.model,
      promptVersion: v.promptVersion,
      source: "local",
    };
  }

  /** Sends exposures evaluated locally; never rejects (failures go to onError and are kept for the next flush). */
  async flushExposures(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, EXPOSURE_BATCH);
      try {
        await this.request("/api/public/assignments/exposures", {
          method: "POST",
          body: JSON.stringify({ exposures: batch }),
        });
        this.pending = this.pending.slice(batch.length);
      } catch (e) {
        this.cfg.onError(asError(e));
        return;
      }
    }
  }

  pendingExposures(): number {
    return this.pending.length;
  }

  /** Interleaving: which variant the user chose (null = a tie). Never rejects; false when not recorded. */
  async recordPreference(assignmentId: string, chosenVariant: string | null): Promise<boolean> {
    try {
      const body = (await this.request("/api/public/assignments/preferences", {
        method: "POST",
        body: JSON.stringify({ assignmentId, chosenVariant }),
      })) as { recorded?: boolean };
      return body.recorded === true;
    } catch (e) {
      this.cfg.onError(asError(e));
      return false;
    }
  }
}

function asError(e: unknown): YardstickError {
  return e instanceof YardstickError ? e : new YardstickError("request_failed", describeError(e), { cause: e });
}

export { randomId as newRequestId };
