// Bundles the CLI into one self-contained ESM file (dist/yardstick.mjs): what `npm publish` ships
// and what the integration tests run as a child process. Workspace packages are bundled in.
import { build } from "esbuild";
import { chmodSync } from "node:fs";
import { fileURLToPath } from "node:url";

const outfile = fileURLToPath(new URL("../dist/yardstick.mjs", import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL("../src/bin.ts", import.meta.url))],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // CommonJS dependencies bundled into ESM still call require() for node built-ins.
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __ysCreateRequire } from "node:module";\nconst require = __ysCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});
chmodSync(outfile, 0o755);
