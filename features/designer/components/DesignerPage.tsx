"use client";
import React, { Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ReactFlowProvider } from "@xyflow/react";
import { useRequestedAction } from "@/lib/client/requested-action";
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
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Textarea,
  Title2,
  Toolbar,
  ToolbarButton,
  ToolbarDivider,
  Tooltip,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
import { ArrowRedoRegular } from "@fluentui/react-icons/svg/arrow-redo";
import { ArrowUndoRegular } from "@fluentui/react-icons/svg/arrow-undo";
import { ArrowUploadRegular } from "@fluentui/react-icons/svg/arrow-upload";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { FlowchartRegular } from "@fluentui/react-icons/svg/flowchart";
import { PlayRegular } from "@fluentui/react-icons/svg/play";
import { SaveRegular } from "@fluentui/react-icons/svg/save";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import {
  connect,
  emptyGraph,
  exportPipelineYaml,
  hasErrors,
  moveNodes,
  removeEdges,
  removeNodes,
  renameNode,
  validateGraph,
  type PipelineEdge,
  type PipelineGraph,
} from "@/lib/domain/pipeline";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useComponents } from "@/features/components";
import { useComputes } from "@/features/compute";
import { useDataAssets } from "@/features/data-assets";
import { useSubmitPipeline } from "@/features/jobs";
import { useCreateDraft, useDeleteDraft, useDraft, useDrafts, useImportPipeline, type OpenDraft } from "../hooks";
import { Canvas } from "./Canvas";
import { Palette, type PaletteItem } from "./Palette";
import { ParameterPanel } from "./ParameterPanel";
import { ValidationPanel } from "./ValidationPanel";
import { useDraftEditor } from "./useDraftEditor";
import { useEditorShortcuts } from "./useEditorShortcuts";
import { useGraphActions, type Notice } from "./useGraphActions";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    height: "calc(100vh - 120px)",
    minHeight: "520px",
    gap: tokens.spacingVerticalS,
  },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  body: {
    flexGrow: 1,
    display: "grid",
    gridTemplateColumns: "240px minmax(0, 1fr) 320px",
    gridTemplateRows: "minmax(0, 1fr) 150px",
    gap: "6px",
    minHeight: 0,
  },
  pane: {
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke2),
    ...shorthands.borderRadius(tokens.borderRadiusMedium),
    ...shorthands.overflow("hidden"),
    minHeight: 0,
    background: tokens.colorNeutralBackground2,
  },
  palette: { gridColumn: "1", gridRow: "1 / 3" },
  canvas: { gridColumn: "2", gridRow: "1", background: tokens.colorNeutralBackground1 },
  params: { gridColumn: "3", gridRow: "1 / 3" },
  validation: { gridColumn: "2", gridRow: "2" },
  yaml: { fontFamily: tokens.fontFamilyMonospace, minHeight: "320px" },
  // Read by screen readers, not shown (the usual clip pattern).
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

export function DesignerPage({ workspace }: { workspace: WorkspaceRef }) {
  return (
    <Suspense fallback={<Spinner label="Loading the designer" />}>
      <DesignerWithDraft workspace={workspace} />
    </Suspense>
  );
}

