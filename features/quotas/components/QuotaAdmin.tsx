"use client";
import { useState } from "react";
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import type { FamilyQuota } from "@/lib/domain/quota";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useQuotaAudit, useQuotas, useUpdateQuota } from "../hooks";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  edit: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  input: { width: "96px" },
});

/** Parses what an admin typed as a limit; returns the error to show, naming the allowed range. */
export function validateLimit(text: string, max: number): { value: number } | { error: string } {
  if (!/^\d+$/.test(text.trim())) return { error: `Enter a whole number from 0 to ${max}.` };
  const value = Number(text);
  if (value > max) return { error: `At most ${max} (the subscription limit).` };
  return { value };
}

function QuotaRow({ workspace, q }: { workspace: WorkspaceRef; q: FamilyQuota }) {
  const s = useStyles();
  const update = useUpdateQuota(workspace);
  const [text, setText] = useState(String(q.workspaceLimit ?? q.subscriptionLimit));
  const parsed = validateLimit(text, q.subscriptionLimit);
  const changed = "value" in parsed && parsed.value !== q.workspaceLimit;
  return (
    <TableRow data-testid={`quota-row-${q.family}`}>
      <TableCell>{q.label}</TableCell>
      <TableCell>
        {q.workspaceUsage}
        {q.serverlessUsage > 0 && <Caption1> ({q.serverlessUsage} by serverless jobs)</Caption1>}
      </TableCell>
      <TableCell>
        {q.tier === "lowPriority" ? (
          <Caption1>The subscription&apos;s, for the region</Caption1>
        ) : (
          <div className={s.edit}>
            <Field
              validationMessage={
                "error" in parsed ? parsed.error : update.error ? (update.error as Error).message : undefined
              }
              validationState={"error" in parsed || update.error ? "error" : "none"}
            >
              <Input
                className={s.input}
                aria-label={`Workspace limit for ${q.label}`}
                value={text}
                onChange={(_, d) => {
                  setText(d.value);
                  update.reset();
                }}
              />
            </Field>
            <Button
              disabled={!changed || update.isPending}
              onClick={() => "value" in parsed && update.mutate({ family: q.family, limit: parsed.value })}
            >
              {update.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        )}
      </TableCell>
      <TableCell>{q.subscriptionLimit}</TableCell>
      <TableCell>{q.subscriptionUsage}</TableCell>
    </TableRow>
  );
}

export function QuotaAdmin({ workspace }: { workspace: WorkspaceRef }) {
  const s = useStyles();
  const user = useCurrentUser();
  const isAdmin = user.data?.role === "Admin";
  const quotas = useQuotas(workspace);
  const audit = useQuotaAudit(workspace);
  if (user.isLoading) return <Spinner label="Checking your role…" />;
  if (!isAdmin) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>Quotas are for admins. Your role is {user.data?.role ?? "unknown"}.</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <section className={s.section}>
      <div>
        <Title2 as="h1">Quotas</Title2> <CacheStatus cache={quotas.data?.cache} />
        <Caption1 as="p" block>
          Dedicated vCPU limits per VM family for {workspace.workspace}. A workspace limit can be set from 0 up to the
          subscription limit. Serverless jobs count against their instance type&apos;s family; low-priority cluster
          nodes against the region&apos;s low-priority quota.
        </Caption1>
      </div>
      <ErrorBar error={quotas.error} />
      {quotas.isLoading && <Spinner label="Loading quotas…" />}
      {quotas.data && (
        <Table aria-label="Quotas">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>VM family</TableHeaderCell>
              <TableHeaderCell>Workspace usage</TableHeaderCell>
              <TableHeaderCell>Workspace limit</TableHeaderCell>
              <TableHeaderCell>Subscription limit</TableHeaderCell>
              <TableHeaderCell>Subscription usage</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {quotas.data.data.map((q) => (
              <QuotaRow key={`${q.family}:${q.workspaceLimit}`} workspace={workspace} q={q} />
            ))}
          </TableBody>
        </Table>
      )}
      <div>
        <Subtitle2 as="h2" block>
          Audit log
        </Subtitle2>
        <ErrorBar error={audit.error} />
        <Table aria-label="Quota audit log" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>VM family</TableHeaderCell>
              <TableHeaderCell>Old limit</TableHeaderCell>
              <TableHeaderCell>New limit</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(audit.data?.data ?? []).map((a) => (
              <TableRow key={a.id} data-testid="audit-row">
                <TableCell>{new Date(a.changedAt).toLocaleString()}</TableCell>
                <TableCell>{a.changedBy}</TableCell>
                <TableCell>{a.label}</TableCell>
                <TableCell>{a.oldLimit ?? "—"}</TableCell>
                <TableCell>{a.newLimit}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {audit.data?.data.length === 0 && (
          <Caption1 as="p" block>
            No quota changes yet.
          </Caption1>
        )}
      </div>
    </section>
  );
}
