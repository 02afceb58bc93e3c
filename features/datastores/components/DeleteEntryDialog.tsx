"use client";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import type { FileEntry } from "@/lib/domain/datastores";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { useDeletePath } from "../hooks";

/** Asks before deleting a file, or a folder with everything in it; says that it cannot be undone. */
export function DeleteEntryDialog({
  workspace,
  datastore,
  entry,
  onClose,
  onDeleted,
}: {
  workspace: WorkspaceRef;
  datastore: string;
  entry: FileEntry | null;
  onClose: () => void;
  onDeleted: (entry: FileEntry) => void;
}) {
  const del = useDeletePath(workspace, datastore);
  return (
    <ConfirmDialog
      open={!!entry}
      title={entry?.kind === "folder" ? "Delete folder" : "Delete file"}
      confirmLabel="Delete"
      danger
      pending={del.isPending}
      error={del.error}
      onCancel={() => {
        del.reset();
        onClose();
      }}
      onConfirm={() => entry && del.mutate(entry, { onSuccess: () => onDeleted(entry) })}
    >
      {entry?.kind === "folder"
        ? `Delete ${entry.path} and everything in it? This cannot be undone.`
        : `Delete ${entry?.path}? This cannot be undone.`}
    </ConfirmDialog>
  );
}
