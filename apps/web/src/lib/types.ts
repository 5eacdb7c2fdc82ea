import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@yardstick/api";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type TOrganizationSummary = RouterOutputs["organizations"]["list"][number];
export type TProject = RouterOutputs["projects"]["get"];
export type TMember = RouterOutputs["members"]["list"][number];
export type TInvitation = RouterOutputs["members"]["invitations"][number];
export type TApiKey = RouterOutputs["apiKeys"]["list"][number];
export type TSessionUser = { id: string; email: string; name: string | null };
