"use client";
import { useState } from "react";
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
import { AddRegular } from "@fluentui/react-icons";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useSubmitCommandJob } from "../hooks";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  yaml: { fontFamily: tokens.fontFamilyMonospace, minHeight: "260px" },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorPaletteRedForeground1 },
});

/**
 * "Create job" from a CLI v2 command job file (pasted or picked): the studio checks the file and what it refers to,
 * lists every problem with its line and column, and opens the job once it is submitted.
 */
export function CreateJobDialog({ workspace, disabled }: { workspace: WorkspaceRef; disabled: boolean }) {
  const s = useStyles();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [yaml, setYaml] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const submit = useSubmitCommandJob(workspace);
  const problems = submit.error?.message.split("\n").filter(Boolean) ?? [];

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setYaml(await file.text());
    submit.reset();
  };
  const send = () =>
    submit.mutate(yaml, {
      onSuccess: (r) => {
        setOpen(false);
        router.push(`${studioPath(workspace)}/jobs/${encodeURIComponent(r.data.name)}`);
      },
    });

  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<AddRegular />} disabled={disabled}>
          Create job
        </Button>
      </DialogTrigger>
      <DialogSurface aria-describedby="create-job-help">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <DialogBody>
            <DialogTitle>Create a command job</DialogTitle>
            <DialogContent className={s.form}>
              <Caption1 id="create-job-help">
                Paste or choose an Azure ML CLI v2 command job file (commandJob.schema.json), as you would give to{" "}
                <code>az ml job create -f</code>. Pipelines are imported in the designer.
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
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <Button appearance="primary" type="submit" disabled={!yaml.trim() || submit.isPending}>
                {submit.isPending ? "Submitting…" : "Submit"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
