"use client";
import React, { useMemo, useState } from "react";
import {
  Button,
  Caption1,
  Dropdown,
  Input,
  Option,
  SearchBox,
  Subtitle2,
  Tooltip,
  makeStyles,
  shorthands,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DATA_TYPES, type ComponentSpec, type DataType } from "@/lib/domain/pipeline";
import type { ComponentSummary } from "@/features/components";
import type { DataAssetView } from "@/lib/domain/datastores";
import { PALETTE_MIME } from "./Canvas";

export type PaletteItem =
  | { kind: "component"; ref: string; spec: ComponentSpec }
  | { kind: "data"; dataType: DataType; path: string; label?: string };

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    ...shorthands.overflow("auto"),
    height: "100%",
    ...shorthands.padding(tokens.spacingVerticalS),
  },
  group: { display: "flex", flexDirection: "column", gap: "4px" },
  item: {
    display: "flex",
    alignItems: "center",
    gap: "4px",
    cursor: "grab",
    ...shorthands.padding("4px", "6px"),
    ...shorthands.borderRadius(tokens.borderRadiusMedium),
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke2),
    background: tokens.colorNeutralBackground1,
    ":hover": { background: tokens.colorNeutralBackground1Hover },
  },
  itemText: { flexGrow: 1, minWidth: 0 },
  name: {
    fontWeight: tokens.fontWeightSemibold,
    display: "block",
    ...shorthands.overflow("hidden"),
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  heading: { marginTop: tokens.spacingVerticalS },
});

/** Components grouped by their `group` tag (else the part of the name before the first '_'), then data sources. */
function groupOf(c: ComponentSummary) {
  return c.tags.group ?? c.tags.category ?? (c.name.includes("_") ? c.name.split("_")[0] : "other");
}

/** A registered data asset as a palette item: bound to its latest version, typed as the asset is. */
export function dataAssetItem(a: Pick<DataAssetView, "name" | "latestVersion" | "dataType">): PaletteItem {
  return { kind: "data", dataType: a.dataType, path: `azureml:${a.name}:${a.latestVersion}`, label: a.name };
}

