"use client";
import { useRef, useState } from "react";
import {
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
  Input,
  Option,
  Tab,
  TabList,
  Textarea,
} from "@fluentui/react-components";
import { ErrorBar } from "@/components/common/ErrorBar";
import { TagEditor, fromRows, type TagRow } from "@/components/versions";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { MODEL_TYPES, MODEL_TYPE_LABEL, STAGES, type ModelType } from "@/lib/domain/models";
import { assetVersionProblem, newAssetNameProblem } from "@/lib/domain/storage-names";
import { UploadProgressField } from "@/components/assets/UploadProgressField";
import { pickedFiles, uploadAll, type PickedFile, type UploadProgress } from "@/lib/client/upload";
import { formatBytes } from "@/components/versions";
import { useRegisterModelVersion } from "../hooks";
import type { RegisterModelBody } from "../server/models";

type SourceKind = "files" | "folder" | "datastore" | "job";

/**
 * Registers a model version from uploaded files or a folder (with progress; cancel leaves nothing behind), a
 * datastore path or a job's output. The version is registered only after every file is in.
 */
export function RegisterModelDialog({
  workspace,
  name: fixedName,
  nextVersion,
  defaultType,
  onClose,
  onRegistered,
}: {
  workspace: WorkspaceRef;
  name?: string;
  nextVersion: string;
  defaultType?: string;
  onClose: () => void;
  onRegistered: (name: string, version: string) => void;
}) {
  const register = useRegisterModelVersion(workspace);
  const [name, setName] = useState(fixedName ?? "");
  const [version, setVersion] = useState(nextVersion);
  const [modelType, setModelType] = useState<ModelType>(
    (MODEL_TYPES as readonly string[]).includes(defaultType ?? "") ? (defaultType as ModelType) : "custom_model",
  );
  const [description, setDescription] = useState("");
  const [stage, setStage] = useState<string>("");
  const [tags, setTags] = useState<TagRow[]>([]);
  const [properties, setProperties] = useState<TagRow[]>([]);
  const [source, setSource] = useState<SourceKind>("files");
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [datastore, setDatastore] = useState("workspaceblobstore");
  const [dsPath, setDsPath] = useState("");
  const [jobName, setJobName] = useState("");
  const [outputName, setOutputName] = useState("model");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  // A new model takes the create rule; an existing one keeps its name (Azure's may contain '.').
  const nameProblem = name && name !== fixedName ? newAssetNameProblem(name) : null;
  const versionProblem = version ? assetVersionProblem(version) : null;
  const sourceReady =
    source === "files" || source === "folder"
      ? files.length > 0
      : source === "datastore"
        ? dsPath.trim() !== ""
        : jobName.trim() !== "" && outputName.trim() !== "";
  const busy = uploading || register.isPending;

  async function submit() {
    setError(null);
    const ac = new AbortController();
    abort.current = ac;
    try {
      let src: RegisterModelBody["source"];
      if (source === "files" || source === "folder") {
        setUploading(true);
        const ticket = await uploadAll({
          apiBase: apiPath(workspace),
          segment: "model-uploads",
          files,
          onProgress: setProgress,
          signal: ac.signal,
        });
        src = {
          kind: "upload",
          uploadId: ticket.uploadId,
          files: files.map((f) => ({ path: f.path, size: f.file.size })),
        };
        setUploading(false);
      } else if (source === "datastore") src = { kind: "datastore", datastore, path: dsPath.trim() };
      else src = { kind: "job", jobName: jobName.trim(), outputName: outputName.trim() };
      await register.mutateAsync({
        name,
        version,
        body: {
          modelType,
          description: description || undefined,
          tags: fromRows(tags),
          properties: fromRows(properties),
          ...(stage ? { stage: stage as RegisterModelBody["stage"] } : {}),
          source: src,
        },
      });
      onRegistered(name, version);
    } catch (e) {
      setUploading(false);
      setProgress(null);
      if ((e as Error).name === "AbortError")
        setError(new Error("Upload cancelled; nothing was registered and the uploaded files were removed."));
      else setError(e);
    }
  }

  const total = files.reduce((n, f) => n + f.file.size, 0);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface style={{ maxWidth: 720 }}>
        <DialogBody>
          <DialogTitle>{fixedName ? `Register a new version of ${fixedName}` : "Register a model"}</DialogTitle>
          <DialogContent style={{ display: "flex", flexDirection: "column", gap: 12 }}>
            {!fixedName ? (
              <Field label="Name" required validationMessage={nameProblem ?? undefined}>
                <Input value={name} onChange={(_, d) => setName(d.value)} />
              </Field>
            ) : null}
            <div style={{ display: "flex", gap: 12 }}>
              <Field label="Version" required validationMessage={versionProblem ?? undefined}>
                <Input value={version} onChange={(_, d) => setVersion(d.value)} />
              </Field>
              <Field label="Type">
                <Dropdown
                  value={MODEL_TYPE_LABEL[modelType]}
                  selectedOptions={[modelType]}
                  onOptionSelect={(_, d) => d.optionValue && setModelType(d.optionValue as ModelType)}
                >
                  {MODEL_TYPES.map((t) => (
                    <Option key={t} value={t}>
                      {MODEL_TYPE_LABEL[t]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Stage">
                <Dropdown
                  value={stage || "None"}
                  selectedOptions={[stage]}
                  onOptionSelect={(_, d) => setStage(d.optionValue ?? "")}
                >
                  <Option value="">None</Option>
                  {STAGES.map((st) => (
                    <Option key={st} value={st}>
                      {st}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            </div>
            <Field label="Description">
              <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
            </Field>
            <TabList
              selectedValue={source}
              onTabSelect={(_, d) => {
                setSource(d.value as SourceKind);
                setFiles([]);
              }}
              aria-label="Where the model's files come from"
            >
              <Tab value="files">Upload files</Tab>
              <Tab value="folder">Upload a folder</Tab>
              <Tab value="datastore">Datastore path</Tab>
              <Tab value="job">Job output</Tab>
            </TabList>
            {source === "files" || source === "folder" ? (
              <Field
                label={source === "files" ? "Files" : "Folder"}
                hint={files.length ? `${files.length} file(s), ${formatBytes(total)}` : undefined}
              >
                <input
                  type="file"
                  aria-label={source === "files" ? "Model files" : "Model folder"}
                  multiple
                  {...(source === "folder" ? { webkitdirectory: "" } : {})}
                  onChange={(e) => e.target.files && setFiles(pickedFiles(e.target.files, source === "folder"))}
                />
              </Field>
            ) : source === "datastore" ? (
              <div style={{ display: "flex", gap: 12 }}>
                <Field label="Datastore">
                  <Input value={datastore} onChange={(_, d) => setDatastore(d.value)} />
                </Field>
                <Field label="Path" style={{ flexGrow: 1 }} hint="A file or folder in the datastore">
                  <Input value={dsPath} onChange={(_, d) => setDsPath(d.value)} placeholder="models/churn/2024-06-01" />
                </Field>
              </div>
            ) : (
              <div style={{ display: "flex", gap: 12 }}>
                <Field label="Job name">
                  <Input value={jobName} onChange={(_, d) => setJobName(d.value)} />
                </Field>
                <Field label="Output name">
                  <Input value={outputName} onChange={(_, d) => setOutputName(d.value)} />
                </Field>
              </div>
            )}
            <Field label="Properties (metrics such as accuracy)">
              <TagEditor label="Properties" rows={properties} onChange={setProperties} />
            </Field>
            <Field label="Tags">
              <TagEditor label="Tags" rows={tags} onChange={setTags} />
            </Field>
            <UploadProgressField progress={progress} />
            {register.isPending ? <Caption1>Checking the files and registering…</Caption1> : null}
            <ErrorBar error={error} title="The version was not registered" />
          </DialogContent>
          <DialogActions>
            {uploading ? (
              <Button onClick={() => abort.current?.abort()}>Cancel upload</Button>
            ) : (
              <Button onClick={onClose} disabled={busy}>
                Close
              </Button>
            )}
            <Button
              appearance="primary"
              disabled={busy || !name || !version || !!nameProblem || !!versionProblem || !sourceReady}
              onClick={submit}
            >
              {busy ? "Registering…" : "Register"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
