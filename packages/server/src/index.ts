// @yardstick/server: the business logic. Services live under `@yardstick/server/services/<domain>`;
// this entry holds what every adapter (tRPC, REST, jobs, CLI) shares.
export { AppError, RateLimitedError, isAppError, type AppErrorCode } from "./errors";
export { processWide } from "./process-wide";
export { hasRole, ROLES, type TRole } from "./roles";
export { serverEnv, resetServerEnv } from "./env";
export { createRateLimiter, type TRateLimiter } from "./rate-limit";
export { isDatabaseUnavailable, isUnstorableValue } from "./db-errors";
export { webServerNodeFlags } from "./node-flags";
