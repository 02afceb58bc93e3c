import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { exportJobFile, jobParams } from "@/features/jobs/server";

/** A command or sweep job as CLI v2 YAML (`az ml job create -f` accepts it), downloaded as <name>.yml. */
export const GET = route({
  action: "job.read",
  params: jobParams,
  handler: async ({ principal, params }) =>
    new Response(await exportJobFile(workspaceContext(principal, params), params.name), {
      headers: {
        "Content-Type": "application/yaml; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Disposition": `attachment; filename="${params.name}.yml"`,
      },
    }),
});
