/**
 * The command palette's search over HTTP (`next start`), with at least 10,000 models and 10,000 jobs in the
 * workspace (plus its computes, datastores, data, environments and components): what a person typing waits for.
 * The lists come from the one read-through cache (the first call fills it and is not counted); queries mix a
 * prefix, a word inside names, a version (`name:1`, looked up in that model's versions) and text found nowhere.
 * Target: p95 ≤ 100 ms.
 */
import type { World } from "./lib/env";
import type { NextServer } from "./lib/next-server";
import { nowMs, summarize } from "./lib/stats";
import type { JobsFigure } from "./jobs";
import { seedBulkJobs } from "./lib/bulk-jobs";
import { bulkCreateModels } from "../local-workspace/seed-models";
import { workspaceId } from "../local-workspace/arm";

export const TARGET_PALETTE_P95_MS = 100;
const AT_LEAST = 10_000;
const QUERIES = ["bulk_0421", "model-0077", "cpu", "bulk-model-00042:1", "job 9", "exp_7", "zzz-nothing", "fraud"];

export async function benchPalette(world: World, server: NextServer, samples = 120): Promise<JobsFigure> {
  const { sub, rg, ws } = world.ref;
  const ctx = world.service.ctx;
  const wsId = workspaceId(sub, rg, ws);
  const models = ctx.store.count("models", wsId);
  if (models < AT_LEAST) bulkCreateModels(ctx, wsId, AT_LEAST - models, "palette-model");
  if (ctx.store.count("jobs", wsId) < AT_LEAST) seedBulkJobs(world, AT_LEAST);
  const url = (q: string) => `${server.url}/api/ws/${sub}/${rg}/${ws}/search?${new URLSearchParams({ q })}`;
  const headers = { cookie: server.cookie };
  let found = 0;
  const call = async (q: string) => {
    const res = await fetch(url(q), { headers });
    if (!res.ok) throw new Error(`search ${q}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { data: { items: unknown[] } };
    found += body.data.items.length;
  };
  for (const q of QUERIES) await call(q); // fills the cache of every list
  const times: number[] = [];
  found = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = nowMs();
    await call(QUERIES[i % QUERIES.length]);
    times.push(nowMs() - t0);
  }
  const s = summarize(times);
  return {
    label: "command palette search (HTTP)",
    summary: s,
    unit: "ms",
    target: { text: `p95 ≤ ${TARGET_PALETTE_P95_MS} ms`, pass: s.p95 <= TARGET_PALETTE_P95_MS },
    note: `${ctx.store.count("models", wsId).toLocaleString()} models, ${ctx.store.count("jobs", wsId).toLocaleString()} jobs; ${(found / samples).toFixed(1)} results per query`,
  };
}
