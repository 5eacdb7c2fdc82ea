// Runtime entry: the client and the named data functions. Operational tools (migrations,
// embedded Postgres, scratch databases) live in "@yardstick/db/admin" so the web bundle skips them.
export { createDb, getDb, setDb, closeDb, type Db } from "./client";
export { readDbEnv } from "./env";
export { createAuthAdapter } from "./auth-adapter";
export type { Role, ApiKeyScope } from "./generated/prisma/enums";
export * from "./repos/users";
export * from "./repos/user-sessions";
export * from "./repos/organizations";
export * from "./repos/members";
export * from "./repos/invitations";
export * from "./repos/projects";
export * from "./repos/api-keys";
export * from "./repos/health";
export * from "./repos/ingest";
export * from "./repos/traces";
export * from "./repos/model-prices";
export * from "./repos/datasets";
export * from "./repos/prompts";
export * from "./repos/provider-credentials";
export * from "./repos/graders";
export * from "./repos/calibration";
export * from "./repos/jobs";
export type { DatasetPartition, CalibrationRunStatus, JobRunStatus } from "./generated/prisma/enums";
export * from "./repos/experiments";
export * from "./repos/experiment-cases";
export * from "./repos/experiment-schedules";
export type { ExperimentRunStatus, ExperimentVerdict } from "./generated/prisma/enums";
