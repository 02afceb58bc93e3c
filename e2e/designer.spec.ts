import { shared } from "../test/support/shared";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, newDraft, signIn, WORKSPACE_PATH, studioApi } from "./support/test";

const DESIGNER = `${WORKSPACE_PATH}/designer`;
const BASICS = shared("azureml-examples/cli/jobs/pipelines-with-components/basics");

test.use({ viewport: { width: 1680, height: 1050 } });

/** Drags from one port to another, as a person does on the canvas. */
async function connect(page: Page, from: [string, string], to: [string, string]) {
  const src = page.locator(`.react-flow__handle.source[data-nodeid="${from[0]}"][data-handleid="${from[1]}"]`);
  const dst = page.locator(`.react-flow__handle.target[data-nodeid="${to[0]}"][data-handleid="${to[1]}"]`);
  const a = (await src.boundingBox())!;
  const b = (await dst.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function dropOnCanvas(page: Page, testId: string, x: number, y: number) {
  // React replays a click on a part it has not hydrated yet, but not a drop: wait until it owns the canvas (a drop
  // that came too early was lost once in CI).
  await expect
    .poll(() => page.getByTestId("canvas").evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps"))))
    .toBe(true);
  await page.getByTestId(testId).dragTo(page.getByTestId("canvas"), { targetPosition: { x, y } });
}

const savedBadge = (page: Page) => expect(page.getByTestId("save-state")).toHaveText(/· saved$/, { timeout: 15_000 });

test.describe("pipeline designer", () => {
  test("build a pipeline from three components, validate, save, reload, export, import an example and submit", async ({
    page,
  }) => {
    await signIn(page, "scientist", DESIGNER);
    await newDraft(page, () => page.getByRole("button", { name: "New draft" }).click());

    // Three components and a data source onto the canvas.
    await dropOnCanvas(page, "palette-my_train", 30, 30);
    await dropOnCanvas(page, "palette-my_score", 330, 30);
    await dropOnCanvas(page, "palette-my_eval", 630, 30);
    await page.getByLabel("Data path").fill("azureml://datastores/workspaceblobstore/paths/titanic");
    await dropOnCanvas(page, "palette-data", 30, 330);
    for (const id of ["my_train", "my_score", "my_eval"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
    const validation = page.getByTestId("validation");
    await expect(validation).toContainText('required input "training_data"');

    // A type that does not fit is refused, with the reason.
    await connect(page, ["my_train", "model_output"], ["my_score", "model_input"]);
    await connect(page, ["my_score", "score_output"], ["my_eval", "scoring_result"]);
    const dataNode = page.locator(".react-flow__node-data").first();
    const dataId = await dataNode.getAttribute("data-id");
    await connect(page, [dataId!, "data"], ["my_train", "training_data"]);
    await connect(page, [dataId!, "data"], ["my_score", "test_data"]);
    await expect(page.locator(".react-flow__edge")).toHaveCount(4);

    // Parameters: a value out of range is flagged, a good one clears it.
    await page.getByTestId("node-my_train").click({ position: { x: 120, y: 12 } });
    const epochs = page.getByLabel("max_epocs", { exact: true });
    await epochs.fill("500");
    await epochs.press("Enter");
    await expect(validation).toContainText("500 is above the maximum 100");
    await epochs.fill("10");
    await epochs.press("Enter");
    await expect(validation).not.toContainText("above the maximum");
    await expect(validation).toContainText("has no compute");

    // The default compute, on the pipeline panel.
    await page.locator(".react-flow__pane").click({ position: { x: 500, y: 600 } });
    await page.getByRole("combobox", { name: "Default compute" }).click();
    await page.getByRole("option", { name: "azureml:cpu-cluster" }).click();
    await expect(validation).toContainText("The pipeline is valid");

    // Autosave, then a reload finds it all.
    await savedBadge(page);
    await page.reload();
    for (const id of ["my_train", "my_score", "my_eval"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
    await expect(page.locator(".react-flow__edge")).toHaveCount(4);
    await expect(page.getByTestId("validation")).toContainText("The pipeline is valid");
    await page.getByTestId("node-my_train").click({ position: { x: 120, y: 12 } });
    await expect(page.getByLabel("max_epocs", { exact: true })).toHaveValue("10");

    // Export.
    await page.getByRole("button", { name: "Export YAML" }).click();
    const exported = page.getByLabel("Exported YAML");
    await expect(exported).toHaveValue(/model_input: \$\{\{parent\.jobs\.my_train\.outputs\.model_output\}\}/);
    await expect(exported).toHaveValue(/default_compute: azureml:cpu-cluster/);
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

    // Submit: stored by the workspace as NotStarted.
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toContainText("NotStarted");

    // Import an azureml-examples pipeline with its component files: a new draft with the right graph.
    await page.getByRole("button", { name: "Import YAML" }).click();
    const dir = path.join(BASICS, "3b_pipeline_with_data");
    await page
      .getByLabel("Pipeline and component files")
      .setInputFiles(
        ["pipeline.yml", "componentA.yml", "componentB.yml", "componentC.yml"].map((f) => path.join(dir, f)),
      );
    await expect(page.getByRole("textbox", { name: "Pipeline YAML" })).toHaveValue(/3b_pipeline_with_data/);
    await page.getByRole("button", { name: "Import as a new draft" }).click();
    for (const id of ["component_a", "component_b", "component_c"])
      await expect(page.getByTestId(`node-${id}`)).toBeVisible();
    await expect(page.locator(".react-flow__edge")).toHaveCount(3);
    await expect(page.getByTestId("validation")).toContainText("The pipeline is valid");
    await savedBadge(page);
  });

  test("bad YAML is refused with its line and column and changes nothing", async ({ page }) => {
    await signIn(page, "scientist", DESIGNER);
    const drafts = await page.request.get(
      `/api/ws/00000000-0000-0000-0000-000000000001/ml-studio-demo/demo-workspace/pipeline-drafts`,
    );
    const before = (await drafts.json()).data.length;
    await page.getByRole("button", { name: "Import YAML" }).click();
    await page
      .getByRole("textbox", { name: "Pipeline YAML" })
      .fill("type: pipeline\njobs:\n  a:\n    component: azureml:does_not_exist:1\n  b: [\n");
    await page.getByRole("button", { name: "Import as a new draft" }).click();
    await expect(page.getByTestId("import-error")).toContainText(/line \d+, column \d+/);
    await page.getByRole("button", { name: "Cancel" }).click();
    const after = await page.request.get(
      `/api/ws/00000000-0000-0000-0000-000000000001/ml-studio-demo/demo-workspace/pipeline-drafts`,
    );
    expect((await after.json()).data.length).toBe(before);
  });

  test("two tabs on one draft: the second save is refused and offers keeping it as a copy", async ({
    page,
    context,
  }) => {
    await signIn(page, "scientist", DESIGNER);
    await newDraft(page, () => page.getByRole("button", { name: "New draft" }).click());
    const url = page.url();
    const other = await context.newPage();
    await other.goto(url);
    await expect(other.getByTestId("save-state")).toHaveText(/v1 · saved/);

    await dropOnCanvas(page, "palette-component_a", 40, 40);
    await savedBadge(page);
    await dropOnCanvas(other, "palette-component_b", 40, 40);
    const dialog = other.getByRole("alertdialog");
    await expect(dialog).toContainText("This draft changed elsewhere");
    await dialog.getByRole("button", { name: "Keep mine as a copy" }).click();
    await expect(other).toHaveURL((u) => u.toString() !== url);
    await expect(other.getByTestId("node-component_b")).toBeVisible();
    await other.close();
  });

  test("the palette lists data assets; one dragged onto the canvas is bound as azureml:<name>:<version> with its type", async ({
    page,
  }) => {
    await signIn(page, "scientist", DESIGNER);
    const created = await studioApi(page).post(`/api/ws${WORKSPACE_PATH.slice(2)}/data/e2e_palette_sales/versions`, {
      data: { dataType: "uri_folder", datastore: "workspaceblobstore", path: "datasets/sales/2024/01", version: "4" },
    });
    expect(created.status()).toBe(201);
    await page.reload();
    await newDraft(page, () => page.getByRole("button", { name: "New draft" }).click());
    const palette = page.getByRole("navigation", { name: "Palette" });
    await palette.getByLabel("Search data assets").fill("palette_sales");
    const asset = page.getByTestId("palette-data-e2e_palette_sales");
    await expect(asset).toContainText("e2e_palette_sales:4 · uri_folder");
    await palette.getByLabel("Search data assets").fill("no such asset");
    await expect(asset).toBeHidden();
    await expect(palette).toContainText("No data asset matches.");
    await palette.getByLabel("Search data assets").fill("");

    await dropOnCanvas(page, "palette-my_train", 330, 30);
    await dropOnCanvas(page, "palette-data-e2e_palette_sales", 30, 30);
    await expect(page.getByTestId("node-data_e2e_palette_sales")).toContainText("uri_folder");
    await connect(page, ["data_e2e_palette_sales", "data"], ["my_train", "training_data"]);
    await expect(page.locator(".react-flow__edge")).toHaveCount(1);
    await page.getByRole("button", { name: "Export YAML" }).click();
    await expect(page.getByLabel("Exported YAML")).toHaveValue(
      /training_data:\n\s+type: uri_folder\n\s+path: azureml:e2e_palette_sales:4/,
    );
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  });

  test("a reader sees drafts but cannot change them", async ({ page }) => {
    await signIn(page, "reader", DESIGNER);
    await expect(page.getByRole("button", { name: "New draft" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Submit" })).toBeDisabled();
  });
});

test("components: register from YAML with a code folder, see its code, compare two versions in the shared history, archive it", async ({
  page,
}) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/components`);
  await page.getByRole("button", { name: "Register" }).click();
  const dialog = page.getByRole("dialog");
  const yaml = fs
    .readFileSync(path.join(BASICS, "2b_component_with_input_output/component.yml"), "utf8")
    .replace("name: hello_python_world", "name: e2e_hello")
    .replace("version: 1", "version: 7");
  await dialog.getByLabel("Component YAML", { exact: true }).fill(yaml);
  const codeDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-code-"));
  fs.mkdirSync(path.join(codeDir, "src"));
  fs.writeFileSync(path.join(codeDir, "src", "hello.py"), "print('hello from e2e')\n");
  await dialog.getByLabel("Code folder").setInputFiles(path.join(codeDir, "src"));
  await dialog.getByRole("button", { name: "Register" }).click();
  await expect(dialog).toBeHidden();
  const detail = page.getByRole("region", { name: "Component e2e_hello" });
  await expect(detail).toContainText("sample_input_string");
  await detail.getByRole("tab", { name: "Code" }).click();
  await detail.getByRole("button", { name: "hello.py" }).click();
  await expect(detail.getByLabel("Contents of hello.py")).toContainText("hello from e2e");

  // Version 8 changes the command and a default: the shared history compares it with version 7.
  await page.getByRole("button", { name: "Register" }).click();
  await dialog
    .getByLabel("Component YAML", { exact: true })
    .fill(
      yaml
        .replace("version: 7", "version: 8")
        .replace("python hello.py", "python hello.py --verbose")
        .replace("hello_python_world_default", "hello_v8"),
    );
  await dialog.getByLabel("Code folder").setInputFiles(path.join(codeDir, "src"));
  await dialog.getByRole("button", { name: "Register" }).click();
  await expect(dialog).toBeHidden();
  await expect(detail.getByText("version 8", { exact: true })).toBeVisible();
  await detail.getByRole("tab", { name: /Versions/ }).click();
  const history = detail.getByTestId("version-history");
  await expect(history).toContainText("2 versions of component e2e_hello");
  await history.getByRole("checkbox", { name: "Pick version 7 to compare" }).check();
  await history.getByRole("checkbox", { name: "Pick version 8 to compare" }).check();
  await history.getByRole("button", { name: /^Compare/ }).click();
  await expect(page).toHaveURL(/name=e2e_hello.*compare=7,8/);
  const comparison = page.getByTestId("version-comparison");
  await expect(comparison.getByRole("row").filter({ hasText: "input.sample_input_string" })).toContainText("hello_v8");
  await expect(comparison.getByRole("region", { name: "command", exact: true }).getByRole("table")).toContainText(
    "--verbose",
  );

  // Deep links: the comparison, and one version's interface.
  await page.goto(`${WORKSPACE_PATH}/components?name=e2e_hello&compare=7,8`);
  await expect(page.getByTestId("version-comparison")).toBeVisible();
  await page.goto(`${WORKSPACE_PATH}/components?name=e2e_hello&version=7`);
  await expect(detail.getByText("version 7", { exact: true })).toBeVisible();
  await expect(detail).toContainText("hello_python_world_default");
  await detail.getByRole("button", { name: "Archive" }).click();
  await expect(detail.getByText("archived")).toBeVisible();
});
