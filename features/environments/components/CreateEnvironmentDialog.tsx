"use client";
import { useMemo, useRef, useState } from "react";
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Tab,
  TabList,
  Textarea,
} from "@fluentui/react-components";
import { ErrorBar } from "@/components/common/ErrorBar";
import { TagEditor, formatBytes, fromRows, toRows, type TagRow } from "@/components/versions";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import {
  describeProblem,
  isCuratedName,
  isProblem,
  parseCliEnvironmentYaml,
  parseImageReference,
} from "@/lib/domain/environment-spec";
import { assetVersionProblem, newAssetNameProblem } from "@/lib/domain/storage-names";
import { UploadProgressField } from "@/components/assets/UploadProgressField";
import { pickedFiles, uploadAll, type PickedFile, type UploadProgress } from "@/lib/client/upload";
import { useCreateEnvironmentVersion } from "../hooks";
import { CondaEditor, condaProblems } from "./CondaEditor";

type Mode = "image" | "conda" | "context" | "import";
export type EnvironmentDraft = {
  image?: string;
  condaFile?: string;
  description?: string;
  tags?: Record<string, string>;
};

const joinPath = (dir: string, rel: string) => {
  const parts = (dir ? `${dir}/${rel}` : rel).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p && p !== ".") out.push(p);
  }
  return out.join("/");
};

/**
 * Creates an environment version from a docker image, an image plus a conda file (validated as you type), a
 * build context (a folder with a Dockerfile, uploaded with progress), or an Azure ML CLI v2 environment YAML
 * with the files it names.
 */
