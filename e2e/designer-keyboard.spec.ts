/**
 * The designer without a mouse: a three-step pipeline of registered components is built, connected, submitted and
 * its job graph opened with the keyboard only (focus and key presses; no click, hover or drag anywhere). Each change
 * is announced in the designer's live region.
 */
import type { Locator, Page } from "@playwright/test";
import { WORKSPACE_PATH, expect, newDraft, signIn, test } from "./support/test";

const press = async (target: Locator, key = "Enter") => {
  await target.focus();
  await target.press(key);
};

/** Opens a menu button with Enter and picks the item named `item` with the arrow keys. */
async function pickFromMenu(page: Page, button: Locator, item: string) {
  await press(button);
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const items = menu.getByRole("menuitem");
  const names = await items.allTextContents();
  const at = names.indexOf(item);
  expect(at, `menu items: ${names.join(", ")}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < at; i++) await page.keyboard.press("ArrowDown");
  await expect(items.nth(at)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(menu).toBeHidden();
}

test("a three-step pipeline built, connected, submitted and followed from the keyboard only", async ({ page }) => {
  await page.addInitScript(() => {
    // Any pointer event fails the test: the point is that none is needed.
    for (const type of ["mousedown", "click", "pointerdown", "dragstart"])
      window.addEventListener(
        type,
        (e) => {
          if ((e as MouseEvent).detail > 0 || e.type !== "click") (window as { __pointer?: string }).__pointer = type;
        },
        true,
      );
  });
  await signIn(page, "scientist", `${WORKSPACE_PATH}/designer`);
  await newDraft(page, () => press(page.getByRole("button", { name: "New draft" })));
  const announcer = page.getByTestId("designer-announcer");

  // The pipeline's default compute first (the pipeline panel shows while no step is selected).
  const defaultCompute = page.getByRole("combobox", { name: "Default compute" });
  await press(defaultCompute, "ArrowDown");
  // As a person would: the workspace's computes are in the list before typing into it (they load with the page).
  await expect(page.getByRole("option", { name: /cpu-cluster/ }).first()).toBeVisible();
  await page.keyboard.type("azureml:cpu-cluster"); // the listbox's type-ahead
  await page.keyboard.press("Enter");
  await expect(defaultCompute).toHaveText(/cpu-cluster/);

  // Three registered components from the palette, with Enter.
  for (const c of ["component_a", "component_b", "component_c"]) {
    await press(page.getByRole("button", { name: `Add ${c} to the canvas` }));
    await expect(announcer).toContainText(`Added step ${c} to the canvas.`);
  }
  // And a data source typed into the palette.
  await page.getByRole("textbox", { name: "Data path" }).fill("azureml://datastores/workspaceblobstore/paths/e2e-kb");
  await press(page.getByRole("button", { name: "Add this data to the canvas" }));
  for (const id of ["component_a", "component_b", "component_c"])
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId("validation")).toContainText("required input");

  // Tab reaches the steps on the canvas (React Flow's focusable nodes); Enter selects one.
  const step = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  await press(step("component_a"));
  await expect(page.getByRole("complementary", { name: "Parameters of component_a" })).toBeVisible();
  await pickFromMenu(
    page,
    page.getByRole("button", { name: "Connect component_a_output to…" }),
    "component_b.component_b_input",
  );
  await expect(announcer).toContainText("Connected component_a.component_a_output to component_b.component_b_input.");

  await press(step("component_b"));
  await pickFromMenu(
    page,
    page.getByRole("button", { name: "Connect component_b_output to…" }),
    "component_c.component_c_input",
  );
  // From the input's side too: component_a's input from the data node.
  await press(step("component_a"));
  const dataId = await page.locator(".react-flow__node-data").first().getAttribute("data-id");
  await pickFromMenu(page, page.getByRole("button", { name: "Connect component_a_input from…" }), `${dataId}.data`);
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  await expect(page.getByTestId("validation")).toContainText("The pipeline is valid");
  await expect(announcer).toContainText("No validation errors.");

  // Undo and redo with the usual shortcuts.
  await page.keyboard.press("Control+Z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.keyboard.press("Control+Shift+Z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);

  // Submit, follow the job, open its graph.
  await press(page.getByRole("button", { name: "Submit", exact: true }));
  await press(page.getByRole("link", { name: "Follow the job" }));
  await press(page.getByRole("tab", { name: "Graph" }));
  await expect(page.getByTestId("job-graph")).toBeVisible();
  for (const id of ["component_a", "component_b", "component_c"])
    await expect(page.locator(`[data-testid="graph-node-${id}"]`)).toBeVisible();

  expect(await page.evaluate(() => (window as { __pointer?: string }).__pointer ?? null)).toBeNull();
});
