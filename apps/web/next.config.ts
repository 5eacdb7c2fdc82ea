import type { NextConfig } from "next";
import { fileURLToPath } from "node:url";

// Security headers on every response. Next's App Router inlines its bootstrap scripts and styles,
// so script/style need 'unsafe-inline' without a nonce; everything else is locked to this origin.
// `next dev` also needs 'unsafe-eval' (React's dev tooling); production builds do not.
const dev = process.env.NODE_ENV === "development";
const CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  // Sign-in with GitHub/Google posts a form that redirects to the provider.
  "form-action 'self' https://github.com https://accounts.google.com",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CSP },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const config: NextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // Workspace packages are consumed from TypeScript source.
  transpilePackages: ["@yardstick/api", "@yardstick/db", "@yardstick/core", "@yardstick/jobs"],
  serverExternalPackages: [
    "pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "bcryptjs",
    // Large dictionaries: loaded from node_modules at run time, not bundled.
    "@zxcvbn-ts/core",
    "@zxcvbn-ts/language-common",
    "@zxcvbn-ts/language-en",
  ],
  turbopack: { root: fileURLToPath(new URL("../..", import.meta.url)) },
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
