import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { verifyCredentials } from "@yardstick/server/services/users";
import { createAuthAdapter } from "@yardstick/db";
import { oauthProviders, webEnv } from "./env";

const ZCredentials = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(128) });

function providers(): NextAuthConfig["providers"] {
  const env = webEnv();
  const enabled = oauthProviders();
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        return verifyCredentials(parsed.data.email, parsed.data.password);
      },
    }),
  ];
  if (enabled.github) list.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (enabled.google) list.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  return list;
}

// Credentials sign-in requires JWT sessions; the adapter stores OAuth users and accounts.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: webEnv().AUTH_SECRET,
  trustHost: true,
  adapter: createAuthAdapter(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/sign-in" },
  providers: providers(),
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
