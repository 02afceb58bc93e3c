/**
 * A sweep built in the Create job form (no file): trial command reading ${{search_space.lr}} and logging its metric
 * through MLflow's REST API as mlflow.log_metric does, 6 trials 2 at a time under a bandit policy, run by the local
 * workspace service to its best trial; then "Edit and resubmit" opens the same sweep in the form.
 */
import { audit } from "./support/axe";
import { API, WORKSPACE_PATH, expect, signIn, test } from "./support/test";

// accuracy = 1 - (lr - 0.05)^2, reported to the trial's own MLflow run; each trial takes at least half a second, so
// the trials that run together overlap in their recorded times.
const TRIAL_COMMAND =
  'python3 -c "import json,os,time,urllib.request; time.sleep(0.5); v=1-(${{search_space.lr}}-0.05)**2; ' +
  "r=urllib.request.Request(os.environ['MLFLOW_TRACKING_URI']+'/api/2.0/mlflow/runs/log-metric', " +
  "data=json.dumps({'run_id':os.environ['MLFLOW_RUN_ID'],'key':'accuracy','value':v,'timestamp':0,'step':0}).encode(), " +
  "headers={'Content-Type':'application/json','Authorization':'Bearer '+os.environ['MLFLOW_TRACKING_TOKEN']}); " +
  'urllib.request.urlopen(r).read()"';

