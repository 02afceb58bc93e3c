import type { World } from "./env";
import { childId, workspaceId } from "../../local-workspace/arm";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../../local-workspace/seed";

const WS_ID = workspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, SEED_WORKSPACE);

/** `count` finished jobs of every kind and status, written straight into the local service's store. */
export function seedBulkJobs(world: World, count = 10_000) {
  const ctx = world.service.ctx;
  const now = Date.now();
  const statuses = ["Completed", "Failed", "Canceled", "Completed", "Completed"];
  ctx.store.tx(() => {
    for (let i = 0; i < count; i++) {
      const name = `bulk_${String(i).padStart(5, "0")}`;
      const id = childId(WS_ID, "jobs", name);
      const at = new Date(now - (count - i) * 60_000).toISOString();
      ctx.store.put(
        {
          id,
          kind: "jobs",
          parent: WS_ID,
          name,
          sim: { history: [] },
          dueAt: null,
          body: {
            id,
            name,
            type: "Microsoft.MachineLearningServices/workspaces/jobs",
            properties: {
              jobType: i % 3 ? "Command" : "Pipeline",
              displayName: `bulk job ${i}`,
              status: statuses[i % 5],
              experimentName: `exp_${i % 20}`,
              computeId: `${WS_ID}/computes/cpu-cluster`,
              properties: { StartTimeUtc: at, EndTimeUtc: new Date(Date.parse(at) + 42_000).toISOString() },
              tags: {},
              isArchived: false,
            },
            systemData: { createdAt: at, createdBy: "bench@ml-studio.local" },
          },
        },
        now,
      );
    }
  });
}
