/**
 * Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) over every page and the main dialogs, in both themes, plus
 * what axe cannot see: the skip link, one h1 with headings in order, and a title per route saying where you are.
 * A violation fails the test with one line per element: page, rule, target, and what is wrong.
 */
import type { Page } from "@playwright/test";
import { audit } from "./support/axe";
import { test, expect, signIn, WORKSPACE_PATH } from "./support/test";

const WORKSPACE = "demo-workspace";
const MODEL = "credit-default-classifier";
const STATUS = "(NotStarted|Queued|Preparing|Running|Finalizing|Completed|Failed|Canceled)";

test.use({ viewport: { width: 1440, height: 900 } });

/** Exactly one h1, and no heading more than one level below the one before it. */
async function expectHeadingOutline(page: Page, where: string) {
  const levels = await page
    .locator("h1, h2, h3, h4, h5, h6")
    .evaluateAll((hs) => hs.filter((h) => h.getClientRects().length > 0).map((h) => Number(h.tagName[1])));
  expect
    .soft(
      levels.filter((l) => l === 1),
      `${where}: one h1 (headings ${levels.join(",")})`,
    )
    .toHaveLength(1);
  const skips = levels.flatMap((l, i) => (i > 0 && l > levels[i - 1] + 1 ? [`h${levels[i - 1]} → h${l}`] : []));
  expect.soft(skips, `${where}: heading levels skipped`).toEqual([]);
}

/** The page has rendered its data: its h1 is there and nothing is still loading. */
async function settled(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
}

async function auditPage(page: Page, where: string) {
  await settled(page);
  await expectHeadingOutline(page, where);
  await audit(page, where);
}

/** The demo pipeline's page (seeded on the workspace's first start; found through the jobs list). */
async function openDemoJob(page: Page) {
  await page.goto(`${WORKSPACE_PATH}/jobs`);
  await page.getByRole("link", { name: "demo_basic_pipeline" }).first().click();
  await page.waitForURL(/\/jobs\/[^/?]+$/);
  await settled(page);
}

const SECTIONS: { path: string; title: string }[] = [
  { path: "", title: "Overview" },
  { path: "compute", title: "Compute" },
  { path: "datastores", title: "Datastores" },
  { path: "datastores/workspaceblobstore", title: "workspaceblobstore · Datastores" },
  { path: "data", title: "Data" },
  { path: "data/titanic", title: "titanic · Data" },
  { path: "models", title: "Models" },
  { path: `models/${MODEL}`, title: `${MODEL} · Models` },
  { path: "environments", title: "Environments" },
  { path: "components", title: "Components" },
  { path: "designer", title: "Designer" },
  { path: "jobs", title: "Jobs" },
  { path: "quotas", title: "Quotas" },
  { path: "accounts", title: "Accounts" },
];

