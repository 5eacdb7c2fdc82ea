import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { findMembershipRole, findProject, type Role } from "@yardstick/db";
import { AppError, RateLimitedError, type AppErrorCode } from "./errors";
import { hasRole } from "./roles";
import { ZId } from "./schemas";

export type Context = {
  userId: string | null;
  /** The signed-in browser's UserSession id (marks "this device"; spared by a password change). */
  sessionId?: string | null;
  /** The client address as the HTTP layer determined it (see client-ip.ts), for per-IP limits. */
  clientIp?: string | null;
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    if (internal) console.error("trpc: internal error", error);
    return {
      ...shape,
      // Hide internals of 5xx; client mistakes keep their message.
      message: internal ? "Something went wrong on our side. Please try again." : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        fieldErrors: cause instanceof ZodError ? z.flattenError(cause).fieldErrors : undefined,
        field: cause instanceof AppError ? cause.field : undefined,
        retryAfterS: cause instanceof RateLimitedError ? cause.retryAfterS : undefined,
      },
    };
  },
});

const CODE_MAP: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

/** Maps typed service errors to tRPC errors (by type, never by message text). */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(appErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { userId: ctx.userId, sessionId: ctx.sessionId ?? null } });
});

// Non-members get NOT_FOUND, not FORBIDDEN: another tenant's ids are not even confirmed to exist.
export const orgProcedure = protectedProcedure
  .input(z.object({ organizationId: ZId }))
  .use(async ({ ctx, input, next }) => {
    const role = await findMembershipRole(input.organizationId, ctx.userId);
    if (!role) throw new TRPCError({ code: "NOT_FOUND", message: "Organization not found" });
    return next({ ctx: { membership: { organizationId: input.organizationId, role } } });
  });

export const projectProcedure = protectedProcedure
  .input(z.object({ projectId: ZId }))
  .use(async ({ ctx, input, next }) => {
    const project = await findProject(input.projectId);
    const role = project ? await findMembershipRole(project.organizationId, ctx.userId) : null;
    if (!project || !role) throw new TRPCError({ code: "NOT_FOUND", message: "Project not found" });
    return next({
      ctx: {
        project: { id: project.id, organizationId: project.organizationId },
        membership: { organizationId: project.organizationId, role },
      },
    });
  });

/** `.use(requireRole("ADMIN"))` after orgProcedure or projectProcedure. */
export function requireRole(required: Role) {
  return t.middleware(({ ctx, next }) => {
    const role = (ctx as { membership?: { role: Role } }).membership?.role;
    if (!role || !hasRole(role, required)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This action needs the ${required} role or higher` });
    }
    return next();
  });
}
