"use client";
import { useCallback, useEffect, useState } from "react";
import { layoutGraph, needsLayout, type PipelineGraph } from "@/lib/domain/pipeline";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { ApiClientError } from "@/lib/client/api";
import { useSaveDraft, type OpenDraft } from "../hooks";
import { useGraphHistory } from "./useGraphHistory";

const AUTOSAVE_MS = 1500;

export type SaveConflict = { message: string; graph: PipelineGraph };

/**
 * An open draft as the editor edits it: the graph with undo/redo, autosave a moment after the last change,
 * optimistic concurrency (a save names the version it started from; a 409 becomes a conflict that waits for the
 * user's decision, keeping their graph), and a prompt before leaving with unsaved edits.
 */
export function useDraftEditor({
  workspace,
  draft,
  canWrite,
  onSaveError,
}: {
  workspace: WorkspaceRef;
  draft: OpenDraft;
  canWrite: boolean;
  onSaveError(text: string): void;
}) {
  // A draft that was never laid out (all nodes at one spot) is laid out as it opens; that is not an edit.
  const [opened] = useState(() => (needsLayout(draft.graph) ? layoutGraph(draft.graph) : draft.graph));
  const history = useGraphHistory(opened);
  const { graph } = history;
  const [version, setVersion] = useState(draft.version);
  const [savedGraph, setSavedGraph] = useState(opened);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const save = useSaveDraft(workspace);
  const dirty = graph !== savedGraph;

  const saveNow = useCallback(() => {
    if (!canWrite || conflict || save.isPending) return;
    const sending = history.current();
    save.mutate(
      { id: draft.id, graph: sending, version },
      {
        onSuccess: (d) => {
          setVersion(d.version);
          setSavedGraph(sending);
        },
        onError: (e) => {
          if (e instanceof ApiClientError && e.status === 409) setConflict({ message: e.message, graph: sending });
          else onSaveError(`Not saved: ${(e as Error).message}`);
        },
      },
    );
  }, [canWrite, conflict, save, history, draft.id, version, onSaveError]);

  // Autosave: a moment after the last change, unless a save is running or a conflict waits for a decision.
  useEffect(() => {
    if (!dirty || !canWrite || conflict || save.isPending) return;
    const t = setTimeout(saveNow, AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [dirty, canWrite, conflict, save.isPending, saveNow, graph]);

  // Leaving with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  /** The conflict is settled by keeping the user's graph elsewhere (a copy): this draft stops counting as dirty. */
  const settleConflict = useCallback(() => {
    setSavedGraph(history.current());
    setConflict(null);
  }, [history]);

  const saveState = conflict ? "conflict" : save.isPending ? "saving…" : dirty ? "unsaved changes" : "saved";
  return { history, graph, version, dirty, conflict, saving: save.isPending, saveNow, settleConflict, saveState };
}