for (const theme of ["light", "dark"] as const) {
  test.describe(`axe, ${theme} theme`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([{ name: "mls_theme", value: theme, url: baseURL! }]);
    });

    test("sign-in, home and every workspace section", async ({ page }) => {
      test.setTimeout(300_000);
      await page.goto("/sign-in");
      await auditPage(page, `sign-in (${theme})`);
      await signIn(page, "admin", "/");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await auditPage(page, `home (${theme})`);
      for (const s of SECTIONS) {
        await page.goto(s.path ? `${WORKSPACE_PATH}/${s.path}` : WORKSPACE_PATH);
        await auditPage(page, `${s.path || "overview"} (${theme})`);
      }
    });

    test("an asset version, a comparison, and the lineage tab", async ({ page }) => {
      await signIn(page, "admin", `${WORKSPACE_PATH}/models/${MODEL}`);
      await page.goto(`${WORKSPACE_PATH}/models/${MODEL}?version=3`);
      await auditPage(page, `model version (${theme})`);
      await page.goto(`${WORKSPACE_PATH}/models/${MODEL}?compare=1,3`);
      await expect(page.getByRole("switch", { name: "Only differences" })).toBeVisible();
      await auditPage(page, `compare versions (${theme})`);
      await page.getByRole("tab", { name: "Lineage" }).click();
      await auditPage(page, `lineage (${theme})`);
    });

    test("the demo job: overview, graph, logs, metrics, profile", async ({ page }) => {
      await signIn(page, "admin", `${WORKSPACE_PATH}/jobs`);
      await openDemoJob(page);
      await auditPage(page, `job (${theme})`);
      for (const tab of ["Graph", "Logs", "Metrics", "Profile", "Child jobs"]) {
        await page.getByRole("tab", { name: new RegExp(`^${tab}`) }).click();
        await auditPage(page, `job ${tab.toLowerCase()} (${theme})`);
      }
    });

    test("job graph and charts by keyboard, and as tables", async ({ page }) => {
      await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
      await openDemoJob(page);
      await page.getByRole("tab", { name: "Graph" }).click();
      // A step is a focusable button whose name says its status; Enter opens its log beside the graph.
      const step = page.getByRole("button", { name: new RegExp(`^component_b ${STATUS}$`) });
      await step.focus();
      await expect(step).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { level: 2, name: /^component_b/ })).toBeVisible();
      await page.getByRole("button", { name: "Table" }).click();
      const table = page.getByRole("table", { name: "Steps of the pipeline" });
      await expect(table.getByRole("row", { name: new RegExp(`^component_a ${STATUS}`) })).toBeVisible();
      await expect(table.getByRole("link", { name: "Log of component_c" })).toHaveAttribute("href", /tab=logs&step=/);
      await audit(page, `job graph as a table (${theme})`);

      await page.getByRole("tab", { name: "Profile" }).click();
      await page.getByRole("button", { name: "Table" }).click();
      await expect(page.getByRole("table", { name: "Step timeline" }).getByRole("row")).toHaveCount(4);
      await audit(page, `profile as a table (${theme})`);
    });

    test("the main dialogs and the designer with a pipeline open", async ({ page }) => {
      test.setTimeout(240_000);
      const dialog = page.getByRole("dialog");
      const auditDialog = async (where: string) => {
        await expect(dialog).toBeVisible();
        await audit(page, `${where} (${theme})`);
        await dialog.getByRole("button", { name: /^(Cancel|Close)$/ }).click();
        await expect(dialog).toBeHidden();
      };
      await signIn(page, "admin", `${WORKSPACE_PATH}/compute`);
      await settled(page);
      await page.getByRole("button", { name: "New compute" }).click();
      await auditDialog("create compute");
      // Its YAML tab (a CLI v2 file with a problem listed) and the instance's SSH and assigned-user settings.
      await page.getByRole("button", { name: "New compute" }).click();
      await dialog.getByRole("switch", { name: /SSH access/ }).check();
      await expect(dialog.getByLabel("SSH public key")).toBeVisible();
      await audit(page, `create compute: SSH settings (${theme})`);
      await dialog.getByRole("tab", { name: "YAML file" }).click();
      await dialog.getByRole("textbox", { name: /^YAML/ }).fill("name: a11y-yml\ntype: amlcompute\ntier: spot\n");
      await expect(dialog.getByTestId("compute-yaml-problems")).toBeVisible();
      await auditDialog("create compute: YAML tab");

      await page.goto(`${WORKSPACE_PATH}/models`);
      await settled(page);
      await page.getByRole("button", { name: "Register model" }).click();
      await auditDialog("upload (register model)");

      await page.goto(`${WORKSPACE_PATH}/models/${MODEL}`);
      await settled(page);
      await page.getByRole("button", { name: "Register version" }).click();
      await auditDialog("register a version");

      await page.goto(`${WORKSPACE_PATH}/designer`);
      await settled(page);
      await page.getByRole("button", { name: "Import YAML" }).click();
      await auditDialog("import YAML");

      // Create job: the form with an input and an output row, and its YAML tab.
      await page.goto(`${WORKSPACE_PATH}/jobs`);
      await settled(page);
      await page.getByRole("button", { name: "Create job" }).click();
      await dialog.getByRole("button", { name: "Add input" }).click();
      await dialog.getByRole("button", { name: "Add output" }).click();
      await audit(page, `create job, form (${theme})`);
      // The sweep form with a search parameter and a bandit policy, its field problems showing.
      await dialog.getByRole("radio", { name: /^Sweep/ }).check();
      await dialog.getByRole("button", { name: "Add parameter" }).click();
      await dialog.getByLabel("Policy").selectOption("bandit");
      await audit(page, `create job, sweep form (${theme})`);
      await dialog.getByRole("tab", { name: "YAML file" }).click();
      await auditDialog("create job, YAML file");

      // The command palette with results, and the shortcuts list; both close with Escape.
      await page.keyboard.press("Control+K");
      const palette = page.getByRole("dialog", { name: "Command palette" });
      await palette.getByRole("combobox").fill("cpu");
      await expect(palette.getByRole("option").first()).toBeVisible();
      await audit(page, `command palette (${theme})`);
      await page.keyboard.press("Escape");
      await expect(palette).toBeHidden();
      // The closing dialog hands focus back a moment later; ? counts only when it is not in a field.
      await expect(async () => {
        await page.getByRole("button", { name: "Search" }).focus();
        await page.keyboard.press("?");
        await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible({ timeout: 1_000 });
      }).toPass();
      await audit(page, `keyboard shortcuts (${theme})`);
      await page.keyboard.press("Escape");

      // "Clone into designer" opens the demo pipeline as a draft on the canvas.
      await openDemoJob(page);
      await page.getByRole("button", { name: "Clone into designer" }).click();
      await page.waitForURL(/\/designer\?draft=/);
      await expect(page.getByTestId("node-component_a")).toBeVisible();
      await auditPage(page, `designer with a pipeline (${theme})`);
    });
  });
}

