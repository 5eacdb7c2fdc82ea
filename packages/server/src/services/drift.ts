import { Cron } from "croner";
import { ZDriftSettingsInput } from "@yardstick/contracts/watch";
import {
  assessJudgeDrift,
  assessQuality,
  compareCategorical,
  compareNumeric,
  detectLanguage,
  driftWindows,
  emptyWeightedHistogram,
  kishScaled,
  LANGUAGE_NAMES,
  maxSeverity,
  mergeWeightedHistogram,
  sampleRateMillionths,
  type TAnchorRun,
  type TSeverity,
  type TTestResult,
  type TWeightedScoreHistogram,
} from "@yardstick/core/drift";
import {
  claimDriftSlot,
  completeDriftReport,
  countTracesBetween,
  deleteJudgeAnchor,
  failDriftReportRow,
  findDriftReportRow,
  findDriftSettingsRow,
  insertDriftReport,
  insertJudgeAnchor,
  latestGoldenBaseline,
  listAnchorRuns,
  listDriftReportRows,
  listEnabledDriftSettings,
  listJudgeAnchorRows,
  listOnlineRules,
  listScoreHourHistograms,
  listWeightedJudgmentHourHistograms,
  lowestScoredTraceIds,
  rebuildDirtyRollups,
  sampleWindowTraces,
  setJudgeAnchorBaseline,
  upsertDriftSettingsRow,
  type TDriftFindingInput,
  type TDriftSettingsRow,
} from "@yardstick/db";
import { AppError, isAppError } from "../errors";
import { createCalibrationRun, executeCalibrationRun } from "./calibration-runs";
import { requireSet } from "./calibration-sets";
import { compareDriftTopics } from "./drift-topics";

// Drift reports (README "Drift reports and alerts"): quality of each online score against its
// baseline and history, input/output distributions, topics and languages of sampled traffic, and
// the judge anchor sets that tell a changed judge from a changed product. The scheduled job and
// "Run now" both create a report row and then fill it (executeDriftReport).

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 28;

const DEFAULTS: Omit<TDriftSettingsRow, "projectId" | "createdAt"> = {
  enabled: true,
  cron: "0 6 * * *",
  windowHours: 24,
  referenceMode: "previous",
  referenceHours: 168,
  pinnedFrom: null,
  pinnedTo: null,
  baselineMode: "golden",
  badScoreThreshold: null,
  sampleSize: 2000,
  lastRunAt: null,
};

function cronOf(expr: string, field = "cron"): Cron {
  if (expr.trim().split(/\s+/).length !== 5) {
    throw new AppError(
      "invalid_input",
      "Use a five-field cron expression: minute hour day-of-month month day-of-week",
      field,
    );
  }
  try {
    return new Cron(expr, { paused: true, timezone: "UTC" });
  } catch (e) {
    throw new AppError(
      "invalid_input",
      `Invalid cron expression: ${(e as Error).message.replace(/^CronPattern: /, "")}`,
      field,
    );
  }
}

async function settingsOf(projectId: string) {
  const row = await findDriftSettingsRow(projectId);
  return row ?? { projectId, createdAt: new Date(0), ...DEFAULTS, enabled: false };
}

/** The project's drift settings (defaults until saved; scheduled reports start once saved). */
export async function getDriftSettings(projectId: string) {
  const row = await findDriftSettingsRow(projectId);
  const s = row ?? { ...DEFAULTS, enabled: false, createdAt: null };
  let nextRunAt: Date | null;
  try {
    nextRunAt = row && s.enabled ? cronOf(s.cron).nextRun(row.lastRunAt ?? row.createdAt) : null;
  } catch {
    nextRunAt = null;
  }
  return { ...s, projectId, saved: row !== null, nextRunAt };
}

