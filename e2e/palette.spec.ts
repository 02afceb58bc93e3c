/**
 * The command palette from the keyboard: Ctrl+K, a part of a model's name with a version, Enter opens that version;
 * an action opens its dialog; ? lists the shortcuts.
 */
import { WORKSPACE_PATH, expect, signIn, test } from "./support/test";

test("the palette finds a model version by a part of its name and opens it, from the keyboard", async ({ page }) => {
  await signIn(page, "reader", `${WORKSPACE_PATH}/compute`);
  await page.keyboard.press("Control+K");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  const box = palette.getByRole("combobox", { name: "Search the workspace" });
  await expect(box).toBeFocused();
  await box.pressSequentially("fraud-det:2");
  const first = palette.getByRole("option").first();
  await expect(first).toContainText("fraud-detector:2");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/models\/fraud-detector\?version=2$/);
  await expect(page.getByTestId("version-detail")).toContainText("2");

  // A job, a compute: the same box finds every kind; arrows move, Escape closes.
  await page.keyboard.press("Control+K");
  await box.fill("cpu-cl");
  await expect(palette.getByRole("option", { name: /compute\s*cpu-cluster/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();

  // ? lists the shortcuts (not while typing in a field, so from a button).
  // The closing palette hands focus back a moment later; ? counts only when focus is not in a field.
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(async () => {
    await page.getByRole("button", { name: "Search" }).focus();
    await page.keyboard.press("?");
    await expect(help).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(help.getByRole("cell", { name: "Open the command palette" })).toBeVisible();
  await page.keyboard.press("Escape");
});

test("palette actions follow the role and open what they name", async ({ page }) => {
  await signIn(page, "reader", `${WORKSPACE_PATH}/compute`);
  await page.keyboard.press("Control+K");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  // A reader is offered sections, not actions that change things.
  await expect(palette.getByRole("option", { name: /section\s*Jobs/ })).toBeVisible();
  await expect(palette.getByRole("option", { name: /action/ })).toHaveCount(0);
  await page.keyboard.press("Escape");

  await signIn(page, "scientist", `${WORKSPACE_PATH}/compute`);
  await page.keyboard.press("Control+K");
  await palette.getByRole("combobox").fill("create job");
  await expect(palette.getByRole("option").first()).toContainText("Create job");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${WORKSPACE_PATH}/jobs$`));
  await expect(page.getByRole("dialog")).toContainText("Create a job");
});
