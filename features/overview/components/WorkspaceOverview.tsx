"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import {
  Badge,
  Body1,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Title2,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { BeakerRegular } from "@fluentui/react-icons/svg/beaker";
import { CloudArrowUpRegular } from "@fluentui/react-icons/svg/cloud-arrow-up";
import { FlowchartRegular } from "@fluentui/react-icons/svg/flowchart";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { allows } from "@/lib/domain/roles";
import { OVERVIEW_ACTIONS } from "@/lib/domain/studio-actions";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { useWorkspaceOverview } from "../hooks";
import type { OverviewSection } from "../model";

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "baseline", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalM },
  action: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground1,
    textDecoration: "none",
  },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(300px, 1fr))",
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalL,
  },
  total: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: 1 },
  counts: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  list: { listStyle: "none", margin: 0, padding: 0, display: "grid", gap: tokens.spacingVerticalXS },
  detail: { color: tokens.colorNeutralForeground2, display: "block" },
});

const ACTION_ICONS: Record<string, ReactNode> = {
  "Create job": <BeakerRegular />,
  "New pipeline": <FlowchartRegular />,
  "Upload data": <CloudArrowUpRegular />,
};

/**
 * A workspace's landing page: its running jobs, computes by state, latest models and data assets (each linking
 * into its section), the quick actions the caller's role allows, and that role.
 */
export function WorkspaceOverview({ workspace }: { workspace: WorkspaceRef }) {
  const s = useStyles();
  const overview = useWorkspaceOverview(workspace);
  const user = useCurrentUser();
  const role = user.data?.role ?? null;
  const base = studioPath(workspace);
  const actions = OVERVIEW_ACTIONS.filter((a) => allows(role, a.action));
  const data = overview.data?.data;
  return (
    <section>
      <div className={s.header}>
        <Title2 as="h1">{workspace.workspace}</Title2>
        {role && (
          <Text>
            Your role: <Badge appearance="tint">{role}</Badge>
          </Text>
        )}
      </div>
      <Caption1>
        {workspace.resourceGroup} · subscription {workspace.subscriptionId}
      </Caption1>
      {actions.length > 0 && (
        <nav aria-label="Quick actions" className={s.actions}>
          {actions.map((a) => (
            <Link key={a.name} href={`${base}/${a.path}`} className={s.action} title={a.detail}>
              {ACTION_ICONS[a.name] ?? <AddRegular />} {a.name}
            </Link>
          ))}
        </nav>
      )}
      <CacheStatus cache={overview.data?.cache} />
      {overview.isLoading && <Spinner label="Loading the overview…" />}
      <ErrorBar error={overview.error} />
      {data && (
        <div className={s.grid}>
          <SectionCard
            title="Jobs"
            section={data.jobs}
            summary={(sec) => `${sec.counts.active} running of ${sec.total}`}
            recentLabel={(sec) => (sec.counts.active > 0 ? "Running" : "Latest")}
          />
          <SectionCard
            title="Compute"
            section={data.computes}
            summary={(sec) => `${sec.total} compute${sec.total === 1 ? "" : "s"}`}
            counts={(sec) => sec.counts.byState}
            recentLabel={() => "Newest"}
          />
          <SectionCard
            title="Models"
            section={data.models}
            summary={(sec) => `${sec.total} model${sec.total === 1 ? "" : "s"}`}
            recentLabel={() => "Latest"}
          />
          <SectionCard
            title="Data"
            section={data.data}
            summary={(sec) => `${sec.total} data asset${sec.total === 1 ? "" : "s"}`}
            recentLabel={() => "Latest"}
          />
        </div>
      )}
    </section>
  );
}

type Available<C> = Extract<OverviewSection<C>, { available: true }>;

function SectionCard<C>({
  title,
  section,
  summary,
  counts,
  recentLabel,
}: {
  title: string;
  section: OverviewSection<C>;
  summary: (s: Available<C>) => string;
  counts?: (s: Available<C>) => Record<string, number>;
  recentLabel: (s: Available<C>) => string;
}) {
  const s = useStyles();
  const headingId = `overview-${title.toLowerCase()}`;
  return (
    <Card role="region" aria-labelledby={headingId} data-testid={headingId}>
      <CardHeader
        header={
          <Title3 as="h2" id={headingId}>
            <Link href={section.href}>{title}</Link>
          </Title3>
        }
      />
      {!section.available ? (
        <MessageBar intent="warning">
          <MessageBarBody>Not available now: {section.error}</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Body1 className={s.total}>{summary(section)}</Body1>
          {counts && Object.keys(counts(section)).length > 0 && (
            <div className={s.counts}>
              {Object.entries(counts(section))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([state, n]) => (
                  <Badge key={state} appearance="outline">
                    {state}: {n}
                  </Badge>
                ))}
            </div>
          )}
          {section.recent.length > 0 && (
            <>
              <Caption1 as="h3">{recentLabel(section)}</Caption1>
              <ul className={s.list}>
                {section.recent.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href}>{item.name}</Link>
                    <Caption1 className={s.detail}>{item.detail}</Caption1>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Card>
  );
}
