import { test, expect, signIn, API, WORKSPACE_PATH, studioApi } from "./support/test";

const MODELS = `${WORKSPACE_PATH}/models`;
const ENVS = `${WORKSPACE_PATH}/environments`;

test.describe("models and environments: version histories", () => {
  test("the models list shows each latest version's type and stage; a type filter reads them for every model", async ({
    page,
  }) => {
    const lists: string[] = [];
    page.on("request", (r) => {
      if (/\/models\?|\/model-details\?/.test(r.url())) lists.push(r.url());
    });
    await signIn(page, "reader", MODELS);
    const credit = page.getByRole("row", { name: /credit-default-classifier/ });
    await expect(credit.getByRole("cell").nth(1)).toHaveText("MLflow");
    await expect(credit.getByRole("cell").nth(3)).toHaveText("Staging");
    await expect(
      page
        .getByRole("row", { name: /churn-xgb/ })
        .getByRole("cell")
        .nth(1),
    ).toHaveText("Custom");
    // The first rows' details came with the page: nothing asked for every model's latest version.
    expect(lists.filter((u) => u.includes("withLatest=true"))).toEqual([]);

    await page.getByRole("combobox", { name: "Type" }).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.type("Cus");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("row", { name: /churn-xgb/ })).toBeVisible();
    await expect(credit).toHaveCount(0);
    expect(lists.some((u) => u.includes("withLatest=true"))).toBe(true);
  });

  test("register version 3 of a model by uploading files, compare it with version 1, switch to only differences", async ({
    page,
  }) => {
    await signIn(page, "scientist", MODELS);
    await page.getByRole("link", { name: "bert-sentiment-triton" }).click();
    await expect(page.getByRole("listitem", { name: "Version 2" })).toBeVisible();

    await page.getByRole("button", { name: "Register version" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Version")).toHaveValue("3");
    await dialog.getByLabel("Description").fill("int8 quantized");
    await dialog.getByLabel("Model files").setInputFiles([
      {
        name: "config.pbtxt",
        mimeType: "text/plain",
        buffer: Buffer.from('name: "distilbert_sentiment"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 64\n'),
      },
      { name: "model.onnx", mimeType: "application/octet-stream", buffer: Buffer.alloc(300_000, 7) },
    ]);
    await dialog.getByRole("button", { name: "Add propertie" }).click();
    await dialog.getByLabel("Properties key 1").fill("accuracy");
    await dialog.getByLabel("Properties value 1").fill("0.903");
    await dialog.getByRole("button", { name: "Register" }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(page).toHaveURL(/\?version=3/);
    const detail = page.getByTestId("version-detail");
    await expect(detail).toHaveAttribute("data-version", "3");
    await expect(detail.getByRole("table", { name: "Files" })).toContainText("model.onnx");
    await expect(detail.getByRole("table", { name: "Files" })).toContainText("sha256:");

    // Pick 3 and 1 in the timeline, compare.
    await page.getByRole("checkbox", { name: "Pick version 3 to compare" }).check();
    await page.getByRole("checkbox", { name: "Pick version 1 to compare" }).check();
    await page.getByRole("button", { name: /^Compare/ }).click();
    await expect(page).toHaveURL(/compare=1,3/);
    const cmp = page.getByTestId("version-comparison");
    await expect(cmp.getByRole("table", { name: /Files: version 1 against version 3/ })).toBeVisible();
    await expect(cmp.locator('[data-section="properties"] [data-status="same"]')).toHaveCount(0); // accuracy differs, latency only on 1
    await expect(cmp.locator('[data-section="metadata"] [data-status="same"]').first()).toBeVisible(); // e.g. both not archived

    await cmp.getByRole("switch", { name: "Only differences" }).check();
    await expect(page).toHaveURL(/diff=only/);
    await expect(cmp.locator('[data-status="same"]')).toHaveCount(0);
    await expect(cmp.locator('[data-section="files"] [data-status="added"]')).toHaveCount(2);
    await expect(cmp.locator('[data-section="files"] [data-status="removed"]')).toHaveCount(2);
    await expect(cmp.locator('[data-section="properties"]')).toContainText("0.903");
  });

  test("a deep link opens a comparison of two versions with only differences", async ({ page }) => {
    await signIn(page, "reader", `${MODELS}/credit-default-classifier`);
    await page.goto(`${MODELS}/credit-default-classifier?compare=1,3&diff=only`);
    const cmp = page.getByTestId("version-comparison");
    await expect(cmp).toBeVisible();
    await expect(cmp.getByRole("switch", { name: "Only differences" })).toBeChecked();
    await expect(cmp.locator('[data-section="properties"]')).toContainText("0.842");
    await expect(cmp.locator('[data-section="properties"]')).toContainText("0.889");
    await expect(cmp.locator('[data-status="same"]')).toHaveCount(0);
    // The comparison is the page's subject: first in the document (the server's HTML reaches it before the timeline)
    // and first on screen, the timeline to its right.
    const timeline = page.getByTestId("version-timeline");
    expect(
      await cmp.evaluate(
        (c, t) => !!(c.compareDocumentPosition(t!) & Node.DOCUMENT_POSITION_FOLLOWING),
        await timeline.elementHandle(),
      ),
    ).toBe(true);
    expect((await cmp.boundingBox())!.x).toBeLessThan((await timeline.boundingBox())!.x);
    // MLmodel differs (sklearn version, signature with a new input); the line diff shows it.
    await expect(
      cmp
        .getByRole("table", { name: /MLmodel: version 1 against version 3/ })
        .locator('[data-diff="added"]')
        .first(),
    ).toBeVisible({ timeout: 20_000 });
    await expect(cmp.locator('[data-section="files"]')).toContainText("model.pkl");
    // The metric trend plots accuracy per version.
    await expect(page.getByRole("img", { name: /per version/ })).toBeVisible();
    // The pickers offer every version (the server's HTML names only the chosen two) and change what is compared.
    const second = cmp.getByRole("combobox", { name: "Second version" });
    await expect(second.locator("option")).toHaveCount(4);
    await second.selectOption("2");
    await expect(page).toHaveURL(/compare=1,2/);
    await expect(page.getByRole("region", { name: "Comparison of version 1 and version 2" })).toBeVisible();
  });

  test("create an environment version from an edited conda file and see the difference from the previous version", async ({
    page,
  }) => {
    await signIn(page, "scientist", `${ENVS}/fraud-training-env`);
    await expect(page.getByRole("listitem", { name: "Version 3" })).toBeVisible();
    await page.getByRole("button", { name: "New version" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Version")).toHaveValue("4");
    await expect(dialog.getByRole("tab", { name: "Image + conda file" })).toHaveAttribute("aria-selected", "true");

    // An invalid edit is pointed at by line and column and blocks Create.
    const editor = dialog.getByTestId("conda-editor").locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+End");
    // The file ends with a newline: the cursor is on an empty last line. Typed text, not Enter (which auto-indents).
    await page.keyboard.type(" - bad-indent");
    await expect(dialog.getByTestId("conda-problems")).toContainText(/line \d+, column \d+/);
    await expect(dialog.getByRole("button", { name: "Create" })).toBeDisabled();
    for (let i = 0; i < " - bad-indent".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type("    - xgboost==2.0.3");
    await expect(dialog.getByTestId("conda-problems")).toHaveText("Valid conda file.");
    await dialog.getByLabel("Description").fill("added xgboost");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
    await expect(page.getByTestId("version-detail")).toHaveAttribute("data-version", "4");
    await expect(page.getByTestId("build-status")).toHaveText(/NotStarted|Running|Succeeded/);
    await expect(page.getByTestId("build-status")).toHaveText("Succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("build-log")).toContainText("Successfully installed xgboost-2.0.3");

    await page.getByRole("checkbox", { name: "Pick version 4 to compare" }).check();
    await page.getByRole("checkbox", { name: "Pick version 3 to compare" }).check();
    await page.getByRole("button", { name: /^Compare/ }).click();
    const cmp = page.getByTestId("version-comparison");
    await cmp.getByRole("switch", { name: "Only differences" }).check();
    const diff = cmp.getByRole("table", { name: /conda\.yaml: version 3 against version 4/ });
    await expect(diff.locator('[data-diff="added"]')).toHaveCount(1);
    await expect(diff.locator('[data-diff="added"]')).toContainText("xgboost==2.0.3");
    await expect(diff.locator('[data-diff="removed"]')).toHaveCount(0);
  });

  test("curated environments are read-only and readers change nothing", async ({ page }) => {
    await signIn(page, "reader", ENVS);
    await page.getByRole("tab", { name: /Curated environments/ }).click();
    await page.getByRole("link", { name: "AzureML-sklearn-1.5" }).click();
    await expect(page.getByRole("button", { name: "Edit" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Create from this" })).toBeDisabled();
    const put = await studioApi(page).put(`${API}/environments/AzureML-sklearn-1.5/versions/99`, {
      data: { image: "python:3.11" },
    });
    expect(put.status()).toBe(403);
    await page.goto(`${MODELS}/churn-xgb`);
    await expect(page.getByRole("button", { name: "Register version" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Archive" })).toBeDisabled();
    const patch = await studioApi(page).patch(`${API}/models/churn-xgb/versions/2`, { data: { description: "x" } });
    expect(patch.status()).toBe(403);
  });
});