test("a sweep built in the form runs 6 trials, 2 at a time, under a bandit policy and links its best trial", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  await page.getByRole("button", { name: "Create job" }).click();
  const dialog = page.getByRole("dialog");

  // The job kind by keyboard: from Command to Sweep with an arrow key.
  await dialog.getByRole("radio", { name: "Command" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("radio", { name: /^Sweep/ })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: "A command" })).toBeChecked();

  await dialog.getByRole("textbox", { name: "Command" }).fill(TRIAL_COMMAND);
  await expect(dialog.getByTestId("command-references")).toContainText("Not declared below: search_space.lr");
  await dialog.getByRole("combobox", { name: "Environment" }).fill("azureml:fraud-training-env@latest");
  await dialog.getByLabel("Compute").selectOption("cpu-cluster");

  // One parameter: lr, uniform between 0.01 and 0.1.
  const lr = dialog.getByTestId("search-parameter");
  await lr.getByLabel("Parameter 1 name").fill("lr");
  await expect(dialog.getByTestId("command-references")).not.toContainText("Not declared");
  await lr.getByLabel("Distribution").selectOption("uniform");
  await lr.getByLabel("Min value").fill("0.01");
  await lr.getByLabel("Max value").fill("0.1");

  // Nothing submits while a field has a problem, and the problem is shown at its field.
  await expect(dialog.getByTestId("form-problems")).toContainText("objective.primary_metric is required");
  await expect(dialog.getByRole("button", { name: "Submit" })).toBeDisabled();
  await dialog.getByLabel("Primary metric").fill("accuracy");
  await dialog.getByLabel("Sampling algorithm").selectOption("grid");
  await expect(lr).toContainText('Grid sampling needs choice parameters; "lr" is uniform.');
  await expect(dialog.getByRole("button", { name: "Submit" })).toBeDisabled();
  await dialog.getByLabel("Sampling algorithm").selectOption("random");

  await dialog.getByLabel("Max total trials").fill("6");
  await dialog.getByLabel("Max concurrent trials").fill("2");
  await dialog.getByLabel("Policy").selectOption("bandit");
  await expect(dialog.getByLabel("Policy")).toHaveAccessibleDescription(
    /A bandit policy needs slack_factor or slack_amount/,
  );
  await dialog.getByLabel("Slack factor").fill("0.5");
  await dialog.getByLabel("Evaluation interval").fill("1");
  // Each trial reports once: evaluation starts after that, so every trial runs to its end.
  await dialog.getByLabel("Delay evaluation").fill("1");
  await dialog.getByLabel("Display name").fill("sweep-form-e2e");

  await dialog.getByText("YAML that will be submitted").click();
  const yaml = dialog.getByTestId("form-yaml");
  await expect(yaml).toContainText("type: sweep");
  await expect(yaml).toContainText("${{search_space.lr}}");
  await expect(yaml).toContainText("max_concurrent_trials: 2");
  await expect(yaml).toContainText("slack_factor: 0.5");
  await expect(dialog.getByTestId("form-problems")).toHaveCount(0);
  // Submitted by keyboard: Enter in a field submits the form.
  await dialog.getByLabel("Display name").press("Enter");

  await expect(page.getByRole("heading", { level: 1, name: "sweep-form-e2e" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 }).locator("..").getByText("Completed")).toBeVisible({
    timeout: 240_000,
  });
  await page.getByRole("tab", { name: /Trials/ }).click();
  await expect(page.getByRole("table", { name: "Trials" }).getByRole("row")).toHaveCount(7, { timeout: 30_000 });
  const best = page.getByTestId("best-trial");
  await expect(best).toContainText(/\(accuracy 0\.99\d*\)/, { timeout: 30_000 });

  // Two trials at a time, never more (cpu-cluster has 4 nodes: the sweep's own limit holds it), from the trials'
  // recorded times: each holds a node from Running to its end.
  const sweepName = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
  const detail = await page.request.get(`${API}/jobs/${encodeURIComponent(sweepName)}`);
  expect(detail.status()).toBe(200);
  const trials = (await detail.json()).data.timeline.steps as {
    history: { status: string; at: string }[];
    endedAt: string;
  }[];
  expect(trials).toHaveLength(6);
  const spans = trials.map((t) => [
    Date.parse(t.history.find((h) => h.status === "Running")!.at),
    Date.parse(t.endedAt),
  ]);
  const atOnce = spans.map(([at]) => spans.filter(([start, end]) => start <= at && at < end).length);
  expect(Math.max(...atOnce)).toBe(2);

  // The trials table sorts by the primary metric (descending: the best trial first); the charts are drawn.
  const table = page.getByRole("table", { name: "Trials" });
  const accuracy = table.getByRole("columnheader", { name: "accuracy" });
  // One control per header: its sort button.
  await expect(accuracy.getByRole("button")).toHaveCount(1);
  await accuracy.getByRole("button", { name: "accuracy" }).click();
  await expect(accuracy).toHaveAttribute("aria-sort", "ascending");
  await expect(table.getByRole("row").nth(1)).not.toContainText("(best)");
  await accuracy.getByRole("button", { name: "accuracy" }).click();
  await expect(accuracy).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("row").nth(1)).toContainText("(best)");
  await expect(page.getByRole("img", { name: /^accuracy of 6 trials over time/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Parallel coordinates of lr against accuracy/ })).toBeVisible();
  await audit(page, "a sweep's Trials tab");

  // Edit and resubmit: the sweep opens in the form, prefilled.
  await page.getByRole("button", { name: "Edit and resubmit" }).click();
  const edit = page.getByRole("dialog");
  await expect(edit.getByRole("radio", { name: /^Sweep/ })).toBeChecked();
  await expect(edit.getByLabel("Primary metric")).toHaveValue("accuracy");
  await expect(edit.getByLabel("Max total trials")).toHaveValue("6");
  await expect(edit.getByLabel("Slack factor")).toHaveValue("0.5");
  await expect(edit.getByTestId("search-parameter").getByLabel("Parameter 1 name")).toHaveValue("lr");
  await expect(edit.getByTestId("search-parameter").getByLabel("Max value")).toHaveValue("0.1");
  await page.keyboard.press("Escape");
  await expect(edit).toBeHidden();

  // The best trial is a link to that trial's own job.
  const sweepUrl = page.url();
  await best.click();
  await expect(page).not.toHaveURL(sweepUrl);
  await expect(page).toHaveURL(/\/jobs\/[^/?]+/);
  await expect(page.getByRole("heading", { level: 1 }).locator("..").getByText("Completed")).toBeVisible();
});
