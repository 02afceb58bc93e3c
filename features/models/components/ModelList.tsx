"use client";
import { useEffect, useMemo, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  Button,
  Caption1,
  Dropdown,
  Input,
  Option,
  SearchBox,
  Spinner,
  Switch,
  Title2,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { useRequestedAction } from "@/lib/client/requested-action";
import { RegisterModelDialog } from "./RegisterModelDialog";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { MODEL_TYPES, MODEL_TYPE_LABEL, STAGES, type ModelLatest, type ModelRow } from "@/lib/domain/models";
import type { ListSeed } from "@/lib/domain/cache-meta";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { VirtualCell, VirtualTable, useVirtualRows, type VirtualColumn } from "@/components/common/VirtualTable";
import { formatWhen } from "@/components/versions";
import { useModelDetails, useModels } from "../hooks";
import { detailBlocks } from "../detail-blocks";
import { usePageSeed } from "@/lib/client/page-seed";
import type { PageSeed } from "@/lib/domain/page-seed";

const ROW = 44;
/** How long the visible rows must stay put before their details are asked for (a fling asks for nothing). */
const SETTLE_MS = 150;
const COLUMNS: VirtualColumn[] = [
  { header: "Name", width: "minmax(200px, 2fr)" },
  { header: "Type", width: "90px" },
  { header: "Version", width: "80px" },
  { header: "Stage", width: "110px" },
  { header: "Tags", width: "minmax(160px, 2fr)" },
  { header: "Modified", width: "170px" },
];

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  toolbar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    margin: `${tokens.spacingVerticalM} 0`,
    flexWrap: "wrap",
  },
  tags: { display: "flex", gap: "4px", overflow: "hidden" },
  // Rows use plain elements with classes (no Badge components): a fast fling mounts ~35 new rows per frame.
  chip: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusCircular,
    padding: "0 6px",
    fontSize: tokens.fontSizeBase100,
    lineHeight: "16px",
    whiteSpace: "nowrap",
  },
  production: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    color: tokens.colorPaletteGreenForeground1,
    border: "1px solid transparent",
  },
  stage: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    border: "1px solid transparent",
  },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/**
 * Every model, virtualized (10,000 rows scroll as smoothly as 10), with search and filters. The list itself is the
 * models' containers; the type and stage of each latest version come for the rows on screen, a block at a time,
 * and for every model only while a type or stage filter needs them.
 */
