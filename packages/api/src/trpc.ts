import { experimental_standaloneMiddleware, initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { findMembershipRole, findProject, type Role } from "@yardstick/db";
import { AppError, hasRole, isDatabaseUnavailable, type AppErrorCode } from "@yardstick/server";
import { ZId } from "@yardstick/contracts/common";

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
        retryAfterS: cause instanceof AppError ? cause.retryAfterS : undefined,
      },
    };
  },
});

const CODE_MAP: Record<AppErrorCode, TRPCError["code"]> = {
  invalid_input: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  precondition_failed: "PRECONDITION_FAILED",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  unsupported_media_type: "UNSUPPORTED_MEDIA_TYPE",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
};

/** Maps typed service errors to tRPC errors (by type, never by message text). */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
    if (isDatabaseUnavailable(cause)) {
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; try again shortly" });
    }
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

/** `.use(requireRole("ADMIN"))` after orgProcedure or projectProcedure (typed: only where a membership is known). */
export function requireRole(required: Role) {
  return experimental_standaloneMiddleware<{ ctx: { membership: { role: Role } } }>().create(({ ctx, next }) => {
    if (!hasRole(ctx.membership.role, required)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This action needs the ${required} role or higher` });
    }
    return next();
  });
}
