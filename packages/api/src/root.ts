import { createCallerFactory, router } from "./trpc";
import { authRouter } from "./routers/auth";
import { accountRouter } from "./routers/account";
import { organizationsRouter } from "./routers/organizations";
import { membersRouter } from "./routers/members";
import { apiKeysRouter, projectsRouter } from "./routers/projects";
import { tracesRouter } from "./routers/traces";
import { modelPricesRouter } from "./routers/model-prices";
import { datasetsRouter } from "./routers/datasets";
import { promptsRouter } from "./routers/prompts";
import { providersRouter } from "./routers/providers";
import { gradersRouter } from "./routers/graders";
import { calibrationRouter } from "./routers/calibration";
import { jobsRouter } from "./routers/jobs";
import { experimentsRouter } from "./routers/experiments";
import { dashboardsRouter } from "./routers/dashboards";
import { candidatesRouter } from "./routers/candidates";
import { annotationsRouter } from "./routers/annotations";
import { onlineExperimentsRouter } from "./routers/online-experiments";
import { onlineEvalsRouter } from "./routers/online-evals";
import { driftRouter } from "./routers/drift";
import { alertsRouter } from "./routers/alerts";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  organizations: organizationsRouter,
  members: membersRouter,
  projects: projectsRouter,
  apiKeys: apiKeysRouter,
  traces: tracesRouter,
  modelPrices: modelPricesRouter,
  datasets: datasetsRouter,
  prompts: promptsRouter,
  providers: providersRouter,
  graders: gradersRouter,
  calibration: calibrationRouter,
  jobs: jobsRouter,
  experiments: experimentsRouter,
  dashboards: dashboardsRouter,
  candidates: candidatesRouter,
  annotations: annotationsRouter,
  onlineExperiments: onlineExperimentsRouter,
  onlineEvals: onlineEvalsRouter,
  drift: driftRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
