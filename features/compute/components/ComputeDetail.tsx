"use client";
import { attachedStandInNote } from "@/lib/domain/attached-compute";
import {
  OverlayDrawer,
  DrawerHeader,
  DrawerHeaderTitle,
  DrawerBody,
  Button,
  Subtitle2,
  Table,
  TableBody,
  TableRow,
  TableCell,
  TableHeader,
  TableHeaderCell,
  MessageBar,
  MessageBarBody,
  Caption1,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { DismissRegular } from "@fluentui/react-icons/svg/dismiss";
import type { ComputeSummary, ComputeView, ScheduleRow } from "../model";
import { isTransitioning, scheduleRows } from "../model";
import Link from "next/link";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useCompute, useComputeNodes, useSetSchedules } from "../hooks";
import { ComputeStateBadge } from "./ComputeStateBadge";
import { SchedulesEditor, schedulesProblem } from "./SchedulesEditor";

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalL },
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, wordBreak: "break-word" },
  pre: {
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    overflow: "auto",
    maxHeight: "240px",
  },
});

/** A compute instance's schedules, shown and (for roles that may) edited and saved in place. */
function InstanceSchedules({
  workspace,
  name,
  schedules,
  canWrite,
}: {
  workspace: WorkspaceRef;
  name: string;
  schedules: unknown;
  canWrite: boolean;
}) {
  const saved = JSON.stringify(scheduleRows(schedules));
  const [rows, setRows] = useState<ScheduleRow[] | null>(null);
  const save = useSetSchedules(workspace);
  const shown = rows ?? (JSON.parse(saved) as ScheduleRow[]);
  const changed = rows !== null && JSON.stringify(rows) !== saved;
  return (
    <>
      <SchedulesEditor rows={shown} onChange={setRows} disabled={!canWrite || save.isPending} />
      {canWrite && changed && (
        <Button
          appearance="primary"
          size="small"
          disabled={!!schedulesProblem(shown) || save.isPending}
          onClick={() =>
            save.mutate(
              {
                name,
                schedules: shown.map((r) => ({
                  action: r.action,
                  cron: r.cron.trim(),
                  timeZone: r.timeZone || "UTC",
                  enabled: r.enabled,
                })),
              },
              { onSuccess: () => setRows(null) },
            )
          }
        >
          {save.isPending ? "Saving…" : "Save schedules"}
        </Button>
      )}
      <ErrorBar error={save.error} title="Could not save the schedules" />
    </>
  );
}

