import { shared } from "../test/support/shared";
/**
 * The 3b pipeline of azureml-examples (basics/3b_pipeline_with_data), with small scripts of our own in place of
 * its Python sources: registered, its data uploaded, submitted from the designer, run by the local workspace.
 * The job page shows its steps turning green in order, live; logs, outputs and a logged metric are visible.
 */
import fs from "node:fs";
import path from "node:path";
import { API, WORKSPACE_PATH, expect, signIn, test, studioApi } from "./support/test";

const EXAMPLE = shared("azureml-examples/cli/jobs/pipelines-with-components/basics/3b_pipeline_with_data");

/** Our hello.py: copies its input folder to its output, sleeps so the status change is seen, logs a metric with urllib. */
const HELLO_PY = (label: string) => `import argparse, json, os, shutil, time, urllib.request
p = argparse.ArgumentParser()
p.add_argument("--input")
p.add_argument("--output")
a, _ = p.parse_known_args()
print("Hello from ${label}", flush=True)
files = sorted(os.listdir(a.input))
print("input files:", files, flush=True)
shutil.copytree(a.input, a.output, dirs_exist_ok=True)
with open(os.path.join(a.output, "${label}.txt"), "w") as f:
    f.write("${label} was here\\n")
body = json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"], "key": "files_seen", "value": len(files), "timestamp": int(time.time() * 1000), "step": 0}).encode()
req = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric", data=body, method="POST",
    headers={"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
urllib.request.urlopen(req).read()
time.sleep(2)
print("done", flush=True)
`;

test("a pipeline submitted from the designer runs; the job page follows it live", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  const version = String(Date.now());

  // The example's three components, with their command pointed at our scripts (the example ships no sources).
  for (const x of ["A", "B", "C"]) {
    const yaml = fs
      .readFileSync(path.join(EXAMPLE, `component${x}.yml`), "utf8")
      .replace(/^version: .*$/m, `version: ${version}`)
      .replace(/--component[ABC]_input/, "--input")
      .replace(/--component[ABC]_output/, "--output");
    // The code folder is staged first (one write-only URL per file), then the registration names the upload.
    const hello = Buffer.from(HELLO_PY(`component${x}`));
    const staged = await studioApi(page).post(`${API}/component-uploads`, {
      data: { files: [{ path: "hello.py", size: hello.length }] },
    });
    expect(staged.status(), await staged.text()).toBe(201);
    const ticket = (await staged.json()).data as {
      uploadId: string;
      files: { url: string; headers: Record<string, string> }[];
    };
    const put = await studioApi(page).put(ticket.files[0].url, { data: hello, headers: ticket.files[0].headers });
    expect(put.status(), await put.text()).toBe(201);
    const r = await studioApi(page).post(`${API}/components`, {
      data: { yaml, code: { uploadId: ticket.uploadId, files: [{ path: "hello.py", size: hello.length }] } },
    });
    expect(r.status(), await r.text()).toBe(201);
  }
  // Its ./data folder, uploaded to workspaceblobstore (the workspace cannot read a local path).
  const csv = fs.readFileSync(path.join(EXAMPLE, "data/sample.csv"));
  const dataPath = `e2e/3b-${version}/data`;
  const up = await studioApi(page).put(
    `${API}/datastores/workspaceblobstore/upload?path=${encodeURIComponent(`${dataPath}/sample.csv`)}&size=${csv.length}`,
    { data: csv, headers: { "content-type": "text/csv" } },
  );
  expect(up.status(), await up.text()).toBe(201);

  // The example's pipeline YAML, imported as it is but for the registered components and the uploaded data.
  const pipelineYaml = fs
    .readFileSync(path.join(EXAMPLE, "pipeline.yml"), "utf8")
    .replace(
      /component: \.\/component([ABC])\.yml/g,
      (_, x: string) => `component: azureml:component_${x.toLowerCase()}:${version}`,
    )
    .replace("path: ./data", `path: azureml://datastores/workspaceblobstore/paths/${dataPath}`);
  const imported = await studioApi(page).post(`${API}/pipeline-import`, { data: { yaml: pipelineYaml, files: {} } });
  expect(imported.status(), await imported.text()).toBe(200);
  const { graph } = (await imported.json()).data;
  const draft = await studioApi(page).post(`${API}/pipeline-drafts`, { data: { name: `3b e2e ${version}`, graph } });
  expect(draft.status(), await draft.text()).toBe(201);
  const draftId = (await draft.json()).data.id;

  // Submitted from the designer.
  await page.goto(`${WORKSPACE_PATH}/designer?draft=${draftId}`);
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await page.getByRole("link", { name: "Follow the job" }).click();
  await page.waitForURL(/\/jobs\/[^/?]+$/);

  // The graph: steps turn green in order, watched live.
  await page.getByRole("tab", { name: "Graph" }).click();
  const node = (id: string) => page.getByTestId(`graph-node-${id}`);
  await expect(node("component_a")).toHaveAttribute("data-status", "Running", { timeout: 30_000 });
  await expect(node("component_c")).not.toHaveAttribute("data-status", "Completed");
  await expect(node("component_a")).toHaveAttribute("data-status", "Completed", { timeout: 30_000 });
  await expect(node("component_b")).toHaveAttribute("data-status", "Running", { timeout: 30_000 });
  await expect(node("component_c")).not.toHaveAttribute("data-status", "Completed");
  await expect(node("component_b")).toHaveAttribute("data-status", "Completed", { timeout: 30_000 });
  await expect(node("component_c")).toHaveAttribute("data-status", "Completed", { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 }).locator("..").getByText("Completed")).toBeVisible({
    timeout: 15_000,
  });

  // Click a node: its log and outputs.
  await node("component_b").click();
  await expect(page.getByTestId("log-view")).toContainText("Hello from componentB");
  await expect(page.getByTestId("log-view")).toContainText("input files: ['componentA.txt', 'sample.csv']");
  await expect(page.getByRole("link", { name: /azureml\/.*component_b\/component_b_output/ })).toBeVisible();

  // Logs tab with the live viewer; the outputs link into the datastore browser.
  await page.getByRole("tab", { name: "Logs" }).click();
  await expect(page.getByTestId("log-view")).toContainText("Environment requested: inline: image python");
  await page.getByRole("tab", { name: "Inputs & outputs" }).click();
  const outLink = page.getByRole("link", { name: /component_c\/component_c_output/ }).first();
  await expect(outLink).toHaveAttribute("href", /\/datastores\/workspaceblobstore\?path=azureml%2F/);

  // The metric a step logged, charted (the selected step, component_b, saw two files).
  await page.getByRole("tab", { name: "Metrics" }).click();
  await expect(page.getByTestId("metric-files_seen")).toBeVisible();
  await expect(page.getByTestId("metric-files_seen")).toContainText("last value 2");

  // The profile and the list.
  await page.getByRole("tab", { name: "Profile" }).click();
  await expect(page.getByTestId("gantt").locator("rect")).toHaveCount(3);
  await page.goto(`${WORKSPACE_PATH}/jobs`);
  await expect(page.getByRole("link", { name: "3b_pipeline_with_data" }).first()).toBeVisible();
});

