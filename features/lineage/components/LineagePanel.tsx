"use client";
import Link from "next/link";
import { Button, Caption1, Spinner, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { jobOutputOfPath, kindOfKey, nodeHref } from "@/lib/domain/lineage";
import { ErrorBar } from "@/components/common/ErrorBar";
import { impactCsvUrl, useImpact, useLineage } from "../hooks";
import { LineageGraph } from "./LineageGraph";
import { KIND_LOOK } from "./kinds";

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  table: { borderCollapse: "collapse", "& th, & td": { textAlign: "left", padding: "4px 8px" } },
});

/**
 * The Lineage tab of a model, data, environment or component version, or of a job: the graph, and for a model the
 * data it was trained on (one click away), for a data or environment version everything downstream (impact, CSV).
 */
export function LineagePanel({ workspace, node }: { workspace: WorkspaceRef; node: string }) {
  const kind = kindOfKey(node);
  return (
    <section aria-label="Lineage">
      {kind === "model" ? <TrainedOn workspace={workspace} node={node} /> : null}
      <LineageGraph key={node} workspace={workspace} node={node} />
      {kind === "data" || kind === "environment" ? <Impact workspace={workspace} node={node} /> : null}
    </section>
  );
}

/** The data versions (and datastore paths) upstream of a model, up to 5 hops: model → job → steps → data. */
function TrainedOn({ workspace, node }: { workspace: WorkspaceRef; node: string }) {
  const s = useStyles();
  const q = useLineage(workspace, node, "upstream", 5);
  const nodes = q.data?.data.nodes ?? [];
  // Data versions; when the job read datastore folders directly, those folders (not the jobs' own output folders).
  const versions = nodes.filter((n) => n.kind === "data");
  const data = (
    versions.length
      ? versions
      : nodes.filter((n) => n.kind === "path" && !jobOutputOfPath(n.key.slice(n.key.indexOf("/") + 1)))
  ).sort((a, b) => b.distance - a.distance);
  const unknown = q.data?.data.nodes.some((n) => n.kind === "unknown");
  return (
    <section aria-label="Trained on" className={s.section} style={{ marginTop: 0, marginBottom: 12 }}>
      <Subtitle2 as="h2">The data it was trained on</Subtitle2>
      {q.isLoading ? <Spinner size="tiny" label="Following the model upstream…" /> : null}
      <ErrorBar error={q.error} />
      {q.data && data.length === 0 ? (
        <Caption1 block>
          {unknown
            ? "This model was registered from an upload: where its data came from is not recorded."
            : "No data version is recorded upstream of this model."}
        </Caption1>
      ) : null}
      {data.length ? (
        <ul className={s.list}>
          {data.map((n) => (
            <li key={n.key}>
              <Link href={nodeHref(workspace, n.key) ?? "#"} data-testid="trained-on-link">
                {n.label}
              </Link>
              {n.state === "missing" ? " (missing: deleted or never registered)" : ""}{" "}
              <Caption1>
                {Math.abs(n.distance)} hop{Math.abs(n.distance) === 1 ? "" : "s"} upstream
              </Caption1>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Every job, step and model downstream of a data or environment version ("what must be retrained?"). */
function Impact({ workspace, node }: { workspace: WorkspaceRef; node: string }) {
  const s = useStyles();
  const q = useImpact(workspace, node);
  const rows = q.data?.data ?? [];
  return (
    <section aria-label="Impact" className={s.section}>
      <div style={{ display: "flex", gap: 12, alignItems: "center" }}>
        <Subtitle2 as="h2">Impact: {rows.length} downstream</Subtitle2>
        <Button as="a" href={impactCsvUrl(workspace, node)} download icon={<ArrowDownloadRegular />} disabled={!q.data}>
          Export CSV
        </Button>
      </div>
      {q.isLoading ? <Spinner size="tiny" label="Listing what is downstream…" /> : null}
      <ErrorBar error={q.error} />
      {q.data && rows.length === 0 ? <Caption1 block>No job or model is recorded downstream.</Caption1> : null}
      {rows.length ? (
        <table className={s.table} aria-label="Jobs and models downstream">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Hops</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const href = nodeHref(workspace, r.key);
              return (
                <tr key={r.key}>
                  <td>{KIND_LOOK[r.kind].label}</td>
                  <td>{href ? <Link href={href}>{r.name}</Link> : r.name}</td>
                  <td>{r.version}</td>
                  <td>{r.distance}</td>
                  <td>{r.state}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
