import { test, expect, signIn, API, WORKSPACE_PATH, studioApi } from "./support/test";

/**
 * Lineage in the browser: a data asset registered from the demo input folder feeds a 3-step pipeline (the basics
 * 3b shape on the seeded component_a/b/c), a model is registered from the pipeline's output; from the model
 * version one click reaches the data it was trained on, and from the data version's lineage the model is found
 * again (graph expanded one hop, and the impact list).
 */
const DATA = "e2e-lineage-data";
const MODEL = "e2e-lineage-model";
const PIPELINE = `
type: pipeline
display_name: e2e_lineage_pipeline
experiment_name: e2e-lineage
settings:
  default_compute: azureml:cpu-cluster
outputs:
  final_pipeline_output:
    mode: rw_mount
jobs:
  component_a:
    type: command
    component: azureml:component_a:1
    inputs:
      component_a_input:
        type: uri_folder
        path: azureml:${DATA}:1
  component_b:
    type: command
    component: azureml:component_b:1
    inputs:
      component_b_input: \${{parent.jobs.component_a.outputs.component_a_output}}
  component_c:
    type: command
    component: azureml:component_c:1
    inputs:
      component_c_input: \${{parent.jobs.component_b.outputs.component_b_output}}
    outputs:
      component_c_output: \${{parent.outputs.final_pipeline_output}}
`;

test.describe("lineage", () => {
  test("from a model version to the data it was trained on, and back", async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, "scientist", `${WORKSPACE_PATH}/models`);
    const api = { ...studioApi(page), get: (p: string) => page.request.get(p) };

    // The demo input folder is written in the background after start: register the data once it is there.
    await expect
      .poll(
        async () =>
          (
            await api.post(`${API}/data/${DATA}/versions`, {
              data: {
                version: "1",
                dataType: "uri_folder",
                datastore: "workspaceblobstore",
                path: "demo/pipeline-input",
              },
            })
          ).status(),
        { timeout: 90_000, intervals: [1_000] },
      )
      .toBe(201);
    const imported = await api.post(`${API}/pipeline-import`, { data: { yaml: PIPELINE } });
    expect(imported.status(), await imported.text()).toBe(200);
    const submitted = await api.post(`${API}/pipeline-jobs`, {
      data: { graph: (await imported.json()).data.graph, experimentName: "e2e-lineage" },
    });
    expect(submitted.status(), await submitted.text()).toBe(201);
    const job = (await submitted.json()).data.name as string;
    await expect
      .poll(async () => (await (await api.get(`${API}/jobs/${job}`)).json()).data.job.status, {
        timeout: 120_000,
        intervals: [1_000],
      })
      .toBe("Completed");
    const model = await api.put(`${API}/models/${MODEL}/versions/1`, {
      data: {
        modelType: "custom_model",
        source: { kind: "job", jobName: job, outputName: "final_pipeline_output" },
      },
    });
    expect(model.status(), await model.text()).toBe(201);

    // The model version's Lineage tab: its job upstream, and one click to its training data.
    await page.goto(`${WORKSPACE_PATH}/models/${MODEL}?version=1`);
    await page.getByRole("tab", { name: /^Lineage/ }).click();
    await expect(page.getByTestId(`lineage-node-job:${job}`)).toBeVisible();
    await expect(page.getByTestId(`lineage-node-job:${job}`)).toHaveAttribute("data-kind", "job");
    const trainedOn = page.getByRole("region", { name: "Trained on" });
    await expect(trainedOn.getByRole("link", { name: `${DATA}:1` })).toBeVisible({ timeout: 30_000 });
    await trainedOn.getByRole("link", { name: `${DATA}:1` }).click();
    await expect(page).toHaveURL(new RegExp(`/data/${DATA}\\?version=1`));

    // The data version's lineage: the pipeline's first step read it; a hop down is the pipeline, then the model.
    await page.getByRole("tab", { name: /^Lineage/ }).click();
    const stepNode = page.getByTestId(`lineage-node-step:${job}/component_a`);
    await expect(stepNode).toHaveAttribute("data-kind", "step");
    const stepCell = [await stepNode.getAttribute("data-col"), await stepNode.getAttribute("data-row")];
    await stepNode.getByRole("button", { name: /downstream of Step/ }).click();
    const jobNode = page.getByTestId(`lineage-node-job:${job}`);
    await expect(jobNode).toBeVisible();
    // Expanding placed only the new nodes: the step keeps its cell.
    expect([await stepNode.getAttribute("data-col"), await stepNode.getAttribute("data-row")]).toEqual(stepCell);
    await jobNode.getByRole("button", { name: /downstream of Job/ }).click();
    await expect(page.getByTestId(`lineage-node-model:${MODEL}:1`)).toBeVisible();
    // The impact list names the model too (with a CSV export).
    const impact = page.getByRole("region", { name: "Impact" });
    await expect(impact.getByRole("link", { name: MODEL })).toBeVisible();
    await expect(impact.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /format=csv/);

    // The table view lists the same nodes for screen readers.
    await page.getByRole("button", { name: "Show as table" }).click();
    await expect(page.getByRole("table", { name: "Lineage as a table" })).toContainText(`${MODEL}:1`);

    // And back to the model from its node.
    await page
      .getByRole("table", { name: "Lineage as a table" })
      .getByRole("link", { name: `${MODEL}:1` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/models/${MODEL}\\?version=1`));
  });
});
