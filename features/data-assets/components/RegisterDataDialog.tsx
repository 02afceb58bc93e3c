"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
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
  Radio,
  RadioGroup,
  Textarea,
} from "@fluentui/react-components";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { DataType } from "@/lib/domain/datastores";
import {
  EXISTING_ASSET_NAME_RE,
  assetVersionProblem,
  azuremlUri,
  newAssetNameProblem,
} from "@/lib/domain/storage-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useCreateDataVersion } from "../hooks";

/** Registers a browsed file (uri_file) or folder (uri_folder, or mltable when it holds an MLTable file) as a data asset version. */
export function RegisterDataDialog({
  workspace,
  datastore,
  path,
  kind,
  onClose,
}: {
  workspace: WorkspaceRef;
  datastore: string;
  path: string;
  kind: "file" | "folder";
  onClose: () => void;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [version, setVersion] = useState("");
  const [description, setDescription] = useState("");
  const [dataType, setDataType] = useState<DataType>(kind === "file" ? "uri_file" : "uri_folder");
  const create = useCreateDataVersion(workspace);
  // A new version of an existing asset may keep a dotted name; the server applies the create rule to new assets.
  const nameProblem = (name && !EXISTING_ASSET_NAME_RE.test(name) && newAssetNameProblem(name)) || undefined;
  const versionProblem = (version && assetVersionProblem(version)) || undefined;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              {
                name,
                body: {
                  dataType,
                  datastore,
                  path,
                  ...(version ? { version } : {}),
                  ...(description ? { description } : {}),
                },
              },
              {
                onSuccess: (r) =>
                  router.push(
                    `${studioPath(workspace)}/data/${encodeURIComponent(name)}?version=${encodeURIComponent(r.data.version)}`,
                  ),
              },
            );
          }}
        >
          <DialogBody>
            <DialogTitle>Register as data asset</DialogTitle>
            <DialogContent style={{ display: "flex", flexDirection: "column", gap: 12 }}>
              <Field label="Path">
                <Input value={azuremlUri(datastore, path, kind === "folder")} readOnly />
              </Field>
              <Field label="Data asset name" required validationMessage={nameProblem}>
                <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus />
              </Field>
              <Field label="Version" hint="Leave empty for the next number." validationMessage={versionProblem}>
                <Input value={version} onChange={(_, d) => setVersion(d.value)} />
              </Field>
              {kind === "folder" ? (
                <Field label="Type">
                  <RadioGroup value={dataType} onChange={(_, d) => setDataType(d.value as DataType)}>
                    <Radio value="uri_folder" label="Folder (uri_folder)" />
                    <Radio value="mltable" label="Table (mltable; the folder holds an MLTable file)" />
                  </RadioGroup>
                </Field>
              ) : null}
              <Field label="Description">
                <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
              </Field>
              <ErrorBar error={create.error} title="Could not register the data asset" />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button
                appearance="primary"
                type="submit"
                disabled={!name || !!nameProblem || !!versionProblem || create.isPending}
              >
                Register
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
