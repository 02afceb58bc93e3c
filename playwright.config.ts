import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";

/**
 * E2e against the whole studio: scripts/start.sh (local workspace service + `next start`) on a throwaway
 * data directory, driven in Debian's Chromium. The OIDC sign-in test has its own config (e2e/oidc).
 */
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `mls-e2e-${process.pid}`);
// Ports are settable so several checkouts can run their e2e on one machine.
const port = process.env.E2E_PORT ?? "3000";
const localWorkspacePort = process.env.E2E_LOCAL_WORKSPACE_PORT ?? "7071";
/** Debian's Chromium as every browser test and bench figure launches it: headless, quiet, no first run. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * Playwright's own --disable-features list (playwright-core 1.65, chromiumSwitches.ts). Chromium reads only the last
 * --disable-features it is given, and ours comes after Playwright's, so ours repeats it (PaintHolding, HttpsUpgrades
 * …); test/e2e-chromium.test.ts fails when the installed Playwright disables one that is not here.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];
/**
 * Chromium 156, headless too, loads the omnibox's WebUI popup in a renderer of its own for every new window, that is
 * every browser context: about 250 ms of CPU beside the page under test, most of a core on a 2-core machine.
 */
const OMNIBOX_WEBUI_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_WEBUI_FEATURES].join(",")}`,
];

export default defineConfig({
  testDir: "e2e",
  testIgnore: ["oidc/**"],
  // The tests share one workspace whose computes they change: one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Each test is a whole user journey (sign-in, several pages, a job run) on a 2-core machine.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: "bash scripts/start.sh",
    url: `http://localhost:${port}/api/auth/config`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATA_DIR: dataDir,
      PORT: port,
      LOCAL_WORKSPACE_PORT: localWorkspacePort,
      // Azurite for datastores; the folder of many small blobs is kept small so seeding stays quick.
      AZURITE_BLOB_PORT: process.env.E2E_AZURITE_PORT ?? "10001",
      SEED_SMALL_BLOBS: process.env.E2E_SEED_SMALL_BLOBS ?? "2000",
      // Computes change state in about a second instead of minutes.
      LOCAL_WORKSPACE_TIME_SCALE: "0.15",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
