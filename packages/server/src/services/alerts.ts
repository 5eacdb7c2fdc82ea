import { createHmac, randomBytes } from "node:crypto";
import { ZAlertChannelInput, ZAlertRuleInput, type TAlertRuleInput } from "@yardstick/contracts/watch";
import {
  DELIVERY,
  evaluateRule,
  lookbackMs,
  SCORE_METRICS,
  SIGNATURE_HEADER,
  signedContent,
  slackMessage,
  TIMESTAMP_HEADER,
  transition,
  webhookUrlProblem,
  type TAlertPayload,
  type TAlertRuleSpec,
  type TMetricData,
} from "@yardstick/core/alerts";
import {
  acknowledgeAlertEventRow,
  bumpAlertEventNotifications,
  casAlertRuleState,
  countAlertChannels,
  deleteAlertChannelRow,
  deleteAlertRuleRow,
  findAlertChannelSecrets,
  findAlertDelivery,
  findAlertEventRow,
  findAlertRuleRow,
  findOpenAlertEvent,
  findProject,
  insertAlertChannel,
  insertAlertDelivery,
  insertAlertEvent,
  insertAlertRule,
  listAlertChannelRows,
  listAlertEventRows,
  listAlertRuleRows,
  listDriftAlertCounts,
  listOnlineRules,
  listProjectsWithAlertRules,
  listRecentScoreNames,
  listScoreHourHistograms,
  listWeightedJudgmentHourHistograms,
  queryDashboardData,
  rebuildDirtyRollups,
  resolveAlertEvents,
  scoreNameExists,
  updateAlertDelivery,
  updateAlertRuleRow,
} from "@yardstick/db";
import { decryptSecret, encryptSecret } from "@yardstick/llm";
import { serverEnv } from "../env";
import { AppError } from "../errors";
import { assertPublicProviderUrl } from "../net/provider-url";

// Alerts (README "Drift reports and alerts"): rules over the dashboards' hourly roll-ups and drift
// findings, evaluated by a cron job; each notification is one AlertDelivery row sent by the
// alert-deliver job (signed webhook or Slack message, bounded timeout, retried by the job).

function parseOrThrow<T>(
  schema: {
    safeParse: (
      v: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ message: string; path: PropertyKey[] }> } };
  },
  raw: unknown,
): T {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AppError("invalid_input", issue.message, issue.path.map(String).join(".") || undefined);
  }
  return r.data;
}

/** http(s) only; with YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS=false, never into the server's network. */
export async function assertWebhookUrl(url: string, field = "url") {
  const problem = webhookUrlProblem(url);
  if (problem) throw new AppError("invalid_input", `URL ${problem}`, field);
  if (!serverEnv().allowPrivateWebhookUrls) {
    try {
      await assertPublicProviderUrl(url, field);
    } catch (e) {
      if (e instanceof AppError) {
        throw new AppError(
          "invalid_input",
          `Webhook URLs to private or local addresses are disabled on this server (${new URL(url).hostname})`,
          field,
        );
      }
      throw e;
    }
  }
}

