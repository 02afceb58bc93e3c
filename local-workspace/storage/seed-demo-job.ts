/**
 * Demo content for the jobs pages: on a workspace's first start, a small input folder is uploaded and the 3-step
 * basic pipeline of the seeded components (component_a → component_b → component_c on cpu-cluster) is submitted
 * through the service's own jobs route, as a user would, so it really runs on this machine.
 */
import type { FastifyInstance } from "fastify";
import { SignJWT } from "jose";
import {
  buildPipelineGraph,
  componentFromSpec,
  readPipelineYaml,
  toPipelineJobProperties,
} from "../../lib/domain/pipeline";
import { PROVIDER } from "../arm";
import type { Ctx } from "../context";
import { SEED_COMPONENTS } from "../seed-components";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../seed";
import type { LocalStorage } from ".";
import { defaultStoreNames } from "./seed-data";

export const DEMO_JOB_NAME = "demo-basic-pipeline";
const INPUT_PREFIX = "demo/pipeline-input/";

const PIPELINE_YAML = `
type: pipeline
display_name: demo_basic_pipeline
experiment_name: demo
description: Three hello-world steps over a small CSV folder (seeded on first start).
settings:
  default_compute: azureml:cpu-cluster
inputs:
  pipeline_input:
    type: uri_folder
    path: azureml://datastores/workspaceblobstore/paths/${INPUT_PREFIX}
jobs:
  component_a:
    type: command
    component: azureml:component_a:1
    inputs:
      component_a_input: \${{parent.inputs.pipeline_input}}
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
`;

export async function seedDemoJob(opts: {
  app: FastifyInstance;
  ctx: Ctx;
  storage: LocalStorage;
  tokenKey: Uint8Array;
  issuer: string;
  audience: string;
}) {
  const { ctx } = opts;
  const wsId = `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/${SEED_RESOURCE_GROUP}/providers/${PROVIDER}/workspaces/${SEED_WORKSPACE}`;
  if (!ctx.store.get(wsId)) return;
  // Once per workspace: any job at all (the demo or the user's own) means the demo was seeded or is not wanted.
  if (ctx.store.db.prepare("SELECT 1 FROM resources WHERE kind = 'jobs' LIMIT 1").get()) return;

  const container = opts.storage.blobService.getContainerClient(defaultStoreNames(ctx, wsId).container);
  await container.createIfNotExists();
  const rows =
    ["id,feature,label", ...Array.from({ length: 20 }, (_, i) => `${i},${(i * 0.37).toFixed(2)},${i % 2}`)].join("\n") +
    "\n";
  await container
    .getBlockBlobClient(`${INPUT_PREFIX}sample.csv`)
    .upload(rows, Buffer.byteLength(rows), { blobHTTPHeaders: { blobContentType: "text/csv" } });

  const specs = new Map(
    SEED_COMPONENTS.map((c) => [`azureml:${String(c.spec.name)}:${String(c.spec.version)}`, componentFromSpec(c.spec)]),
  );
  const graph = buildPipelineGraph(readPipelineYaml(PIPELINE_YAML), (ref) => specs.get(ref));
  const properties = toPipelineJobProperties(graph, {
    componentId: (n) => `${wsId}/components/${n.component.name}/versions/${n.component.version ?? "1"}`,
    computeId: (ref) => `${wsId}/computes/${ref.replace(/^azureml:/, "")}`,
  });
  const token = await new SignJWT({
    oid: "00000000-0000-4000-a000-000000000003",
    name: "Ada Admin",
    preferred_username: "admin@ml-studio.local",
    roles: ["Admin"],
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setExpirationTime("5m")
    .sign(opts.tokenKey);
  const res = await opts.app.inject({
    method: "PUT",
    url: `${wsId}/jobs/${DEMO_JOB_NAME}?api-version=2022-10-01`,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    payload: JSON.stringify({ properties }),
  });
  if (res.statusCode >= 300)
    throw new Error(`the demo pipeline was refused (${res.statusCode}): ${res.body.slice(0, 500)}`);
}
