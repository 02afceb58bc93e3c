import { Suspense } from "react";
import { LineagePage } from "@/features/lineage";

export const metadata = { title: "Lineage" };

/** /lineage?node=<kind>:<name>[:<version>] — where an asset version or job came from and what used it. */
export default async function Lineage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return (
    <Suspense>
      <LineagePage workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />
    </Suspense>
  );
}