const urlHint = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.length > 1 ? "/…" : "/"}`;
};

// ───────────── channels ─────────────

export async function listAlertChannels(projectId: string) {
  return listAlertChannelRows(projectId);
}

/** Stores the URL (and a new signing secret for webhooks) encrypted; the secret is returned once. */
export async function createAlertChannel(projectId: string, raw: unknown) {
  const input = parseOrThrow(ZAlertChannelInput, raw);
  await assertWebhookUrl(input.url);
  const secret = input.kind === "webhook" ? `whsec_${randomBytes(32).toString("base64url")}` : null;
  const key = serverEnv().serverSecret;
  const row = await insertAlertChannel({
    projectId,
    name: input.name,
    kind: input.kind,
    encryptedUrl: encryptSecret(input.url, key, `alert-channel-url:${projectId}`),
    urlHint: urlHint(input.url),
    encryptedSecret: secret ? encryptSecret(secret, key, `alert-channel-secret:${projectId}`) : null,
  });
  if (row === "name_taken") throw new AppError("conflict", `A channel named "${input.name}" already exists`, "name");
  return { ...row, secret };
}

export async function deleteAlertChannel(projectId: string, channelId: string) {
  if (!(await deleteAlertChannelRow(projectId, channelId))) throw new AppError("not_found", "Channel not found");
}

// ───────────── rules ─────────────

async function validatedRule(projectId: string, input: TAlertRuleInput) {
  const isScore = SCORE_METRICS.includes(input.metric);
  if (isScore && !input.scoreName) throw new AppError("invalid_input", "Pick the score this rule watches", "scoreName");
  if (input.scoreName && !(await scoreNameExists(projectId, input.scoreName))) {
    throw new AppError("invalid_input", `No score named "${input.scoreName}" in this project`, "scoreName");
  }
  if (input.condition === "rise_pct_no_quality_gain" && input.metric !== "p95_latency_ms" && input.metric !== "cost") {
    throw new AppError("invalid_input", "“Without a quality gain” applies to p95 latency or cost", "condition");
  }
  if (input.condition === "rise_pct_no_quality_gain" && !input.scoreName) {
    throw new AppError("invalid_input", "Pick the quality score whose gain would excuse the rise", "scoreName");
  }
  const channelIds = [...new Set(input.channelIds)];
  if (channelIds.length && (await countAlertChannels(projectId, channelIds)) !== channelIds.length) {
    throw new AppError("invalid_input", "A channel of this rule does not exist in this project", "channelIds");
  }
  return {
    name: input.name,
    enabled: input.enabled,
    metric: input.metric,
    scoreName: input.scoreName ?? null,
    scoreCutoff: input.scoreCutoff ?? (isScore && input.metric !== "score_mean" ? 0.5 : null),
    condition: input.condition,
    threshold: input.threshold,
    period: input.period,
    periods: input.periods,
    cooldownMinutes: input.cooldownMinutes,
    channelIds,
  };
}

export async function listAlertRules(projectId: string) {
  return listAlertRuleRows(projectId);
}

export async function createAlertRule(projectId: string, raw: unknown) {
  const data = await validatedRule(projectId, parseOrThrow(ZAlertRuleInput, raw));
  const row = await insertAlertRule(projectId, data);
  if (row === "name_taken") throw new AppError("conflict", `A rule named "${data.name}" already exists`, "name");
  return row;
}

export async function updateAlertRule(projectId: string, ruleId: string, raw: unknown) {
  const current = await findAlertRuleRow(projectId, ruleId);
  if (!current) throw new AppError("not_found", "Alert rule not found");
  const {
    id: _i,
    projectId: _p,
    state: _s,
    lastValue: _v,
    lastEvaluatedAt: _e,
    lastNotifiedAt: _n,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = current;
  const data = await validatedRule(projectId, parseOrThrow(ZAlertRuleInput, { ...rest, ...(raw as object) }));
  const r = await updateAlertRuleRow(projectId, ruleId, data);
  if (r === "name_taken") throw new AppError("conflict", `A rule named "${data.name}" already exists`, "name");
  return (await findAlertRuleRow(projectId, ruleId))!;
}

export async function deleteAlertRule(projectId: string, ruleId: string) {
  if (!(await deleteAlertRuleRow(projectId, ruleId))) throw new AppError("not_found", "Alert rule not found");
}

// ───────────── history ─────────────

export async function listAlertEvents(projectId: string) {
  return listAlertEventRows(projectId);
}

export async function acknowledgeAlertEvent(projectId: string, eventId: string, userId: string) {
  const e = await findAlertEventRow(projectId, eventId);
  if (!e) throw new AppError("not_found", "Alert event not found");
  await acknowledgeAlertEventRow(projectId, eventId, userId);
}

// ───────────── evaluation ─────────────

const specOf = (r: NonNullable<Awaited<ReturnType<typeof findAlertRuleRow>>>): TAlertRuleSpec => ({
  metric: r.metric as TAlertRuleSpec["metric"],
  condition: r.condition as TAlertRuleSpec["condition"],
  threshold: r.threshold,
  period: r.period === "day" ? "day" : "hour",
  periods: r.periods,
  scoreName: r.scoreName,
  scoreCutoff: r.scoreCutoff,
});

/**
 * The roll-up rows every rule of a project needs, read once (scores per rule's score name). A name
 * online rules write reads their judgments weighted by 1/inclusionProb instead (as drift reports
 * do): the metrics are ratios (Σw·y/Σw, Σw below the cutoff/Σw), so always-sampled errors and
 * negative feedback count for their share of the traffic, not of the judged sample.
 */
async function loadMetricData(
  projectId: string,
  from: Date,
  to: Date,
  scoreNames: string[],
): Promise<Map<string | null, TMetricData>> {
  await rebuildDirtyRollups({ projectId, from, to, limit: 500 });
  const hourFrom = new Date(Math.floor(from.getTime() / 3600_000) * 3600_000);
  const ruleNames = scoreNames.length ? new Set((await listOnlineRules(projectId)).map((r) => r.scoreName)) : null;
  const [d, drift, judged, ...scores] = await Promise.all([
    queryDashboardData(projectId, { from: hourFrom, to, bucket: "hour" }, "rollup"),
    listDriftAlertCounts(projectId, from, to),
    listWeightedJudgmentHourHistograms(
      projectId,
      hourFrom,
      to,
      scoreNames.filter((n) => ruleNames?.has(n)),
    ),
    ...scoreNames.map((n) => listScoreHourHistograms(projectId, hourFrom, to, n)),
  ]);
  const base: TMetricData = {
    traces: d.traces,
    latency: d.traceLatency.map((r) => ({ t: r.t, b: r.b, c: r.c })),
    scores: [],
    safety: d.safety.map((r) => ({ t: r.t, violations: r.violations })),
    driftFindings: drift,
  };
  const out = new Map<string | null, TMetricData>([[null, base]]);
  scoreNames.forEach((n, i) => {
    const weighted = judged.filter((r) => r.scoreName === n);
    out.set(n, { ...base, scores: weighted.length ? weighted : scores[i]! });
  });
  return out;
}

export type TPendingDelivery = { projectId: string; deliveryId: string };

async function queueDeliveries(projectId: string, eventId: string, channelIds: string[]): Promise<TPendingDelivery[]> {
  const out: TPendingDelivery[] = [];
  for (const c of channelIds) out.push({ projectId, deliveryId: (await insertAlertDelivery(eventId, c)).id });
  if (channelIds.length) await bumpAlertEventNotifications(eventId);
  return out;
}

/**
 * Evaluates every enabled rule of a project at `now`: fires (event + deliveries), re-notifies after
 * the cooldown, or resolves. A compare-and-set on the rule's state makes two concurrent
 * evaluations notify once. Returns the deliveries to send.
 */
export async function evaluateProjectAlerts(projectId: string, now = new Date()) {
  const rules = (await listAlertRuleRows(projectId)).filter((r) => r.enabled);
  if (!rules.length) return { evaluated: 0, deliveries: [] as TPendingDelivery[] };
  const from = new Date(now.getTime() - Math.max(...rules.map((r) => lookbackMs(specOf(r)))));
  const data = await loadMetricData(projectId, from, now, [
    ...new Set(rules.flatMap((r) => (r.scoreName ? [r.scoreName] : []))),
  ]);
  const deliveries: TPendingDelivery[] = [];
  for (const r of rules) {
    const spec = specOf(r);
    const ev = evaluateRule(spec, data.get(r.scoreName) ?? data.get(null)!, now);
    const t = transition(
      {
        state: r.state === "firing" ? "firing" : "ok",
        lastNotifiedAt: r.lastNotifiedAt,
        cooldownMinutes: r.cooldownMinutes,
      },
      ev.breached,
      now,
    );
    const from = { state: r.state, lastNotifiedAt: r.lastNotifiedAt };
    const record = { lastValue: ev.value, lastEvaluatedAt: now };
    if (t.action === "fire") {
      if (!(await casAlertRuleState(r.id, from, { state: "firing", ...record, lastNotifiedAt: now }))) continue;
      const e = await insertAlertEvent({
        projectId,
        ruleId: r.id,
        status: "firing",
        value: ev.value,
        message: ev.message,
        details: ev,
      });
      deliveries.push(...(await queueDeliveries(projectId, e.id, r.channelIds)));
    } else if (t.action === "renotify") {
      if (!(await casAlertRuleState(r.id, from, { state: "firing", ...record, lastNotifiedAt: now }))) continue;
      const open = await findOpenAlertEvent(r.id);
      const e =
        open ??
        (await insertAlertEvent({
          projectId,
          ruleId: r.id,
          status: "firing",
          value: ev.value,
          message: ev.message,
          details: ev,
        }));
      deliveries.push(...(await queueDeliveries(projectId, e.id, r.channelIds)));
    } else if (t.action === "resolve") {
      if (!(await casAlertRuleState(r.id, from, { state: "ok", ...record }))) continue;
      await resolveAlertEvents(r.id, now);
    } else {
      await casAlertRuleState(r.id, from, { state: r.state, ...record });
    }
  }
  return { evaluated: rules.length, deliveries };
}

export async function projectsWithAlertRules() {
  return listProjectsWithAlertRules();
}

/** A test notification of a rule to its channels (marked test; never changes the rule's state). */
export async function testFireAlertRule(projectId: string, ruleId: string) {
  const r = await findAlertRuleRow(projectId, ruleId);
  if (!r) throw new AppError("not_found", "Alert rule not found");
  if (!r.channelIds.length)
    throw new AppError("precondition_failed", "Add a channel to this rule before a test", "channelIds");
  const e = await insertAlertEvent({
    projectId,
    ruleId: r.id,
    status: "resolved",
    value: r.lastValue,
    message: `Test of “${r.name}”: this is what a notification looks like`,
    details: { test: true },
    test: true,
  });
  return { eventId: e.id, deliveries: await queueDeliveries(projectId, e.id, r.channelIds) };
}

// ───────────── delivery ─────────────

export class DeliveryFailedError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

/** HMAC-SHA256 signature header value over `${t}.${body}` with the channel's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(signedContent(timestamp, body)).digest("hex")}`;
}

