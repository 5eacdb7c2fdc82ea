import { z } from "zod";
import { ZDashboardQuery } from "@yardstick/contracts/dashboards";
import {
  getDashboard,
  getDashboardOptions,
  getOverview,
  rebuildProjectRollups,
} from "@yardstick/server/services/dashboards";
import { projectProcedure, requireRole, router } from "../trpc";

export const dashboardsRouter = router({
  get: projectProcedure
    .input(z.object({ query: ZDashboardQuery }))
    .query(({ input }) => getDashboard(input.projectId, input.query)),
  options: projectProcedure
    .input(z.object({ query: ZDashboardQuery }))
    .query(({ input }) => getDashboardOptions(input.projectId, input.query)),
  overview: projectProcedure.query(({ input }) => getOverview(input.projectId)),
  /** Drops the project's roll-ups and rebuilds them from raw rows. */
  rebuild: projectProcedure.use(requireRole("ADMIN")).mutation(({ input }) => rebuildProjectRollups(input.projectId)),
});
