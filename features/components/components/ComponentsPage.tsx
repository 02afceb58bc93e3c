"use client";
import React, { useEffect, useMemo, useRef, useState } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  SearchBox,
  Spinner,
  Subtitle2,
  Switch,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { uploadAll, type PickedFile, type UploadProgress } from "@/lib/client/upload";
import { UploadProgressField } from "@/components/assets/UploadProgressField";
import { CodeFolderField } from "@/components/assets/CodeFolderField";
import type { ComponentSpec } from "@/lib/domain/pipeline";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useVersionViewState } from "@/components/versions";
import { AssetHeader, AssetVersions, type NodePanel } from "@/components/assets/AssetDetailFrame";
import type { RegisterComponentBody } from "../server/schemas";
import { useArchiveComponent, useComponent, useComponentCode, useComponents, useRegisterComponent } from "../hooks";

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  toolbar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    margin: `${tokens.spacingVerticalM} 0`,
  },
  split: {
    display: "grid",
    gridTemplateColumns: "minmax(280px, 1fr) minmax(0, 2fr)",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  nameButton: { fontWeight: tokens.fontWeightSemibold, minWidth: 0, padding: 0, justifyContent: "flex-start" },
  pre: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre-wrap",
    background: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: "360px",
    overflow: "auto",
  },
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalL,
  },
  codeLayout: { display: "grid", gridTemplateColumns: "200px minmax(0, 1fr)", gap: tokens.spacingHorizontalM },
  yaml: { fontFamily: tokens.fontFamilyMonospace, minHeight: "260px" },
});

export function ComponentsPage({ workspace, lineage }: { workspace: WorkspaceRef; lineage?: NodePanel }) {
  const s = useStyles();
  const [showArchived, setShowArchived] = useState(false);
  const components = useComponents(workspace, showArchived);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "component.write");
  const readOnlyReason = user.data
    ? `Your role (${user.data.role}) can read components but not register or archive them.`
    : "";
  const [query, setQuery] = useState("");
  // The selected component is `?name=`, so a link (with the history's `?version=` / `?compare=`) opens it again.
  const params = useSearchParams();
  const pathname = usePathname();
  const [selected, setSelectedState] = useState<string | null>(() => params.get("name"));
  const setSelected = (name: string | null) => {
    setSelectedState(name);
    // Another component: its own versions, so the version and comparison of the last one are dropped.
    const url = `${pathname}${name ? `?${new URLSearchParams({ name })}` : ""}`;
    if (name !== params.get("name")) window.history.pushState(null, "", url);
  };
  const nameInUrl = params.get("name");
  useEffect(() => setSelectedState(nameInUrl), [nameInUrl]); // back/forward
  const [registering, setRegistering] = useState(false);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (components.data?.data ?? []).filter(
      (c) =>
        !q ||
        c.name.toLowerCase().includes(q) ||
        (c.spec?.displayName ?? "").toLowerCase().includes(q) ||
        (c.description ?? "").toLowerCase().includes(q),
    );
  }, [components.data, query]);

  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">Components</Title2>
        <span className={s.grow} />
        {components.data && <CacheStatus cache={components.data.cache} />}
        <Tooltip
          content={canWrite ? "Register a component from its Azure ML YAML and code folder" : readOnlyReason}
          relationship="description"
        >
          <Button appearance="primary" icon={<AddRegular />} disabled={!canWrite} onClick={() => setRegistering(true)}>
            Register
          </Button>
        </Tooltip>
      </div>
      <div className={s.toolbar}>
        <SearchBox
          placeholder="Search components"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          aria-label="Search components"
        />
        <Switch
          label="Archived"
          checked={showArchived}
          onChange={(_, d) => {
            setShowArchived(d.checked);
            setSelected(null);
          }}
        />
      </div>
      <ErrorBar error={components.error} title="Components could not be loaded." />
      {components.isLoading && <Spinner label="Loading components" />}
      <div className={s.split}>
        <Table aria-label="Components" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Latest</TableHeaderCell>
              <TableHeaderCell>Ports</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((c) => (
              <TableRow key={c.name} aria-selected={selected === c.name}>
                <TableCell>
                  <Button appearance="transparent" className={s.nameButton} onClick={() => setSelected(c.name)}>
                    {c.name}
                  </Button>
                  {c.spec?.displayName && c.spec.displayName !== c.name && (
                    <Caption1 block>{c.spec.displayName}</Caption1>
                  )}
                </TableCell>
                <TableCell>{c.latestVersion ?? "—"}</TableCell>
                <TableCell>
                  {c.spec ? `${Object.keys(c.spec.inputs).length} in · ${Object.keys(c.spec.outputs).length} out` : "—"}
                </TableCell>
              </TableRow>
            ))}
            {components.data && rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={3}>
                  {query
                    ? "No component matches the search."
                    : showArchived
                      ? "No archived components."
                      : "No components yet: register one."}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        {selected ? (
          <ComponentDetailPanel
            lineage={lineage}
            key={selected}
            workspace={workspace}
            name={selected}
            canWrite={canWrite}
            readOnlyReason={readOnlyReason}
          />
        ) : (
          <Body1>Select a component to see its inputs, outputs, command, environment, code and versions.</Body1>
        )}
      </div>
      {registering && (
        <RegisterDialog
          workspace={workspace}
          onClose={(name) => {
            setRegistering(false);
            if (name) setSelected(name);
          }}
        />
      )}
    </div>
  );
}

