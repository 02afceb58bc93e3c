import { test, expect, signIn, API, WORKSPACE_PATH, studioApi } from "./support/test";

test("lineage: from a model version to the data it was trained on, and back through the impact list", async ({
  page,
}) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/models`);
  // A model registered from the demo pipeline's last output (the pipeline seeded on first start).
  const put = await studioApi(page).put(`${API}/models/e2e-lineage-model/versions/1`, {
    data: {
      modelType: "custom_model",
      source: { kind: "job", jobName: "demo-basic-pipeline", outputName: "component_c_output" },
    },
  });
  expect(put.status(), await put.text()).toBeLessThan(300);
  await page.goto(`${WORKSPACE_PATH}/models/e2e-lineage-model?version=1`);
  await page
    .getByRole("link", { name: "Lineage" })
    .or(page.getByRole("button", { name: "Lineage" }))
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Lineage of e2e-lineage-model:1" })).toBeVisible();
  await expect(page.getByTestId("lineage-graph")).toBeVisible();

  // One click to the data it was trained on: the folder the pipeline read.
  const trainedOn = page.getByTestId("trained-on");
  await expect(trainedOn).toContainText("workspaceblobstore/demo/pipeline-input");
  await trainedOn.getByRole("button", { name: /pipeline-input/ }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Lineage of workspaceblobstore/demo/pipeline-input" }),
  ).toBeVisible();

  // The same hop as a table, for screen readers: the pipeline and its first step read it.
  await page.getByRole("switch", { name: "Show as a table" }).check();
  await expect(page.getByRole("table", { name: "Lineage edges" })).toContainText("Job demo_basic_pipeline");
  // And back: what must be retrained if this data was wrong lists the model.
  const impact = page.getByRole("table", { name: "Impact" });
  await expect(impact).toContainText("e2e-lineage-model:1");
  await impact.getByRole("link", { name: "e2e-lineage-model:1" }).click();
  await expect(page).toHaveURL(/\/models\/e2e-lineage-model\?version=1/);
});
