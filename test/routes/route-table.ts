/**
 * Every route file × method under app/api with a valid call of it: its action, params, body and query. The access
 * matrix (access.test.ts) and the fuzzer (test/security/fuzz.test.ts) call every route from here; a route without
 * an entry fails "the table covers every route".
 */
import type { Action, Role } from "@/lib/domain/roles";
import { SUB, RG, WS } from "../support/studio";

export const ws = { sub: SUB, rg: RG, ws: WS };
const blobstore = { ...ws, name: "workspaceblobstore" };

export type PublicExpect = {
  /** Status with no credentials at all. */
  anonymous: number;
  /** Status with an expired / forged session cookie or bearer token. */
  badCredentials: number;
  /** Status for any signed-in role. */
  signedIn: number;
};

export type Entry = {
  /** The route's action (checked against the route's source below); "public" routes skip authentication. */
  action: Action | "public";
  params: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
  /** Public routes only. */
  public?: PublicExpect;
  /**
   * Roles the route's action allows but the upstream refuses, as Azure does: browsing a datastore with account-key
   * credentials needs listSecrets, which Reader lacks. They get 403 naming the role that can.
   */
  upstreamRefuses?: { roles: Role[]; needs: string };
  why: string;
};

/**
 * key: "<folder under app/api> <METHOD>". Bodies and params are valid, so an allowed caller gets a 2xx, or a
 * 4xx that is about the input's state (409: already exists / wrong state; 404: already deleted), never 401/403.
 */
/** Account-key datastores: the studio reads their key with listSecrets as the caller; Reader may not (as in Azure). */
export const LIST_SECRETS = { roles: ["Reader"] as Role[], needs: "DataScientist or Admin role (listSecrets)" };

