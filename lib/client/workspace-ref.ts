"use client";
import { useParams } from "next/navigation";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The workspace the current page is in, from the `/w/[sub]/[rg]/[ws]` segments; null outside one. */
export function useWorkspaceRef(): WorkspaceRef | null {
  const p = useParams<{ sub?: string; rg?: string; ws?: string }>();
  return p?.sub && p.rg && p.ws ? { subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws } : null;
}