test("a live log line reaches the page and cancel stops the job; a reader cannot cancel", async ({ page, browser }) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  // A command job whose log grows while it runs.
  const r = await studioApi(page).post(`${API}/components`, {
    data: {
      yaml: `name: e2e_ticker\nversion: "${Date.now()}"\ntype: command\ninputs:\n  n: {type: integer}\noutputs:\n  out: {type: uri_folder}\nenvironment:\n  image: python\ncommand: for i in $(seq 1 \${{inputs.n}}); do echo tick $i; sleep 0.5; done\n`,
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  const comp = (await r.json()).data;
  const g = {
    settings: { defaultCompute: "azureml:cpu-cluster" },
    inputs: {},
    outputs: {},
    edges: [],
    components: { t: comp.spec },
    nodes: [
      {
        kind: "component",
        id: "ticker",
        componentRef: `azureml:e2e_ticker:${comp.version}`,
        componentKey: "t",
        inputs: { n: { kind: "literal", value: 120 } },
        outputs: {},
        position: { x: 0, y: 0 },
      },
    ],
  };
  const sub = await studioApi(page).post(`${API}/pipeline-jobs`, { data: { graph: g } });
  expect(sub.status(), await sub.text()).toBe(201);
  const job = (await sub.json()).data.name;
  await page.goto(`${WORKSPACE_PATH}/jobs/${job}?tab=logs`);
  await expect(page.getByTestId("log-view")).toContainText("tick 3", { timeout: 30_000 });
  await expect(page.getByTestId("log-state")).toContainText("Live");

  const reader = await (await browser.newContext()).newPage();
  await signIn(reader, "reader", `${WORKSPACE_PATH}/jobs`);
  await reader.goto(`${WORKSPACE_PATH}/jobs/${job}`);
  await expect(reader.getByRole("button", { name: "Cancel" })).toBeDisabled();
  await reader.close();

  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1 }).locator("..").getByText("Canceled")).toBeVisible({
    timeout: 20_000,
  });
});

