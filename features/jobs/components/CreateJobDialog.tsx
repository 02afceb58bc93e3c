"use client";
import { useMemo, useRef, useState } from "react";
import { parse } from "yaml";
import { useRouter } from "next/navigation";
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular, EditRegular } from "@fluentui/react-icons";
import { apiPath, studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { uploadAll, type PickedFile, type UploadProgress } from "@/lib/client/upload";
import { ErrorBar } from "@/components/common/ErrorBar";
import { UploadProgressField } from "@/components/assets/UploadProgressField";
import { CodeFolderField } from "@/components/assets/CodeFolderField";
import { useSubmitCommandJob } from "../hooks";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  yaml: { fontFamily: tokens.fontFamilyMonospace, minHeight: "260px" },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorPaletteRedForeground1 },
});

/** The local folder a job file's `code:` names (null for none or a registered code asset), read leniently. */
function localCodeFolder(yaml: string): string | null {
  try {
    const doc = parse(yaml) as { code?: unknown; trial?: { code?: unknown } } | null;
    // A sweep's code is its trial's.
    const code = doc?.code ?? (typeof doc?.trial === "object" ? doc.trial?.code : undefined);
    return typeof code === "string" && !code.startsWith("azureml:") ? code : null;
  } catch {
    return null;
  }
}

/**
 * "Create job" from a CLI v2 command job file (pasted or picked): the studio checks the file and what it refers to,
 * lists every problem with its line and column, and opens the job once it is submitted. A local `code:` folder is
 * chosen here and uploaded first as a code asset, as `az ml job create` does.
 */
export function CreateJobDialog({
  workspace,
  disabled,
  initialYaml,
  trigger = "Create job",
}: {
  workspace: WorkspaceRef;
  disabled: boolean;
  /** "Edit and resubmit": the job's own file, fetched when the dialog opens. */
  initialYaml?: () => Promise<string>;
  trigger?: string;
}) {
  const s = useStyles();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [yaml, setYaml] = useState("");
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const submit = useSubmitCommandJob(workspace);
  const [code, setCode] = useState<PickedFile[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const codeFolder = useMemo(() => localCodeFolder(yaml), [yaml]);
  const problems = submit.error?.message.split("\n").filter(Boolean) ?? [];
  const busy = submit.isPending || progress !== null;

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setYaml(await file.text());
    submit.reset();
  };
  const send = async () => {
    setUploadError(null);
    let staged: { uploadId: string; files: { path: string; size: number }[] } | undefined;
    if (codeFolder && code.length) {
      const ac = new AbortController();
      abort.current = ac;
      try {
        const ticket = await uploadAll({
          apiBase: apiPath(workspace),
          segment: "job-uploads",
          files: code,
          onProgress: setProgress,
          signal: ac.signal,
        });
        staged = { uploadId: ticket.uploadId, files: code.map((f) => ({ path: f.path, size: f.file.size })) };
      } catch (e) {
        setUploadError(
          (e as Error).name === "AbortError" ? new Error("Upload cancelled; nothing was created.") : (e as Error),
        );
        return;
      } finally {
        setProgress(null);
      }
    }
    submit.mutate(
      { yaml, ...(staged ? { code: staged } : {}) },
      {
        onSuccess: (r) => {
          setOpen(false);
          router.push(`${studioPath(workspace)}/jobs/${encodeURIComponent(r.data.name)}`);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open && initialYaml) {
          setLoadError(null);
          initialYaml().then(setYaml, setLoadError);
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button
          appearance={initialYaml ? "secondary" : "primary"}
          icon={initialYaml ? <EditRegular /> : <AddRegular />}
          disabled={disabled}
        >
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogSurface aria-describedby="create-job-help">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <DialogBody>
            <DialogTitle>Create a job from a file</DialogTitle>
            <DialogContent className={s.form}>
              <Caption1 id="create-job-help">
                Paste or choose an Azure ML CLI v2 command or sweep job file (commandJob or sweepJob schema), as you
                would give to <code>az ml job create -f</code>. Pipelines are imported in the designer.
              </Caption1>
              <Field label="Job file">
                <input
                  type="file"
                  accept=".yml,.yaml"
                  aria-label="Choose a job file"
                  onChange={(e) => void pick(e.target.files?.[0])}
                />
              </Field>
              <Field label={fileName ? `YAML (${fileName})` : "YAML"} required>
                <Textarea
                  className={s.yaml}
                  value={yaml}
                  onChange={(_, d) => {
                    setYaml(d.value);
                    submit.reset();
                  }}
                  spellCheck={false}
                  resize="vertical"
                />
              </Field>
              {codeFolder ? (
                <CodeFolderField
                  label={`Code folder (the file's code: ${codeFolder})`}
                  files={code}
                  onPick={setCode}
                  emptyHint="Choose the folder; its files are uploaded as a code asset when you submit."
                />
              ) : null}
              <ErrorBar error={loadError} title="The job's file could not be read" />
              <UploadProgressField progress={progress} />
              <ErrorBar error={uploadError} title="The code folder was not uploaded" />
              {problems.length > 1 ? (
                <div role="alert">
                  <Caption1>The job file has {problems.length} problems; nothing was created:</Caption1>
                  <ul className={s.problems} data-testid="job-problems">
                    {problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </div>
              ) : (
                <ErrorBar error={submit.error} title="The job was not created" />
              )}
            </DialogContent>
            <DialogActions>
              {progress ? (
                <Button onClick={() => abort.current?.abort()}>Cancel upload</Button>
              ) : (
                <DialogTrigger disableButtonEnhancement>
                  <Button>Cancel</Button>
                </DialogTrigger>
              )}
              <Button appearance="primary" type="submit" disabled={!yaml.trim() || busy}>
                {submit.isPending ? "Submitting…" : "Submit"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
