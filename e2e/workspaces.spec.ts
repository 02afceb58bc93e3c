import { test, expect, signIn, WORKSPACE_PATH } from "./support/test";

const SUB = "00000000-0000-0000-0000-000000000001";
const NEW_WS_PATH = `/w/${SUB}/e2e-rg/e2e-ws`;

test.describe("workspaces and every kind of compute", () => {
  test("an Admin creates a workspace, switches to it, makes a compute of each kind, then deletes them and it", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await signIn(page, "admin", "/");

    // Create: the name is checked against Azure's rule as it is typed.
    await page.getByRole("button", { name: "New workspace" }).click();
    const create = page.getByRole("dialog");
    await create.getByRole("combobox", { name: "Resource group" }).click();
    await page.getByRole("option", { name: "New resource group" }).click();
    await create.getByLabel("New resource group name").fill("e2e-rg");
    await create.getByLabel("Workspace name").fill("-e2e");
    await expect(create.getByText(/must be 3-33 characters/)).toBeVisible();
    await expect(create.getByRole("button", { name: "Create" })).toBeDisabled();
    await create.getByLabel("Workspace name").fill("e2e-ws");
    await expect(create.getByText(/must be 3-33 characters/)).toHaveCount(0);
    await create.getByLabel("Display name").fill("E2E workspace");
    await create.getByLabel("Description").fill("Made by the e2e test");
    await create.getByRole("combobox", { name: "Region" }).click();
    await page.getByRole("option", { name: "West Europe (westeurope)" }).click();
    await create.getByRole("button", { name: "Add tag" }).click();
    await create.getByLabel("Tags key 1").fill("team");
    await create.getByLabel("Tags value 1").fill("e2e");
    await create.getByRole("button", { name: "Create" }).click();
    // A new workspace opens on its overview: nothing in it yet, and the caller's role.
    await page.waitForURL((url) => url.pathname === NEW_WS_PATH);
    await expect(page.getByRole("heading", { level: 1, name: "e2e-ws" })).toBeVisible();
    await expect(page.getByText("Your role:")).toContainText("Admin");
    await expect(page.getByTestId("overview-compute")).toContainText("0 computes");
    await expect(
      page.getByRole("navigation", { name: "Quick actions" }).getByRole("link", { name: "Create job" }),
    ).toHaveAttribute("href", `${NEW_WS_PATH}/jobs?do=create-job`);

    // Switch away and back with the workspace switcher.
    await page.goto(`${WORKSPACE_PATH}/compute`);
    await expect(page.getByTestId("compute-row-alice-ci")).toBeVisible();
    await page.getByRole("combobox", { name: "Workspace" }).click();
    await page.getByRole("option", { name: /^e2e-ws/ }).click();
    await page.waitForURL((url) => url.pathname === `${NEW_WS_PATH}/compute`);
    await expect(page.getByTestId("compute-row-alice-ci")).toHaveCount(0);

    // One compute of each kind.
    const newCompute = async (kind: string, name: string) => {
      await page.getByRole("button", { name: "New compute" }).click();
      const dialog = page.getByRole("dialog");
      // "Name" and not "User name" or "Namespace" of the attached kinds.
      await dialog.getByRole("textbox", { name: /^Name( \*)?$/ }).fill(name);
      await dialog.getByRole("radio", { name: kind }).check();
      return dialog;
    };

    let dialog = await newCompute("Compute instance", "e2e-ci");
    await dialog.getByTestId("vm-size-Standard_DS11_v2").click();
    await dialog.getByRole("button", { name: "Add schedule" }).click();
    await dialog.getByLabel("Schedule 1 cron").fill("0 25 * * *");
    await expect(dialog.getByText(/the hour field/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Create" })).toBeDisabled();
    await dialog.getByLabel("Schedule 1 cron").fill("0 18 * * 1-5");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    dialog = await newCompute("Compute cluster", "e2e-spot");
    await dialog.getByRole("radio", { name: /Low priority/ }).check();
    await dialog.getByTestId("vm-size-Standard_DS2_v2").click();
    await dialog.getByLabel("Idle seconds before scale down").fill("600");
    await dialog.getByLabel("Idle seconds before scale down").press("Tab");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    dialog = await newCompute("Kubernetes cluster (attach)", "e2e-k8s");
    await dialog
      .getByLabel("Kubernetes cluster resource id")
      .fill(`/subscriptions/${SUB}/resourceGroups/e2e-rg/providers/Microsoft.Kubernetes/connectedClusters/arc-e2e`);
    await dialog.getByLabel("Namespace").fill("azureml");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    dialog = await newCompute("Virtual machine (attach)", "e2e-vm");
    await dialog.getByLabel("Address").fill("10.0.0.42");
    await dialog.getByLabel("User name").fill("azureuser");
    // No credentials yet: nothing to submit.
    await expect(dialog.getByRole("button", { name: "Create" })).toBeDisabled();
    await dialog.getByLabel("Password").fill("e2e-Pa55word!");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    for (const name of ["e2e-ci", "e2e-spot", "e2e-k8s", "e2e-vm"])
      await expect(page.getByTestId(`compute-row-${name}`)).toBeVisible();
    await expect(page.getByTestId("state-e2e-ci")).toHaveText("Running", { timeout: 60_000 });

    // The instance's schedule is shown, and edited in its detail panel.
    await page.getByTestId("compute-row-e2e-ci").getByText("e2e-ci", { exact: true }).click();
    const cron = page.getByLabel("Schedule 1 cron");
    await expect(cron).toHaveValue("0 18 * * 1-5");
    await cron.fill("30 19 * * *");
    await page.getByRole("button", { name: "Save schedules" }).click();
    await expect(page.getByRole("button", { name: "Save schedules" })).toHaveCount(0);
    await expect(cron).toHaveValue("30 19 * * *");
    await page.getByRole("button", { name: "Close" }).click();

    // Delete (or detach) each of them.
    for (const [name, verb] of [
      ["e2e-ci", "Delete"],
      ["e2e-spot", "Delete"],
      ["e2e-k8s", "Detach"],
      ["e2e-vm", "Detach"],
    ]) {
      await page.getByTestId(`delete-${name}`).click();
      await page.getByRole("dialog").getByRole("button", { name: verb }).click();
      await expect(page.getByTestId(`compute-row-${name}`)).toHaveCount(0, { timeout: 60_000 });
    }

    // Delete the workspace: only once its name is typed.
    await page.goto("/");
    const card = page.getByTestId("workspace-card-e2e-ws");
    await expect(card).toContainText("E2E workspace");
    await expect(card).toContainText("team: e2e");
    await card.getByRole("button", { name: "Delete e2e-ws" }).click();
    const confirm = page.getByRole("dialog");
    await expect(confirm.getByRole("button", { name: "Delete" })).toBeDisabled();
    await confirm.getByLabel("Workspace name to confirm").fill("e2e-ws");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("workspace-card-e2e-ws")).toHaveCount(0);
    await expect(page.getByTestId("workspace-card-demo-workspace")).toBeVisible();
  });

  test("a reader sees no create, edit or delete of workspaces", async ({ page }) => {
    await signIn(page, "reader", "/");
    await expect(page.getByTestId("workspace-card-demo-workspace")).toBeVisible();
    await expect(page.getByRole("button", { name: "New workspace" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);
  });

  test("a data scientist edits a workspace but cannot create one in the embedded default", async ({ page }) => {
    await signIn(page, "scientist", "/");
    const card = page.getByTestId("workspace-card-research-workspace");
    await expect(card).toBeVisible();
    await expect(page.getByRole("button", { name: "New workspace" })).toHaveCount(0);
    await card.getByRole("button", { name: "Edit research-workspace" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Description").fill("Edited in the e2e test");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toContainText("Edited in the e2e test");
  });
});