/**
 * Sends one delivery (idempotent: a delivered one is not sent again). Throws DeliveryFailedError
 * on a failure; `retriable` is false for a 4xx answer other than 408/429 or a channel that is gone.
 */
export async function deliverAlert(projectId: string, deliveryId: string, attempt = 0) {
  const d = await findAlertDelivery(deliveryId);
  if (!d) throw new DeliveryFailedError("delivery not found", false);
  if (d.status === "delivered") return { status: "delivered" as const, skipped: true };
  const [event, channel, project] = await Promise.all([
    findAlertEventRow(projectId, d.eventId),
    findAlertChannelSecrets(projectId, d.channelId),
    findProject(projectId),
  ]);
  if (!event || !project) throw new DeliveryFailedError("alert event not found", false);
  const record = (status: string, responseStatus: number | null, error: string | null) =>
    updateAlertDelivery(d.id, {
      status,
      attempts: attempt + 1,
      responseStatus,
      error,
      deliveredAt: status === "delivered" ? new Date() : null,
    });
  if (!channel) {
    await record("failed", null, "channel deleted");
    throw new DeliveryFailedError("channel deleted", false);
  }
  const key = serverEnv().serverSecret;
  const url = decryptSecret(channel.encryptedUrl, key, `alert-channel-url:${projectId}`);
  const base = serverEnv().publicUrl;
  const payload: TAlertPayload = {
    type: event.test ? "alert.test" : "alert.firing",
    eventId: event.id,
    project: { id: project.id, name: project.name },
    rule: {
      id: event.rule.id,
      name: event.rule.name,
      metric: event.rule.metric,
      condition: event.rule.condition,
      threshold: event.rule.threshold,
    },
    value: event.value,
    message: event.message,
    startedAt: event.startedAt.toISOString(),
    url: base ? `${base}/projects/${project.id}/alerts` : null,
  };
  const body = JSON.stringify(channel.kind === "slack" ? slackMessage(payload) : payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Yardstick-Alerts/1" };
  if (channel.kind === "webhook" && channel.encryptedSecret) {
    const ts = Math.floor(Date.now() / 1000);
    headers[TIMESTAMP_HEADER] = String(ts);
    headers[SIGNATURE_HEADER] = signWebhook(
      decryptSecret(channel.encryptedSecret, key, `alert-channel-secret:${projectId}`),
      ts,
      body,
    );
    headers["X-Yardstick-Event"] = payload.type;
    headers["X-Yardstick-Delivery"] = d.id;
  }
  try {
    await assertWebhookUrl(url);
  } catch (e) {
    await record("failed", null, (e as Error).message);
    throw new DeliveryFailedError((e as Error).message, false);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY.timeoutMs),
    });
  } catch (e) {
    const msg =
      (e as Error).name === "TimeoutError"
        ? `no answer within ${DELIVERY.timeoutMs / 1000} s`
        : `could not connect: ${(e as Error).message}`;
    await record("pending", null, msg);
    throw new DeliveryFailedError(msg, true);
  }
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) {
    await record("delivered", res.status, null);
    return { status: "delivered" as const, skipped: false };
  }
  const retriable = res.status >= 500 || res.status === 408 || res.status === 429;
  await record(retriable ? "pending" : "failed", res.status, `answered HTTP ${res.status}`);
  throw new DeliveryFailedError(`answered HTTP ${res.status}`, retriable);
}

/** Marks a delivery failed after the job's last retry. */
export async function giveUpDelivery(deliveryId: string, error: string) {
  const d = await findAlertDelivery(deliveryId);
  if (!d || d.status === "delivered") return;
  await updateAlertDelivery(d.id, {
    status: "failed",
    attempts: d.attempts,
    responseStatus: null,
    error: error.slice(0, 500),
  });
}

export async function listAlertScoreNames(projectId: string) {
  return listRecentScoreNames(projectId);
}
