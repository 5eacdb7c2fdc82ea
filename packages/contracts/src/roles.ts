import { z } from "zod";

// Roles and API key scopes: shared by the server (checks), the web app (UI) and the public API.
export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type TRole = (typeof ROLES)[number];

export const API_KEY_SCOPES = ["ingest", "read", "feedback", "run", "assign"] as const;
export type TApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ZRole = z.enum(ROLES, { error: "Choose a role: OWNER, ADMIN, MEMBER or VIEWER" });
export const ZApiKeyScope = z.enum(API_KEY_SCOPES, { error: "Scope must be ingest, read, feedback, run or assign" });
