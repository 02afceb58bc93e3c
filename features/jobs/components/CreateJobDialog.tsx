"use client";
import { useEffect, useMemo, useRef, useState } from "react";
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
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Tab,
  TabList,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { EditRegular } from "@fluentui/react-icons/svg/edit";
import { apiPath, studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { getAuthHeaders } from "@/lib/client/auth";
import { uploadAll, type PickedFile, type UploadProgress } from "@/lib/client/upload";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useRequestedAction } from "@/lib/client/requested-action";
import { UploadProgressField } from "@/components/assets/UploadProgressField";
import { CodeFolderField } from "@/components/assets/CodeFolderField";
import { useSubmitCommandJob } from "../hooks";
import {
  commandJobFormFromYaml,
  commandJobFormProblems,
  commandJobFormToYaml,
  emptyCommandJobForm,
  type CommandJobForm,
} from "../command-form";
import { useComponents } from "@/features/components";
import {
  componentSpecOf,
  emptySweepJobForm,
  sweepJobFormFromYaml,
  sweepJobFormProblems,
  sweepJobFormToYaml,
  type SweepJobForm,
} from "../sweep-form";
import { CommandJobFormFields } from "./CommandJobFormFields";
import { SweepJobFormFields } from "./SweepJobFormFields";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  surface: { maxWidth: "min(960px, 96vw)" },
  preview: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre-wrap",
    margin: 0,
  },
  yaml: { fontFamily: tokens.fontFamilyMonospace, minHeight: "260px" },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorPaletteRedForeground1 },
  fromDatastore: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
});

/** The submit takes a file of at most this many characters (`job-files`' body limit). */
const MAX_JOB_FILE = 1_000_000;