test.describe("keyboard and titles", () => {
  test("Tab once from the top reaches the skip link; Enter moves focus to the main content", async ({ page }) => {
    await signIn(page, "scientist", `${WORKSPACE_PATH}/compute`);
    await settled(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    // The next Tab goes on inside the main content, not back to the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
  });

  test("landmarks and a focus ring on the first control of the main content", async ({ page }) => {
    await signIn(page, "admin", `${WORKSPACE_PATH}/quotas`);
    await settled(page);
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("navigation", { name: "Studio sections" })).toBeVisible();
    await expect(page.getByRole("main")).toHaveCount(1);
    await page.getByRole("link", { name: "Skip to main content" }).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.outline).not.toBe("none");
    expect(ring.width).toBeGreaterThanOrEqual(2);
  });

  test("every route's title says where you are", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page).toHaveTitle("Sign in · ML Studio");
    await signIn(page, "admin", "/");
    await expect(page).toHaveTitle("Workspaces · ML Studio");
    for (const s of SECTIONS) {
      await page.goto(s.path ? `${WORKSPACE_PATH}/${s.path}` : WORKSPACE_PATH);
      await expect(page).toHaveTitle(`${s.title} · ${WORKSPACE} · ML Studio`);
    }
  });
});

test.describe("200 % zoom", () => {
  // A 1,280 × 800 window at 200 % zoom: 640 × 400 CSS pixels drawn at twice the density.
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });

  test("every section reflows: no sideways scrolling of the page, the navigation and the h1 in reach", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await signIn(page, "admin", "/");
    for (const s of [{ path: "", title: "Workspaces" }, ...SECTIONS]) {
      const where = s.path || "home";
      if (s.path) await page.goto(`${WORKSPACE_PATH}/${s.path}`);
      await settled(page);
      const overflow = await page.evaluate(() => {
        const doc = document.documentElement;
        const main = document.querySelector("main")!;
        const right = main.getBoundingClientRect().right;
        // What sticks out of the main column, other than what scrolls inside its own box (tables, the canvas, code).
        const scrollsInside = (el: Element) =>
          !!el.closest(
            "table, [role=table], [role=grid], [role=treegrid], .react-flow, pre, .cm-editor, [data-scrolls-sideways]",
          );
        const sticking = [...main.querySelectorAll("*")]
          .filter((el) => el.getClientRects().length > 0 && !scrollsInside(el))
          .filter((el) => el.getBoundingClientRect().right > right + 1)
          .map(
            (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className.toString().slice(0, 40)}`,
          );
        return { page: doc.scrollWidth - doc.clientWidth, sticking: sticking.slice(0, 5) };
      });
      expect.soft(overflow.page, `${where}: the page scrolls sideways by ${overflow.page}px`).toBeLessThanOrEqual(0);
      expect.soft(overflow.sticking, `${where}: content wider than the main column`).toEqual([]);
      await expect.soft(page.getByRole("navigation", { name: "Studio sections" })).toBeInViewport();
    }
    // A dialog fits too, and one Escape closes it (a tooltip around the trigger once kept itself up and took it).
    await page.goto(`${WORKSPACE_PATH}/compute`);
    await settled(page);
    await page.getByRole("button", { name: "New compute" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(641);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });
});
