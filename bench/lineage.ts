/**
 * Lineage at scale (issue 15): a data version read by 1,000 jobs (a model registered from every 10th).
 * Measured in-process on the local service:
 *   - first hop: the lineage server function answering the data version's neighbourhood (index cached, as a page
 *     that just asked), the answer through JSON (what the browser receives) and the incremental layout of the
 *     hop's 1,000 nodes: the time from data to a positioned graph. Target: ≤ 300 ms (p95).
 *   - expanding one hop from a job on that canvas: the layout places only the new nodes; every node already
 *     placed keeps its cell (checked on every sample: a re-layout would be a MISS).
 *   - the index build itself (uncached: every job, model and data version listed through the SDK), for context.
 * Rows are written straight into the service's store (jobs created over the API would start running).
 */
import type { World } from "./lib/env";
import { sample, type Sampled } from "./lib/stats";

export const LINEAGE_JOBS = 1000;
export const TARGET_FIRST_HOP_MS = 300;
const DATA = "bench-lineage-data";

export type LineageReport = {
  jobs: number;
  nodesInFirstHop: number;
  firstHop: Sampled;
  serverOnly: Sampled;
  layoutOnly: Sampled;
  expand: Sampled;
  expandReLaidNodes: number;
  indexBuild: Sampled;
};

async function seedLineage(world: World, jobs: number) {
  const { putDataVersion } = await import("../local-workspace/resources/data-assets");
  const { storeVersion } = await import("../local-workspace/resources/assets");
  const { modelSpec } = await import("../local-workspace/resources/models");
  const ctx = world.service.ctx;
  const wsId = `/subscriptions/${world.ref.sub}/resourceGroups/${world.ref.rg}/providers/Microsoft.MachineLearningServices/workspaces/${world.ref.ws}`;
  const now = Date.now();
  const sys = { createdAt: new Date(now).toISOString(), createdBy: "bench" };
  putDataVersion(
    ctx,
    wsId,
    DATA,
    "1",
    { dataType: "uri_folder", dataUri: "azureml://datastores/workspaceblobstore/paths/bench/lineage/" },
    sys,
    now,
  );
  const insert = ctx.store.db.transaction(() => {
    for (let i = 0; i < jobs; i++) {
      const name = `bench-lineage-job-${i}`;
      const id = `${wsId}/jobs/${name}`;
      const body = {
        id,
        name,
        type: "Microsoft.MachineLearningServices/workspaces/jobs",
        properties: {
          jobType: "Command",
          status: "Completed",
          displayName: name,
          experimentName: "bench-lineage",
          properties: {},
          command: "python train.py",
          environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
          inputs: { training: { jobInputType: "uri_folder", uri: `azureml:${DATA}:1` } },
          outputs: {
            model: {
              jobOutputType: "uri_folder",
              uri: `azureml://datastores/workspaceblobstore/paths/azureml/${name}/model/`,
            },
          },
        },
        systemData: sys,
      };
      ctx.store.put(
        { id, kind: "jobs", parent: wsId, name, body, sim: { history: [] }, dueAt: null, createdAt: now + i },
        now,
      );
      if (i % 10 === 0)
        storeVersion(
          ctx,
          modelSpec,
          wsId,
          `bench-lineage-model-${i}`,
          "1",
          { modelType: "custom_model", jobName: name, modelUri: `azureml://jobs/${name}/outputs/model` },
          { at: now, systemData: sys },
        );
    }
  });
  insert();
}

/** The seeded lineage world, as a reader's requests see it, and its root's first hop answered and laid out. */
async function lineageSetup(world: World) {
  await seedLineage(world, LINEAGE_JOBS);
  const { getLineage, lineageIndex } = await import("@/features/lineage/server");
  const { workspaceContext } = await import("@/lib/server/workspace-context");
  const { invalidate } = await import("@/lib/server/cache");
  const { newNodesOf, placeHop } = await import("@/lib/domain/lineage");
  const { findLocalAccount } = await import("@/lib/server/auth/local-accounts");
  const account = findLocalAccount("reader")!;
  const principal = {
    id: account.id,
    name: account.name,
    username: account.username,
    role: account.role,
    via: "session" as const,
  };
  const ctx = () => workspaceContext(principal, world.ref);
  const root = `data:${DATA}:1`;
  const firstHopOnce = async () => {
    const got = await getLineage(ctx(), { node: root, direction: "both", hops: 1 });
    const view = JSON.parse(JSON.stringify(got.data)) as typeof got.data;
    const placed = new Map([[root, { col: 0, row: 0 }]]);
    const cells = placeHop(
      placed,
      newNodesOf(
        placed,
        view.edges,
        view.nodes.map((n) => n.key),
      ),
    );
    for (const [k, c] of cells) placed.set(k, c);
    return { view, placed, source: got.cache.source };
  };
  return { ctx, root, firstHopOnce, getLineage, lineageIndex, invalidate, newNodesOf, placeHop };
}

