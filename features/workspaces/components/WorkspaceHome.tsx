"use client";
import Link from "next/link";
import { Card, CardHeader, Body1, Caption1, Title2, Spinner, makeStyles, tokens } from "@fluentui/react-components";
import { useWorkspaces } from "../hooks";
import { studioPath } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { CacheStatus } from "@/components/common/CacheStatus";

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(280px, 1fr))",
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalL,
  },
});

export function WorkspaceHome() {
  const s = useStyles();
  const workspaces = useWorkspaces();
  return (
    <section>
      <Title2 as="h1">Workspaces</Title2>
      <CacheStatus cache={workspaces.data?.cache} />
      {workspaces.isLoading && <Spinner label="Loading workspaces…" />}
      <ErrorBar error={workspaces.error} />
      <div className={s.grid}>
        {(workspaces.data?.data ?? []).map((w) => (
          <Link
            key={w.id}
            href={`${studioPath({ subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspace: w.name })}/compute`}
            style={{ textDecoration: "none" }}
          >
            <Card>
              <CardHeader
                header={
                  <Body1>
                    <b>{w.friendlyName ?? w.name}</b>
                  </Body1>
                }
                description={
                  <Caption1>
                    {w.resourceGroup} · {w.location}
                  </Caption1>
                }
              />
              {w.description && <Caption1>{w.description}</Caption1>}
            </Card>
          </Link>
        ))}
      </div>
    </section>
  );
}