/** A job file kept in a datastore, read through the datastore browser's content route (the caller's own access). */
async function readDatastoreFile(workspace: WorkspaceRef, datastore: string, path: string): Promise<string> {
  const res = await fetch(
    `${apiPath(workspace)}/datastores/${encodeURIComponent(datastore)}/content?path=${encodeURIComponent(path)}`,
    { headers: await getAuthHeaders(), credentials: "same-origin" },
  );
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${datastore}/${path} could not be read (${res.status}).`);
  }
  if (Number(res.headers.get("content-length") ?? 0) > MAX_JOB_FILE)
    throw new Error(`${datastore}/${path} is larger than a job file can be (1 MB).`);
  return res.text();
}

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

type Mode = "form" | "yaml";
type JobKind = "command" | "sweep";

/** A job file as the form: a command job, a sweep, or null when the form cannot show it (a file with problems). */
function formOf(
  yaml: string,
): { kind: "command"; form: CommandJobForm } | { kind: "sweep"; form: SweepJobForm } | null {
  const command = commandJobFormFromYaml(yaml);
  if (command) return { kind: "command", form: command };
  const sweep = sweepJobFormFromYaml(yaml);
  return sweep ? { kind: "sweep", form: sweep } : null;
}

/**
 * "Create job": a command or sweep job from the form, or a CLI v2 command or sweep job file (pasted or picked). The
 * form is written as the same YAML (shown before submit), so both go through one reader and one submit: the studio
 * checks the file and what it refers to, lists every problem (with line and column for a file), and opens the job
 * once it is submitted. A local `code:` folder is chosen here and uploaded first as a code asset, as
 * `az ml job create` does. "Edit and resubmit" opens the form prefilled with the job (its YAML when the form cannot
 * show it).
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
  // The command palette's "Create job" opens the jobs page with ?do=create-job.
  const requested = useRequestedAction("create-job");
  useEffect(() => {
    if (requested && !initialYaml && !disabled) setOpen(true);
  }, [requested, initialYaml, disabled]);
  const [mode, setMode] = useState<Mode>("form");
  const [kind, setKind] = useState<JobKind>("command");
  const [form, setForm] = useState<CommandJobForm>(emptyCommandJobForm);
  const [sweepForm, setSweepForm] = useState<SweepJobForm>(() => emptySweepJobForm());
  const [yamlText, setYamlText] = useState("");
  const [modeNote, setModeNote] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const submit = useSubmitCommandJob(workspace);
  const [code, setCode] = useState<PickedFile[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const formYaml = useMemo(
    () => (mode !== "form" ? "" : kind === "sweep" ? sweepJobFormToYaml(sweepForm) : commandJobFormToYaml(form)),
    [mode, kind, form, sweepForm],
  );
  const components = useComponents(workspace);
  const trialComponent = useMemo(
    () =>
      kind === "sweep" && sweepForm.trialKind === "component"
        ? componentSpecOf(components.data?.data ?? [], sweepForm.component)
        : null,
    [kind, sweepForm.trialKind, sweepForm.component, components.data],
  );
  const sweepProblems = useMemo(
    () => (mode === "form" && kind === "sweep" ? sweepJobFormProblems(sweepForm, trialComponent) : []),
    [mode, kind, sweepForm, trialComponent],
  );
  const formProblems = useMemo(
    () =>
      mode !== "form"
        ? []
        : kind === "sweep"
          ? [...new Set(sweepProblems.map((p) => p.message))]
          : commandJobFormProblems(form),
    [mode, kind, form, sweepProblems],
  );
  /** The command the form edits: the job's own, or a sweep's trial. */
  const trialForm = kind === "sweep" ? sweepForm.trial : form;
  const setTrialForm = (next: CommandJobForm) =>
    kind === "sweep" ? setSweepForm({ ...sweepForm, trial: next }) : setForm(next);
  const yaml = mode === "form" ? formYaml : yamlText;
  const codeFolder = useMemo(() => localCodeFolder(yaml), [yaml]);
  const problems = submit.error?.message.split("\n").filter(Boolean) ?? [];
  const busy = submit.isPending || progress !== null;

  const switchTo = (next: Mode) => {
    setModeNote(null);
    submit.reset();
    if (next === mode) return;
    if (next === "yaml") {
      setYamlText(formYaml);
      setMode("yaml");
      return;
    }
    if (!yamlText.trim()) {
      setMode("form");
      return;
    }
    if (showInForm(yamlText)) setMode("form");
    else
      setModeNote(
        "The form shows command and sweep jobs, and this YAML is not one it can read (it has problems): edit it here.",
      );
  };
  /** Puts a command or sweep job file into the form; false when the form cannot show it. */
  const showInForm = (text: string) => {
    const read = formOf(text);
    if (!read) return false;
    setKind(read.kind);
    if (read.kind === "sweep") setSweepForm(read.form);
    else setForm(read.form);
    return true;
  };
  const switchKind = (next: JobKind) => {
    submit.reset();
    // The command typed so far becomes the sweep's trial, and back.
    if (next === "sweep") setSweepForm({ ...sweepForm, trial: form });
    else setForm(sweepForm.trial);
    setKind(next);
  };
  /** Opens on the form for a command or sweep job's own YAML, on the YAML tab for anything else. */
  const loadInitial = (text: string) => {
    setYamlText(text);
    setMode(showInForm(text) ? "form" : "yaml");
  };

  const codeField =
    !trialForm.code.trim() || codeFolder ? (
      <CodeFolderField
        label={codeFolder ? `Code folder (code: ${codeFolder})` : "Code folder"}
        files={code}
        onPick={(files) => {
          setCode(files);
          if (!trialForm.code.trim() && files.length) setTrialForm({ ...trialForm, code: "./src" });
        }}
        emptyHint="Choose a folder; its files are uploaded as a code asset when you submit."
      />
    ) : null;

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setYamlText(await file.text());
    setMode("yaml");
    submit.reset();
  };
  const [datastore, setDatastore] = useState("workspaceblobstore");
  const [datastorePath, setDatastorePath] = useState("");
  const [reading, setReading] = useState(false);
  const pickFromDatastore = async () => {
    const path = datastorePath.trim().replace(/^\/+/, "");
    setLoadError(null);
    setReading(true);
    try {
      setYamlText(await readDatastoreFile(workspace, datastore.trim(), path));
      setFileName(`${datastore.trim()}/${path}`);
      submit.reset();
    } catch (e) {
      setLoadError(e);
    } finally {
      setReading(false);
    }
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
          initialYaml().then(loadInitial, setLoadError);
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
      <DialogSurface aria-describedby="create-job-help" className={s.surface}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <DialogBody>
            <DialogTitle>{initialYaml ? "Edit and resubmit" : "Create a job"}</DialogTitle>
            <DialogContent className={s.form}>
              <Caption1 id="create-job-help">
                A command or sweep job from the form, or an Azure ML CLI v2 command or sweep job file (commandJob or
                sweepJob schema) as you would give to <code>az ml job create -f</code>. Pipelines are imported in the
                designer.
              </Caption1>
              <TabList selectedValue={mode} onTabSelect={(_, d) => switchTo(d.value as Mode)}>
                <Tab value="form">Form</Tab>
                <Tab value="yaml">YAML file</Tab>
              </TabList>
              {modeNote ? (
                <MessageBar intent="warning">
                  <MessageBarBody>{modeNote}</MessageBarBody>
                </MessageBar>
              ) : null}
              {mode === "form" ? (
                <>
                  <Field label="Job kind">
                    <RadioGroup layout="horizontal" value={kind} onChange={(_, d) => switchKind(d.value as JobKind)}>
                      <Radio value="command" label="Command" />
                      <Radio value="sweep" label="Sweep (hyperparameter tuning)" />
                    </RadioGroup>
                  </Field>
                  {kind === "sweep" ? (
                    <SweepJobFormFields
                      workspace={workspace}
                      form={sweepForm}
                      problems={sweepProblems}
                      onChange={(f) => {
                        setSweepForm(f);
                        submit.reset();
                      }}
                      codeField={codeField}
                    />
                  ) : (
                    <CommandJobFormFields
                      workspace={workspace}
                      form={form}
                      onChange={(f) => {
                        setForm(f);
                        submit.reset();
                      }}
                      codeField={codeField}
                    />
                  )}
                  <details>
                    <summary>YAML that will be submitted</summary>
                    <pre className={s.preview} data-testid="form-yaml">
                      {formYaml}
                    </pre>
                  </details>
                </>
              ) : (
                <>
                  <Field label="Job file">
                    <input
                      type="file"
                      accept=".yml,.yaml"
                      aria-label="Choose a job file"
                      onChange={(e) => void pick(e.target.files?.[0])}
                    />
                  </Field>
                  <div className={s.fromDatastore} role="group" aria-label="A job file in a datastore">
                    <Field label="Datastore">
                      <Input value={datastore} onChange={(_, d) => setDatastore(d.value)} />
                    </Field>
                    <Field label="Path in the datastore" style={{ flexGrow: 1 }}>
                      <Input
                        value={datastorePath}
                        placeholder="jobs/train.yml"
                        onChange={(_, d) => setDatastorePath(d.value)}
                        onKeyDown={(e) => {
                          // Enter reads the file here rather than submitting the job.
                          if (e.key !== "Enter") return;
                          e.preventDefault();
                          if (datastorePath.trim() && datastore.trim()) void pickFromDatastore();
                        }}
                      />
                    </Field>
                    <Button
                      disabled={!datastorePath.trim() || !datastore.trim() || reading}
                      onClick={() => void pickFromDatastore()}
                    >
                      {reading ? "Reading…" : "Read the file"}
                    </Button>
                  </div>
                  <Field label={fileName ? `YAML (${fileName})` : "YAML"} required>
                    <Textarea
                      className={s.yaml}
                      value={yamlText}
                      onChange={(_, d) => {
                        setYamlText(d.value);
                        submit.reset();
                      }}
                      spellCheck={false}
                      resize="vertical"
                    />
                  </Field>
                </>
              )}
              {mode === "yaml" && codeFolder ? (
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
              {mode === "form" && formProblems.length && !submit.error ? (
                <div>
                  <Caption1>Before it can be submitted:</Caption1>
                  <ul className={s.problems} data-testid="form-problems">
                    {formProblems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
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
              <Button
                appearance="primary"
                type="submit"
                disabled={!yaml.trim() || busy || (mode === "form" && formProblems.length > 0)}
              >
                {submit.isPending ? "Submitting…" : "Submit"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
