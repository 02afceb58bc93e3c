/**
 * The browser every e2e test and bench figure launches (playwright.config.ts): Chromium reads only the last
 * --disable-features, so the studio's list must carry every feature Playwright itself disables, or passing ours
 * would silently turn Playwright's back on (PaintHolding, HttpsUpgrades …).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES } from "../playwright.config";

/** The features the installed playwright-core disables, read from its bundled chromiumSwitches. */
function playwrightDisabledFeatures(): string[] {
  const pkg = createRequire(__filename).resolve("playwright-core/package.json");
  const bundle = fs.readFileSync(path.join(path.dirname(pkg), "lib", "coreBundle.js"), "utf8");
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter/.exec(bundle);
  if (!list) throw new Error("playwright-core's disabledFeatures list was not found in lib/coreBundle.js");
  return [...list[1].replace(/\/\/.*$/gm, "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

describe("the Chromium the tests launch", () => {
  it("passes one --disable-features holding Playwright's own list and the omnibox WebUI's", () => {
    const switches = CHROMIUM_ARGS.filter((a) => a.startsWith("--disable-features="));
    expect(switches).toHaveLength(1);
    const ours = switches[0].slice("--disable-features=".length).split(",");
    const theirs = playwrightDisabledFeatures();
    expect(theirs).toContain("PaintHolding");
    expect(theirs.filter((f) => !ours.includes(f))).toEqual([]);
    expect(ours).toEqual(expect.arrayContaining([...PLAYWRIGHT_DISABLED_FEATURES, "WebUIOmniboxPopup"]));
  });
});
