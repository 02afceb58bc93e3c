import path from "node:path";
import { defineConfig } from "@playwright/test";
import { prepareOidcFixtures } from "../fixtures/oidc-setup";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../playwright.config";

/**
 * MSAL against a generic OpenID Connect authority, end to end:
 *   npx playwright test -c e2e/oidc/playwright.config.ts
 * Starts (1) a local oidc-provider over HTTPS on 127.0.0.1:9443 with a self-signed certificate made at config load,
 * and (2) a studio (`next dev`, port 3100, from a temp copy) configured with OIDC_AUTHORITY pointing at it.
 */
const fx = prepareOidcFixtures();
const repo = path.resolve(__dirname, "../..");

export default defineConfig({
  testDir: __dirname,
  testMatch: /.*\.spec\.ts$/,
  outputDir: path.join(fx.dir, "test-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  use: {
    baseURL: fx.studioOrigin,
    ignoreHTTPSErrors: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        ...CHROMIUM_ARGS,
        // MSAL fetches the authority's metadata and token endpoint from the page; the certificate is self-signed.
        "--ignore-certificate-errors",
      ],
    },
  },
  webServer: [
    {
      command: "node e2e/fixtures/oidc-provider.mjs",
      cwd: repo,
      url: `${fx.issuer}/.well-known/openid-configuration`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      env: {
        OIDC_E2E_DIR: fx.dir,
        OIDC_E2E_PORT: String(fx.port),
        OIDC_E2E_STUDIO_ORIGIN: fx.studioOrigin,
        OIDC_E2E_CLIENT_ID: fx.clientId,
        OIDC_E2E_AUDIENCE: fx.audience,
        OIDC_E2E_API_SCOPE: fx.apiScope,
      },
    },
    {
      command: "node e2e/oidc/start-studio.mjs",
      cwd: repo,
      url: `${fx.studioOrigin}/api/auth/config`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "pipe",
      env: {
        OIDC_E2E_DIR: fx.dir,
        OIDC_E2E_STUDIO_PORT: String(fx.studioPort),
        DATA_DIR: fx.dataDir,
        UPSTREAM: "local",
        OIDC_AUTHORITY: fx.issuer,
        OIDC_CLIENT_ID: fx.clientId,
        OIDC_AUDIENCE: fx.audience,
        OIDC_API_SCOPE: fx.apiScope,
        // The studio's server fetches the authority's metadata and JWKS; trust the self-signed certificate.
        NODE_EXTRA_CA_CERTS: fx.certFile,
      },
    },
  ],
});
