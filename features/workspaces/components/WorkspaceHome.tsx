"use client";
import { useState, type ComponentType } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  Button,
  Card,
  CardFooter,
  CardHeader,
  Body1,
  Caption1,
  Title2,
  Spinner,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { EditRegular } from "@fluentui/react-icons/svg/edit";
import { useWorkspaces } from "../hooks";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { allows, roleRank, type Role } from "@/lib/domain/roles";
import { ErrorBar } from "@/components/common/ErrorBar";
import { CacheStatus } from "@/components/common/CacheStatus";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import type { WorkspaceSummary } from "../server/workspaces";
import { CreateWorkspaceDialog, DeleteWorkspaceDialog, EditWorkspaceDialog } from "./WorkspaceDialogs";

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalM },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(280px, 1fr))",
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalL,
  },
  tags: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

const pathOf = (w: WorkspaceSummary) =>
  studioPath({ subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspace: w.name });

/**
 * The workspaces the user can read, and (for the roles that may) creating, editing and deleting them.
 * `createRole` is the least role the upstream lets create a workspace (the embedded default: Admin).
 */
export function WorkspaceHome({
  subscriptions,
  createRole,
  upstream,
  contents: Contents,
}: {
  subscriptions: string[];
  createRole: Role;
  upstream: "local" | "azure";
  /** What a workspace holds, for its Delete dialog (from a feature that counts it; the page composes the two). */
  contents?: ComponentType<{ workspace: WorkspaceRef }>;
}) {
  const s = useStyles();
  const router = useRouter();
  const workspaces = useWorkspaces();
  const user = useCurrentUser();
  const role = user.data?.role ?? null;
  const canCreate = role !== null && allows(role, "workspace.create") && roleRank(role) >= roleRank(createRole);
  const canWrite = allows(role, "workspace.write");
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WorkspaceSummary | null>(null);
  const [deleting, setDeleting] = useState<WorkspaceSummary | null>(null);
  const list = workspaces.data?.data ?? [];
  return (
    <section>
      <div className={s.header}>
        <Title2 as="h1">Workspaces</Title2>
        {canCreate && (
          <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
            New workspace
          </Button>
        )}
      </div>
      <CacheStatus cache={workspaces.data?.cache} />
      {workspaces.isLoading && <Spinner label="Loading workspaces…" />}
      <ErrorBar error={workspaces.error} />
      <div className={s.grid}>
        {list.map((w) => (
          <Card key={w.id} data-testid={`workspace-card-${w.name}`}>
            <CardHeader
              header={
                <Link href={pathOf(w)}>
                  <Body1>
                    <b>{w.friendlyName ?? w.name}</b>
                  </Body1>
                </Link>
              }
              description={
                <Caption1>
                  {w.name} · {w.resourceGroup} · {w.location}
                </Caption1>
              }
            />
            {w.description && <Caption1>{w.description}</Caption1>}
            {Object.keys(w.tags).length > 0 && (
              <div className={s.tags}>
                {Object.entries(w.tags).map(([k, v]) => (
                  <Caption1 key={k}>
                    {k}: {v}
                  </Caption1>
                ))}
              </div>
            )}
            {canWrite && (
              <CardFooter>
                <Tooltip content={`Edit ${w.name}`} relationship="label">
                  <Button size="small" icon={<EditRegular />} onClick={() => setEditing(w)} />
                </Tooltip>
                <Tooltip content={`Delete ${w.name}`} relationship="label">
                  <Button size="small" icon={<DeleteRegular />} onClick={() => setDeleting(w)} />
                </Tooltip>
              </CardFooter>
            )}
          </Card>
        ))}
      </div>
      {canCreate && (
        <CreateWorkspaceDialog
          open={creating}
          subscriptions={subscriptions}
          workspaces={list}
          upstream={upstream}
          onClose={(created) => {
            setCreating(false);
            if (created) router.push(pathOf(created));
          }}
        />
      )}
      {editing && <EditWorkspaceDialog workspace={editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <DeleteWorkspaceDialog
          workspace={deleting}
          contents={
            Contents && (
              <Contents
                workspace={{
                  subscriptionId: deleting.subscriptionId,
                  resourceGroup: deleting.resourceGroup,
                  workspace: deleting.name,
                }}
              />
            )
          }
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
