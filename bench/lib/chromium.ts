import { chromium } from "@playwright/test";
import type { NextServer } from "./next-server";

/** Debian's Chromium as every browser figure launches it: headless, quiet (no background traffic, no first run). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A Chromium page signed in to the studio (the bench's session cookie), for figures timed in the browser. */
export async function signedInPage(server: NextServer) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([
    { name: "mls_session", value: server.cookie.split("=").slice(1).join("="), url: server.url },
  ]);
  return { page: await context.newPage(), close: () => browser.close() };
}
