// Playwright drives real Chromium against the whole product, started once by the global
// setup on free ports (fresh data, a seeded demo workspace). The setup publishes the base
// URL through the environment, which the test workers inherit when they load this file.
import { defineConfig } from "@playwright/test";
import { findChromium } from "@mailstream/runtime/tools";

export default defineConfig({
  testDir: "specs",
  outputDir: "test-results",
  globalSetup: "./global-setup.ts",
  // One stack, one browser: specs share the server, and the 2-core CI box stays responsive.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    baseURL: process.env.MAILSTREAM_E2E_BASE_URL,
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      // null falls back to Playwright's own browser, if one is installed.
      executablePath: findChromium() ?? undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