export async function updateDriftSettings(projectId: string, raw: unknown) {
  const parsed = ZDriftSettingsInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid_input", issue.message, issue.path.join(".") || undefined);
  }
  const input = parsed.data;
  if (input.cron !== undefined) cronOf(input.cron);
  const row = await findDriftSettingsRow(projectId);
  const current = await settingsOf(projectId);
  const merged = { ...current, ...input };
  if (merged.referenceMode === "pinned") {
    if (!merged.pinnedFrom || !merged.pinnedTo) {
      throw new AppError("invalid_input", "A pinned reference needs a start and an end", "pinnedFrom");
    }
    if (merged.pinnedFrom >= merged.pinnedTo)
      throw new AppError("invalid_input", "The pinned start must be before its end", "pinnedFrom");
  }
  await upsertDriftSettingsRow(projectId, { ...input, enabled: input.enabled ?? (row ? row.enabled : true) });
  return getDriftSettings(projectId);
}

export async function listDriftReports(projectId: string) {
  return listDriftReportRows(projectId);
}

export async function getDriftReport(projectId: string, reportId: string) {
  const r = await findDriftReportRow(projectId, reportId);
  if (!r) throw new AppError("not_found", "Drift report not found");
  return r;
}

/** Writes a running report over the configured windows; executeDriftReport fills it. */
export async function createDriftReport(
  projectId: string,
  userId: string | null,
  trigger: "manual" | "schedule",
  now = new Date(),
) {
  const s = await settingsOf(projectId);
  const w = driftWindows(now, s);
  const { id } = await insertDriftReport({ projectId, trigger, ...w, createdById: userId });
  return getDriftReport(projectId, id);
}

export async function failDriftReport(projectId: string, reportId: string, error: string) {
  await failDriftReportRow(projectId, reportId, error);
}

/** Projects whose drift schedule is due at `now`. */
export async function dueDriftProjects(now: Date) {
  const rows = await listEnabledDriftSettings();
  return rows.flatMap((s) => {
    try {
      const next = cronOf(s.cron).nextRun(s.lastRunAt ?? s.createdAt);
      return next && next.getTime() <= now.getTime() ? [s.projectId] : [];
    } catch {
      return [];
    }
  });
}

/** Claims the due slot and creates its report (null when not due or another tick took it). */
export async function startScheduledDriftReport(projectId: string, now: Date) {
  const s = await findDriftSettingsRow(projectId);
  if (!s || !s.enabled) return null;
  const due = cronOf(s.cron).nextRun(s.lastRunAt ?? s.createdAt);
  if (!due || due.getTime() > now.getTime()) return null;
  if (!(await claimDriftSlot(projectId, s.lastRunAt, now))) return null;
  return createDriftReport(projectId, null, "schedule", now);
}

// ───────────── judge anchors ─────────────

export async function listJudgeAnchors(projectId: string) {
  const rows = await listJudgeAnchorRows(projectId);
  return rows.map((a) => ({
    setId: a.setId,
    setName: a.set.name,
    graderId: a.set.graderId,
    graderName: a.set.grader.name,
    baselineRunId: a.baselineRunId,
    createdAt: a.createdAt,
  }));
}

export async function setJudgeAnchor(projectId: string, setId: string, anchor: boolean) {
  await requireSet(projectId, setId);
  if (anchor) await insertJudgeAnchor(projectId, setId);
  else await deleteJudgeAnchor(projectId, setId);
  return listJudgeAnchors(projectId);
}

// ───────────── the report ─────────────

type TReport = Awaited<ReturnType<typeof getDriftReport>>;
type TFinding = TDriftFindingInput;

const dayKey = (t: Date) => t.toISOString().slice(0, 10);

/**
 * One finding per score name seen in the window: mean vs baseline, p10, bad share, z, change points.
 * Names online rules write are read from their judgments, weighted by 1/inclusionProb (in the
 * roll-ups always-sampled errors and negative feedback would drag the mean down and inflate the bad
 * share); other names read the roll-ups (weight 1).
 */
