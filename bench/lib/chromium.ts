import { chromium } from "@playwright/test";
import type { NextServer } from "./next-server";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../playwright.config";

/** A Chromium page, launched as the e2e tests launch it, signed in to the studio (the bench's session cookie), for figures timed in the browser. */
export async function signedInPage(server: NextServer) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([
    { name: "mls_session", value: server.cookie.split("=").slice(1).join("="), url: server.url },
  ]);
  return { page: await context.newPage(), close: () => browser.close() };
}