function DesignerWithDraft({ workspace }: { workspace: WorkspaceRef }) {
  const s = useStyles();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const draftId = params.get("draft");
  const drafts = useDrafts(workspace);
  const draft = useDraft(workspace, draftId);
  const create = useCreateDraft(workspace);
  const del = useDeleteDraft(workspace);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "pipeline.write");
  const [importing, setImporting] = useState(false);
  const open = useCallback(
    (id: string | null) => router.replace(id ? `${pathname}?draft=${id}` : pathname),
    [router, pathname],
  );

  // The command palette's "New pipeline" opens this page with ?do=new-pipeline: an empty draft, once.
  const newRequested = useRequestedAction("new-pipeline");
  const newStarted = useRef(false);
  useEffect(() => {
    if (!newRequested || !canWrite || newStarted.current) return;
    newStarted.current = true;
    create.mutate(
      { name: `Pipeline ${new Date().toLocaleString()}`, graph: emptyGraph() },
      { onSuccess: (d) => open(d.id) },
    );
  }, [newRequested, canWrite, create, open]);

  // Open the most recent draft when none is named (and none is being made).
  useEffect(() => {
    if (!draftId && !newRequested && drafts.data?.data.length) open(drafts.data.data[0].id);
  }, [draftId, newRequested, drafts.data, open]);

  const newDraft = (graph: PipelineGraph = emptyGraph(), name?: string) =>
    create.mutate({ name: name ?? `Pipeline ${new Date().toLocaleString()}`, graph }, { onSuccess: (d) => open(d.id) });

  const readOnlyReason = user.data ? `Your role (${user.data.role}) can view pipeline drafts but not change them.` : "";
  return (
    <div className={s.page}>
      <div className={s.header}>
        <Title2 as="h1">Designer</Title2>
        <Dropdown
          aria-label="Draft"
          placeholder={drafts.isLoading ? "Loading drafts…" : "No draft open"}
          value={draft.data?.name ?? ""}
          selectedOptions={draftId ? [draftId] : []}
          onOptionSelect={(_, d) => open(d.optionValue ?? null)}
          style={{ minWidth: "260px" }}
        >
          {(drafts.data?.data ?? []).map((d) => (
            <Option key={d.id} value={d.id} text={d.name}>
              {d.name} · v{d.version} · {d.stepCount} step{d.stepCount === 1 ? "" : "s"}
            </Option>
          ))}
        </Dropdown>
        <Tooltip content={canWrite ? "Start an empty draft" : readOnlyReason} relationship="description">
          <Button icon={<AddRegular />} disabled={!canWrite || create.isPending} onClick={() => newDraft()}>
            New draft
          </Button>
        </Tooltip>
        <Tooltip content="Read an Azure ML pipeline YAML (CLI v2) into a new draft" relationship="description">
          <Button icon={<ArrowUploadRegular />} disabled={!canWrite} onClick={() => setImporting(true)}>
            Import YAML
          </Button>
        </Tooltip>
        <Tooltip content={canWrite ? "Delete this draft" : readOnlyReason} relationship="description">
          <Button
            icon={<DeleteRegular />}
            disabled={!canWrite || !draftId || del.isPending}
            onClick={() => draftId && del.mutate(draftId, { onSuccess: () => open(null) })}
          >
            Delete
          </Button>
        </Tooltip>
      </div>
      <ErrorBar error={drafts.error ?? draft.error ?? create.error ?? del.error} />
      {!draftId && drafts.data?.data.length === 0 && (
        <Body1>No drafts yet. Start one, or import an Azure ML pipeline YAML.</Body1>
      )}
      {draftId && draft.isLoading && <Spinner label="Opening the draft" />}
      {draft.data && (
        <ReactFlowProvider key={draft.data.id}>
          <Editor
            workspace={workspace}
            draft={draft.data}
            canWrite={canWrite}
            readOnlyReason={readOnlyReason}
            onCopy={(graph, name) => newDraft(graph, name)}
          />
        </ReactFlowProvider>
      )}
      {importing && (
        <ImportDialog
          workspace={workspace}
          onClose={() => setImporting(false)}
          onImported={(graph) => {
            setImporting(false);
            newDraft(graph, graph.displayName ?? "Imported pipeline");
          }}
        />
      )}
    </div>
  );
}

