import { compileUserPattern, userPatternProblem, type TUserRegex } from "../regex/safe-regex";
import { DEFAULT_MODEL_PRICES, type TModelPrice } from "./default-prices";

export type TTokenUsage = {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
};

export type TCostBreakdown = {
  inputCost: number;
  outputCost: number;
  cacheReadCost: number;
  cacheWriteCost: number;
  totalCost: number;
};

type TPriceRow = Omit<TModelPrice, "effectiveFrom"> & { effectiveFrom: string | Date };

// Model names come from clients and patterns from users: matched by RE2 so no pair can backtrack.
const compiled = new Map<string, TUserRegex | null>();
function matches(pattern: string, model: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = compileUserPattern(pattern, "i");
    } catch {
      re = null; // an invalid stored pattern matches nothing rather than failing ingest
    }
    compiled.set(pattern, re);
  }
  return re !== null && re.test(model);
}

const fromMs = (r: TPriceRow) =>
  typeof r.effectiveFrom === "string" ? Date.parse(r.effectiveFrom) : r.effectiveFrom.getTime();

/**
 * Prices for many lookups against the same rows (an ingest batch prices every generation): the
 * rows matching a model are found once, newest first (ties keep row order), and each lookup takes
 * the first not after `at`. Project rows beat global defaults.
 */
export function createPriceResolver(
  projectPrices: readonly TPriceRow[] = [],
  defaults: readonly TPriceRow[] = DEFAULT_MODEL_PRICES,
): (model: string, at: Date) => TPriceRow | undefined {
  const byModel = new Map<string, Array<{ from: number; row: TPriceRow }>>();
  const candidates = (model: string) =>
    [projectPrices, defaults].flatMap((rows) =>
      rows
        .filter((r) => matches(r.matchPattern, model))
        .map((row) => ({ from: fromMs(row), row }))
        .sort((a, b) => b.from - a.from),
    );
  return (model, at) => {
    let list = byModel.get(model);
    if (!list) {
      if (byModel.size >= 1000) byModel.clear(); // model names come from clients: stay bounded
      byModel.set(model, (list = candidates(model)));
    }
    const t = at.getTime();
    return list.find((c) => c.from <= t)?.row;
  };
}

/** One lookup: project rows beat global defaults; within each, the newest effectiveFrom not after `at` wins. */
export function resolveModelPrice(
  model: string,
  at: Date,
  projectPrices: readonly TPriceRow[] = [],
  defaults: readonly TPriceRow[] = DEFAULT_MODEL_PRICES,
): TPriceRow | undefined {
  return createPriceResolver(projectPrices, defaults)(model, at);
}

/**
 * Cost of one call. `inputTokens` are the uncached input tokens: cache reads and writes are
 * priced on their own, so no token is counted twice. A missing cache price falls back to the
 * input price.
 */
export function computeCost(usage: TTokenUsage, price: TPriceRow): TCostBreakdown {
  const per = (tokens: number | undefined, rate: number | null) => ((tokens ?? 0) * (rate ?? price.inputPer1M)) / 1e6;
  const inputCost = per(usage.inputTokens, price.inputPer1M);
  const outputCost = per(usage.outputTokens, price.outputPer1M);
  const cacheReadCost = per(usage.cacheReadTokens, price.cacheReadPer1M);
  const cacheWriteCost = per(usage.cacheWriteTokens, price.cacheWritePer1M);
  return {
    inputCost,
    outputCost,
    cacheReadCost,
    cacheWriteCost,
    totalCost: inputCost + outputCost + cacheReadCost + cacheWriteCost,
  };
}

/** Why a match pattern cannot be used (prices match case-insensitively), or null when it can. */
export function matchPatternProblem(pattern: string) {
  return userPatternProblem(pattern, "i");
}