export async function qualityFindings(projectId: string, report: TReport): Promise<TFinding[]> {
  const s = await settingsOf(projectId);
  const histFrom = new Date(Math.min(report.refFrom.getTime(), report.windowFrom.getTime() - HISTORY_DAYS * DAY));
  await rebuildDirtyRollups({ projectId, from: histFrom, to: report.windowTo, limit: 5000 });
  const ruleNames = [...new Set((await listOnlineRules(projectId)).map((r) => r.scoreName))];
  const [rollups, judged] = await Promise.all([
    listScoreHourHistograms(projectId, histFrom, report.windowTo),
    listWeightedJudgmentHourHistograms(projectId, histFrom, report.windowTo, ruleNames),
  ]);
  // A rule's name without judgments yet keeps its roll-up (scores sent under that name by the API).
  const online = new Set(judged.map((r) => r.scoreName));
  const rows = [
    ...rollups.filter((r) => !online.has(r.scoreName)).map((r) => ({ ...r, sumW2: r.n, judged: r.n })),
    ...judged,
  ];
  const names = [
    ...new Set(rows.filter((r) => r.t >= report.windowFrom && r.t < report.windowTo).map((r) => r.scoreName)),
  ].sort();
  const findings: TFinding[] = [];
  for (const name of names) {
    const mine = rows.filter((r) => r.scoreName === name);
    const rawWindow = emptyWeightedHistogram();
    const rawReference = emptyWeightedHistogram();
    const perDay = new Map<string, TWeightedScoreHistogram>();
    for (const r of mine) {
      if (r.t >= report.windowFrom && r.t < report.windowTo) mergeWeightedHistogram(rawWindow, r);
      if (r.t >= report.refFrom && r.t < report.refTo) mergeWeightedHistogram(rawReference, r);
      const k = dayKey(r.t);
      mergeWeightedHistogram(perDay.get(k) ?? perDay.set(k, emptyWeightedHistogram()).get(k)!, r);
    }
    // Kish scaling per assessed group (window, reference, each day), after merging its hours: each
    // group's mean is exactly its Hájek mean and its intervals use its own effective sample size.
    const window = kishScaled(rawWindow);
    const reference = kishScaled(rawReference);
    const windowStartDay = dayKey(report.windowFrom);
    const days = [...perDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([t, raw]) => {
        const h = kishScaled(raw);
        return { t, n: h.judged, mean: h.sum / h.n };
      });
    const history = days.filter((d) => d.t < windowStartDay);
    const windowDays = days.filter((d) => d.t >= windowStartDay);
    let baseline: { kind: "golden" | "reference"; value: number | null; label: string };
    if (s.baselineMode === "golden") {
      const g = await latestGoldenBaseline(projectId, name);
      baseline = g
        ? {
            kind: "golden",
            value: g.scale ? g.scale.min + g.mean * (g.scale.max - g.scale.min) : g.mean,
            label: `golden set of run ${g.runName ?? g.runId} (${g.n} cases)`,
          }
        : {
            kind: "reference",
            value: reference.n ? reference.sum / reference.n : null,
            label: "reference window (no golden-set run for this score)",
          };
    } else {
      baseline = {
        kind: "reference",
        value: reference.n ? reference.sum / reference.n : null,
        label: "reference window",
      };
    }
    const q = assessQuality({
      name,
      window,
      reference,
      history,
      windowDays,
      baseline,
      badThreshold: s.badScoreThreshold,
    });
    const samples = await lowestScoredTraceIds(projectId, name, report.windowFrom, report.windowTo);
    const meanTxt = q.mean === null ? "–" : q.mean.toFixed(2);
    findings.push({
      kind: "quality",
      subject: name,
      severity: q.severity,
      title:
        q.severity === "ok"
          ? `${name}: steady (mean ${meanTxt})`
          : `${name}: quality dropped (mean ${meanTxt}${baseline.value !== null ? ` vs ${baseline.value.toFixed(2)}` : ""})`,
      tests: q.tests,
      chart: {
        type: "quality",
        days: days.map((d) => ({ ...d, inWindow: d.t >= windowStartDay })),
        baseline: baseline.value,
        baselineLabel: baseline.label,
        stats: {
          n: window.judged,
          ...(online.has(name) && { weighted: true, nEff: window.nEff }),
          mean: q.mean,
          p10: q.p10,
          badShare: q.badShare,
          refBadShare: q.refBadShare,
          scale: q.scale,
        },
      },
      sampleTraceIds: samples,
      attributedTo: null,
    });
  }
  return findings;
}

