import { ModelList } from "@/features/models";
import { listModels } from "@/features/models/server";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { readForPage } from "@/lib/server/page-data";

export const metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  // The active models, read here through the cache so the first rows are in the HTML.
  const initial = await readForPage(workspaceParams, p, "model.read", (ctx) => listModels(ctx, "exclude"));
  return <ModelList workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} initial={initial} />;
}