export function Palette({
  components,
  dataAssets,
  dataAssetsError,
  readOnly,
  readOnlyReason,
  onAdd,
}: {
  components: ComponentSummary[];
  /** The workspace's active data assets; undefined while they load. */
  dataAssets: DataAssetView[] | undefined;
  dataAssetsError?: string | null;
  readOnly: boolean;
  readOnlyReason: string;
  onAdd(item: PaletteItem): void;
}) {
  const s = useStyles();
  const [query, setQuery] = useState("");
  const [dataQuery, setDataQuery] = useState("");
  const assets = useMemo(() => {
    const q = dataQuery.trim().toLowerCase();
    return (dataAssets ?? [])
      .filter((a) => a.latestVersion && !a.archived)
      .filter(
        (a) =>
          !q ||
          a.name.toLowerCase().includes(q) ||
          (a.description ?? "").toLowerCase().includes(q) ||
          a.dataType.includes(q),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [dataAssets, dataQuery]);
  const [dataType, setDataType] = useState<DataType>("uri_folder");
  const [path, setPath] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const m = new Map<string, ComponentSummary[]>();
    for (const c of components) {
      if (!c.spec || !c.latestVersion) continue;
      if (
        q &&
        !c.name.toLowerCase().includes(q) &&
        !(c.spec.displayName ?? "").toLowerCase().includes(q) &&
        !(c.description ?? "").toLowerCase().includes(q)
      )
        continue;
      const g = groupOf(c);
      m.set(g, [...(m.get(g) ?? []), c]);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [components, query]);

  const drag = (item: PaletteItem) => (e: React.DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
    e.dataTransfer.effectAllowed = "copy";
  };
  const addButton = (item: PaletteItem, label: string) => (
    <Tooltip content={readOnly ? readOnlyReason : `Add ${label} to the canvas`} relationship="label">
      <Button size="small" appearance="subtle" icon={<AddRegular />} disabled={readOnly} onClick={() => onAdd(item)} />
    </Tooltip>
  );
  return (
    <nav className={s.root} aria-label="Palette">
      <SearchBox
        size="small"
        placeholder="Search components"
        value={query}
        onChange={(_, d) => setQuery(d.value)}
        aria-label="Search components"
      />
      {groups.map(([group, items]) => (
        <div key={group} className={s.group} role="group" aria-label={`Components: ${group}`}>
          <Subtitle2 as="h2" className={s.heading}>
            {group}
          </Subtitle2>
          {items.map((c) => {
            const item: PaletteItem = { kind: "component", ref: `azureml:${c.name}:${c.latestVersion}`, spec: c.spec! };
            return (
              <div
                key={c.name}
                className={s.item}
                draggable={!readOnly}
                onDragStart={drag(item)}
                data-testid={`palette-${c.name}`}
                title={c.description ?? c.spec?.description ?? c.name}
              >
                <div className={s.itemText}>
                  <span className={s.name}>{c.spec?.displayName ?? c.name}</span>
                  <Caption1>
                    {c.name}:{c.latestVersion} · {Object.keys(c.spec!.inputs).length} in ·{" "}
                    {Object.keys(c.spec!.outputs).length} out
                  </Caption1>
                </div>
                {addButton(item, c.name)}
              </div>
            );
          })}
        </div>
      ))}
      {groups.length === 0 && (
        <Caption1>
          {query ? "No component matches." : "No registered components: register one on the Components page."}
        </Caption1>
      )}
      <div className={s.group} role="group" aria-label="Data">
        <Subtitle2 as="h2" className={s.heading}>
          Data
        </Subtitle2>
        <SearchBox
          size="small"
          placeholder="Search data assets"
          value={dataQuery}
          onChange={(_, d) => setDataQuery(d.value)}
          aria-label="Search data assets"
        />
        <div role="list" aria-label="Data assets" className={s.group}>
          {assets.map((a) => {
            const item = dataAssetItem(a);
            return (
              <div
                role="listitem"
                key={a.name}
                className={s.item}
                draggable={!readOnly}
                onDragStart={drag(item)}
                data-testid={`palette-data-${a.name}`}
                title={a.description || a.latestUri || a.name}
              >
                <div className={s.itemText}>
                  <span className={s.name}>{a.name}</span>
                  <Caption1>
                    {a.name}:{a.latestVersion} · {a.dataType}
                  </Caption1>
                </div>
                {addButton(item, `${a.name}:${a.latestVersion}`)}
              </div>
            );
          })}
        </div>
        {dataAssetsError ? (
          <Caption1>Data assets could not be listed: {dataAssetsError}</Caption1>
        ) : dataAssets === undefined ? (
          <Caption1>Loading data assets…</Caption1>
        ) : assets.length === 0 ? (
          <Caption1>{dataQuery ? "No data asset matches." : "No data assets: register one on the Data page."}</Caption1>
        ) : null}
        <Caption1>
          Or type one: a data asset (azureml:name:version or azureml:name@latest), a datastore path
          (azureml://datastores/…/paths/…) or a URL.
        </Caption1>
        <Dropdown
          size="small"
          aria-label="Data type"
          value={dataType}
          selectedOptions={[dataType]}
          onOptionSelect={(_, d) => setDataType(d.optionValue as DataType)}
        >
          {DATA_TYPES.map((t) => (
            <Option key={t} value={t}>
              {t}
            </Option>
          ))}
        </Dropdown>
        <Input
          size="small"
          aria-label="Data path"
          placeholder="azureml://datastores/workspaceblobstore/paths/data"
          value={path}
          onChange={(_, d) => setPath(d.value)}
        />
        {path.trim() && (
          <div
            className={s.item}
            draggable={!readOnly}
            onDragStart={drag({ kind: "data", dataType, path: path.trim() })}
            data-testid="palette-data"
          >
            <div className={s.itemText}>
              <span className={s.name}>{path.trim()}</span>
              <Caption1>{dataType}</Caption1>
            </div>
            {addButton({ kind: "data", dataType, path: path.trim() }, "this data")}
          </div>
        )}
      </div>
    </nav>
  );
}