function topicSeverity(js: number, newShare: number): TSeverity {
  const a: TSeverity = js >= 0.2 ? "alert" : js >= 0.1 ? "warn" : "ok";
  const b: TSeverity = newShare >= 0.25 ? "alert" : newShare >= 0.1 ? "warn" : "ok";
  return maxSeverity([a, b]);
}

/** Input/output length, language and topic findings from bounded, seeded samples of both windows. */
export async function trafficFindings(
  projectId: string,
  report: TReport,
): Promise<{ findings: TFinding[]; counts: Record<string, number> }> {
  const s = await settingsOf(projectId);
  const limit = Math.min(5000, s.sampleSize);
  const seed = `${projectId}:${report.windowFrom.toISOString()}`;
  const [refCount, curCount] = await Promise.all([
    countTracesBetween(projectId, report.refFrom, report.refTo),
    countTracesBetween(projectId, report.windowFrom, report.windowTo),
  ]);
  const [ref, cur] = await Promise.all([
    sampleWindowTraces(projectId, report.refFrom, report.refTo, {
      rateMillionths: sampleRateMillionths(refCount, limit),
      limit,
      seed,
    }),
    sampleWindowTraces(projectId, report.windowFrom, report.windowTo, {
      rateMillionths: sampleRateMillionths(curCount, limit),
      limit,
      seed,
    }),
  ]);
  const counts = { refTraces: refCount, windowTraces: curCount, refSampled: ref.length, windowSampled: cur.length };
  const findings: TFinding[] = [];
  if (!cur.length) return { findings, counts };
  const topBy = (k: (r: (typeof cur)[number]) => number) =>
    [...cur]
      .sort((a, b) => k(b) - k(a))
      .slice(0, 5)
      .map((r) => r.id);
  for (const [kind, label, key] of [
    ["input_length", "Input length", "inputLen"],
    ["output_length", "Output length", "outputLen"],
  ] as const) {
    const c = compareNumeric(
      ref.map((r) => r[key]),
      cur.map((r) => r[key]),
    );
    const moved =
      c.cur.p50 !== null && c.ref.p50 !== null
        ? ` (median ${Math.round(c.ref.p50)} → ${Math.round(c.cur.p50)} chars)`
        : "";
    findings.push({
      kind,
      subject: label,
      severity: c.severity,
      title: c.severity === "ok" ? `${label}: no shift${moved}` : `${label} shifted${moved}`,
      tests: c.tests,
      chart: { type: "bins", bins: c.bins, ref: c.ref, cur: c.cur },
      sampleTraceIds:
        c.cur.p50 !== null && c.ref.p50 !== null && c.cur.p50 < c.ref.p50
          ? topBy((r) => -r[key])
          : topBy((r) => r[key]),
      attributedTo: null,
    });
  }
  const langOf = (rows: typeof cur) => rows.map((r) => detectLanguage(r.inputText));
  const refLang = langOf(ref);
  const curLang = langOf(cur);
  const tally = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const lang = compareCategorical(tally(refLang), tally(curLang));
  const grew = [...lang.categories].sort((a, b) => b.cur - b.ref - (a.cur - a.ref))[0];
  findings.push({
    kind: "language",
    subject: "Language",
    severity: lang.severity,
    title:
      lang.severity === "ok"
        ? "Language mix: no shift"
        : `Language mix shifted${grew ? ` (${LANGUAGE_NAMES[grew.key] ?? grew.key} ${(grew.ref * 100).toFixed(0)}% → ${(grew.cur * 100).toFixed(0)}%)` : ""}`,
    tests: lang.tests,
    chart: {
      type: "categories",
      categories: lang.categories.slice(0, 12).map((c) => ({ ...c, label: LANGUAGE_NAMES[c.key] ?? c.key })),
    },
    sampleTraceIds: grew
      ? cur
          .filter((_, i) => curLang[i] === grew.key)
          .slice(0, 5)
          .map((r) => r.id)
      : [],
    attributedTo: null,
  });
  const topics = await compareDriftTopics(
    projectId,
    ref.map((r) => r.inputText),
    cur.map((r) => r.inputText),
  );
  const sev = topicSeverity(topics.jsDistance, topics.newTopicShare);
  const topNew = topics.topics.find((t) => t.isNew);
  const tests: TTestResult[] = [
    {
      name: "JS distance of topic mix",
      value: topics.jsDistance,
      thresholds: [0.1, 0.2],
      severity: topics.jsDistance >= 0.2 ? "alert" : topics.jsDistance >= 0.1 ? "warn" : "ok",
      note: topics.note,
    },
    {
      name: "PSI of topic mix",
      value: topics.psi,
      thresholds: [0.1, 0.25],
      severity: "ok",
      note: "shown for reference; the JS distance decides",
    },
    {
      name: "New-topic share",
      value: topics.newTopicShare,
      thresholds: [0.1, 0.25],
      severity: topics.newTopicShare >= 0.25 ? "alert" : topics.newTopicShare >= 0.1 ? "warn" : "ok",
      note: "share of sampled window traces in topics absent (< 0.5%) from the reference",
    },
  ];
  findings.push({
    kind: "topics",
    subject: "Topics",
    severity: sev,
    title:
      sev === "ok"
        ? "Topics: no shift"
        : `Topics shifted${topNew ? ` (new: “${topNew.label}”, ${(topNew.curShare * 100).toFixed(0)}%)` : ""}`,
    tests,
    chart: {
      type: "topics",
      method: topics.method,
      model: topics.model,
      topics: topics.topics.slice(0, 12).map(({ examples: _e, ...t }) => t),
    },
    sampleTraceIds: (topNew?.examples ?? topics.topics[0]?.examples ?? []).map((i) => cur[i]!.id),
    attributedTo: null,
  });
  return { findings, counts };
}

