import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

export const WORKSPACE_PATH = "/w/00000000-0000-0000-0000-000000000001/ml-studio-demo/demo-workspace";
export const API = "/api/ws/00000000-0000-0000-0000-000000000001/ml-studio-demo/demo-workspace";

/** Every e2e test fails on a browser console error or an uncaught page error. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        // Chromium logs every non-2xx fetch. A 4xx from the studio's API is an answer the page handles and shows
        // (sign-in check, quota refusal); anything else (5xx, a missing asset, a JS error) fails the test.
        const expectedApiAnswer =
          /^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) &&
          m.location().url.includes("/api/");
        if (!expectedApiAnswer) errors.push(`console.error: ${m.text()} (${m.location().url})`);
      });
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      await use(errors);
      expect(errors, "browser console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

const ACCOUNT_NAMES = { reader: "Riley Reader", scientist: "Dana Scientist", admin: "Ada Admin" } as const;

/** Signs in on the sign-in page, as a person would. */
export async function signIn(page: Page, account: keyof typeof ACCOUNT_NAMES, next = `${WORKSPACE_PATH}/compute`) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole("button", { name: new RegExp(`Sign in as ${ACCOUNT_NAMES[account]}`) }).click();
  await page.waitForURL((url) => url.pathname === next);
  await expect(page.getByRole("button", { name: new RegExp(`Signed in as ${ACCOUNT_NAMES[account]}`) })).toBeVisible();
}

type RequestOptions = Parameters<APIRequestContext["post"]>[1];

/**
 * `page.request` as the studio's own pages call its API: with the page's Origin, which the route factory requires
 * on every change (lib/server/request-guard.ts); Playwright's request context sends none by itself.
 */
export function studioApi(page: Page) {
  const url = page.url();
  const origin = url.startsWith("http") ? new URL(url).origin : `http://localhost:${process.env.E2E_PORT ?? "3000"}`;
  const withOrigin = (o: RequestOptions = {}): RequestOptions => ({ ...o, headers: { origin, ...(o.headers ?? {}) } });
  return {
    post: (path: string, o?: RequestOptions) => page.request.post(path, withOrigin(o)),
    put: (path: string, o?: RequestOptions) => page.request.put(path, withOrigin(o)),
    patch: (path: string, o?: RequestOptions) => page.request.patch(path, withOrigin(o)),
    delete: (path: string, o?: RequestOptions) => page.request.delete(path, withOrigin(o)),
  };
}

/**
 * Makes a new pipeline draft with `make` (a click or a key press on "New draft") and waits until the designer shows
 * it, saved: a designer opened without a draft first shows the most recent one, and an edit made before the new
 * draft opens goes to that one.
 */
export async function newDraft(page: Page, make: () => Promise<void>): Promise<string> {
  const created = page.waitForResponse((r) => r.url().endsWith("/pipeline-drafts") && r.request().method() === "POST");
  await make();
  const id = (await (await created).json()).data.id as string;
  await expect(page).toHaveURL(new RegExp(`draft=${id}`));
  await expect(page.getByTestId("save-state")).toHaveText(/v1 · saved/);
  return id;
}
