import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import {
  clientIp,
  endSession,
  isSessionLive,
  SESSION_MAX_AGE_S,
  signInWithPassword,
  startSession,
} from "@yardstick/api";
import { createAuthAdapter } from "@yardstick/db";
import { oauthProviders, webEnv } from "./env";

const ZCredentials = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(128) });

/**
 * Too many sign-in attempts. Auth.js puts `code` in the answer's URL (`?code=rate_limited_N`), where
 * the sign-in form reads the wait; the auth route turns it into a 429 with Retry-After.
 */
class TooManyAttempts extends CredentialsSignin {
  constructor(retryAfterS: number) {
    super();
    this.code = `rate_limited_${retryAfterS}`;
  }
}

function providers(): NextAuthConfig["providers"] {
  const env = webEnv();
  const enabled = oauthProviders();
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword({ ...parsed.data, ip: clientIp(request.headers) });
        if (result.status === "throttled") throw new TooManyAttempts(result.retryAfterS);
        return result.status === "ok" ? result.user : null;
      },
    }),
  ];
  if (enabled.github) list.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (enabled.google) list.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  return list;
}

// Credentials sign-in requires JWT sessions; the adapter stores OAuth users and accounts. Each
// JWT names a server-side UserSession (`sid`) that must still be live for the JWT to count, so
// signing out really ends the session (issue 12).
export const { handlers, auth, signIn, signOut } = NextAuth((req) => ({
  secret: webEnv().AUTH_SECRET,
  trustHost: true,
  adapter: createAuthAdapter(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/sign-in" },
  providers: providers(),
  logger: {
    // A refused sign-in is routine: one line, not Auth.js's default error with a stack.
    error(error) {
      if (error instanceof CredentialsSignin) {
        console.warn(
          `[auth] sign-in refused: ${error.code === "credentials" ? "wrong email or password" : error.code}`,
        );
        return;
      }
      console.error("[auth]", error);
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await startSession({
          userId: user.id,
          userAgent: req?.headers.get("user-agent") ?? null,
          ip: req ? clientIp(req.headers) : null,
        });
        return token;
      }
      // Tokens from before sessions were recorded carry no sid: they end here too.
      if (!token.sub || typeof token.sid !== "string") return null;
      return (await isSessionLive(token.sid, token.sub)) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token?.sub && typeof token.sid === "string") await endSession(token.sub, token.sid);
    },
  },
}));