export function ComputeDetail({
  workspace,
  summary,
  onClose,
  canWrite = false,
  upstream = "azure",
}: {
  workspace: WorkspaceRef;
  summary: ComputeSummary | null;
  onClose: () => void;
  canWrite?: boolean;
  /** The embedded default ("local") says what an attached compute stands in for. */
  upstream?: "local" | "azure";
}) {
  const s = useStyles();
  const detail = useCompute(workspace, summary?.name ?? null);
  // The list's row shows at once; the full resource (id, applications, schedules) fills in when it arrives.
  const compute: (ComputeSummary & Partial<ComputeView>) | null = summary
    ? { ...summary, ...(detail.data?.data.name === summary.name ? detail.data.data : {}) }
    : null;
  const nodes = useComputeNodes(
    workspace,
    compute?.category === "cluster" ? compute.name : null,
    !!compute && isTransitioning(compute),
  );
  const props: [string, string | null | undefined][] = compute
    ? [
        ["Type", compute.typeLabel],
        ["State", compute.state],
        ["Provisioning state", compute.provisioningState],
        ["VM size", compute.vmSize],
        ["VM priority", compute.vmPriority],
        ["Location", compute.location],
        ["Created by", compute.createdBy],
        ["Created on", compute.createdOn && new Date(compute.createdOn).toLocaleString()],
        ["Modified on", compute.modifiedOn && new Date(compute.modifiedOn).toLocaleString()],
        ["Description", compute.description],
        [
          "SSH access",
          compute.ssh &&
            (compute.ssh.publicAccess
              ? `Enabled: ${compute.ssh.adminUserName ?? "azureuser"} on port ${compute.ssh.port ?? 50000}`
              : "Disabled"),
        ],
        ["SSH public key", compute.ssh?.publicKey],
        [
          "Assigned to",
          compute.assignedUser && `${compute.assignedUser.objectId} (tenant ${compute.assignedUser.tenantId})`,
        ],
        [
          "Identity",
          compute.identity && [compute.identity.type, ...compute.identity.userAssignedIdentities].join(", "),
        ],
        ["Resource id", compute.id],
      ]
    : [];
  const standIn = upstream === "local" && compute ? attachedStandInNote(compute.computeType) : null;
  return (
    <OverlayDrawer open={!!compute} position="end" size="medium" onOpenChange={(_, d) => !d.open && onClose()}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
        >
          {compute?.name} {compute && <ComputeStateBadge compute={compute} />}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {compute && (
          <>
            {compute.errors.map((e, i) => (
              <MessageBar key={i} intent="error">
                <MessageBarBody>
                  <b>{e.code}</b>: {e.message}
                </MessageBarBody>
              </MessageBar>
            ))}
            {standIn && (
              <MessageBar intent="info" data-testid="attached-stand-in-note">
                <MessageBarBody>{standIn}</MessageBarBody>
              </MessageBar>
            )}
            <dl className={s.dl}>
              {props
                .filter(([, v]) => v)
                .map(([k, v]) => (
                  <div key={k} style={{ display: "contents" }}>
                    <dt className={s.dt}>{k}</dt>
                    <dd className={s.dd}>{v}</dd>
                  </div>
                ))}
            </dl>
            {compute.lastOperation && (
              <div className={s.section}>
                <Subtitle2 as="h3" block>
                  Last operation
                </Subtitle2>
                <p>
                  {compute.lastOperation.name} — {compute.lastOperation.status ?? "?"}
                  {compute.lastOperation.time && ` at ${new Date(compute.lastOperation.time).toLocaleString()}`}
                  {compute.lastOperation.trigger && ` (${compute.lastOperation.trigger})`}
                </p>
              </div>
            )}
            {compute.nodes && (
              <div className={s.section}>
                <Subtitle2 as="h3" block>
                  Nodes
                </Subtitle2>
                <Caption1 as="p" block>
                  {compute.nodes.current} current, {compute.nodes.target} target (min {compute.nodes.min}, max{" "}
                  {compute.nodes.max}); {compute.nodes.idle} idle, {compute.nodes.busy} busy, {compute.nodes.preparing}{" "}
                  preparing{compute.nodes.unusable ? `, ${compute.nodes.unusable} unusable` : ""}. Scale down after{" "}
                  {compute.nodes.idleSecondsBeforeScaleDown ?? "?"} s idle.
                </Caption1>
                <Table size="small" aria-label="Nodes">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Node</TableHeaderCell>
                      <TableHeaderCell>State</TableHeaderCell>
                      <TableHeaderCell>Private IP</TableHeaderCell>
                      <TableHeaderCell>Run</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {(nodes.data?.data ?? []).map((n) => (
                      <TableRow key={n.nodeId}>
                        <TableCell>{n.nodeId}</TableCell>
                        <TableCell>{n.nodeState}</TableCell>
                        <TableCell>{n.privateIpAddress}</TableCell>
                        <TableCell>
                          {n.runId ? (
                            <Link href={`${studioPath(workspace)}/jobs/${encodeURIComponent(n.runId)}`}>{n.runId}</Link>
                          ) : (
                            "—"
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {nodes.data && nodes.data.data.length === 0 && <Caption1>No nodes are allocated.</Caption1>}
              </div>
            )}
            <div className={s.section}>
              <Subtitle2 as="h3" block>
                Schedules
              </Subtitle2>
              {compute.category === "instance" && detail.data?.data.name === compute.name ? (
                <InstanceSchedules
                  key={compute.name}
                  workspace={workspace}
                  name={compute.name}
                  schedules={compute.schedules}
                  canWrite={canWrite}
                />
              ) : compute.schedules ? (
                <pre className={s.pre}>{JSON.stringify(compute.schedules, null, 2)}</pre>
              ) : (
                <Caption1 as="p" block>
                  No schedules.
                </Caption1>
              )}
            </div>
            {!!compute.applications?.length && (
              <div className={s.section}>
                <Subtitle2 as="h3" block>
                  Applications
                </Subtitle2>
                <ul>
                  {compute.applications.map((a) => (
                    <li key={a.displayName}>
                      {a.displayName}: <a href={a.endpointUri}>{a.endpointUri}</a>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
