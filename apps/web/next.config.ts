import type { NextConfig } from "next";
import { fileURLToPath } from "node:url";

const config: NextConfig = {
  // Workspace packages are consumed from TypeScript source.
  transpilePackages: ["@yardstick/api", "@yardstick/db", "@yardstick/core"],
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
