"use client";
import { useMemo, useState, type ReactNode } from "react";
import {
  Radio,
  RadioGroup,
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
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  nameProblem,
  RESOURCE_GROUP_NAME,
  WORKSPACE_NAME,
  type NameRule,
  type WorkspaceRef,
} from "@/lib/domain/arm-names";
import { ApiClientError } from "@/lib/client/api";
import { ErrorBar } from "@/components/common/ErrorBar";
import {
  IDLE_SHUTDOWN_MAX_MINUTES,
  IDLE_SHUTDOWN_MIN_MINUTES,
  idleShutdownDefaultProblem,
} from "@/lib/domain/workspace-settings";
import { TagEditor, fromRows, toRows, type TagRow } from "@/components/versions";
import {
  AZURE_ML_REGIONS,
  DEPENDENT_RESOURCE_KINDS,
  DEPENDENT_RESOURCES,
  dependentResourceProblem,
  tagProblem,
  type DependentResourceChoice,
  type DependentResourceKind,
} from "../model";
import { useCreateWorkspace, useDeleteWorkspace, useUpdateWorkspace } from "../hooks";
import type { WorkspaceSummary } from "../server/workspaces";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-end" },
  grow: { flexGrow: 1 },
});

const NEW_RG = "__new__";

/** What is wrong with a typed name under its rule, or undefined (also while the field is still empty). */
const problem = (rule: NameRule, value: string) => (value && nameProblem(rule, value)) || undefined;

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiClientError && error.field === field ? error.message : undefined;

/** "New workspace": name checked against Azure's rule as it is typed, resource group (or a new one), region, tags. */
/** A new dependent resource's suggested name, from the workspace's (each type's naming rule kept). */
function suggestedName(kind: DependentResourceKind, workspace: string): string {
  const alnum = workspace.toLowerCase().replace(/[^a-z0-9]/g, "");
  switch (kind) {
    case "storageAccount":
      return `st${alnum}`.slice(0, 24);
    case "keyVault":
      return `kv-${alnum}`.slice(0, 24);
    case "applicationInsights":
      return `appi-${workspace}`.slice(0, 255);
    case "containerRegistry":
      return `cr${alnum}`.slice(0, 50);
  }
}

type ResourceRow = { mode: "create" | "existing" | "none"; value: string };