/** Re-scores each anchor set with its grader's latest version and tests its agreement against the baseline run. */
export async function judgeFindings(projectId: string): Promise<TFinding[]> {
  const anchors = await listJudgeAnchorRows(projectId);
  const findings: TFinding[] = [];
  for (const a of anchors) {
    let runError: string | null = null;
    try {
      const run = await createCalibrationRun(projectId, null, { setId: a.setId });
      await executeCalibrationRun(projectId, run.id);
    } catch (e) {
      if (!isAppError(e)) throw e;
      runError = e.message;
    }
    const runs = await listAnchorRuns(a.setId, a.createdAt);
    const toRun = (r: (typeof runs)[number]): TAnchorRun => ({
      runId: r.id,
      at: r.startedAt.toISOString(),
      graderVersion: r.graderVersion.version,
      judgments: r.judgments.map((j) => ({ itemKey: j.itemKey, human: j.humanScore, judge: j.score })),
    });
    const baseRow = runs.find((r) => r.id === a.baselineRunId) ?? runs[0];
    if (!baseRow) {
      findings.push({
        kind: "judge",
        subject: a.set.grader.name,
        severity: "ok",
        title: `Judge anchor “${a.set.name}”: no completed run yet`,
        tests: [{ name: "anchor run", value: 0, severity: "ok", note: runError ?? "no run" }],
        chart: { type: "judge", looks: [] },
        sampleTraceIds: [],
        attributedTo: null,
      });
      continue;
    }
    if (!a.baselineRunId) await setJudgeAnchorBaseline(projectId, a.setId, baseRow.id);
    const humans = baseRow.judgments.map((j) => j.humanScore);
    const scale = { min: Math.min(1, ...humans), max: Math.max(5, ...humans) };
    const later = runs.filter((r) => r.startedAt > baseRow.startedAt).map(toRun);
    const d = assessJudgeDrift(toRun(baseRow), later, scale);
    const last = d.looks[d.looks.length - 1];
    if (runError) d.tests.push({ name: "this report's anchor run", value: 0, severity: "warn", note: runError });
    findings.push({
      kind: "judge",
      subject: a.set.grader.name,
      severity: maxSeverity([d.severity, runError ? "warn" : "ok"]),
      title: d.changed
        ? `The judge “${a.set.grader.name}” changed (v${baseRow.graderVersion.version} → v${last!.graderVersion}): its agreement with the humans on anchor set “${a.set.name}” moved`
        : `Judge “${a.set.grader.name}” is stable on anchor set “${a.set.name}”`,
      tests: d.tests,
      chart: {
        type: "judge",
        baseline: {
          runId: baseRow.id,
          at: baseRow.startedAt,
          version: baseRow.graderVersion.version,
          exact: d.baselineExact,
          kappa: baseRow.kappa,
        },
        looks: d.looks,
        setId: a.setId,
      },
      sampleTraceIds: [],
      attributedTo: d.changed ? "judge" : null,
    });
  }
  return findings;
}

