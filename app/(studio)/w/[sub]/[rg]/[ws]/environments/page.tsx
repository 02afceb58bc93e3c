import { EnvironmentList } from "@/features/environments";
import { listEnvironments } from "@/features/environments/server";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { readForPage } from "@/lib/server/page-data";
import { pageSeed } from "@/lib/domain/page-seed";
import { listSeed } from "@/lib/domain/cache-meta";

export const metadata = { title: "Environments" };

export default async function EnvironmentsPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string }>;
}) {
  const p = await params;
  // The active environments, read here through the cache so the first rows are in the HTML (the first of them only:
  // the list reads the rest through its route).
  const initial = await readForPage(workspaceParams, p, "environment.read", (ctx) =>
    listEnvironments(ctx, "exclude").then(listSeed),
  );
  return (
    <EnvironmentList
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      initial={pageSeed(initial)}
    />
  );
}