function ComponentDetailPanel({
  workspace,
  name,
  canWrite,
  readOnlyReason,
  lineage: Lineage,
}: {
  workspace: WorkspaceRef;
  name: string;
  lineage?: NodePanel;
  canWrite: boolean;
  readOnlyReason: string;
}) {
  const s = useStyles();
  const detail = useComponent(workspace, name);
  const archive = useArchiveComponent(workspace);
  // The version shown (Interface, Code) is the history view's `?version=`, so a link names the version too.
  const { state, update } = useVersionViewState();
  // A link that compares versions opens on the history; otherwise the interface comes first.
  const [tab, setTab] = useState<"spec" | "code" | "versions" | "lineage">(() => (state.compare ? "versions" : "spec"));
  const d = detail.data?.data;
  const current = d?.versions.find((v) => v.version === (state.version ?? d.latestVersion)) ?? d?.versions[0];
  if (detail.isLoading) return <Spinner label="Loading component" />;
  if (detail.error) return <ErrorBar error={detail.error} title={`${name} could not be loaded.`} />;
  if (!d || !current) return null;
  return (
    <section aria-label={`Component ${name}`}>
      <AssetHeader
        name={name}
        heading="h2"
        badges={<Badge appearance="outline">version {current.version}</Badge>}
        latestVersion={d.latestVersion}
        archived={d.archived}
        access={{ canWrite, reason: readOnlyReason }}
        archive={{
          noun: "",
          hint: {
            archive: "Archive: hide it from lists and the palette",
            restore: "Restore: show it in lists and the palette again",
          },
          pending: archive.isPending,
          toggle: () => archive.mutate({ name, archived: !d.archived }),
        }}
      />
      <ErrorBar error={archive.error} />
      {current.description && <Body1 block>{current.description}</Body1>}
      <TabList selectedValue={tab} onTabSelect={(_, t) => setTab(t.value as typeof tab)}>
        <Tab value="spec">Interface</Tab>
        <Tab value="code">Code</Tab>
        <Tab value="versions">Versions ({d.versions.length})</Tab>
        {Lineage ? <Tab value="lineage">Lineage</Tab> : null}
      </TabList>
      {tab === "spec" && <SpecView spec={current.spec} />}
      {tab === "lineage" && Lineage ? (
        <Lineage workspace={workspace} node={`component:${name}:${current.version}`} />
      ) : null}
      {tab === "code" && (
        <CodeView workspace={workspace} name={name} version={current.version} hasCode={!!current.codeId} />
      )}
      {tab === "versions" && (
        <div className={s.section}>
          <AssetVersions
            kind="component"
            name={name}
            versions={d.versions}
            access={{ canWrite, reason: readOnlyReason }}
            renderActions={(v) => (
              <>
                <Button
                  onClick={() => {
                    update({ version: v.version, compare: null });
                    setTab("spec");
                  }}
                >
                  Show interface
                </Button>
                <Button
                  onClick={() => {
                    update({ version: v.version, compare: null });
                    setTab("code");
                  }}
                >
                  Show code
                </Button>
              </>
            )}
          />
        </div>
      )}
    </section>
  );
}

