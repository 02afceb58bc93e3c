import { test, expect, signIn, studioApi, API, WORKSPACE_PATH } from "./support/test";

const SUB = "00000000-0000-0000-0000-000000000001";
const NEW_WS_PATH = `/w/${SUB}/e2e-rg/e2e-ws`;

test.describe("workspaces and every kind of compute", () => {
  test("an Admin creates a workspace, switches to it, makes a compute of each kind, runs a serverless job there, then deletes them and it", async ({
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
    // A managed identity: a user-assigned one needs its resource id before anything can be created.
    await dialog.getByRole("combobox", { name: "Managed identity" }).click();
    await page.getByRole("option", { name: "System- and user-assigned" }).click();
    await expect(dialog.getByRole("button", { name: "Create" })).toBeDisabled();
    await dialog
      .getByLabel("User-assigned identities")
      .fill(
        `/subscriptions/${SUB}/resourceGroups/e2e-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/e2e-id`,
      );
    await dialog.getByText("YAML that will be created").click();
    await expect(dialog.getByTestId("form-yaml")).toContainText("type: system_assigned,user_assigned");
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

    dialog = await newCompute("AKS inference cluster (attach)", "e2e-aks");
    await dialog.getByLabel("AKS cluster resource id").fill("/subscriptions/x/not-an-aks-id");
    await expect(dialog.getByText(/must be an AKS cluster's resource id/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Create" })).toBeDisabled();
    await dialog
      .getByLabel("AKS cluster resource id")
      .fill(`/subscriptions/${SUB}/resourceGroups/e2e-rg/providers/Microsoft.ContainerService/managedClusters/aks-e2e`);
    await dialog.getByRole("radio", { name: "Dev/test" }).check();
    // The YAML of what the form will create.
    await dialog.getByText("YAML that will be created").click();
    await expect(dialog.getByTestId("form-yaml")).toContainText("type: aks");
    await expect(dialog.getByTestId("form-yaml")).toContainText("cluster_purpose: dev_test");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    // A CLI v2 compute file on the YAML tab: its problems with their lines first, nothing created; then fixed.
    await page.getByRole("button", { name: "New compute" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByRole("tab", { name: "YAML file" }).click();
    const yaml = dialog.getByRole("textbox", { name: /^YAML/ });
    await yaml.fill("name: e2e-yml\ntype: amlcompute\ntier: spot\nmax_instances: 1\n");
    await expect(dialog.getByTestId("compute-yaml-problems")).toContainText("line 3, column 1 (tier)");
    await expect(dialog.getByRole("button", { name: "Create" })).toBeDisabled();
    await yaml.fill(
      "$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: e2e-yml\ntype: amlcompute\nsize: Standard_DS2_v2\ntier: low_priority\nmax_instances: 1\n",
    );
    await expect(dialog.getByTestId("compute-yaml-problems")).toHaveCount(0);
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    for (const name of ["e2e-ci", "e2e-spot", "e2e-k8s", "e2e-vm", "e2e-aks", "e2e-yml"])
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
    // The cluster's identity, in its detail panel.
    await page.getByTestId("compute-row-e2e-spot").getByText("e2e-spot", { exact: true }).click();
    await expect(page.getByText("SystemAssigned,UserAssigned")).toBeVisible();
    await page.getByRole("button", { name: "Close" }).click();

    // A serverless job in the new workspace, from its overview's Create job: no compute, an instance type and
    // count. It is counted against its family on the compute page and among the running jobs of the overview.
    await page.goto(NEW_WS_PATH);
    await page.getByRole("navigation", { name: "Quick actions" }).getByRole("link", { name: "Create job" }).click();
    dialog = page.getByRole("dialog", { name: "Create a job" });
    await dialog.getByRole("tab", { name: "YAML file" }).click();
    await dialog
      .getByRole("textbox", { name: /YAML/ })
      .fill(
        [
          "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
          "name: e2e-ws-serverless",
          "display_name: e2e-ws-serverless",
          "command: sleep 600",
          "environment:",
          "  image: library/python:latest",
          "resources:",
          "  instance_type: Standard_DS2_v2",
          "  instance_count: 2",
          "",
        ].join("\n"),
      );
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "e2e-ws-serverless" })).toBeVisible();
    await page.goto(NEW_WS_PATH);
    await expect(page.getByTestId("overview-jobs")).toContainText("1 running of 1", { timeout: 60_000 });
    await page.goto(`${NEW_WS_PATH}/compute`);
    await expect(page.getByTestId("serverless-usage")).toContainText("4 vCPUs of Standard DSv2 family", {
      timeout: 60_000,
    });

    // Delete (or detach) each of them.
    for (const [name, verb] of [
      ["e2e-ci", "Delete"],
      ["e2e-spot", "Delete"],
      ["e2e-k8s", "Detach"],
      ["e2e-vm", "Detach"],
      ["e2e-aks", "Detach"],
      ["e2e-yml", "Delete"],
    ]) {
      await page.getByTestId(`delete-${name}`).click();
      await page.getByRole("dialog").getByRole("button", { name: verb }).click();
      await expect(page.getByTestId(`compute-row-${name}`)).toHaveCount(0, { timeout: 60_000 });
    }

    // Delete the workspace: only once its name is typed; the serverless job still running is named (409), and
    // the workspace goes only when the job is canceled with it.
    await page.goto("/");
    const card = page.getByTestId("workspace-card-e2e-ws");
    await expect(card).toContainText("E2E workspace");
    await expect(card).toContainText("team: e2e");
    await card.getByRole("button", { name: "Delete e2e-ws" }).click();
    const confirm = page.getByRole("dialog");
    // What goes with it: the computes are gone by now, the serverless job still runs.
    await expect(confirm.getByTestId("workspace-contents")).toHaveText(
      "It holds 0 computes, 1 job (1 not finished), 0 models, 0 data assets.",
    );
    await expect(confirm.getByRole("button", { name: "Delete" })).toBeDisabled();
    await confirm.getByLabel("Workspace name to confirm").fill("e2e-ws");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm.getByText("Jobs are still running")).toBeVisible();
    await expect(confirm).toContainText("e2e-ws-serverless");
    await expect(page.getByTestId("workspace-card-e2e-ws")).toBeVisible();
    await confirm.getByRole("button", { name: "Cancel the jobs and delete" }).click();
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

  test("a serverless job is counted on the compute page while it runs", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, "scientist", `${WORKSPACE_PATH}/compute`);
    await expect(page.getByTestId("serverless-usage")).toContainText("none running");
    // No compute: serverless, on two Standard_DS2_v2 instances (2 vCPUs each, the DSv2 family).
    const submitted = await studioApi(page).post(`${API}/job-files`, {
      data: {
        yaml: [
          "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
          "name: e2e-serverless",
          "command: sleep 60",
          "environment: azureml:AzureML-sklearn-1.5@latest",
          "resources:",
          "  instance_type: Standard_DS2_v2",
          "  instance_count: 2",
        ].join("\n"),
      },
    });
    expect(submitted.status(), await submitted.text()).toBe(201);
    await expect(page.getByTestId("serverless-usage")).toContainText("4 vCPUs of Standard DSv2 family", {
      timeout: 60_000,
    });
    const canceled = await studioApi(page).post(`${API}/jobs/e2e-serverless/cancel`);
    expect(canceled.status(), await canceled.text()).toBeLessThan(300);
    await expect(page.getByTestId("serverless-usage")).toContainText("none running", { timeout: 60_000 });
  });

  test("a workspace's overview: counts and recent items linking in, quick actions for the caller's role", async ({
    page,
  }) => {
    await signIn(page, "scientist", WORKSPACE_PATH);
    await expect(page.getByRole("heading", { level: 1, name: "demo-workspace" })).toBeVisible();
    await expect(page.getByText("Your role:")).toContainText("DataScientist");
    await expect(page.getByTestId("overview-compute")).toContainText("Running: ");
    await expect(page.getByTestId("overview-models")).toContainText(/\d+ models?/);
    await expect(page.getByTestId("overview-jobs")).toContainText(/\d+ running of \d+/);
    // A recent data asset opens its page; the section's heading opens the section.
    const data = page.getByTestId("overview-data");
    const first = data.getByRole("listitem").first().getByRole("link");
    const name = (await first.textContent())!;
    await first.click();
    await page.waitForURL((url) => url.pathname === `${WORKSPACE_PATH}/data/${encodeURIComponent(name)}`);
    await page.goBack();
    await page.getByTestId("overview-compute").getByRole("link", { name: "Compute", exact: true }).click();
    await page.waitForURL((url) => url.pathname === `${WORKSPACE_PATH}/compute`);
    await page.goBack();
    // A quick action opens its page with its dialog open.
    await page.getByRole("navigation", { name: "Quick actions" }).getByRole("link", { name: "Create job" }).click();
    await expect(page.getByRole("dialog", { name: "Create a job" })).toBeVisible();
  });

  test("a reader's overview offers no quick actions", async ({ page }) => {
    await signIn(page, "reader", WORKSPACE_PATH);
    await expect(page.getByText("Your role:")).toContainText("Reader");
    await expect(page.getByTestId("overview-compute")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Quick actions" })).toHaveCount(0);
  });
});
