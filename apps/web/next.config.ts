import type { NextConfig } from "next";
import { fileURLToPath } from "node:url";

const config: NextConfig = {
  // Workspace packages are consumed from TypeScript source.
  transpilePackages: ["@yardstick/api", "@yardstick/db", "@yardstick/core", "@yardstick/jobs"],
  serverExternalPackages: ["pg", "@electric-sql/pglite", "@electric-sql/pglite-socket", "bcryptjs"],
  turbopack: { root: fileURLToPath(new URL("../..", import.meta.url)) },
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