/** Fills a running report: quality, traffic, judges; a changed judge relabels its score's quality finding. */
export async function executeDriftReport(projectId: string, reportId: string) {
  const report = await getDriftReport(projectId, reportId);
  if (report.status !== "running") return report;
  const judges = await judgeFindings(projectId);
  const quality = await qualityFindings(projectId, report);
  const traffic = await trafficFindings(projectId, report);
  return storeDriftReport(projectId, reportId, { judges, quality, traffic });
}

export async function storeDriftReport(
  projectId: string,
  reportId: string,
  parts: { judges: TFinding[]; quality: TFinding[]; traffic: { findings: TFinding[]; counts: Record<string, number> } },
) {
  const s = await settingsOf(projectId);
  const changedJudges = new Set(parts.judges.filter((j) => j.attributedTo === "judge").map((j) => j.subject));
  const quality = parts.quality.map((f) =>
    changedJudges.has(f.subject) && f.severity !== "ok"
      ? { ...f, attributedTo: "judge", title: `${f.subject}: scores moved, but the judge changed, not the product` }
      : f.severity !== "ok"
        ? { ...f, attributedTo: "product" }
        : f,
  );
  const findings = [...parts.judges, ...quality, ...parts.traffic.findings];
  const order: Record<string, number> = { alert: 0, warn: 1, ok: 2 };
  findings.sort((a, b) => order[a.severity]! - order[b.severity]!);
  await completeDriftReport(
    projectId,
    reportId,
    {
      summary: {
        ...parts.traffic.counts,
        scoreNames: parts.quality.map((f) => f.subject),
        anchors: parts.judges.length,
        baselineMode: s.baselineMode,
        sampleSize: s.sampleSize,
        topicsMethod:
          (parts.traffic.findings.find((f) => f.kind === "topics")?.chart as { method?: string } | undefined)?.method ??
          "tf-idf",
      },
      judgeChanged: changedJudges.size > 0,
    },
    findings,
  );
  return getDriftReport(projectId, reportId);
}

/** Creates and fills a report in this process (tests and scripts; the app enqueues the job). */
export async function runDriftReport(projectId: string, userId: string | null, now = new Date()) {
  const r = await createDriftReport(projectId, userId, "manual", now);
  try {
    return await executeDriftReport(projectId, r.id);
  } catch (e) {
    await failDriftReport(projectId, r.id, (e as Error).message);
    throw e;
  }
}