function SpecView({ spec }: { spec: ComponentSpec }) {
  const s = useStyles();
  const ports = [
    ...Object.entries(spec.inputs).map(([n, i]) => ({
      dir: "input",
      name: n,
      type: i.type,
      detail: [
        i.optional ? "optional" : "required",
        i.default !== undefined ? `default ${String(i.default)}` : "",
        i.enum ? `one of ${i.enum.join(", ")}` : "",
        i.min !== undefined ? `min ${i.min}` : "",
        i.max !== undefined ? `max ${i.max}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
      description: i.description,
    })),
    ...Object.entries(spec.outputs).map(([n, o]) => ({
      dir: "output",
      name: n,
      type: o.type,
      detail: "",
      description: o.description,
    })),
  ];
  return (
    <div>
      <div className={s.section}>
        <Subtitle2 as="h3">Inputs and outputs</Subtitle2>
        <Table aria-label="Inputs and outputs" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Port</TableHeaderCell>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {ports.map((p) => (
              <TableRow key={`${p.dir}:${p.name}`}>
                <TableCell>{p.dir}</TableCell>
                <TableCell>{p.name}</TableCell>
                <TableCell>
                  <code>{p.type}</code>
                </TableCell>
                <TableCell>
                  {p.detail}
                  {p.description ? ` — ${p.description}` : ""}
                </TableCell>
              </TableRow>
            ))}
            {ports.length === 0 && (
              <TableRow>
                <TableCell colSpan={4}>No inputs or outputs.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      <div className={s.section}>
        <Subtitle2 as="h3">Command</Subtitle2>
        <pre className={s.pre} tabIndex={0}>
          {spec.command}
        </pre>
      </div>
      <div className={s.section}>
        <Subtitle2 as="h3">Environment</Subtitle2>
        <pre className={s.pre} tabIndex={0}>
          {typeof spec.environment === "string" ? spec.environment : JSON.stringify(spec.environment, null, 2)}
        </pre>
      </div>
    </div>
  );
}

function CodeView({
  workspace,
  name,
  version,
  hasCode,
}: {
  workspace: WorkspaceRef;
  name: string;
  version: string;
  hasCode: boolean;
}) {
  const s = useStyles();
  const [path, setPath] = useState<string | null>(null);
  const list = useComponentCode(workspace, name, hasCode ? version : null);
  const file = useComponentCode(workspace, name, hasCode && path ? version : null, path ?? undefined);
  if (!hasCode) return <Body1>This component has no code folder.</Body1>;
  if (list.error) return <ErrorBar error={list.error} title="The code folder could not be read." />;
  return (
    <div className={s.codeLayout}>
      <div role="list" aria-label="Code files">
        {list.isLoading && <Spinner size="tiny" label="Listing the code files…" />}
        {list.data?.data.files?.map((f) => (
          <div role="listitem" key={f.path}>
            <Button
              appearance={f.path === path ? "secondary" : "transparent"}
              size="small"
              onClick={() => setPath(f.path)}
            >
              {f.path}
            </Button>
            <Caption1> {f.size} B</Caption1>
          </div>
        ))}
      </div>
      <div>
        {path ? (
          file.data ? (
            <pre className={s.pre} tabIndex={0} role="region" aria-label={`Contents of ${path}`}>
              {file.data.data.file?.text}
            </pre>
          ) : (
            <Spinner size="tiny" label={`Reading ${path}…`} />
          )
        ) : (
          <Body1>Pick a file.</Body1>
        )}
      </div>
    </div>
  );
}

/**
 * Registers a component from its YAML and code folder. The folder is staged first through the one upload path
 * (`component-uploads`, with progress and cancel; any size), then the registration names the upload.
 */
function RegisterDialog({ workspace, onClose }: { workspace: WorkspaceRef; onClose: (registered?: string) => void }) {
  const s = useStyles();
  const register = useRegisterComponent(workspace);
  const [yaml, setYaml] = useState("");
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const pickYaml = async (f: File | undefined) => f && setYaml(await f.text());
  const busy = uploading || register.isPending;

  async function submit() {
    setError(null);
    const ac = new AbortController();
    abort.current = ac;
    try {
      let code: RegisterComponentBody["code"];
      if (files.length) {
        setUploading(true);
        const ticket = await uploadAll({
          apiBase: apiPath(workspace),
          segment: "component-uploads",
          files,
          onProgress: setProgress,
          signal: ac.signal,
        });
        code = { uploadId: ticket.uploadId, files: files.map((f) => ({ path: f.path, size: f.file.size })) };
        setUploading(false);
      }
      const r = await register.mutateAsync({ yaml, code });
      onClose(r.data.name);
    } catch (e) {
      setUploading(false);
      setProgress(null);
      if ((e as Error).name === "AbortError")
        setError(new Error("Upload cancelled; nothing was registered and the uploaded files were removed."));
      else setError(e);
    }
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Register a component</DialogTitle>
          <DialogContent>
            <Field
              label="Component YAML (Azure ML CLI v2 commandComponent)"
              validationMessage={error ? (error as Error).message : undefined}
              validationState={error ? "error" : "none"}
            >
              <Textarea
                className={s.yaml}
                value={yaml}
                onChange={(_, d) => setYaml(d.value)}
                resize="vertical"
                aria-label="Component YAML"
                spellCheck={false}
              />
            </Field>
            <Field label="…or upload the YAML file">
              <input
                type="file"
                accept=".yml,.yaml"
                aria-label="Component YAML file"
                onChange={(e) => pickYaml(e.target.files?.[0])}
              />
            </Field>
            <CodeFolderField
              label="Code folder (the folder `code:` names)"
              files={files}
              onPick={setFiles}
              emptyHint="Needed when the YAML has code: ./folder"
            />
            <UploadProgressField progress={progress} />
          </DialogContent>
          <DialogActions>
            {uploading ? (
              <Button onClick={() => abort.current?.abort()}>Cancel upload</Button>
            ) : (
              <Button onClick={() => onClose()} disabled={busy}>
                Cancel
              </Button>
            )}
            <Button appearance="primary" disabled={!yaml.trim() || busy} onClick={submit}>
              {busy ? "Registering…" : "Register"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
