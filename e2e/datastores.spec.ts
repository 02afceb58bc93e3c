import { test, expect, signIn, WORKSPACE_PATH } from "./support/test";

const SALES = `${WORKSPACE_PATH}/datastores/workspaceblobstore?path=${encodeURIComponent("datasets/sales/2024/01")}`;

test.describe("datastore browser and data assets", () => {
  test("deep link to a nested folder, preview CSV and Parquet, upload with progress, register a data asset version", async ({
    page,
  }) => {
    await signIn(page, "scientist", `${WORKSPACE_PATH}/datastores`);
    await expect(page.getByTestId("datastore-row-workspaceblobstore")).toContainText("default");

    await page.goto(SALES);
    const crumbs = page.getByRole("navigation", { name: "Folder path" });
    await expect(crumbs).toContainText("datasets");
    await expect(crumbs).toContainText("01");
    const csv = page.getByTestId("entry-sales.csv");
    await expect(csv).toBeVisible();

    await csv.click();
    await expect(page).toHaveURL(/file=datasets%2Fsales%2F2024%2F01%2Fsales.csv/);
    const csvPreview = page.getByRole("table", { name: "CSV preview" });
    await expect(csvPreview.getByRole("columnheader", { name: "order_id" })).toBeVisible();
    await expect(page.getByTestId("file-preview")).toContainText("header detected");
    await expect(page.getByTestId("file-uri")).toHaveText(
      "azureml://datastores/workspaceblobstore/paths/datasets/sales/2024/01/sales.csv",
    );

    await page.getByTestId("entry-sales.parquet").click();
    const pq = page.getByRole("table", { name: "Parquet preview" });
    await expect(pq.getByRole("columnheader", { name: "unit_price" })).toBeVisible();
    await expect(page.getByTestId("file-preview")).toContainText("2,000 rows");

    // A 3 MB CSV, straight to storage with a write-only URL; the progress bar and the count follow it.
    const rows = ["id,value"];
    for (let i = 0; i < 250_000; i++) rows.push(`${i},${(i * 7) % 1000}`);
    const body = Buffer.from(rows.join("\n") + "\n");
    await page
      .getByTestId("upload-files-input")
      .setInputFiles({ name: "e2e-upload.csv", mimeType: "text/csv", buffer: body });
    const uploads = page.getByTestId("uploads");
    await expect(uploads).toBeVisible();
    await expect(page.getByTestId("upload-progress")).toBeVisible();
    await expect(uploads).toContainText("Upload finished: 1 of 1 files", { timeout: 30_000 });
    const uploaded = page.getByTestId("entry-e2e-upload.csv");
    await expect(uploaded).toBeVisible();

    await uploaded.click();
    await expect(
      page.getByRole("table", { name: "CSV preview" }).getByRole("columnheader", { name: "value" }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Register as data" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Data asset name").fill("e2e-upload");
    await dialog.getByLabel("Description").fill("Uploaded in the e2e test");
    await dialog.getByRole("button", { name: "Register" }).click();

    await page.waitForURL(/\/data\/e2e-upload\?version=1/);
    const history = page.getByTestId("version-history");
    await expect(history).toContainText("1 version of data asset e2e-upload");
    await expect(history).toContainText(
      "azureml://datastores/workspaceblobstore/paths/datasets/sales/2024/01/e2e-upload.csv",
    );

    await page.goto(`${WORKSPACE_PATH}/data`);
    await expect(page.getByTestId("data-row-e2e-upload")).toContainText("uri_file");
  });

  test("a reader browses identity-based storage, is told which role opens an account-key store, and cannot upload", async ({
    page,
  }) => {
    await signIn(page, "reader", `${WORKSPACE_PATH}/datastores`);
    // workspaceblobstore uses an account key, read with listSecrets, which Reader lacks (as in Azure).
    await page.goto(`${WORKSPACE_PATH}/datastores/workspaceblobstore?path=logs`);
    await expect(page.getByText(/needs its credentials.*DataScientist or Admin role \(listSecrets\)/)).toBeVisible();
    // An identity-based store needs no secret: the reader browses and previews it.
    await page.goto(
      `${WORKSPACE_PATH}/datastores/sensor_datalake?path=raw%2Fsensors%2F2024-05-01&file=raw%2Fsensors%2F2024-05-01%2Fs-001.csv`,
    );
    await expect(page.getByRole("region", { name: "Preview", exact: true })).toContainText("temperature");
    await expect(page.getByRole("button", { name: "Upload files" })).toBeDisabled();
  });
});
