import { WorkspaceHomeWithContents } from "./WorkspaceHomeWithContents";
import { config } from "@/lib/server/config";

export const metadata = { title: "Workspaces" };
export default function Home() {
  // The embedded default lets only Admin create workspaces; in Azure, ARM decides for whoever may try.
  return (
    <WorkspaceHomeWithContents
      subscriptions={config.subscriptions}
      createRole={config.upstream === "local" ? "Admin" : "DataScientist"}
      upstream={config.upstream}
    />
  );
}