test("a command job file pasted into Create job runs, shows its log and exports back to YAML", async ({ page }) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  await page.getByRole("button", { name: "Create job" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("tab", { name: "YAML file" }).click();
  // A problem first: every problem is listed and nothing is created.
  await dialog
    .getByRole("textbox", { name: /YAML/ })
    .fill("command: echo ${{inputs.missing}}\ncompute: azureml:nope\n");
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(dialog.getByTestId("job-problems")).toContainText("environment is required");
  await expect(dialog.getByTestId("job-problems")).toContainText("inputs does not declare");
  await dialog
    .getByRole("textbox", { name: /YAML/ })
    .fill(
      [
        "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
        'command: echo "hello ${{inputs.who}}"',
        "environment:",
        "  image: library/python:latest",
        "inputs:",
        "  who: e2e",
        "compute: azureml:cpu-cluster",
        "display_name: hello-e2e",
        "",
      ].join("\n"),
    );
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "hello-e2e" })).toBeVisible();
  await expect(page.getByText("Completed").first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole("tab", { name: "Logs" }).click();
  await expect(page.getByText("hello e2e")).toBeVisible({ timeout: 30_000 });
  const exported = page.getByRole("link", { name: "Export YAML" });
  const yaml = await (await page.request.get((await exported.getAttribute("href"))!)).text();
  expect(yaml).toContain("display_name: hello-e2e");
  expect(yaml).toContain("image: library/python:latest");

  // Edit and resubmit: the form opens with the job (its inline environment kept); the edited copy runs as a new job.
  await page.getByRole("button", { name: "Edit and resubmit" }).click();
  const edit = page.getByRole("dialog");
  await expect(edit.getByLabel("Display name")).toHaveValue("hello-e2e");
  await expect(edit.getByLabel("Input 1 name")).toHaveValue("who");
  await edit.getByLabel("Display name").fill("hello-e2e-again");
  await edit.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "hello-e2e-again" })).toBeVisible();
});

test("a command job built in the form: live reference check, typed inputs, serverless or a compute, then it runs", async ({
  page,
}) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  await page.getByRole("button", { name: "Create job" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("tab", { name: "Form", selected: true })).toBeVisible();
  await dialog
    .getByRole("textbox", { name: "Command" })
    .fill('echo "lr is ${{inputs.lr}}" && echo ok > ${{outputs.out}}/ok.txt');
  await expect(dialog.getByTestId("command-references")).toContainText("Not declared below: inputs.lr, outputs.out");
  await expect(dialog.getByTestId("form-problems")).toContainText("environment is required");
  await expect(dialog.getByRole("button", { name: "Submit" })).toBeDisabled();

  await dialog.getByRole("button", { name: "Add input" }).click();
  await dialog.getByLabel("Input 1 name").fill("lr");
  await dialog.getByTestId("form-input").getByLabel("Type").selectOption("number");
  await dialog.getByTestId("form-input").getByLabel("Value").fill("not a number");
  await expect(dialog.getByTestId("form-problems")).toContainText('Input "lr" needs a number.');
  await dialog.getByTestId("form-input").getByLabel("Value").fill("0.5");
  await dialog.getByRole("button", { name: "Add output" }).click();
  await dialog.getByLabel("Output 1 name").fill("out");
  await expect(dialog.getByTestId("command-references")).not.toContainText("Not declared");
  await dialog.getByRole("combobox", { name: "Environment" }).fill("azureml:fraud-training-env@latest");
  // Serverless: the size comes from the same picker as a cluster's, with the quota left.
  await dialog.getByText("YAML that will be submitted").click();
  await dialog.getByTestId("vm-size-Standard_DS2_v2").click();
  await expect(dialog.getByTestId("form-yaml")).toContainText("instance_type: Standard_DS2_v2");
  await dialog.getByTestId("vm-size-Standard_DS2_v2").click();
  await expect(dialog.getByTestId("form-yaml")).not.toContainText("instance_type");
  await dialog.getByLabel("Compute").selectOption("cpu-cluster");
  await dialog.getByLabel("Display name").fill("form-e2e");
  await expect(dialog.getByTestId("form-yaml")).toContainText("lr: 0.5");
  await expect(dialog.getByTestId("form-yaml")).toContainText("compute: azureml:cpu-cluster");
  await expect(dialog.getByTestId("form-problems")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Submit" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "form-e2e" })).toBeVisible();
  await expect(page.getByText("Completed").first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole("tab", { name: "Logs" }).click();
  await expect(page.getByText("lr is 0.5")).toBeVisible({ timeout: 30_000 });
});

test("Create job reads a job file kept in a datastore, and says so when the path is wrong", async ({ page }) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  const file = Buffer.from(
    "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n" +
      "command: echo from the datastore ${{inputs.n}}\n" +
      "environment:\n  image: python:3.11-slim\ninputs:\n  n: 7\ncompute: azureml:cpu-cluster\ndisplay_name: from-datastore\n",
  );
  const put = await studioApi(page).put(
    `${API}/datastores/workspaceblobstore/upload?path=e2e-jobs/from-datastore.yml&size=${file.length}&contentType=text/yaml`,
    { data: file, headers: { "content-type": "application/octet-stream" } },
  );
  expect(put.status()).toBe(201);

  await page.getByRole("button", { name: "Create job" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("tab", { name: "YAML file" }).click();
  const fromDatastore = dialog.getByRole("group", { name: "A job file in a datastore" });
  await expect(fromDatastore.getByRole("textbox", { name: "Datastore", exact: true })).toHaveValue(
    "workspaceblobstore",
  );
  await fromDatastore.getByLabel("Path in the datastore").fill("e2e-jobs/no-such.yml");
  await fromDatastore.getByRole("button", { name: "Read the file" }).click();
  await expect(dialog.getByText("The job's file could not be read")).toBeVisible();
  await fromDatastore.getByLabel("Path in the datastore").fill("e2e-jobs/from-datastore.yml");
  await fromDatastore.getByRole("button", { name: "Read the file" }).click();
  await expect(
    dialog.getByRole("textbox", { name: /YAML \(workspaceblobstore\/e2e-jobs\/from-datastore\.yml\)/ }),
  ).toHaveValue(/display_name: from-datastore/);
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "from-datastore" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 }).locator("..").getByText("Completed")).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole("tab", { name: "Logs" }).click();
  await expect(page.getByText("from the datastore 7")).toBeVisible({ timeout: 30_000 });
});

