import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** The server-side UserSession behind this browser's JWT. */
    sessionId?: string;
  }
}
