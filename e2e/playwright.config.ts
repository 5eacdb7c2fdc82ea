import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PORT = process.env.E2E_PORT ?? "3210";
const baseURL = `http://127.0.0.1:${PORT}`;

// A fresh embedded database per run, unless the run targets a real Postgres. The config is also
// loaded by worker processes: they inherit the directory through the environment.
if (!process.env.DATABASE_URL && !process.env.YARDSTICK_E2E_DATA_DIR) {
  process.env.YARDSTICK_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), "yardstick-e2e-"));
}
const dataDir = process.env.DATABASE_URL ? undefined : process.env.YARDSTICK_E2E_DATA_DIR;

export default defineConfig({
  testDir: "./tests",
  outputDir: "test-results",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  fullyParallel: false,
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "npm start",
    cwd: "..",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT,
      // Every spec signs people up from 127.0.0.1: more than the default 20 an hour per address.
      YARDSTICK_SIGN_UPS_PER_IP_PER_HOUR: "500",
      ...(dataDir ? { YARDSTICK_DATA_DIR: dataDir } : {}),
    },
  },
});
