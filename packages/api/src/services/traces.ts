import {
  ZTraceFilter,
  ZTraceListQuery,
  formatZodIssues,
  searchParamsToObject,
  splitTraceQuery,
  type TTraceFilterInput,
} from "@yardstick/core/ingest";
import { findTraceWithDetails, listTraceGroups, listTraces, traceFilterOptions } from "@yardstick/db";
import type { z } from "zod";
import { AppError } from "../errors";
import { PublicApiError } from "../public-api";

export async function searchTraces(
  projectId: string,
  filter: TTraceFilterInput,
  list: z.input<typeof ZTraceListQuery> = {},
) {
  const f = ZTraceFilter.parse(filter);
  const l = ZTraceListQuery.parse(list);
  return listTraces(projectId, f, l);
}

export async function getTraceDetail(projectId: string, traceId: string) {
  const trace = await findTraceWithDetails(projectId, traceId);
  if (!trace) throw new AppError("NOT_FOUND", "Trace not found");
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

/** Public read API: `GET /api/public/traces?name=...&limit=...`; unknown or bad parameters → 400 naming them. */
export async function searchTracesFromUrl(projectId: string, url: URL) {
  const { filter, list } = splitTraceQuery(searchParamsToObject(url.searchParams));
  const f = ZTraceFilter.safeParse(filter);
  if (!f.success) throw new PublicApiError(400, `Invalid query: ${formatZodIssues(f.error)}`);
  const l = ZTraceListQuery.safeParse(list);
  if (!l.success) throw new PublicApiError(400, `Invalid query: ${formatZodIssues(l.error)}`);
  return listTraces(projectId, f.data, l.data);
}

export async function getTraceForApi(projectId: string, traceId: string) {
  if (!traceId || traceId.length > 200 || traceId.includes("\u0000"))
    throw new PublicApiError(400, "Invalid trace id: 1-200 characters, no NUL (\\u0000)");
  const trace = await findTraceWithDetails(projectId, traceId);
  if (!trace) throw new PublicApiError(404, "Trace not found");
  return trace;
}
