import { z } from "zod";
import { ZTraceFilter, ZTraceListQuery, ZTraceTotals, ZTraceTotalsRequest } from "@yardstick/contracts/traces";
import { projectProcedure, router } from "../trpc";
import { ZId } from "@yardstick/contracts/common";
import {
  getFilterOptions,
  getTraceDetail,
  listSessions,
  getTraceTotals,
  listUsers,
  searchTraces,
} from "@yardstick/server/services/traces";

const ZRange = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() });

export const tracesRouter = router({
  list: projectProcedure
    .input(z.object({ filter: ZTraceFilter.default({}), list: ZTraceListQuery.partial().default({}) }))
    .query(({ input }) => searchTraces(input.projectId, input.filter, input.list)),
  totals: projectProcedure
    .input(ZTraceTotalsRequest.extend({ filter: ZTraceFilter.default({}) }))
    .output(ZTraceTotals)
    .query(({ input }) => getTraceTotals(input.projectId, input.filter, input)),
  get: projectProcedure
    .input(z.object({ traceId: ZId.max(200) }))
    .query(({ input }) => getTraceDetail(input.projectId, input.traceId)),
  sessions: projectProcedure
    .input(ZRange.extend({ cursor: z.string().max(500).optional() }))
    .query(({ input }) => listSessions(input.projectId, input, input.cursor)),
  users: projectProcedure
    .input(ZRange.extend({ cursor: z.string().max(500).optional() }))
    .query(({ input }) => listUsers(input.projectId, input, input.cursor)),
  filterOptions: projectProcedure.query(({ input }) => getFilterOptions(input.projectId)),
});