/** The first hop, timed once the index is there (it reports how many nodes it placed). */
async function sampleFirstHop(
  firstHopOnce: Awaited<ReturnType<typeof lineageSetup>>["firstHopOnce"],
  base: Parameters<typeof sample>[0],
) {
  let nodes = 0;
  const sampled = await sample(base, firstHopOnce, {
    check: (r) => {
      nodes = r.view.nodes.length;
      if (r.source !== "cache") return `cache.source ${r.source}`;
      return r.placed.size === r.view.nodes.length || `placed ${r.placed.size} of ${r.view.nodes.length}`;
    },
  });
  return { sampled, nodes };
}

/** Only the first hop (the busy pass's figure): the index is built once, untimed. */
export async function benchLineageFirstHop(world: World, opts: { samples: number; deadline?: number }) {
  const { ctx, firstHopOnce, lineageIndex } = await lineageSetup(world);
  await lineageIndex(ctx());
  return (
    await sampleFirstHop(firstHopOnce, { warmup: 3, samples: opts.samples, budgetMs: 10_000, deadline: opts.deadline })
  ).sampled;
}

export async function benchLineage(world: World, opts: { samples: number; deadline?: number }): Promise<LineageReport> {
  const { ctx, root, firstHopOnce, getLineage, lineageIndex, invalidate, newNodesOf, placeHop } =
    await lineageSetup(world);
  const base = { warmup: 3, samples: Math.min(opts.samples, 50), budgetMs: 10_000, deadline: opts.deadline };

  const indexBuild = await sample(
    { ...base, warmup: 1, samples: Math.min(opts.samples, 5) },
    () => lineageIndex(ctx()),
    {
      before: () => invalidate(ctx().workspaceId, "lineage"),
      check: (r) => r.cache.source === "upstream" || `cache.source ${r.cache.source}`,
    },
  );
  // Prime the index as the page's first request would, then time what happens once the data is there.
  await lineageIndex(ctx());
  const { sampled: firstHop, nodes: nodesInFirstHop } = await sampleFirstHop(firstHopOnce, base);
  const serverOnly = await sample(base, () => getLineage(ctx(), { node: root, direction: "both", hops: 1 }));
  const { view } = await firstHopOnce();
  const layoutOnly = await sample(base, async () => {
    const placed = new Map([[root, { col: 0, row: 0 }]]);
    return placeHop(
      placed,
      newNodesOf(
        placed,
        view.edges,
        view.nodes.map((n) => n.key),
      ),
    );
  });

  // Expanding job 0 downstream (its output folder and its model): only those are placed; nothing else moves.
  // The canvas is rebuilt before each sample (untimed); the timed part is the hop's answer and its layout.
  let placed = new Map<string, { col: number; row: number }>();
  let before = new Map<string, string>();
  let reLaid = 0;
  const expand = await sample(
    base,
    async () => {
      const hop = await getLineage(ctx(), { node: "job:bench-lineage-job-0", direction: "downstream", hops: 1 });
      return placeHop(
        placed,
        newNodesOf(
          placed,
          hop.data.edges,
          hop.data.nodes.map((n) => n.key),
        ),
      );
    },
    {
      before: async () => {
        placed = (await firstHopOnce()).placed;
        before = new Map([...placed].map(([k, c]) => [k, `${c.col},${c.row}`]));
      },
      check: (cells) => {
        let moved = [...cells.keys()].filter((k) => before.has(k)).length;
        for (const [k, c] of cells) placed.set(k, c);
        for (const [k, c] of before) if (`${placed.get(k)!.col},${placed.get(k)!.row}` !== c) moved++;
        reLaid = Math.max(reLaid, moved);
        return cells.size > 0 || "the hop added no node";
      },
    },
  );
  return {
    jobs: LINEAGE_JOBS,
    nodesInFirstHop,
    firstHop,
    serverOnly,
    layoutOnly,
    expand,
    expandReLaidNodes: reLaid,
    indexBuild,
  };
}