export function ModelList({
  workspace,
  initial: initialSeed,
  initialDetails: initialDetailsSeed,
}: {
  workspace: WorkspaceRef;
  /** The first active models, read on the server so the first rows are in the HTML. */
  initial?: PageSeed<ListSeed<ModelRow>> | null;
  /** Type and stage of the first rows' latest versions (`name@version`), read on the server with them. */
  initialDetails?: PageSeed<Record<string, ModelLatest>> | null;
}) {
  const s = useStyles();
  const initial = usePageSeed(initialSeed);
  const initialDetails = usePageSeed(initialDetailsSeed);
  const [archived, setArchived] = useState(false);
  const [query, setQuery] = useState("");
  const [type, setType] = useState("all");
  const [stage, setStage] = useState("all");
  const [tag, setTag] = useState("");
  const withLatest = type !== "all" || stage !== "all";
  const models = useModels(workspace, archived ? "include" : "exclude", {
    withLatest,
    initial: archived ? null : initial,
  });
  // While only the page's first rows are here, counts and "no match" wait for the whole list.
  const partial = models.isPlaceholderData;
  const total = partial ? (initial?.total ?? 0) : (models.data?.data.length ?? 0);
  const rows = useMemo(
    () => filterModels(models.data?.data ?? [], { query, type, stage, tag }),
    [models.data, query, type, stage, tag],
  );
  const virtual = useVirtualRows(rows.length, ROW);
  const [first, last] = useSettled([virtual.first, virtual.last], SETTLE_MS);
  const blocks = useMemo(() => detailBlocks(rows, first, last), [rows, first, last]);
  const { details, error: detailsError } = useModelDetails(workspace, blocks, initialDetails);
  const base = `${studioPath(workspace)}/models`;
  const router = useRouter();
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "model.write");
  const [registering, setRegistering] = useState(false);
  // The command palette's "Register model" opens this page with ?do=register-model.
  const requested = useRequestedAction("register-model");
  useEffect(() => {
    if (requested && canWrite) setRegistering(true);
  }, [requested, canWrite]);

  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">Models</Title2>
        <CacheStatus cache={models.data?.cache} />
        <span style={{ flexGrow: 1 }} />
        <Tooltip
          content={
            canWrite
              ? "Upload files, or point at a datastore path or a job's output"
              : `Your role (${user.data?.role ?? "…"}) can read models but not register them.`
          }
          relationship="description"
        >
          <Button
            appearance="primary"
            icon={<AddRegular />}
            disabledFocusable={!canWrite}
            onClick={() => setRegistering(true)}
          >
            Register model
          </Button>
        </Tooltip>
      </div>
      {registering ? (
        <RegisterModelDialog
          workspace={workspace}
          nextVersion="1"
          onClose={() => setRegistering(false)}
          onRegistered={(name, version) =>
            router.push(`${base}/${encodeURIComponent(name)}?version=${encodeURIComponent(version)}`)
          }
        />
      ) : null}
      <div className={s.toolbar}>
        <SearchBox
          placeholder="Search name, description or tags"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          aria-label="Search models"
          style={{ minWidth: 260 }}
        />
        <Dropdown
          style={{ minWidth: 150 }}
          aria-label="Type"
          value={type === "all" ? "All types" : MODEL_TYPE_LABEL[type]}
          selectedOptions={[type]}
          onOptionSelect={(_, d) => setType(d.optionValue ?? "all")}
        >
          <Option value="all">All types</Option>
          {MODEL_TYPES.map((t) => (
            <Option key={t} value={t}>
              {MODEL_TYPE_LABEL[t]}
            </Option>
          ))}
        </Dropdown>
        <Dropdown
          style={{ minWidth: 150 }}
          aria-label="Stage"
          value={stage === "all" ? "All stages" : stage}
          selectedOptions={[stage]}
          onOptionSelect={(_, d) => setStage(d.optionValue ?? "all")}
        >
          <Option value="all">All stages</Option>
          {STAGES.map((st) => (
            <Option key={st} value={st}>
              {st}
            </Option>
          ))}
        </Dropdown>
        <Input
          aria-label="Tag filter"
          placeholder="tag or tag=value"
          value={tag}
          onChange={(_, d) => setTag(d.value)}
        />
        <Switch label="Include archived" checked={archived} onChange={(_, d) => setArchived(d.checked)} />
        <Caption1 aria-live="polite">
          {partial ? `Reading all ${total} models…` : `${rows.length} of ${total} models`}
        </Caption1>
      </div>
      <ErrorBar error={models.error ?? detailsError} />
      {models.isLoading ? (
        <Spinner
          label={withLatest ? "Reading each model's latest version for its type and stage…" : "Loading models…"}
        />
      ) : null}
      <VirtualTable
        label="Models"
        columns={COLUMNS}
        rows={rows}
        virtual={virtual}
        rowKey={(m) => m.name}
        scrollerTestId="model-list-scroller"
        empty={!models.isLoading && !partial ? "No models match." : null}
        renderCells={(m) => {
          const latest = latestOf(m, details);
          return (
            <>
              <VirtualCell>
                <Link prefetch={false} href={`${base}/${encodeURIComponent(m.name)}`}>
                  {m.name}
                </Link>
                {m.archived ? (
                  <span className={s.chip} style={{ marginLeft: 6 }}>
                    archived
                  </span>
                ) : null}
              </VirtualCell>
              <VirtualCell>
                {latest === PENDING ? "…" : latest?.type ? (MODEL_TYPE_LABEL[latest.type] ?? latest.type) : "—"}
              </VirtualCell>
              <VirtualCell>{m.latestVersion ?? "—"}</VirtualCell>
              <VirtualCell>
                {latest === PENDING ? (
                  "…"
                ) : latest?.stage ? (
                  <span className={mergeClasses(s.chip, latest.stage === "Production" ? s.production : s.stage)}>
                    {latest.stage}
                  </span>
                ) : (
                  "—"
                )}
              </VirtualCell>
              <VirtualCell className={s.tags}>
                {Object.entries(m.tags)
                  .slice(0, 3)
                  .map(([k, v]) => (
                    <span key={k} className={s.chip}>
                      {v ? `${k}: ${v}` : k}
                    </span>
                  ))}
              </VirtualCell>
              <VirtualCell className={s.muted} suppressHydrationWarning>
                {formatWhen(m.modifiedAt ?? undefined)}
              </VirtualCell>
            </>
          );
        }}
      />
    </div>
  );
}

const PENDING = "pending";

/** A row's latest type and stage: its own (a list read with them), the block's answer, or pending. */
function latestOf(m: ModelRow, details: Map<string, ModelLatest>): ModelLatest | null | typeof PENDING {
  if (m.type !== undefined) return { type: m.type, stage: m.stage ?? null };
  if (!m.latestVersion) return null;
  return details.get(`${m.name}@${m.latestVersion}`) ?? PENDING;
}

/** `value` once it has stayed the same for `ms` (the first value at once). */
function useSettled(value: [number, number], ms: number): [number, number] {
  const [settled, setSettled] = useState(value);
  const [a, b] = value;
  useEffect(() => {
    const timer = setTimeout(() => setSettled([a, b]), ms);
    return () => clearTimeout(timer);
  }, [a, b, ms]);
  return settled;
}

/** Search (name, description, tags) and the type/stage/tag filters; exported for the bench and tests. */
export function filterModels(all: ModelRow[], f: { query: string; type: string; stage: string; tag: string }) {
  const q = f.query.trim().toLowerCase();
  const [tagKey, tagValue] = f.tag.includes("=") ? f.tag.split("=", 2).map((x) => x.trim()) : [f.tag.trim(), undefined];
  return all.filter(
    (m) =>
      (!q ||
        m.name.toLowerCase().includes(q) ||
        m.description.toLowerCase().includes(q) ||
        Object.entries(m.tags).some(([k, v]) => `${k}:${v}`.toLowerCase().includes(q))) &&
      (f.type === "all" || m.type === f.type) &&
      (f.stage === "all" || m.stage === f.stage) &&
      (!tagKey || (m.tags[tagKey] !== undefined && (tagValue === undefined || m.tags[tagKey] === tagValue))),
  );
}
