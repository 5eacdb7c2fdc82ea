// @yardstick/api: the adapters. tRPC (routers, one middleware for tenant + role) and the REST
// adapter that builds /api/public routes and the OpenAPI document. Business logic: @yardstick/server.
export { appRouter, createCaller, type AppRouter } from "./root";
export type { Context } from "./trpc";
export { routeHandler, defineRoute, STATUS_OF, type TRouteDef } from "./rest/define-route";
export { corsPreflight, jsonResponse } from "./rest/http";
export * as publicRoutes from "./rest/routes";
export { buildOpenApiDocument } from "./rest/openapi";
export { clientIp, clientIpFrom } from "./client-ip";
export { handleTrpcRequest } from "./trpc-http";
// What the Auth.js configuration in apps/web needs of the account services.
export { signInWithPassword, SIGN_IN_LIMITS, type TSignInResult } from "@yardstick/server/services/sign-in";
export { startSession, isSessionLive, endSession, SESSION_MAX_AGE_S } from "@yardstick/server/services/sessions";
export { pingDatabase } from "@yardstick/server/services/health";
export { serveHandlers as inngestHandlers } from "@yardstick/jobs";
