import { z } from "zod";
import { ZApiKeyScope } from "./roles";

// Inputs shared by tRPC procedures and services. Messages are written for people: forms show them under the field.
export const ZId = z.string().trim().min(1, "Required").max(64, "Too long");
export const ZName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(80, "Name must be at most 80 characters");
export const ZEmail = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }).max(254, "Email is too long"));
export const ZPassword = z
  .string({ error: "Password is required" })
  .min(10, "Password must be at least 10 characters")
  .max(128, "Password must be at most 128 characters");

export const ZSignUpInput = z.object({ name: ZName, email: ZEmail, password: ZPassword }).strict();
// The same answer whether the account was created or the email was already registered.
export const ZSignUpResponse = z.object({ ok: z.literal(true) });
export const ZChangePasswordInput = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(128, "Password must be at most 128 characters"),
    newPassword: ZPassword,
  })
  .strict();
export const ZRevokeSessionInput = z.object({ sessionId: ZId }).strict();
export const ZOrgInput = z.object({ organizationId: ZId });
export const ZProjectInput = z.object({ projectId: ZId });
export const ZCreateApiKeyInput = z.object({
  name: ZName,
  scopes: z
    .array(ZApiKeyScope)
    .min(1, "Choose at least one scope")
    .refine((s) => new Set(s).size === s.length, "Scopes must not repeat"),
});
// No .strict() on inputs merged with a procedure's base input (projectId/organizationId):
// tRPC parses each parser against the whole input.