const LOG_LOSS =
  'python3 -c "import json,os,urllib.request; ' +
  "r=urllib.request.Request(os.environ['MLFLOW_TRACKING_URI']+'/api/2.0/mlflow/runs/log-metric', " +
  "data=json.dumps({'run_id':os.environ['MLFLOW_RUN_ID'],'key':'loss','value':float('${{inputs.lr}}'),'timestamp':0,'step':1}).encode(), " +
  "headers={'Content-Type':'application/json','Authorization':'Bearer '+os.environ['MLFLOW_TRACKING_TOKEN']}); " +
  'urllib.request.urlopen(r).read()"';

test("two command jobs selected in the list compare side by side: only differences, metrics overlaid, a deep link", async ({
  page,
}) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  const names: string[] = [];
  for (const lr of ["0.1", "0.01"]) {
    const r = await studioApi(page).post(`${API}/job-files`, {
      data: {
        // Each job logs loss = lr to its MLflow run, as mlflow.log_metric would.
        yaml: `command: ${JSON.stringify(LOG_LOSS)}\nenvironment:\n  image: python:3.11-slim\ninputs:\n  lr: ${lr}\ncompute: azureml:cpu-cluster\ndisplay_name: cmp-${lr}\n`,
      },
    });
    expect(r.status()).toBe(201);
    names.push((await r.json()).data.name);
  }
  // Compared once both have run, so each has its metric to show.
  for (const n of names)
    await expect
      .poll(async () => (await (await page.request.get(`${API}/jobs/${n}`)).json()).data.job.status, {
        timeout: 60_000,
      })
      .toBe("Completed");
  await page.reload();
  for (const n of ["cmp-0.1", "cmp-0.01"]) await page.getByRole("checkbox", { name: `Select ${n} to compare` }).check();
  await page.getByRole("link", { name: "Compare (2)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compare 2 jobs" })).toBeVisible();
  expect(new URL(page.url()).searchParams.get("jobs")).toBe(names.join(","));
  const table = page.getByRole("table", { name: "Parameters of the compared jobs" });
  await expect(table.getByRole("row", { name: /^inputs\.lr/ })).toContainText("0.01");
  await expect(table.getByRole("row", { name: /^command/ })).toBeVisible();
  await page.getByRole("switch", { name: "Only differences" }).check();
  await expect(table.getByRole("row", { name: /^command/ })).toHaveCount(0);
  await expect(table.getByRole("row", { name: /^inputs\.lr/ })).toBeVisible();
  // Each job's loss on one chart; its table view lists both jobs' points.
  const loss = page.getByTestId("compare-metric-loss");
  await expect(loss).toBeVisible();
  await loss.getByRole("switch", { name: "Show as table" }).check();
  const points = loss.getByRole("table", { name: "loss per job" });
  await expect(points.getByRole("row")).toHaveCount(3);
  await expect(points).toContainText("0.01");
  await expect(points).toContainText("0.1");
  // The deep link alone opens the same comparison.
  await page.goto(page.url());
  await expect(page.getByRole("heading", { level: 1, name: "Compare 2 jobs" })).toBeVisible();
});

