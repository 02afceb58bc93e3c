import { test, expect, signIn, API, WORKSPACE_PATH, studioApi } from "./support/test";

test.describe("compute dashboard", () => {
  test("a data scientist stops and starts an instance and watches its state change", async ({ page }) => {
    await signIn(page, "scientist");
    const row = page.getByTestId("compute-row-alice-ci");
    await expect(row.getByTestId("state-alice-ci")).toHaveText("Running");

    await row.getByTestId("stop-alice-ci").click();
    await page.getByRole("dialog").getByRole("button", { name: "Stop" }).click();
    // The transition may finish between two polls on a loaded machine: either is a change from Running.
    await expect(row.getByTestId("state-alice-ci")).toHaveText(/^(Stopping|Stopped)$/);
    await expect(row.getByTestId("state-alice-ci")).toHaveText("Stopped", { timeout: 30_000 });

    await row.getByTestId("start-alice-ci").click();
    await page.getByRole("dialog").getByRole("button", { name: "Start" }).click();
    await expect(row.getByTestId("state-alice-ci")).toHaveText(/^(Starting|Running)$/);
    await expect(row.getByTestId("state-alice-ci")).toHaveText("Running", { timeout: 30_000 });
  });

  test("the embedded default says what an attached compute stands in for", async ({ page }) => {
    await signIn(page, "scientist");
    await page.getByRole("tab", { name: /^Attached/ }).click();
    await expect(page.getByTestId("attached-stand-in")).toContainText("run on this machine, at most 4 at once");
    const row = page.getByTestId("compute-row-dsvm-attached");
    await row.getByRole("button", { name: "dsvm-attached" }).click();
    await expect(page.getByTestId("attached-stand-in-note")).toContainText(
      "stands in for an attached virtual machine: jobs sent to it run on this machine, at most 4 at once",
    );
  });

  test("a data scientist creates a cluster and it comes up", async ({ page }) => {
    await signIn(page, "scientist");
    await page.getByRole("button", { name: "New compute" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: "Compute cluster" }).check();
    await dialog.getByLabel("Name").fill("e2e-cluster");
    await dialog.getByTestId("vm-size-Standard_DS3_v2").click();
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();
    const state = page.getByTestId("state-e2e-cluster");
    await expect(state).toBeVisible();
    await expect(state).toHaveText("Steady", { timeout: 30_000 });
    await expect(page.getByTestId("compute-row-e2e-cluster")).toContainText("Standard_DS3_v2");
  });

  test("an over-quota create is refused with the numbers", async ({ page }) => {
    await signIn(page, "scientist");
    await page.getByRole("button", { name: "New compute" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: "Compute cluster" }).check();
    await dialog.getByLabel("Name").fill("too-big");
    await dialog.getByTestId("vm-size-Standard_DS3_v2").click();
    await dialog.getByLabel("Maximum nodes").fill("500");
    await dialog.getByLabel("Maximum nodes").press("Tab");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Not enough");
    await expect(dialog.getByRole("alert")).toContainText("needs 2000 vCPUs");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("compute-row-too-big")).toHaveCount(0);
  });

  test("a reader finds every write disabled and refused", async ({ page }) => {
    await signIn(page, "reader");
    await expect(page.getByTestId("compute-row-bob-ci")).toBeVisible();
    await expect(page.getByRole("button", { name: "New compute" })).toBeDisabled();
    for (const id of ["start-bob-ci", "delete-bob-ci", "scale-cpu-cluster", "delete-cpu-cluster"]) {
      await expect(page.getByTestId(id)).toBeDisabled();
    }
    await expect(page.getByRole("link", { name: "Quotas" })).toHaveCount(0);
    const start = await studioApi(page).post(`${API}/computes/bob-ci/start`);
    expect(start.status()).toBe(403);
    const create = await studioApi(page).put(`${API}/computes/reader-ci`, {
      data: { computeType: "ComputeInstance", vmSize: "Standard_DS3_v2" },
    });
    expect(create.status()).toBe(403);
    const quotas = await page.request.get(`${API}/quotas`);
    expect(quotas.status()).toBe(403);
  });
});

test("an admin changes a quota and finds it in the audit log", async ({ page }) => {
  await signIn(page, "admin", `${WORKSPACE_PATH}/quotas`);
  const row = page.getByTestId("quota-row-standardDSv2Family");
  const input = row.getByRole("textbox");
  const before = await input.inputValue();
  const next = String(Number(before) - 2);
  await input.fill("100000");
  await expect(row).toContainText("At most");
  await input.fill(next);
  await row.getByRole("button", { name: "Save" }).click();
  const audit = page.getByTestId("audit-row").first();
  await expect(audit).toContainText("Ada Admin");
  await expect(audit).toContainText("Standard DSv2 family");
  await expect(audit).toContainText(before);
  await expect(audit).toContainText(next);
});
