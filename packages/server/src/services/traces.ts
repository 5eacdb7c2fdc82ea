import { ZTraceFilter, ZTraceListQuery, type TTraceFilterInput } from "@yardstick/contracts/traces";
import { findTraceWithDetails, listTraceGroups, listTraces, traceFilterOptions, traceTotals } from "@yardstick/db";
import type { z } from "zod";
import { AppError } from "../errors";

export async function searchTraces(
  projectId: string,
  filter: TTraceFilterInput,
  list: z.input<typeof ZTraceListQuery> = {},
) {
  const f = ZTraceFilter.parse(filter);
  const l = ZTraceListQuery.parse(list);
  return listTraces(projectId, f, l);
}

/** One trace with its observations, scores and feedback (the explorer and `GET /api/public/traces/{id}`). */
export async function getTraceDetail(projectId: string, traceId: string) {
  const trace = await findTraceWithDetails(projectId, traceId);
  if (!trace) throw new AppError("not_found", "Trace not found");
  return trace;
}

export async function listSessions(projectId: string, range: { from?: Date; to?: Date }, cursor?: string) {
  return listTraceGroups(projectId, "sessionId", range, { cursor });
}

export async function listUsers(projectId: string, range: { from?: Date; to?: Date }, cursor?: string) {
  return listTraceGroups(projectId, "userId", range, { cursor });
}

export async function getFilterOptions(projectId: string) {
  return traceFilterOptions(projectId, new Date(Date.now() - 30 * 24 * 3600 * 1000));
}

/** Totals of the filtered traces: exact up to TOTALS_EXACT_LIMIT matches, a labelled estimate past it. */
export async function getTraceTotals(
  projectId: string,
  filter: TTraceFilterInput,
  opts: { groupBy?: "none" | "prompt"; scoreName?: string } = {},
) {
  return traceTotals(projectId, ZTraceFilter.parse(filter), opts);
}