function Editor({
  workspace,
  draft,
  canWrite,
  readOnlyReason,
  onCopy,
}: {
  workspace: WorkspaceRef;
  draft: OpenDraft;
  canWrite: boolean;
  readOnlyReason: string;
  onCopy(g: PipelineGraph, name: string): void;
}) {
  const s = useStyles();
  const [notice, setNotice] = useState<Notice | null>(null);
  const onSaveError = useCallback((text: string) => setNotice({ intent: "error", text }), []);
  const editor = useDraftEditor({ workspace, draft, canWrite, onSaveError });
  const { history, graph, version, dirty, conflict, saveNow } = editor;
  const [exporting, setExporting] = useState(false);
  const submit = useSubmitPipeline(workspace);
  const components = useComponents(workspace);
  const dataAssets = useDataAssets(workspace, "active");
  const computes = useComputes(workspace);
  const computeNames = useMemo(() => (computes.data?.data ?? []).map((c) => c.name), [computes.data]);
  const problems = useMemo(
    () => validateGraph(graph, computes.data ? { computes: computeNames } : {}),
    [graph, computes.data, computeNames],
  );
  const readOnly = !canWrite;

  useEffect(() => {
    performance.mark("designer:ready");
  }, []);

  const { selection, setSelection, change, layout, focusNode, addItem, copy, paste } = useGraphActions({
    history,
    readOnly,
    notify: setNotice,
  });

  useEditorShortcuts({ readOnly, undo: history.undo, redo: history.redo, copy, paste, save: saveNow, layout });

  const errors = problems.filter((p) => p.severity === "error");

  // What a screen reader hears of changes made on the canvas or from the keyboard (the canvas itself is visual).
  // Two parts, so a change that also changes the validation is heard as both (the action, then the count).
  const [announcement, setAnnouncement] = useState("");
  const [validationNews, setValidationNews] = useState("");
  const announced = useRef<number | null>(null);
  useEffect(() => {
    // The count on opening is not news; every change of it after is.
    if (announced.current !== null && announced.current !== errors.length)
      setValidationNews(
        errors.length
          ? `${errors.length} validation error${errors.length > 1 ? "s" : ""}: ${errors[0].message}`
          : "No validation errors.",
      );
    announced.current = errors.length;
  }, [errors]);
  const connectPorts = (c: Omit<PipelineEdge, "id">) => {
    try {
      change((g) => connect(g, c));
      setAnnouncement(`Connected ${c.source}.${c.sourcePort} to ${c.target}.${c.targetPort}.`);
    } catch (e) {
      setNotice({ intent: "error", text: `Not connected: ${(e as Error).message}` });
    }
  };
  const submitReason = readOnly
    ? "Your role cannot submit jobs."
    : errors.length
      ? `Fix ${errors.length} validation error${errors.length > 1 ? "s" : ""} first.`
      : "Submit as a pipeline job";

  return (
    <>
      <Toolbar aria-label="Designer tools" size="small">
        <Tooltip content="Undo (Ctrl+Z)" relationship="label">
          <ToolbarButton icon={<ArrowUndoRegular />} disabled={readOnly || !history.canUndo} onClick={history.undo} />
        </Tooltip>
        <Tooltip content="Redo (Ctrl+Shift+Z)" relationship="label">
          <ToolbarButton icon={<ArrowRedoRegular />} disabled={readOnly || !history.canRedo} onClick={history.redo} />
        </Tooltip>
        <Tooltip content="Auto-layout (Alt+L)" relationship="label">
          <ToolbarButton icon={<FlowchartRegular />} disabled={readOnly} onClick={layout}>
            Layout
          </ToolbarButton>
        </Tooltip>
        <ToolbarDivider />
        <Tooltip
          content={readOnly ? readOnlyReason : "Save now (Ctrl+S); drafts also save themselves"}
          relationship="description"
        >
          <ToolbarButton
            icon={<SaveRegular />}
            disabled={readOnly || !dirty || editor.saving || !!conflict}
            onClick={saveNow}
          >
            Save
          </ToolbarButton>
        </Tooltip>
        <Badge appearance="outline" aria-live="polite" data-testid="save-state">
          v{version} · {editor.saveState}
        </Badge>
        <ToolbarDivider />
        <ToolbarButton icon={<ArrowDownloadRegular />} onClick={() => setExporting(true)}>
          Export YAML
        </ToolbarButton>
        <Tooltip content={submitReason} relationship="description">
          <ToolbarButton
            icon={<PlayRegular />}
            appearance="primary"
            disabled={readOnly || errors.length > 0 || submit.isPending}
            onClick={() =>
              submit.mutate(
                { graph },
                {
                  onSuccess: (r) =>
                    setNotice({
                      intent: "success",
                      text: `Submitted ${r.data.name} (${r.data.steps} steps): ${r.data.status}.`,
                      href: `${studioPath(workspace)}/jobs/${encodeURIComponent(r.data.name)}`,
                    }),
                  onError: (e) => setNotice({ intent: "error", text: `Not submitted: ${(e as Error).message}` }),
                },
              )
            }
          >
            {submit.isPending ? "Submitting…" : "Submit"}
          </ToolbarButton>
        </Tooltip>
      </Toolbar>
      {notice && (
        <MessageBar intent={notice.intent} role={notice.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>
            {notice.text} {notice.href ? <Link href={notice.href}>Follow the job</Link> : null}
          </MessageBarBody>
          <Button size="small" appearance="transparent" onClick={() => setNotice(null)}>
            Dismiss
          </Button>
        </MessageBar>
      )}
      <div className={s.body}>
        <div className={mergeClasses(s.pane, s.palette)}>
          <Palette
            components={components.data?.data ?? []}
            dataAssets={dataAssets.data?.data}
            dataAssetsError={dataAssets.error ? (dataAssets.error as Error).message : null}
            readOnly={readOnly}
            readOnlyReason={readOnlyReason}
            onAdd={(item) => {
              addItem(item);
              setAnnouncement(
                `Added ${item.kind === "data" ? `data ${item.label ?? item.path}` : `step ${item.spec.name}`} to the canvas.`,
              );
            }}
          />
        </div>
        <div className={mergeClasses(s.pane, s.canvas)} data-testid="canvas">
          <Canvas
            graph={graph}
            problems={problems}
            readOnly={readOnly}
            selection={selection}
            onSelect={setSelection}
            onConnect={connectPorts}
            onRefused={(reason) => setNotice({ intent: "error", text: `Not connected: ${reason}` })}
            onMove={(positions) => change((g) => moveNodes(g, positions))}
            onDelete={(nodeIds, edgeIds) => {
              change((g) => removeEdges(removeNodes(g, nodeIds), edgeIds));
              setAnnouncement(
                `Deleted ${[nodeIds.length ? `${nodeIds.join(", ")}` : "", edgeIds.length ? `${edgeIds.length} connection${edgeIds.length > 1 ? "s" : ""}` : ""].filter(Boolean).join(" and ")}.`,
              );
            }}
            onDropItem={(payload, position) => {
              if (readOnly) return;
              try {
                addItem(JSON.parse(payload) as PaletteItem, position);
              } catch {
                setNotice({ intent: "error", text: "That drop was not a palette item." });
              }
            }}
          />
        </div>
        <div className={mergeClasses(s.pane, s.params)}>
          <ParameterPanel
            graph={graph}
            problems={problems}
            readOnly={readOnly}
            computes={computeNames}
            nodeId={selection.length === 1 ? selection[0] : null}
            onChange={change}
            onError={(text) => setNotice({ intent: "error", text })}
            onRename={(from, to) => {
              change((g) => renameNode(g, from, to));
              setSelection((sel) => (history.current().nodes.some((n) => n.id === to) ? [to] : sel));
            }}
            onDisconnect={(edgeId) => {
              change((g) => removeEdges(g, [edgeId]));
              setAnnouncement("Disconnected.");
            }}
            onConnect={connectPorts}
          />
        </div>
        <div className={mergeClasses(s.pane, s.validation)}>
          <ValidationPanel problems={problems} onFocus={focusNode} />
        </div>
      </div>
      {conflict && (
        <Dialog open modalType="alert">
          <DialogSurface>
            <DialogBody>
              <DialogTitle>This draft changed elsewhere</DialogTitle>
              <DialogContent>
                <Body1 block>{conflict.message}</Body1>
                <Caption1>Your changes are kept until you choose.</Caption1>
              </DialogContent>
              <DialogActions>
                <Button onClick={() => window.location.reload()}>Reload theirs (drop mine)</Button>
                <Button
                  appearance="primary"
                  onClick={() => {
                    onCopy(conflict.graph, `${draft.name} (my copy)`);
                    editor.settleConflict();
                  }}
                >
                  Keep mine as a copy
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
      <div aria-live="polite" role="status" className={s.visuallyHidden} data-testid="designer-announcer">
        <span>{announcement}</span> <span>{validationNews}</span>
      </div>
      {exporting && <ExportDialog graph={graph} name={draft.name} onClose={() => setExporting(false)} />}
    </>
  );
}

function ExportDialog({ graph, name, onClose }: { graph: PipelineGraph; name: string; onClose(): void }) {
  const s = useStyles();
  const yaml = useMemo(() => exportPipelineYaml(graph), [graph]);
  const download = () => {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name.replace(/[^a-zA-Z0-9_-]+/g, "_") || "pipeline"}.yml`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Pipeline YAML (Azure ML CLI v2)</DialogTitle>
          <DialogContent>
            {hasErrors(validateGraph(graph)) && (
              <MessageBar intent="warning">
                <MessageBarBody>The pipeline has validation errors; the YAML shows it as it is.</MessageBarBody>
              </MessageBar>
            )}
            <Textarea className={s.yaml} readOnly value={yaml} aria-label="Exported YAML" resize="vertical" />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => navigator.clipboard?.writeText(yaml)}>Copy</Button>
            <Button appearance="primary" icon={<ArrowDownloadRegular />} onClick={download}>
              Download
            </Button>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function ImportDialog({
  workspace,
  onClose,
  onImported,
}: {
  workspace: WorkspaceRef;
  onClose(): void;
  onImported(g: PipelineGraph): void;
}) {
  const s = useStyles();
  const imp = useImportPipeline(workspace);
  const [yaml, setYaml] = useState("");
  const [files, setFiles] = useState<Record<string, string>>({});
  const pick = async (list: FileList | null) => {
    if (!list) return;
    const entries = await Promise.all(
      [...list].map(
        async (f) =>
          [f.webkitRelativePath ? f.webkitRelativePath.split("/").slice(1).join("/") : f.name, await f.text()] as const,
      ),
    );
    const next: Record<string, string> = {};
    for (const [path, text] of entries) {
      // The pipeline file itself fills the YAML box; the rest are the component files it references.
      if (/^type:\s*pipeline\s*$/m.test(text) && !yaml.trim()) setYaml(text);
      else next[path] = text;
    }
    setFiles((f) => ({ ...f, ...next }));
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Import an Azure ML pipeline YAML</DialogTitle>
          <DialogContent>
            <Field
              label="Pipeline YAML"
              validationState={imp.error ? "error" : "none"}
              validationMessage={
                imp.error ? (
                  <span style={{ whiteSpace: "pre-wrap" }} data-testid="import-error">
                    {(imp.error as Error).message}
                  </span>
                ) : undefined
              }
            >
              <Textarea
                className={s.yaml}
                value={yaml}
                onChange={(_, d) => setYaml(d.value)}
                aria-label="Pipeline YAML"
                spellCheck={false}
                resize="vertical"
              />
            </Field>
            <Field
              label="Pipeline and component files"
              hint={
                Object.keys(files).length
                  ? `Component files: ${Object.keys(files).join(", ")}`
                  : "Components named by file (component: ./train.yml) need their files; azureml:name:version ones come from the workspace."
              }
            >
              <input
                type="file"
                multiple
                accept=".yml,.yaml"
                aria-label="Pipeline and component files"
                onChange={(e) => pick(e.target.files)}
              />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={!yaml.trim() || imp.isPending}
              onClick={() => imp.mutate({ yaml, files }, { onSuccess: (r) => onImported(r.graph) })}
            >
              {imp.isPending ? "Importing…" : "Import as a new draft"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