test("a sweep file pasted into Create job runs its trials here; the Trials tab shows the best one", async ({
  page,
}) => {
  await signIn(page, "scientist", `${WORKSPACE_PATH}/jobs`);
  await page.getByRole("button", { name: "Create job" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("tab", { name: "YAML file" }).click();
  // Each trial reports accuracy = 1 - (lr - 0.05)^2 to its MLflow run, as mlflow.log_metric would.
  const report =
    'python3 -c "import json,os,urllib.request; v=1-(${{search_space.lr}}-0.05)**2; ' +
    "r=urllib.request.Request(os.environ['MLFLOW_TRACKING_URI']+'/api/2.0/mlflow/runs/log-metric', " +
    "data=json.dumps({'run_id':os.environ['MLFLOW_RUN_ID'],'key':'accuracy','value':v,'timestamp':0,'step':0}).encode(), " +
    "headers={'Content-Type':'application/json','Authorization':'Bearer '+os.environ['MLFLOW_TRACKING_TOKEN']}); " +
    'urllib.request.urlopen(r).read()"';
  await dialog
    .getByRole("textbox", { name: /YAML/ })
    .fill(
      [
        "$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json",
        "type: sweep",
        "display_name: sweep-e2e",
        "trial:",
        `  command: >-\n    ${report}`,
        "  environment:",
        "    image: library/python:latest",
        "compute: azureml:cpu-cluster",
        "sampling_algorithm: grid",
        "search_space:",
        "  lr:",
        "    type: choice",
        "    values: [0.01, 0.05, 0.1]",
        "objective:",
        "  goal: maximize",
        "  primary_metric: accuracy",
        "limits:",
        "  max_total_trials: 3",
        "  max_concurrent_trials: 3",
        "",
      ].join("\n"),
    );
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "sweep-e2e" })).toBeVisible();
  await expect(page.getByText("Completed").first()).toBeVisible({ timeout: 90_000 });
  await page.getByRole("tab", { name: /Trials/ }).click();
  await expect(page.getByTestId("best-trial")).toContainText("(accuracy 1)", { timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Trials" }).getByRole("row")).toHaveCount(4);
});

test("a link to a pipeline's graph sends what the graph paints first, and the other tabs read the whole job", async ({
  page,
}) => {
  await signIn(page, "reader", `${WORKSPACE_PATH}/jobs`);
  await page.getByRole("link", { name: "demo_basic_pipeline" }).first().click();
  await page.waitForURL(/\/jobs\/[^/?]+$/);
  const jobUrl = page.url();
  const name = decodeURIComponent(new URL(jobUrl).pathname.split("/").pop()!);
  // The step definitions (each step's component id) come in the overview's HTML, not in the graph's: the graph has them.
  const html = async (url: string) => (await page.request.get(url)).text();
  const stepDefinition = "/components/component_a/versions/1";
  expect(await html(jobUrl)).toContain(stepDefinition);
  expect(await html(`${jobUrl}?tab=graph`)).not.toContain(stepDefinition);

  const wholeJob = page.waitForResponse(
    (r) => r.request().method() === "GET" && new URL(r.url()).pathname === `${API}/jobs/${name}`,
  );
  await page.goto(`${jobUrl}?tab=graph`);
  await expect(page.getByRole("button", { name: /^component_a / })).toBeVisible();
  // Read at once, not at the next poll: the page's copy lacks what the Parameters and Inputs & outputs tabs list.
  expect((await wholeJob).status()).toBe(200);
  await page.getByRole("tab", { name: "Parameters" }).click();
  await expect(page.getByRole("table", { name: "Parameters" })).toContainText("settings.default_compute");
});
