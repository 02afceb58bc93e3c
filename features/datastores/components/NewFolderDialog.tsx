"use client";
import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from "@fluentui/react-components";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { joinPath } from "@/lib/domain/storage-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useCreateFolder } from "../hooks";

/** Creates a folder inside the folder on screen; a name with slashes is refused before anything is sent. */
export function NewFolderDialog({
  workspace,
  datastore,
  path,
  open,
  onClose,
  onCreated,
}: {
  workspace: WorkspaceRef;
  datastore: string;
  path: string;
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const [name, setName] = useState("");
  const mkdir = useCreateFolder(workspace, datastore);
  const slash = /[/\\]/.test(name);
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        if (d.open) return;
        mkdir.reset();
        onClose();
      }}
    >
      <DialogSurface>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            mkdir.mutate(joinPath(path, name.trim()), {
              onSuccess: () => {
                setName("");
                onCreated();
              },
            });
          }}
        >
          <DialogBody>
            <DialogTitle>New folder in {path || datastore}</DialogTitle>
            <DialogContent>
              <Field
                label="Folder name"
                required
                validationMessage={slash ? "A name cannot contain slashes." : undefined}
              >
                <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus />
              </Field>
              <ErrorBar error={mkdir.error} title="Could not create the folder" />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={!name.trim() || slash || mkdir.isPending}>
                Create
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
