import type {
  TEstimate,
  TExperimentPartition,
  TExperimentRunConfig,
  TGraderAggregate,
  TGroupAggregate,
} from "@yardstick/contracts/experiments";
import { bootstrapCI } from "../stats/bootstrap";
import { quantile, quantileInPlace } from "./quantile";

// Aggregates of a run, built one case at a time so results can be streamed from the database:
// only numbers per item are kept, never outputs. Repeats of an item are a cluster: they are
// averaged per item before any mean, quantile or bootstrap, so CIs are over items.

/** What aggregation needs of one stored case. */
export interface TCaseRecord {
  arm: number;
  itemKey: string;
  repeat: number;
  partition: TExperimentPartition;
  error: boolean;
  cached: boolean;
  latencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Generation + grading cost of the case (null parts count as 0). */
  costUsd: number;
  /** Every grader passed (false when the case errored). */
  passed: boolean;
  /** In the order of config.graders; score null = no score (the case or the grader errored). */
  graders: { score: number | null; passed: boolean }[];
}

export const BOOTSTRAP_RESAMPLES = 1000;
/** Fixed, so re-reading a run's numbers never changes them. */
export const BOOTSTRAP_SEED = 20_261_206;
/** Failing cases listed per gate; the rest are counted. */
export const MAX_LISTED_FAILURES = 50;

interface TItemStats {
  cases: number;
  scoreSum: number[];
  scoreN: number[];
  passSum: number[];
}

class Group {
  cases = 0;
  errorCases = 0;
  cachedCases = 0;
  passedCases = 0;
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  latencies: number[] = [];
  graderErrors: number[];
  items = new Map<string, TItemStats>();
  constructor(private readonly graderCount: number) {
    this.graderErrors = new Array<number>(graderCount).fill(0);
  }

  add(r: TCaseRecord) {
    this.cases++;
    if (r.error) this.errorCases++;
    if (r.cached) this.cachedCases++;
    if (r.passed) this.passedCases++;
    this.inputTokens += r.inputTokens;
    this.outputTokens += r.outputTokens;
    this.costUsd += r.costUsd;
    if (r.latencyMs !== null) this.latencies.push(r.latencyMs);
    let item = this.items.get(r.itemKey);
    if (!item) {
      const zeros = () => new Array<number>(this.graderCount).fill(0);
      item = { cases: 0, scoreSum: zeros(), scoreN: zeros(), passSum: zeros() };
      this.items.set(r.itemKey, item);
    }
    item.cases++;
    for (let g = 0; g < this.graderCount; g++) {
      const res = r.graders[g];
      if (res?.passed) item.passSum[g]!++;
      if (res && res.score !== null) {
        item.scoreSum[g]! += res.score;
        item.scoreN[g]!++;
      } else this.graderErrors[g]!++;
    }
  }
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Mean with a percentile-bootstrap CI over items; null CI below two items. */
export function meanEstimate(values: readonly number[]): TEstimate | null {
  if (!values.length) return null;
  if (values.length < 2) return { estimate: values[0]!, ci: null };
  const r = bootstrapCI(values, "mean", { resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED });
  return { estimate: r.estimate, ci: r.ci };
}

/** 10th percentile (numpy linear) with a percentile-bootstrap CI over items. */
export function p10Estimate(values: readonly number[]): TEstimate | null {
  if (!values.length) return null;
  const estimate = quantile(values, 0.1)!;
  if (values.length < 2) return { estimate, ci: null };
  const r = bootstrapCI(values, (buf: Float64Array) => quantileInPlace(buf, 0.1), {
    resamples: BOOTSTRAP_RESAMPLES,
    seed: BOOTSTRAP_SEED,
  });
  return { estimate, ci: r.ci };
}

function graderAggregate(group: Group, g: number, grader: TExperimentRunConfig["graders"][number]): TGraderAggregate {
  const passFractions: number[] = [];
  const meanScores: number[] = [];
  for (const item of group.items.values()) {
    passFractions.push(item.passSum[g]! / item.cases);
    if (item.scoreN[g]! > 0) meanScores.push(item.scoreSum[g]! / item.scoreN[g]!);
  }
  return {
    graderId: grader.graderId,
    name: grader.name,
    version: grader.version,
    cases: group.cases,
    passRate: meanEstimate(passFractions),
    meanScore: meanEstimate(meanScores),
    p10Score: p10Estimate(meanScores),
    errors: group.graderErrors[g]!,
  };
}

function groupAggregate(group: Group, graders: TExperimentRunConfig["graders"]): TGroupAggregate {
  const p50 = quantile(group.latencies, 0.5);
  const p95 = quantile(group.latencies, 0.95);
  return {
    cases: group.cases,
    items: group.items.size,
    errorCases: group.errorCases,
    cachedCases: group.cachedCases,
    passRate: group.cases ? group.passedCases / group.cases : null,
    latencyMs: p50 === null || p95 === null ? null : { p50: round(p50, 1), p95: round(p95, 1) },
    inputTokens: group.inputTokens,
    outputTokens: group.outputTokens,
    costUsd: round(group.costUsd, 8),
    graders: graders.map((gr, g) => graderAggregate(group, g, gr)),
  };
}

export interface TFailureList {
  count: number;
  cases: { itemKey: string; repeat: number }[];
}

function addFailure(list: TFailureList, r: TCaseRecord) {
  list.count++;
  if (list.cases.length < MAX_LISTED_FAILURES) list.cases.push({ itemKey: r.itemKey, repeat: r.repeat });
}

export interface TArmAggregate {
  arm: number;
  overall: TGroupAggregate;
  partitions: Partial<Record<TExperimentPartition, TGroupAggregate>>;
  /** Golden cases that did not pass every grader (errors included). */
  goldenFailures: TFailureList;
  /** Per grader (config order): cases the grader did not pass. */
  graderFailures: TFailureList[];
}

/** Feed cases in any order with `add`, then read the aggregates per arm. */
export function createRunAggregator(config: Pick<TExperimentRunConfig, "arms" | "graders">) {
  const n = config.graders.length;
  const arms = config.arms.map(() => ({
    overall: new Group(n),
    partitions: new Map<TExperimentPartition, Group>(),
    golden: { count: 0, cases: [] } as TFailureList,
    graders: config.graders.map((): TFailureList => ({ count: 0, cases: [] })),
  }));
  return {
    add(r: TCaseRecord) {
      const a = arms[r.arm];
      if (!a) throw new RangeError(`case of arm ${r.arm}, but the run has ${arms.length} arm(s)`);
      a.overall.add(r);
      let p = a.partitions.get(r.partition);
      if (!p) a.partitions.set(r.partition, (p = new Group(n)));
      p.add(r);
      if (r.partition === "golden" && !r.passed) addFailure(a.golden, r);
      r.graders.forEach((g, i) => {
        if (!g.passed) addFailure(a.graders[i]!, r);
      });
      for (let i = r.graders.length; i < n; i++) addFailure(a.graders[i]!, r);
    },
    result(): TArmAggregate[] {
      return arms.map((a, arm) => ({
        arm,
        overall: groupAggregate(a.overall, config.graders),
        partitions: Object.fromEntries(
          [...a.partitions.entries()]
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([k, g]) => [k, groupAggregate(g, config.graders)]),
        ),
        goldenFailures: a.golden,
        graderFailures: a.graders,
      }));
    },
  };
}