export function CreateWorkspaceDialog({
  open,
  onClose,
  subscriptions,
  workspaces,
  upstream,
}: {
  open: boolean;
  onClose: (created?: WorkspaceSummary) => void;
  subscriptions: string[];
  workspaces: WorkspaceSummary[];
  /** Azure: the dependent resources are chosen here. The embedded default stands in for them. */
  upstream: "local" | "azure";
}) {
  const s = useStyles();
  const create = useCreateWorkspace();
  const [subscriptionId, setSubscription] = useState(subscriptions[0] ?? "");
  const groups = useMemo(
    () =>
      [
        ...new Set(
          workspaces
            .filter((w) => w.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
            .map((w) => w.resourceGroup),
        ),
      ].sort(),
    [workspaces, subscriptionId],
  );
  const [rgChoice, setRgChoice] = useState<string>("");
  const [newRg, setNewRg] = useState("");
  const [name, setName] = useState("");
  const [friendlyName, setFriendlyName] = useState("");
  const [description, setDescription] = useState("");
  const [location, setLocation] = useState("eastus");
  const [resources, setResources] = useState<Record<DependentResourceKind, ResourceRow>>({
    storageAccount: { mode: "create", value: "" },
    keyVault: { mode: "create", value: "" },
    applicationInsights: { mode: "create", value: "" },
    containerRegistry: { mode: "none", value: "" },
  });
  const [tags, setTags] = useState<TagRow[]>([]);

  const rgPicked = rgChoice || groups[0] || NEW_RG;
  const resourceGroup = rgPicked === NEW_RG ? newRg : rgPicked;
  const taken = workspaces.some(
    (w) =>
      w.name.toLowerCase() === name.toLowerCase() &&
      w.resourceGroup.toLowerCase() === resourceGroup.toLowerCase() &&
      w.subscriptionId.toLowerCase() === subscriptionId.toLowerCase(),
  );
  const nameError =
    problem(WORKSPACE_NAME, name) ??
    (taken ? `a workspace named ${name} already exists in ${resourceGroup}` : undefined) ??
    fieldError(create.error, "name");
  const rgError = problem(RESOURCE_GROUP_NAME, newRg) ?? fieldError(create.error, "resourceGroup");
  const tagError = tagProblem(fromRows(tags)) ?? fieldError(create.error, "tags");
  // A new resource left unnamed takes its suggested name (shown as the placeholder).
  const choiceOf = (kind: DependentResourceKind): DependentResourceChoice | null => {
    const row = resources[kind];
    if (row.mode === "none") return null;
    if (row.mode === "existing") return { existing: row.value.trim() };
    return { create: row.value.trim() || suggestedName(kind, name) };
  };
  const resourceError = (kind: DependentResourceKind) => {
    const choice = choiceOf(kind);
    if (!choice || !name) return fieldError(create.error, `dependentResources.${kind}`);
    if ("existing" in choice && !choice.existing) return "is required: the resource's ARM id";
    return dependentResourceProblem(kind, choice) ?? fieldError(create.error, `dependentResources.${kind}`);
  };
  const resourcesReady = upstream === "local" || DEPENDENT_RESOURCE_KINDS.every((k) => !resourceError(k));
  const ready = name && !nameError && resourceGroup && !(rgPicked === NEW_RG && rgError) && !tagError && resourcesReady;
  const region = AZURE_ML_REGIONS.find((r) => r.name === location);

  const close = (created?: WorkspaceSummary) => {
    create.reset();
    setName("");
    setFriendlyName("");
    setDescription("");
    setTags([]);
    onClose(created);
  };
  const submit = () =>
    create.mutate(
      {
        subscriptionId,
        resourceGroup,
        name,
        location,
        ...(friendlyName.trim() ? { friendlyName: friendlyName.trim() } : {}),
        ...(description ? { description } : {}),
        tags: fromRows(tags),
        ...(upstream === "azure"
          ? {
              dependentResources: Object.fromEntries(
                DEPENDENT_RESOURCE_KINDS.flatMap((k) => {
                  const choice = choiceOf(k);
                  return choice ? [[k, choice]] : [];
                }),
              ) as never,
            }
          : {}),
      },
      { onSuccess: (res) => close(res.data) },
    );

  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface style={{ maxWidth: 640 }}>
        <DialogBody>
          <DialogTitle>New workspace</DialogTitle>
          <DialogContent className={s.form}>
            {subscriptions.length > 1 && (
              <Field label="Subscription" required validationMessage={fieldError(create.error, "subscriptionId")}>
                <Dropdown
                  value={subscriptionId}
                  selectedOptions={[subscriptionId]}
                  onOptionSelect={(_, d) => setSubscription(d.optionValue ?? subscriptionId)}
                >
                  {subscriptions.map((sub) => (
                    <Option key={sub}>{sub}</Option>
                  ))}
                </Dropdown>
              </Field>
            )}
            <div className={s.row}>
              <Field label="Resource group" required className={s.grow}>
                <Dropdown
                  aria-label="Resource group"
                  value={rgPicked === NEW_RG ? "New resource group" : rgPicked}
                  selectedOptions={[rgPicked]}
                  onOptionSelect={(_, d) => setRgChoice(d.optionValue ?? "")}
                >
                  {groups.map((g) => (
                    <Option key={g} value={g}>
                      {g}
                    </Option>
                  ))}
                  <Option value={NEW_RG}>New resource group</Option>
                </Dropdown>
              </Field>
              {rgPicked === NEW_RG && (
                <Field label="New resource group name" required validationMessage={rgError} className={s.grow}>
                  <Input value={newRg} onChange={(_, d) => setNewRg(d.value)} placeholder="e.g. ml-team-rg" />
                </Field>
              )}
            </div>
            <Field
              label="Workspace name"
              required
              validationMessage={nameError}
              hint="3-33 letters, digits, '-' or '_', starting with a letter or digit"
            >
              <Input value={name} onChange={(_, d) => setName(d.value)} placeholder="e.g. churn-models" />
            </Field>
            <Field label="Display name" hint="Shown in the studio; the name if left empty">
              <Input value={friendlyName} onChange={(_, d) => setFriendlyName(d.value)} maxLength={256} />
            </Field>
            <Field label="Description">
              <Textarea value={description} onChange={(_, d) => setDescription(d.value)} maxLength={2000} />
            </Field>
            <Field label="Region" required validationMessage={fieldError(create.error, "location")}>
              <Dropdown
                aria-label="Region"
                value={region ? `${region.displayName} (${region.name})` : location}
                selectedOptions={[location]}
                onOptionSelect={(_, d) => setLocation(d.optionValue ?? location)}
              >
                {AZURE_ML_REGIONS.map((r) => (
                  <Option key={r.name} value={r.name} text={`${r.displayName} (${r.name})`}>
                    {r.displayName} ({r.name})
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="Tags" validationMessage={tagError}>
              <TagEditor label="Tags" rows={tags} onChange={setTags} />
            </Field>
            {upstream === "azure" ? (
              <fieldset className={s.form} style={{ border: "none", padding: 0, margin: 0 }}>
                <legend>
                  <Caption1>
                    Dependent resources: existing ones by their ARM id, or new ones made first in{" "}
                    {resourceGroup || "the resource group"} ({location})
                  </Caption1>
                </legend>
                {DEPENDENT_RESOURCE_KINDS.map((kind) => {
                  const spec = DEPENDENT_RESOURCES[kind];
                  const row = resources[kind];
                  const set = (next: Partial<ResourceRow>) =>
                    setResources({ ...resources, [kind]: { ...row, ...next } });
                  return (
                    <div key={kind} className={s.row}>
                      <Field label={spec.label} className={s.grow}>
                        <RadioGroup
                          layout="horizontal"
                          aria-label={spec.label}
                          value={row.mode}
                          onChange={(_, d) => set({ mode: d.value as ResourceRow["mode"], value: "" })}
                        >
                          <Radio value="create" label="Create new" />
                          <Radio value="existing" label="Existing" />
                          {!spec.required && <Radio value="none" label="None yet" />}
                        </RadioGroup>
                      </Field>
                      {row.mode !== "none" && (
                        <Field
                          label={
                            row.mode === "create" ? `New ${spec.label.toLowerCase()} name` : `${spec.label} ARM id`
                          }
                          validationMessage={resourceError(kind)}
                          className={s.grow}
                        >
                          <Input
                            value={row.value}
                            onChange={(_, d) => set({ value: d.value })}
                            placeholder={
                              row.mode === "create"
                                ? suggestedName(kind, name || "workspace")
                                : `/subscriptions/…/providers/${spec.type}/…`
                            }
                          />
                        </Field>
                      )}
                    </div>
                  );
                })}
              </fieldset>
            ) : (
              <Caption1>
                The embedded default stands in for an Azure workspace&apos;s dependent resources: the workspace gets its
                own blob container (workspaceblobstore) and file share (workspacefilestore) in the local Azurite storage
                account, with its default datastores; secrets stay in the local service and images are not built, so
                there is no key vault, Application Insights or container registry to choose.
              </Caption1>
            )}
            <ErrorBar error={create.error} title="Could not create the workspace" />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => close()}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={!ready || create.isPending} onClick={submit}>
              {create.isPending ? "Creating…" : "Create"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

const refOf = (w: WorkspaceSummary): WorkspaceRef => ({
  subscriptionId: w.subscriptionId,
  resourceGroup: w.resourceGroup,
  workspace: w.name,
});

/** Edits display name, description and tags of a workspace. */
export function EditWorkspaceDialog({ workspace, onClose }: { workspace: WorkspaceSummary; onClose: () => void }) {
  const s = useStyles();
  const update = useUpdateWorkspace(refOf(workspace));
  const [friendlyName, setFriendlyName] = useState(workspace.friendlyName ?? "");
  const [description, setDescription] = useState(workspace.description ?? "");
  const [tags, setTags] = useState<TagRow[]>(toRows(workspace.tags));
  const tagError = tagProblem(fromRows(tags)) ?? fieldError(update.error, "tags");
  // The compute instance idle-shutdown default, in minutes; empty: none.
  const [idle, setIdle] = useState(
    workspace.computeInstanceIdleShutdownMinutes === null ? "" : String(workspace.computeInstanceIdleShutdownMinutes),
  );
  const idleMinutes = idle.trim() === "" ? null : Number(idle.trim());
  const idleError =
    (idleMinutes === null ? null : idleShutdownDefaultProblem(idleMinutes)) ??
    fieldError(update.error, "computeInstanceIdleShutdownMinutes");
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: 600 }}>
        <DialogBody>
          <DialogTitle>Edit {workspace.name}</DialogTitle>
          <DialogContent className={s.form}>
            <Field label="Display name" validationMessage={fieldError(update.error, "friendlyName")}>
              <Input value={friendlyName} onChange={(_, d) => setFriendlyName(d.value)} maxLength={256} />
            </Field>
            <Field label="Description" validationMessage={fieldError(update.error, "description")}>
              <Textarea value={description} onChange={(_, d) => setDescription(d.value)} maxLength={2000} />
            </Field>
            <Field label="Tags" validationMessage={tagError}>
              <TagEditor label="Tags" rows={tags} onChange={setTags} />
            </Field>
            <Field
              label="Compute instance idle shutdown default (minutes)"
              hint={`A new compute instance shuts down after this many idle minutes unless its creator changes it; empty: none. ${IDLE_SHUTDOWN_MIN_MINUTES}–${IDLE_SHUTDOWN_MAX_MINUTES}.`}
              validationMessage={idleError}
            >
              <Input value={idle} onChange={(_, d) => setIdle(d.value)} inputMode="numeric" />
            </Field>
            <ErrorBar error={update.error} title="Could not save the workspace" />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              disabled={!!tagError || !!idleError || update.isPending}
              onClick={() =>
                update.mutate(
                  {
                    friendlyName: friendlyName.trim(),
                    description,
                    tags: fromRows(tags),
                    computeInstanceIdleShutdownMinutes: idleMinutes,
                  },
                  { onSuccess: onClose },
                )
              }
            >
              {update.isPending ? "Saving…" : "Save"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Deletes a workspace once its name is typed; jobs still running are named, and can be canceled with it. */
export function DeleteWorkspaceDialog({
  workspace,
  contents,
  onClose,
}: {
  workspace: WorkspaceSummary;
  /** What the workspace holds, said before the name is typed (the page supplies it; this feature cannot count it). */
  contents?: ReactNode;
  onClose: () => void;
}) {
  const s = useStyles();
  const del = useDeleteWorkspace(refOf(workspace));
  const [typed, setTyped] = useState("");
  const jobsRunning = del.error instanceof ApiClientError && del.error.code === "JobsRunning";
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: 560 }}>
        <DialogBody>
          <DialogTitle>Delete workspace {workspace.name}?</DialogTitle>
          <DialogContent className={s.form}>
            <Caption1>
              Everything in it goes with it: its computes (attached ones are detached), datastore registrations, data
              assets, models, environments, components, jobs and their history. This cannot be undone.
            </Caption1>
            {contents}
            <Field label={`Type ${workspace.name} to confirm`} required>
              <Input value={typed} onChange={(_, d) => setTyped(d.value)} aria-label="Workspace name to confirm" />
            </Field>
            <ErrorBar
              error={del.error}
              title={jobsRunning ? "Jobs are still running" : "Could not delete the workspace"}
            />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            {jobsRunning && (
              <Button
                appearance="primary"
                disabled={typed !== workspace.name || del.isPending}
                onClick={() => del.mutate({ force: true }, { onSuccess: onClose })}
              >
                Cancel the jobs and delete
              </Button>
            )}
            <Button
              appearance="primary"
              disabled={typed !== workspace.name || del.isPending || jobsRunning}
              onClick={() => del.mutate({ force: false }, { onSuccess: onClose })}
            >
              {del.isPending ? "Deleting…" : "Delete"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