export const TABLE: Record<string, Entry> = {
  // Any API path no route serves: a JSON 404 through the route factory (its Host check and policy), for every method.
  ...Object.fromEntries(
    (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method): [string, Entry] => [
      `[...path] ${method}`,
      {
        action: "public",
        params: { "...path": "no-such-api" },
        ...(method === "GET" || method === "DELETE" ? {} : { body: {} }),
        public: { anonymous: 404, badCredentials: 404, signedIn: 404 },
        why: "an API path no route serves answers 404 in the API's error shape",
      },
    ]),
  ),
  "auth/config GET": {
    action: "public",
    params: {},
    public: { anonymous: 200, badCredentials: 200, signedIn: 200 },
    why: "the sign-in page reads it before anyone is signed in",
  },
  "auth/session GET": {
    action: "public",
    params: {},
    public: { anonymous: 401, badCredentials: 401, signedIn: 200 },
    why: "who am I: 401 says why not",
  },
  "auth/session POST": {
    action: "public",
    params: {},
    body: { account: "reader" },
    public: { anonymous: 200, badCredentials: 200, signedIn: 200 },
    why: "sign-in itself",
  },
  "auth/session DELETE": {
    action: "public",
    params: {},
    public: { anonymous: 200, badCredentials: 200, signedIn: 200 },
    why: "sign-out always clears the cookie",
  },
  "accounts GET": { action: "accounts.manage", params: {}, why: "local accounts page" },
  "accounts POST": {
    action: "accounts.manage",
    params: {},
    body: { username: "acc-user", displayName: "Access Matrix", role: "Reader", password: "a long enough password" },
    why: "add an account (later callers: 409 it exists)",
  },
  "accounts/[id] PATCH": {
    action: "accounts.manage",
    params: { id: "00000000-0000-4000-a000-000000000001" },
    body: { disabled: false },
    why: "enable the built-in reader (already enabled: same answer)",
  },
  "accounts/[id] DELETE": {
    action: "accounts.manage",
    params: { id: "set in beforeAll" },
    why: "delete an account (later callers: 404)",
  },
  "workspaces GET": { action: "workspace.read", params: {}, why: "workspace switcher" },
  "workspaces POST": {
    action: "workspace.create",
    params: {},
    body: { subscriptionId: SUB, resourceGroup: "acc-rg", name: "acc-new-ws", location: "eastus" },
    upstreamRefuses: { roles: ["DataScientist"], needs: "Required role: Admin" },
    why: "create a workspace: the embedded default lets only Admin (later callers: 409 it exists)",
  },
  "ws/[sub]/[rg]/[ws] PATCH": {
    action: "workspace.write",
    params: ws,
    body: { description: "Edited by the access matrix" },
    why: "edit a workspace's display name, description, tags",
  },
  "ws/[sub]/[rg]/[ws] DELETE": {
    action: "workspace.write",
    params: { ...ws, ws: "acc-doomed-ws" },
    why: "delete a workspace (later callers: 404)",
  },
  "ws/[sub]/[rg]/[ws]/computes GET": { action: "compute.read", params: ws, why: "compute list" },
  "ws/[sub]/[rg]/[ws]/computes/[name] GET": {
    action: "compute.read",
    params: { ...ws, name: "cpu-cluster" },
    why: "compute detail",
  },
  "ws/[sub]/[rg]/[ws]/computes/[name] PUT": {
    action: "compute.write",
    params: { ...ws, name: "acc-new-ci" },
    body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2" },
    why: "create (the second allowed caller gets 409: it exists)",
  },
  "ws/[sub]/[rg]/[ws]/compute-files POST": {
    action: "compute.write",
    params: ws,
    body: {
      yaml: "$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: acc-yaml-cluster\ntype: amlcompute\nsize: Standard_DS2_v2\nmax_instances: 1\n",
    },
    why: "create a compute from a CLI v2 compute file (the second allowed caller gets 409: it exists)",
  },
  "ws/[sub]/[rg]/[ws]/compute-users GET": {
    action: "compute.write",
    params: ws,
    why: "whom a new compute instance can be assigned to",
  },
  "ws/[sub]/[rg]/[ws]/computes/[name] PATCH": {
    action: "compute.write",
    params: { ...ws, name: "cpu-cluster" },
    body: { minNodes: 0, maxNodes: 4, idleSecondsBeforeScaleDown: 1800 },
    why: "scale a cluster (same max: no quota needed)",
  },
  "ws/[sub]/[rg]/[ws]/computes/[name] DELETE": {
    action: "compute.write",
    params: { ...ws, name: "acc-doomed" },
    why: "delete (later callers: 202 again or 404)",
  },
  "ws/[sub]/[rg]/[ws]/computes/[name]/[action] POST": {
    action: "compute.write",
    params: { ...ws, name: "alice-ci", action: "stop" },
    why: "stop an instance (later callers: 409 wrong state)",
  },
  "ws/[sub]/[rg]/[ws]/computes/[name]/schedules PUT": {
    action: "compute.write",
    params: { ...ws, name: "bob-ci" },
    body: { schedules: [{ action: "Start", cron: "0 8 * * 1-5" }] },
    why: "set a compute instance's start/stop schedules (same answer again)",
  },
  "ws/[sub]/[rg]/[ws]/computes/[name]/nodes GET": {
    action: "compute.read",
    params: { ...ws, name: "cpu-cluster" },
    why: "cluster nodes",
  },
  "ws/[sub]/[rg]/[ws]/quotas GET": { action: "quota.read", params: ws, why: "quota admin page" },
  "ws/[sub]/[rg]/[ws]/quotas/[family] PUT": {
    action: "quota.write",
    params: { ...ws, family: "standardDSv2Family" },
    body: { limit: 48 },
    why: "set a workspace limit",
  },
  "ws/[sub]/[rg]/[ws]/quotas/audit GET": { action: "quota.read", params: ws, why: "quota change log" },
  "ws/[sub]/[rg]/[ws]/usage GET": { action: "compute.read", params: ws, why: "usage chart on the compute dashboard" },
  "ws/[sub]/[rg]/[ws]/vm-sizes GET": { action: "compute.read", params: ws, why: "VM size picker" },
  "ws/[sub]/[rg]/[ws]/datastores GET": { action: "datastore.read", params: ws, why: "datastore list" },
  "ws/[sub]/[rg]/[ws]/datastores/[name] GET": { action: "datastore.read", params: blobstore, why: "datastore detail" },
  "ws/[sub]/[rg]/[ws]/datastores/[name] PUT": {
    action: "datastore.write",
    params: { ...ws, name: "shared_datasets" },
    body: {
      type: "AzureBlob",
      accountName: "devstoreaccount1",
      containerName: "shared-datasets",
      credentials: { type: "Sas" },
      description: "edited",
    },
    why: "edit a datastore keeping its stored SAS",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name] DELETE": {
    action: "datastore.write",
    params: { ...ws, name: "acc_gone" },
    why: "unregister (absent: still 200)",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/files GET": {
    action: "datastore.read",
    params: blobstore,
    query: { path: "samples" },
    upstreamRefuses: LIST_SECRETS,
    why: "browse a folder",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/files DELETE": {
    action: "datastore.write",
    params: blobstore,
    query: { path: "README.md", kind: "file" },
    why: "delete a file (later callers: 404)",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/files POST": {
    action: "datastore.write",
    params: blobstore,
    body: { paths: ["acc/none.txt"] },
    why: "clean up a cancelled upload batch",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/file GET": {
    action: "datastore.read",
    params: blobstore,
    query: { path: "samples/iris/iris.csv" },
    upstreamRefuses: LIST_SECRETS,
    why: "file details",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/preview GET": {
    action: "datastore.read",
    params: blobstore,
    query: { path: "samples/iris/iris.csv" },
    upstreamRefuses: LIST_SECRETS,
    why: "file preview",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/download GET": {
    action: "datastore.read",
    params: blobstore,
    query: { path: "samples/iris/iris.csv" },
    upstreamRefuses: LIST_SECRETS,
    why: "read-only download URL",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/content GET": {
    action: "datastore.read",
    params: blobstore,
    query: { path: "samples/iris/iris.csv" },
    upstreamRefuses: LIST_SECRETS,
    why: "streamed content",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/folders POST": {
    action: "datastore.write",
    params: blobstore,
    body: { path: "acc-folder" },
    why: "create a folder (later callers: 409)",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/uploads POST": {
    action: "datastore.write",
    params: blobstore,
    body: { path: "acc/upload.csv", size: 10 },
    why: "write-only upload URL",
  },
  "ws/[sub]/[rg]/[ws]/datastores/[name]/upload PUT": {
    action: "datastore.write",
    params: blobstore,
    query: { path: "acc/proxy.txt", size: "7" },
    body: "hello",
    why: "streamed upload (later callers: 409 exists is not checked here, overwrite)",
  },
  "ws/[sub]/[rg]/[ws]/data GET": { action: "data.read", params: ws, why: "data asset list" },
  "ws/[sub]/[rg]/[ws]/data POST": {
    action: "data.write",
    params: ws,
    body: {
      yaml: "name: acc-yaml\ntype: uri_file\npath: azureml://datastores/workspaceblobstore/paths/samples/iris/iris.csv\n",
    },
    why: "import CLI v2 YAML",
  },
  "ws/[sub]/[rg]/[ws]/data/[name] GET": { action: "data.read", params: { ...ws, name: "titanic" }, why: "data asset" },
  "ws/[sub]/[rg]/[ws]/data/[name] PATCH": {
    action: "data.write",
    params: { ...ws, name: "titanic" },
    body: { description: "edited" },
    why: "edit, archive, restore",
  },
  "ws/[sub]/[rg]/[ws]/data/[name]/versions GET": {
    action: "data.read",
    params: { ...ws, name: "titanic" },
    why: "version history",
  },
  "ws/[sub]/[rg]/[ws]/data/[name]/versions POST": {
    action: "data.write",
    params: { ...ws, name: "acc-data" },
    body: { dataType: "uri_file", datastore: "workspaceblobstore", path: "samples/iris/iris.csv" },
    why: "new version from a browsed path",
  },
  "ws/[sub]/[rg]/[ws]/data/[name]/versions/[version] GET": {
    action: "data.read",
    params: { ...ws, name: "titanic", version: "1" },
    why: "one version",
  },
  "ws/[sub]/[rg]/[ws]/data/[name]/versions/[version] PATCH": {
    action: "data.write",
    params: { ...ws, name: "titanic", version: "1" },
    body: { tags: { checked: "yes" } },
    why: "edit a version",
  },
  "ws/[sub]/[rg]/[ws]/components GET": {
    action: "component.read",
    params: ws,
    why: "component list and designer palette",
  },
  "ws/[sub]/[rg]/[ws]/components POST": {
    action: "component.write",
    params: ws,
    body: { yaml: "name: acc_comp\nversion: 1\nenvironment: {image: python}\ncommand: echo hi\n" },
    why: "register a component (later callers: 409, the version exists)",
  },
  "ws/[sub]/[rg]/[ws]/components/[name] GET": {
    action: "component.read",
    params: { ...ws, name: "my_train" },
    why: "component detail",
  },
  "ws/[sub]/[rg]/[ws]/components/[name] PATCH": {
    action: "component.write",
    params: { ...ws, name: "component_c" },
    body: { archived: false },
    why: "archive or restore",
  },
  "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code GET": {
    action: "component.read",
    params: { ...ws, name: "my_train", version: "1" },
    why: "code files of a component",
  },
  "ws/[sub]/[rg]/[ws]/pipeline-drafts GET": { action: "pipeline.read", params: ws, why: "designer drafts" },
  "ws/[sub]/[rg]/[ws]/pipeline-drafts POST": {
    action: "pipeline.write",
    params: ws,
    body: { name: "acc", graph: { settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [], components: {} } },
    why: "new draft",
  },
  "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id] GET": {
    action: "pipeline.read",
    params: { ...ws, id: "set in beforeAll" },
    why: "open a draft",
  },
  "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id] PUT": {
    action: "pipeline.write",
    params: { ...ws, id: "set in beforeAll" },
    body: { graph: { settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [], components: {} }, version: 1 },
    why: "save (later callers: 409, the version moved on)",
  },
  "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id] DELETE": {
    action: "pipeline.write",
    params: { ...ws, id: "set in beforeAll" },
    why: "delete a draft (later callers: 404)",
  },
  "ws/[sub]/[rg]/[ws]/pipeline-import POST": {
    action: "pipeline.read",
    params: ws,
    body: {
      yaml: "type: pipeline\nsettings: {default_compute: azureml:cpu-cluster}\njobs:\n  a:\n    component: azureml:component_a:1\n    inputs:\n      component_a_input: {type: uri_folder, path: 'azureml://datastores/workspaceblobstore/paths/acc/data'}\n",
    },
    why: "read pipeline YAML into a graph (stores nothing)",
  },
  "ws/[sub]/[rg]/[ws]/pipeline-jobs POST": {
    action: "job.write",
    params: ws,
    body: "set in beforeAll",
    why: "submit a pipeline (each caller submits a new job)",
  },
  "ws/[sub]/[rg]/[ws]/job-files POST": {
    action: "job.write",
    params: ws,
    body: { yaml: "command: echo hello\nenvironment:\n  image: python:3.11-slim\n" },
    why: "submit a command job file (each caller submits a new job)",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name]/yaml GET": {
    action: "job.read",
    params: { ...ws, name: "acc-job" },
    why: "a command job as CLI v2 YAML",
  },
  "ws/[sub]/[rg]/[ws]/jobs GET": { action: "job.read", params: ws, why: "every job of the workspace" },
  "ws/[sub]/[rg]/[ws]/lineage GET": {
    action: "lineage.read",
    params: ws,
    query: { node: "data:titanic:1", direction: "both", hops: "1" },
    why: "lineage of a data version, one hop each way",
  },
  "ws/[sub]/[rg]/[ws]/overview GET": {
    action: "workspace.read",
    params: ws,
    why: "a workspace's overview page: running jobs, computes by state, latest models and data",
  },
  "ws/[sub]/[rg]/[ws]/search GET": {
    action: "search.read",
    params: ws,
    query: { q: "cpu" },
    why: "the command palette's search over every kind's cached list",
  },
  "ws/[sub]/[rg]/[ws]/lineage/impact GET": {
    action: "lineage.read",
    params: ws,
    query: { node: "data:titanic:1", format: "csv" },
    why: "what is downstream of a data version, as CSV",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name] GET": {
    action: "job.read",
    params: { ...ws, name: "acc-job" },
    why: "one job with its timeline",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name]/graph GET": {
    action: "job.read",
    params: { ...ws, name: "acc-pipe" },
    why: "a pipeline's graph",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name]/logs GET": {
    action: "job.read",
    params: { ...ws, name: "acc-job" },
    why: "the live log (SSE; the job has ended, so the stream ends)",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name]/logs/download GET": {
    action: "job.read",
    params: { ...ws, name: "acc-job" },
    why: "the log as a file",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name]/metrics GET": {
    action: "job.read",
    params: { ...ws, name: "acc-job" },
    why: "MLflow metrics of the job's run",
  },
  "ws/[sub]/[rg]/[ws]/jobs/[name]/[action] POST": {
    action: "job.write",
    params: { ...ws, name: "acc-job", action: "rerun" },
    why: "rerun (each caller submits a copy; cancel and clone take the same path)",
  },
  "ws/[sub]/[rg]/[ws]/models GET": { action: "model.read", params: ws, why: "model list" },
  "ws/[sub]/[rg]/[ws]/model-details GET": {
    action: "model.read",
    params: ws,
    query: { versions: "credit-default-classifier@4,churn-xgb@1" },
    why: "type and stage of the list's rows on screen",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions GET": {
    action: "model.read",
    params: { ...ws, name: "credit-default-classifier" },
    why: "version history",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version] GET": {
    action: "model.read",
    params: { ...ws, name: "credit-default-classifier", version: "3" },
    why: "one version (a link beyond the loaded pages)",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version] PUT": {
    action: "model.write",
    params: { ...ws, name: "acc-model", version: "1" },
    body: {
      modelType: "custom_model",
      source: { kind: "datastore", datastore: "workspaceblobstore", path: "models/churn-xgb/1" },
    },
    why: "register a version (later callers: 409 it exists)",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version] PATCH": {
    action: "model.write",
    params: { ...ws, name: "credit-default-classifier", version: "2" },
    body: { description: "edited" },
    why: "edit, archive, restore",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version]/files GET": {
    action: "model.read",
    params: { ...ws, name: "credit-default-classifier", version: "1" },
    why: "files with sizes and hashes",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version]/mlflow GET": {
    action: "model.read",
    params: { ...ws, name: "credit-default-classifier", version: "1" },
    why: "MLflow signature and input example",
  },
  "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version]/download GET": {
    action: "model.read",
    params: { ...ws, name: "credit-default-classifier", version: "1" },
    query: { path: "MLmodel" },
    why: "download one file (redirect to a read-only URL)",
  },
  "ws/[sub]/[rg]/[ws]/model-uploads POST": {
    action: "model.write",
    params: ws,
    body: { files: [{ path: "model.pkl", size: 10 }] },
    why: "open an upload: write-only URLs",
  },
  "ws/[sub]/[rg]/[ws]/model-uploads/[id] DELETE": {
    action: "model.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000001" },
    why: "cancel an upload",
  },
  "ws/[sub]/[rg]/[ws]/model-uploads/[id]/file PUT": {
    action: "model.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000001" },
    query: { path: "a.txt", size: "7" },
    body: "hello",
    why: "server-side upload of one file (the harness sends the body as JSON: 7 bytes)",
  },
  "ws/[sub]/[rg]/[ws]/environments GET": { action: "environment.read", params: ws, why: "environment list" },
  "ws/[sub]/[rg]/[ws]/environments/[name]/versions GET": {
    action: "environment.read",
    params: { ...ws, name: "fraud-training-env" },
    why: "version history",
  },
  "ws/[sub]/[rg]/[ws]/environments/[name]/versions/[version] GET": {
    action: "environment.read",
    params: { ...ws, name: "fraud-training-env", version: "1" },
    why: "one version (a link beyond the loaded pages)",
  },
  "ws/[sub]/[rg]/[ws]/environments/[name]/versions/[version] PUT": {
    action: "environment.write",
    params: { ...ws, name: "acc-env", version: "1" },
    body: { image: "python:3.11-slim" },
    why: "create a version (later callers: 409 it exists)",
  },
  "ws/[sub]/[rg]/[ws]/environments/[name]/versions/[version] PATCH": {
    action: "environment.write",
    params: { ...ws, name: "fraud-training-env", version: "1" },
    body: { description: "edited" },
    why: "edit, archive, restore",
  },
  "ws/[sub]/[rg]/[ws]/environments/[name]/versions/[version]/build GET": {
    action: "environment.read",
    params: { ...ws, name: "fraud-training-env", version: "1" },
    why: "build status and log",
  },
  "ws/[sub]/[rg]/[ws]/environments/[name]/versions/[version]/context GET": {
    action: "environment.read",
    params: { ...ws, name: "docker-context-example", version: "1" },
    why: "build context files and Dockerfile",
  },
  "ws/[sub]/[rg]/[ws]/environment-uploads POST": {
    action: "environment.write",
    params: ws,
    body: { files: [{ path: "Dockerfile", size: 10 }] },
    why: "open a build-context upload",
  },
  "ws/[sub]/[rg]/[ws]/environment-uploads/[id] DELETE": {
    action: "environment.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000002" },
    why: "cancel an upload",
  },
  "ws/[sub]/[rg]/[ws]/environment-uploads/[id]/file PUT": {
    action: "environment.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000002" },
    query: { path: "Dockerfile", size: "7" },
    body: "hello",
    why: "server-side upload of one file (the harness sends the body as JSON: 7 bytes)",
  },
  "ws/[sub]/[rg]/[ws]/component-uploads POST": {
    action: "component.write",
    params: ws,
    body: { files: [{ path: "main.py", size: 10 }] },
    why: "open a code-folder upload",
  },
  "ws/[sub]/[rg]/[ws]/component-uploads/[id] DELETE": {
    action: "component.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000003" },
    why: "cancel an upload",
  },
  "ws/[sub]/[rg]/[ws]/component-uploads/[id]/file PUT": {
    action: "component.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000003" },
    query: { path: "main.py", size: "7" },
    body: "hello",
    why: "server-side upload of one file (the harness sends the body as JSON: 7 bytes)",
  },
  "ws/[sub]/[rg]/[ws]/job-uploads POST": {
    action: "job.write",
    params: ws,
    body: { files: [{ path: "main.py", size: 10 }] },
    why: "open a command job's code-folder upload",
  },
  "ws/[sub]/[rg]/[ws]/job-uploads/[id] DELETE": {
    action: "job.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000004" },
    why: "cancel an upload",
  },
  "ws/[sub]/[rg]/[ws]/job-uploads/[id]/file PUT": {
    action: "job.write",
    params: { ...ws, id: "00000000-0000-4000-8000-000000000004" },
    query: { path: "main.py", size: "7" },
    body: "hello",
    why: "server-side upload of one file (the harness sends the body as JSON: 7 bytes)",
  },
};
