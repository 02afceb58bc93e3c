/**
 * The models page of a workspace with more models than a page renders on the server: the production build
 * (`next start`) on a local workspace service holding 250 models besides the demo's. The HTML carries the first
 * LIST_SEED_ROWS rows, not every model; in Chromium the list then reads the whole list through its route and
 * scrolls to the last model.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../playwright.config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalWorkspace } from "../../local-workspace/server";
import { workspaceId } from "../../local-workspace/arm";
import { bulkCreateModels } from "../../local-workspace/seed-models";
import { LIST_SEED_ROWS } from "@/lib/domain/cache-meta";
import { SECRET } from "../local-workspace/helpers";
import { RG, SUB, WS, signInCookie } from "../support/studio";
import { freePort, startNextStudio, stopProcessGroup, studioWorld, type StartedStudio } from "../support/next-server";

const BULK = 250;
const bulkName = (i: number) => `bulk-model-${String(i).padStart(5, "0")}`;
const pagePath = `/w/${SUB}/${RG}/${WS}/models`;
let svc: LocalWorkspace;
let studio: StartedStudio | undefined;
let browser: Browser | undefined;
let origin = "";
let cookie = "";
let dataDir = "";
/** The active models' names in the list's order, as the route answers. */
let names: string[] = [];

describe("the models page of a long list", () => {
  beforeAll(async () => {
    ({ dataDir, svc } = await studioWorld("mls-models-page-"));
    // Named `bulk-model-…`, they sort before the demo's models: the first rows of the list are theirs.
    bulkCreateModels(svc.ctx, workspaceId(SUB, RG, WS), BULK);
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    studio = await startNextStudio("next-direct", port, {
      DATA_DIR: path.join(dataDir, "studio"),
      LOCAL_WORKSPACE_URL: svc.url,
      LOCAL_WORKSPACE_TOKEN_SECRET: SECRET,
      SESSION_SECRET: "models-page-test-session-secret-0123456789ab",
      AZURE_SUBSCRIPTION_IDS: SUB,
      LOCAL_FILESHARES_DIR: path.join(dataDir, "lws", "local-workspace", "fileshares"),
    });
    cookie = await signInCookie(origin, "reader");
    // The list cached once, as any earlier visit leaves it: the page renders from the cache.
    const warm = await fetch(`${origin}/api/ws/${SUB}/${RG}/${WS}/models?archived=exclude`, { headers: { cookie } });
    expect(warm.status).toBe(200);
    names = ((await warm.json()) as { name: string }[]).map((m) => m.name);
    expect(names.length).toBeGreaterThan(BULK);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (studio) await stopProcessGroup(studio.child);
    await svc?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(`sends the first ${LIST_SEED_ROWS} models in its HTML and not the rest`, async () => {
    const res = await fetch(`${origin}${pagePath}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const sent = names.filter((n) => html.includes(n));
    expect(sent).toEqual(names.slice(0, LIST_SEED_ROWS));
    for (const absent of [...names.slice(LIST_SEED_ROWS), bulkName(BULK - 1)]) expect(html).not.toContain(absent);
  });

  it("in the browser, the list reads every model and scrolls to the last", async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([
      { name: cookie.split("=")[0], value: cookie.split("=").slice(1).join("="), url: origin },
    ]);
    const page = await context.newPage();
    const total = names.length;
    await page.goto(`${origin}${pagePath}`);
    await page.getByRole("row", { name: new RegExp(names[0]) }).waitFor();
    await page.getByText(`${total} of ${total} models`).waitFor({ timeout: 30_000 });
    // The last model by name, past the seed's rows: only the whole list has it.
    const last = await page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="model-list-scroller"]')!;
      scroller.scrollTop = scroller.scrollHeight;
      return scroller.scrollHeight;
    });
    expect(last).toBeGreaterThan(total * 40);
    await page.getByRole("row", { name: new RegExp(names.at(-1)!) }).waitFor();
    // A search finds a model the HTML did not carry.
    await page.getByRole("searchbox", { name: "Search models" }).fill(bulkName(BULK - 1));
    await page.getByText(`1 of ${total} models`).waitFor();
    await page.getByRole("row", { name: new RegExp(bulkName(BULK - 1)) }).waitFor();
  });
});
