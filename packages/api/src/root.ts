import { createCallerFactory, router } from "./trpc";
import { authRouter } from "./routers/auth";
import { organizationsRouter } from "./routers/organizations";
import { membersRouter } from "./routers/members";
import { apiKeysRouter, projectsRouter } from "./routers/projects";

export const appRouter = router({
  auth: authRouter,
  organizations: organizationsRouter,
  members: membersRouter,
  projects: projectsRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