export function CreateEnvironmentDialog({
  workspace,
  name: fixedName,
  nextVersion,
  draft,
  onClose,
  onCreated,
}: {
  workspace: WorkspaceRef;
  name?: string;
  nextVersion: string;
  draft?: EnvironmentDraft;
  onClose: () => void;
  onCreated: (name: string, version: string) => void;
}) {
  const create = useCreateEnvironmentVersion(workspace);
  const [name, setName] = useState(fixedName ?? "");
  const [version, setVersion] = useState(nextVersion);
  const [mode, setMode] = useState<Mode>(draft?.condaFile ? "conda" : "image");
  const [image, setImage] = useState(draft?.image ?? "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest");
  const [conda, setConda] = useState(
    draft?.condaFile ??
      "name: my-env\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip:\n    - numpy==1.26.4\n",
  );
  const [description, setDescription] = useState(draft?.description ?? "");
  const [tags, setTags] = useState<TagRow[]>(toRows(draft?.tags ?? {}));
  const [contextFiles, setContextFiles] = useState<PickedFile[]>([]);
  const [dockerfilePath, setDockerfilePath] = useState("Dockerfile");
  const [importNote, setImportNote] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  const effectiveMode =
    mode === "import" ? (contextFiles.length ? "context" : conda && importNote ? "conda" : "image") : mode;
  const imageProblem = useMemo(() => {
    if (effectiveMode === "context") return null;
    const r = parseImageReference(image);
    return isProblem(r) ? r.message : null;
  }, [image, effectiveMode]);
  const condaErr = effectiveMode === "conda" ? condaProblems(conda) : [];
  const nameProblem = !name
    ? null
    : isCuratedName(name)
      ? "Names starting with AzureML- are reserved for curated environments."
      : name !== fixedName
        ? newAssetNameProblem(name)
        : null;
  const versionProblem = version ? assetVersionProblem(version) : null;
  const contextProblem =
    effectiveMode === "context" && !contextFiles.some((f) => f.path === dockerfilePath)
      ? `The folder has no ${dockerfilePath}.`
      : null;
  const busy = uploading || create.isPending;
  const ready =
    !!name &&
    !!version &&
    !nameProblem &&
    !versionProblem &&
    !imageProblem &&
    condaErr.length === 0 &&
    !contextProblem &&
    (effectiveMode !== "context" || contextFiles.length > 0);

  async function importYaml(list: FileList) {
    setError(null);
    const files = pickedFiles(list, true);
    let found: { file: PickedFile; env: NonNullable<ReturnType<typeof parseCliEnvironmentYaml>["env"]> } | null = null;
    const problems: string[] = [];
    for (const f of files.filter((x) => /\.ya?ml$/i.test(x.path))) {
      const text = await f.file.text();
      if (!/^\s*(image|build)\s*:/m.test(text)) continue;
      const r = parseCliEnvironmentYaml(text);
      if (r.env) {
        found = { file: f, env: r.env };
        break;
      }
      problems.push(`${f.path}: ${r.problems.map(describeProblem).join("; ")}`);
    }
    if (!found) {
      setError(
        new Error(
          problems.length
            ? `The environment YAML is invalid. ${problems.join(" ")}`
            : "No Azure ML environment YAML (with image: or build:) was found among the chosen files.",
        ),
      );
      return;
    }
    const dir = found.file.path.includes("/") ? found.file.path.slice(0, found.file.path.lastIndexOf("/")) : "";
    const env = found.env;
    if (!fixedName && env.name) setName(env.name);
    if (env.version) setVersion(env.version);
    if (env.description) setDescription(env.description);
    if (Object.keys(env.tags).length) setTags(toRows(env.tags));
    const notes: string[] = [`Imported ${found.file.path}`];
    if (env.image) setImage(env.image);
    if (env.condaFile) {
      if ("inline" in env.condaFile) setConda(env.condaFile.inline);
      else {
        const want = joinPath(dir, env.condaFile.path);
        const cf = files.find((f) => f.path === want);
        if (!cf) {
          setError(
            new Error(
              `The YAML names conda_file ${env.condaFile.path}, which is not among the chosen files (looked for ${want}). Choose the folder that holds both.`,
            ),
          );
          return;
        }
        setConda(await cf.file.text());
        notes.push(`conda file ${want}`);
      }
    } else setConda("");
    if (env.build) {
      const root = joinPath(dir, env.build.path);
      const ctx = files
        .filter((f) => f.path.startsWith(`${root}/`))
        .map((f) => ({ path: f.path.slice(root.length + 1), file: f.file }));
      if (!ctx.length) {
        setError(
          new Error(
            `The YAML's build.path ${env.build.path} has no files among the chosen ones (looked under ${root}/).`,
          ),
        );
        return;
      }
      setContextFiles(ctx);
      setDockerfilePath(env.build.dockerfilePath);
      notes.push(`build context ${root}/ (${ctx.length} files)`);
    } else setContextFiles([]);
    setImportNote(notes.join(", "));
  }

  async function submit() {
    setError(null);
    const ac = new AbortController();
    abort.current = ac;
    try {
      let build: { uploadId: string; files: { path: string; size: number }[]; dockerfilePath: string } | undefined;
      if (effectiveMode === "context") {
        setUploading(true);
        const ticket = await uploadAll({
          apiBase: apiPath(workspace),
          segment: "environment-uploads",
          files: contextFiles,
          onProgress: setProgress,
          signal: ac.signal,
        });
        build = {
          uploadId: ticket.uploadId,
          files: contextFiles.map((f) => ({ path: f.path, size: f.file.size })),
          dockerfilePath,
        };
        setUploading(false);
      }
      await create.mutateAsync({
        name,
        version,
        body: {
          description: description || undefined,
          tags: fromRows(tags),
          ...(effectiveMode === "context" ? { build } : { image: image.trim() }),
          ...(effectiveMode === "conda" ? { condaFile: conda } : {}),
        },
      });
      onCreated(name, version);
    } catch (e) {
      setUploading(false);
      setProgress(null);
      setError(
        (e as Error).name === "AbortError"
          ? new Error("Upload cancelled; nothing was created and the uploaded files were removed.")
          : e,
      );
    }
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface style={{ maxWidth: 760 }}>
        <DialogBody>
          <DialogTitle>{fixedName ? `New version of ${fixedName}` : "Create an environment"}</DialogTitle>
          <DialogContent style={{ display: "flex", flexDirection: "column", gap: 12 }}>
            <div style={{ display: "flex", gap: 12 }}>
              {!fixedName ? (
                <Field label="Name" required validationMessage={nameProblem ?? undefined} style={{ flexGrow: 1 }}>
                  <Input value={name} onChange={(_, d) => setName(d.value)} />
                </Field>
              ) : null}
              <Field label="Version" required validationMessage={versionProblem ?? undefined}>
                <Input value={version} onChange={(_, d) => setVersion(d.value)} />
              </Field>
            </div>
            <Field label="Description">
              <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
            </Field>
            <TabList
              selectedValue={mode}
              onTabSelect={(_, d) => setMode(d.value as Mode)}
              aria-label="How the environment is defined"
            >
              <Tab value="image">Docker image</Tab>
              <Tab value="conda">Image + conda file</Tab>
              <Tab value="context">Build context</Tab>
              <Tab value="import">Import CLI YAML</Tab>
            </TabList>
            {mode === "import" ? (
              <Field
                label="Environment YAML and the files it names"
                hint="Choose the folder holding the YAML (Azure ML CLI v2 form), its conda file or build context."
              >
                <input
                  type="file"
                  aria-label="Environment YAML folder"
                  multiple
                  {...{ webkitdirectory: "" }}
                  onChange={(e) => e.target.files && importYaml(e.target.files)}
                />
              </Field>
            ) : null}
            {importNote ? <Caption1>{importNote}</Caption1> : null}
            {effectiveMode !== "context" && (mode !== "import" || importNote) ? (
              <Field label="Docker image" required validationMessage={imageProblem ?? undefined}>
                <Input
                  value={image}
                  onChange={(_, d) => setImage(d.value)}
                  placeholder="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
                />
              </Field>
            ) : null}
            {effectiveMode === "conda" && (mode !== "import" || importNote) ? (
              <Field label="Conda file (YAML)">
                <CondaEditor value={conda} onChange={setConda} />
              </Field>
            ) : null}
            {mode === "context" ? (
              <Field
                label="Build context folder"
                hint={
                  contextFiles.length
                    ? `${contextFiles.length} file(s), ${formatBytes(contextFiles.reduce((n, f) => n + f.file.size, 0))}`
                    : "A folder with a Dockerfile"
                }
              >
                <input
                  type="file"
                  aria-label="Build context folder"
                  multiple
                  {...{ webkitdirectory: "" }}
                  onChange={(e) => e.target.files && setContextFiles(pickedFiles(e.target.files, true))}
                />
              </Field>
            ) : null}
            {effectiveMode === "context" ? (
              <Field
                label="Dockerfile path in the context"
                validationMessage={contextFiles.length ? (contextProblem ?? undefined) : undefined}
              >
                <Input value={dockerfilePath} onChange={(_, d) => setDockerfilePath(d.value)} />
              </Field>
            ) : null}
            <Field label="Tags">
              <TagEditor label="Tags" rows={tags} onChange={setTags} />
            </Field>
            <UploadProgressField progress={progress} />
            <ErrorBar error={error} title="The environment version was not created" />
          </DialogContent>
          <DialogActions>
            {uploading ? (
              <Button onClick={() => abort.current?.abort()}>Cancel upload</Button>
            ) : (
              <Button onClick={onClose} disabled={busy}>
                Close
              </Button>
            )}
            <Button appearance="primary" disabled={busy || !ready} onClick={submit}>
              {busy ? "Creating…" : "Create"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
