"use client";
import { useEffect, useMemo, useState } from "react";
import {
  Button,
  Dialog,
  Tooltip,
  DialogSurface,
  DialogBody,
  DialogTitle,
  DialogContent,
  DialogActions,
  DialogTrigger,
  Field,
  Input,
  RadioGroup,
  Radio,
  SpinButton,
  Caption1,
  Textarea,
  Switch,
  Dropdown,
  Option,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { useRequestedAction } from "@/lib/client/requested-action";
import { useWorkspaces } from "@/features/workspaces";
import { COMPUTE_NAME, nameProblem } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ApiClientError } from "@/lib/client/api";
import { formatProblem, YamlImportError } from "@/lib/domain/pipeline";
import { useAssignableUsers, useCreateCompute, useCreateComputeFromYaml, useVmSizes } from "../hooks";
import type { ScheduleRow } from "../model";
import { SSH_PUBLIC_KEY_RE, type CreateComputeBody, type CreateComputeInput } from "../server/schemas";
import { computeYaml, readComputeYaml } from "../compute-yaml";
import { SchedulesEditor, schedulesProblem } from "./SchedulesEditor";
import { VmSizePicker } from "./VmSizePicker";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalL },
  preview: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre-wrap",
    margin: 0,
    maxHeight: "240px",
    overflow: "auto",
  },
  yaml: { fontFamily: tokens.fontFamilyMonospace, minHeight: "260px" },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorPaletteRedForeground1 },
});

type Mode = "form" | "yaml";

/** The problems of a compute file as the server will see them (the same reader), one line each; none when it reads. */
function yamlProblems(text: string): string[] {
  if (!text.trim()) return [];
  try {
    readComputeYaml(text);
    return [];
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems.map(formatProblem);
    return [(e as Error).message];
  }
}

/** The kinds the form makes (a Synapse Spark pool is attached from its YAML file only). */
type Kind = Exclude<CreateComputeBody["computeType"], "SynapseSpark">;
const SIZED: Kind[] = ["ComputeInstance", "AmlCompute"];
type IdentityType = "None" | "SystemAssigned" | "UserAssigned" | "SystemAssigned,UserAssigned";
const IDENTITY_LABELS: Record<IdentityType, string> = {
  None: "None",
  SystemAssigned: "System-assigned",
  UserAssigned: "User-assigned",
  "SystemAssigned,UserAssigned": "System- and user-assigned",
};
const USER_IDENTITY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const AKS_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i;
const FQDN = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i;

export function CreateComputeDialog({
  workspace,
  disabled,
  triggerHint,
}: {
  workspace: WorkspaceRef;
  disabled: boolean;
  /** What the trigger button's tooltip says (why it is disabled, for a Reader). */
  triggerHint: string;
}) {
  const s = useStyles();
  const [open, setOpen] = useState(false);
  // The command palette's "Create compute" opens the compute page with ?do=create-compute.
  const requested = useRequestedAction("create-compute");
  useEffect(() => {
    if (requested && !disabled) setOpen(true);
  }, [requested, disabled]);
  const [kind, setKind] = useState<Kind>("ComputeInstance");
  const [name, setName] = useState("");
  const [vmSize, setVmSize] = useState("");
  const [minNodes, setMinNodes] = useState(0);
  const [maxNodes, setMaxNodes] = useState(2);
  const [idleSeconds, setIdleSeconds] = useState(120);
  const [vmPriority, setVmPriority] = useState<"Dedicated" | "LowPriority">("Dedicated");
  const [schedules, setSchedules] = useState<ScheduleRow[]>([]);
  const [idleShutdownMinutes, setIdleShutdownMinutes] = useState(0);
  // A new instance's idle shutdown starts at the workspace's default (Edit workspace), until it is changed here.
  const [idleTouched, setIdleTouched] = useState(false);
  const workspaces = useWorkspaces();
  const idleDefault =
    workspaces.data?.data.find(
      (w) =>
        w.name.toLowerCase() === workspace.workspace.toLowerCase() &&
        w.resourceGroup.toLowerCase() === workspace.resourceGroup.toLowerCase() &&
        w.subscriptionId.toLowerCase() === workspace.subscriptionId.toLowerCase(),
    )?.computeInstanceIdleShutdownMinutes ?? null;
  useEffect(() => {
    if (open && !idleTouched && idleDefault !== null) setIdleShutdownMinutes(idleDefault);
  }, [open, idleTouched, idleDefault]);
  // Kubernetes
  const [resourceId, setResourceId] = useState("");
  const [namespace, setNamespace] = useState("default");
  const [instanceType, setInstanceType] = useState({ name: "", cpu: "", memory: "", gpu: "" });
  // Attached VM
  const [address, setAddress] = useState("");
  const [sshPort, setSshPort] = useState(22);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [privateKey, setPrivateKey] = useState("");
  // Attached AKS inference cluster (its resource id is `resourceId`)
  const [clusterFqdn, setClusterFqdn] = useState("");
  const [clusterPurpose, setClusterPurpose] = useState<"DevTest" | "FastProd" | "DenseProd">("FastProd");
  // Compute instance: SSH access and whom it is for
  const [sshPublicAccess, setSshPublicAccess] = useState(false);
  const [sshPublicKey, setSshPublicKey] = useState("");
  const [assignedTo, setAssignedTo] = useState<string | null>(null);
  // Instance or cluster: its managed identity (user-assigned ones by resource id, one a line)
  const [identityType, setIdentityType] = useState<IdentityType>("None");
  const [userIdentities, setUserIdentities] = useState("");
  // The YAML tab: its text (empty: it shows the form's YAML when opened) and the file it came from
  const [mode, setMode] = useState<Mode>("form");
  const [yamlText, setYamlText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const sizes = useVmSizes(workspace);
  const users = useAssignableUsers(workspace, open && kind === "ComputeInstance");
  const createFromForm = useCreateCompute(workspace);
  const createFromYaml = useCreateComputeFromYaml(workspace);
  const create = mode === "yaml" ? createFromYaml : createFromForm;
  const caller = users.data?.data.find((u) => u.isCaller);
  const assignee = users.data?.data.find((u) => u.objectId === (assignedTo ?? caller?.objectId));

  const nameError = (name && nameProblem(COMPUTE_NAME, name)) || undefined;
  const vmSizeCores = sizes.data?.data.find((v) => v.name === vmSize)?.vCPUs;
  const serverError = create.error instanceof ApiClientError ? create.error : null;

  const sized = SIZED.includes(kind);
  const fieldError = (prefix: string) =>
    serverError?.field && (serverError.field === prefix || serverError.field.startsWith(`${prefix}.`))
      ? serverError.message
      : undefined;
  const resourceIdError =
    resourceId && !ARM_ID.test(resourceId) ? "must be an ARM resource id (/subscriptions/…/providers/…)" : undefined;
  const instanceTypeError =
    instanceType.name && !K8S_NAME.test(instanceType.name)
      ? "must be a Kubernetes name: lower-case letters, digits, '-'"
      : undefined;
  const aksIdError =
    kind === "AKS" && resourceId && !AKS_ID.test(resourceId)
      ? "must be an AKS cluster's resource id (…/providers/Microsoft.ContainerService/managedClusters/…)"
      : undefined;
  const fqdnError =
    clusterFqdn && !FQDN.test(clusterFqdn) ? "must be a DNS name such as my-aks-dns.hcp.eastus.azmk8s.io" : undefined;
  const sshKeyError =
    sshPublicKey.trim() && !SSH_PUBLIC_KEY_RE.test(sshPublicKey.trim())
      ? "must be an OpenSSH public key (ssh-rsa AAAA…, ssh-ed25519 AAAA…)"
      : undefined;
  const userIdentityIds = userIdentities
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const userIdentitiesError = !identityType.includes("UserAssigned")
    ? undefined
    : !userIdentityIds.length
      ? "needs the resource id of at least one user-assigned identity"
      : userIdentityIds.some((id) => !USER_IDENTITY_ID.test(id))
        ? "each line must be a user-assigned identity's resource id (…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/…)"
        : undefined;
  const identity =
    identityType === "None"
      ? {}
      : {
          identity: {
            type: identityType,
            ...(identityType.includes("UserAssigned") ? { userAssignedIdentities: userIdentityIds } : {}),
          },
        };
  const kindReady =
    kind === "ComputeInstance"
      ? !!vmSize &&
        !schedulesProblem(schedules) &&
        !sshKeyError &&
        (!sshPublicAccess || !!sshPublicKey.trim()) &&
        !userIdentitiesError
      : kind === "AmlCompute"
        ? !!vmSize && !userIdentitiesError
        : kind === "Kubernetes"
          ? !!resourceId && !resourceIdError && K8S_NAME.test(namespace) && !instanceTypeError
          : kind === "AKS"
            ? (!!resourceId || !!clusterFqdn) && !aksIdError && !fqdnError
            : (!!address || !!resourceId) &&
              !!username &&
              !!(password || privateKey) &&
              !(resourceId && resourceIdError);

  const body = (): CreateComputeInput => {
    switch (kind) {
      case "ComputeInstance":
        return {
          computeType: "ComputeInstance",
          vmSize,
          ...(idleShutdownMinutes ? { idleSecondsBeforeShutdown: idleShutdownMinutes * 60 } : {}),
          ...(schedules.length
            ? {
                schedules: schedules.map((r) => ({
                  action: r.action,
                  cron: r.cron.trim(),
                  timeZone: r.timeZone || "UTC",
                  enabled: r.enabled,
                })),
              }
            : {}),
          sshPublicAccess,
          ...(sshPublicKey.trim() ? { sshPublicKey: sshPublicKey.trim() } : {}),
          ...(assignee ? { assignedUser: { objectId: assignee.objectId, tenantId: assignee.tenantId } } : {}),
          ...identity,
        };
      case "AmlCompute":
        return {
          computeType: "AmlCompute",
          vmSize,
          minNodes,
          maxNodes,
          idleSecondsBeforeScaleDown: idleSeconds,
          vmPriority,
          ...identity,
        };
      case "Kubernetes": {
        const it = instanceType;
        const quantities = (o: Record<string, string>) =>
          Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim())) as Partial<
            Record<"cpu" | "memory" | "nvidia.com/gpu", string>
          >;
        return {
          computeType: "Kubernetes",
          resourceId,
          namespace,
          ...(it.name
            ? {
                instanceTypes: {
                  [it.name]: {
                    resources: {
                      requests: quantities({ cpu: it.cpu, memory: it.memory }),
                      limits: quantities({ cpu: it.cpu, memory: it.memory, "nvidia.com/gpu": it.gpu }),
                    },
                  },
                },
                defaultInstanceType: it.name,
              }
            : {}),
        };
      }
      case "AKS":
        return {
          computeType: "AKS",
          ...(resourceId ? { resourceId } : {}),
          ...(clusterFqdn ? { clusterFqdn } : {}),
          clusterPurpose,
        };
      case "VirtualMachine":
        return {
          computeType: "VirtualMachine",
          ...(resourceId ? { resourceId } : {}),
          ...(address ? { address } : {}),
          sshPort,
          administratorAccount: {
            username,
            ...(password ? { password } : {}),
            ...(privateKey ? { privateKeyData: privateKey } : {}),
          },
        };
    }
  };

  const formYaml = computeYaml(name, body());
  const liveProblems = useMemo(() => (mode === "yaml" ? yamlProblems(yamlText) : []), [mode, yamlText]);
  // The server reads the file with the same reader: its 400 lists every problem, one a line.
  const serverProblems = serverError?.code === "InvalidComputeYaml" ? serverError.message.split("\n") : [];

  const done = () => {
    setOpen(false);
    setName("");
    setPassword("");
    setPrivateKey("");
    setIdentityType("None");
    setUserIdentities("");
    setYamlText("");
    setFileName(null);
    setMode("form");
    createFromForm.reset();
    createFromYaml.reset();
  };
  const submit = () => {
    if (mode === "yaml") createFromYaml.mutate({ yaml: yamlText }, { onSuccess: done });
    else createFromForm.mutate({ name, body: body() }, { onSuccess: done });
  };
  const switchTo = (next: Mode) => {
    // The YAML tab opens on what the form would create, until a file is pasted or opened there.
    if (next === "yaml" && !yamlText.trim()) setYamlText(formYaml);
    setMode(next);
  };
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setYamlText(await file.text());
    setFileName(file.name);
    createFromYaml.reset();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (!d.open) {
          createFromForm.reset();
          createFromYaml.reset();
        }
      }}
    >
      {/* The tooltip wraps the button alone: around the whole dialog, focus inside the (portalled) dialog would
          still count as focus on its trigger in React's tree, keep the tooltip up, and spend the first Escape. */}
      <DialogTrigger disableButtonEnhancement>
        <Tooltip content={triggerHint} relationship="description">
          <Button appearance="primary" icon={<AddRegular />} disabledFocusable={disabled}>
            New compute
          </Button>
        </Tooltip>
      </DialogTrigger>
      <DialogSurface style={{ maxWidth: 760 }}>
        <DialogBody>
          <DialogTitle>New compute</DialogTitle>
          <DialogContent className={s.form}>
            <TabList selectedValue={mode} onTabSelect={(_, d) => switchTo(d.value as Mode)}>
              <Tab value="form">Form</Tab>
              <Tab value="yaml">YAML file</Tab>
            </TabList>
            {mode === "yaml" ? (
              <>
                <Caption1>
                  An Azure ML CLI v2 compute file, as you would give to <code>az ml compute create -f</code>: a compute
                  instance, a cluster, or an attached Kubernetes cluster, virtual machine or Synapse Spark pool.
                </Caption1>
                <Field label="Compute file">
                  <input
                    type="file"
                    accept=".yml,.yaml"
                    aria-label="Choose a compute file"
                    onChange={(e) => void pick(e.target.files?.[0])}
                  />
                </Field>
                <Field label={fileName ? `YAML (${fileName})` : "YAML"} required>
                  <Textarea
                    className={s.yaml}
                    value={yamlText}
                    onChange={(_, d) => {
                      setYamlText(d.value);
                      createFromYaml.reset();
                    }}
                    spellCheck={false}
                    resize="vertical"
                  />
                </Field>
                {(serverProblems.length ? serverProblems : liveProblems).length > 0 && (
                  <div role="alert">
                    <Caption1>
                      {serverProblems.length ? "Nothing was created: " : ""}the file has{" "}
                      {(serverProblems.length ? serverProblems : liveProblems).length} problem
                      {(serverProblems.length ? serverProblems : liveProblems).length === 1 ? "" : "s"}:
                    </Caption1>
                    <ul className={s.problems} data-testid="compute-yaml-problems">
                      {(serverProblems.length ? serverProblems : liveProblems).map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  </div>
                )}
                {create.error && !serverProblems.length && (
                  <ErrorBar
                    error={create.error}
                    title={serverError?.code === "QuotaExceeded" ? "Over quota" : "Could not create the compute"}
                  />
                )}
              </>
            ) : (
              <>
                <RadioGroup
                  layout="horizontal"
                  value={kind}
                  onChange={(_, d) => setKind(d.value as Kind)}
                  aria-label="Compute type"
                >
                  <Radio value="ComputeInstance" label="Compute instance" />
                  <Radio value="AmlCompute" label="Compute cluster" />
                  <Radio value="Kubernetes" label="Kubernetes cluster (attach)" />
                  <Radio value="VirtualMachine" label="Virtual machine (attach)" />
                  <Radio value="AKS" label="AKS inference cluster (attach)" />
                </RadioGroup>
                <Field
                  label="Name"
                  required
                  validationMessage={nameError ?? (serverError?.field === "name" ? serverError.message : undefined)}
                >
                  <Input
                    value={name}
                    onChange={(_, d) => setName(d.value)}
                    placeholder={
                      kind === "ComputeInstance"
                        ? "e.g. dana-ci-01"
                        : kind === "AmlCompute"
                          ? "e.g. cpu-cluster-2"
                          : kind === "Kubernetes"
                            ? "e.g. k8s-compute"
                            : kind === "AKS"
                              ? "e.g. aks-inference"
                              : "e.g. gpu-vm"
                    }
                  />
                </Field>
                {sized && (
                  <VmSizePicker
                    workspace={workspace}
                    computeType={kind}
                    lowPriority={kind === "AmlCompute" && vmPriority === "LowPriority"}
                    value={vmSize}
                    onChange={setVmSize}
                    validationMessage={serverError?.field === "vmSize" ? serverError.message : undefined}
                  />
                )}
                {kind === "ComputeInstance" && (
                  <>
                    <Field
                      label="Idle shutdown after (minutes, 0 = never)"
                      hint={idleDefault !== null ? `The workspace's default: ${idleDefault} minutes.` : undefined}
                      validationMessage={fieldError("idleSecondsBeforeShutdown")}
                    >
                      <SpinButton
                        value={idleShutdownMinutes}
                        min={0}
                        max={4320}
                        step={15}
                        onChange={(_, d) => {
                          setIdleTouched(true);
                          setIdleShutdownMinutes(Number(d.value ?? d.displayValue ?? 0));
                        }}
                      />
                    </Field>
                    <Field label="Start/stop schedules (cron)" validationMessage={fieldError("schedules")}>
                      <SchedulesEditor rows={schedules} onChange={setSchedules} />
                    </Field>
                    <Switch
                      label="SSH access from the internet (port 50000, as azureuser)"
                      checked={sshPublicAccess}
                      onChange={(_, d) => setSshPublicAccess(d.checked)}
                    />
                    {sshPublicAccess && (
                      <Field
                        label="SSH public key"
                        required
                        hint="The contents of your id_ed25519.pub or id_rsa.pub"
                        validationMessage={sshKeyError ?? fieldError("sshPublicKey")}
                      >
                        <Textarea
                          value={sshPublicKey}
                          onChange={(_, d) => setSshPublicKey(d.value)}
                          resize="vertical"
                          placeholder="ssh-ed25519 AAAA… you@laptop"
                        />
                      </Field>
                    )}
                    {(users.data?.data.length ?? 0) > 0 && (
                      <Field
                        label="Assigned to"
                        hint="A personal instance: only this user can use it"
                        validationMessage={fieldError("assignedUser")}
                      >
                        <Dropdown
                          value={assignee ? `${assignee.name} (${assignee.username})` : ""}
                          selectedOptions={assignee ? [assignee.objectId] : []}
                          onOptionSelect={(_, d) => setAssignedTo(d.optionValue ?? null)}
                        >
                          {users.data!.data.map((u) => (
                            <Option key={u.objectId} value={u.objectId} text={`${u.name} (${u.username})`}>
                              {u.name} ({u.username}){u.isCaller ? " — you" : ""}
                            </Option>
                          ))}
                        </Dropdown>
                      </Field>
                    )}
                  </>
                )}
                {kind === "AmlCompute" && (
                  <Field label="Virtual machine tier">
                    <RadioGroup
                      layout="horizontal"
                      value={vmPriority}
                      onChange={(_, d) => setVmPriority(d.value === "LowPriority" ? "LowPriority" : "Dedicated")}
                      aria-label="Virtual machine tier"
                    >
                      <Radio value="Dedicated" label="Dedicated" />
                      <Radio value="LowPriority" label="Low priority (spot: cheaper, may be preempted)" />
                    </RadioGroup>
                  </Field>
                )}
                {kind === "Kubernetes" && (
                  <>
                    <Field
                      label="Kubernetes cluster resource id"
                      required
                      hint="An Arc-connected cluster or AKS cluster with the Azure ML extension"
                      validationMessage={resourceIdError ?? fieldError("resourceId")}
                    >
                      <Input
                        value={resourceId}
                        onChange={(_, d) => setResourceId(d.value.trim())}
                        placeholder="/subscriptions/…/resourceGroups/…/providers/Microsoft.Kubernetes/connectedClusters/…"
                      />
                    </Field>
                    <Field
                      label="Namespace"
                      required
                      validationMessage={
                        !K8S_NAME.test(namespace) ? "must be a Kubernetes name" : fieldError("namespace")
                      }
                    >
                      <Input value={namespace} onChange={(_, d) => setNamespace(d.value)} />
                    </Field>
                    <Field
                      label="Instance type (optional; becomes the default)"
                      validationMessage={
                        instanceTypeError ?? fieldError("instanceTypes") ?? fieldError("defaultInstanceType")
                      }
                    >
                      <div className={s.row}>
                        <Input
                          aria-label="Instance type name"
                          placeholder="name, e.g. gpu-small"
                          value={instanceType.name}
                          onChange={(_, d) => setInstanceType({ ...instanceType, name: d.value })}
                        />
                        <Input
                          aria-label="Instance type CPU"
                          placeholder="cpu, e.g. 2"
                          value={instanceType.cpu}
                          onChange={(_, d) => setInstanceType({ ...instanceType, cpu: d.value })}
                        />
                        <Input
                          aria-label="Instance type memory"
                          placeholder="memory, e.g. 8Gi"
                          value={instanceType.memory}
                          onChange={(_, d) => setInstanceType({ ...instanceType, memory: d.value })}
                        />
                        <Input
                          aria-label="Instance type GPUs"
                          placeholder="GPUs, e.g. 1"
                          value={instanceType.gpu}
                          onChange={(_, d) => setInstanceType({ ...instanceType, gpu: d.value })}
                        />
                      </div>
                    </Field>
                  </>
                )}
                {kind === "AKS" && (
                  <>
                    <Field
                      label="AKS cluster resource id"
                      required={!clusterFqdn}
                      hint="The managed cluster to deploy real-time endpoints to; it is detached, never deleted"
                      validationMessage={aksIdError ?? fieldError("resourceId")}
                    >
                      <Input
                        value={resourceId}
                        onChange={(_, d) => setResourceId(d.value.trim())}
                        placeholder="/subscriptions/…/providers/Microsoft.ContainerService/managedClusters/…"
                      />
                    </Field>
                    <Field
                      label="Cluster FQDN"
                      hint={resourceId ? "Optional: Azure reads it from the cluster" : "Required without a resource id"}
                      validationMessage={fqdnError ?? fieldError("clusterFqdn")}
                    >
                      <Input
                        value={clusterFqdn}
                        onChange={(_, d) => setClusterFqdn(d.value.trim())}
                        placeholder="my-aks-dns.hcp.eastus.azmk8s.io"
                      />
                    </Field>
                    <Field label="Cluster purpose">
                      <RadioGroup
                        layout="horizontal"
                        value={clusterPurpose}
                        onChange={(_, d) => setClusterPurpose(d.value as typeof clusterPurpose)}
                        aria-label="Cluster purpose"
                      >
                        <Radio value="FastProd" label="Production" />
                        <Radio value="DenseProd" label="Dense production" />
                        <Radio value="DevTest" label="Dev/test" />
                      </RadioGroup>
                    </Field>
                  </>
                )}
                {kind === "VirtualMachine" && (
                  <>
                    <Field
                      label="VM resource id (optional)"
                      validationMessage={resourceIdError ?? fieldError("resourceId")}
                    >
                      <Input
                        value={resourceId}
                        onChange={(_, d) => setResourceId(d.value.trim())}
                        placeholder="/subscriptions/…/providers/Microsoft.Compute/virtualMachines/…"
                      />
                    </Field>
                    <div className={s.row}>
                      <Field
                        label="Address"
                        required={!resourceId}
                        hint={resourceId ? "Optional with a resource id: Azure finds it" : undefined}
                        validationMessage={fieldError("address")}
                      >
                        <Input value={address} onChange={(_, d) => setAddress(d.value.trim())} placeholder="10.0.0.4" />
                      </Field>
                      <Field label="SSH port" required validationMessage={fieldError("sshPort")}>
                        <SpinButton
                          value={sshPort}
                          min={1}
                          max={65535}
                          onChange={(_, d) => setSshPort(Number(d.value ?? d.displayValue ?? 22))}
                        />
                      </Field>
                    </div>
                    <Field label="User name" required validationMessage={fieldError("administratorAccount.username")}>
                      <Input value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="off" />
                    </Field>
                    <Field
                      label="Password"
                      hint="A password or an SSH private key is required; neither is ever shown again"
                      validationMessage={
                        fieldError("administratorAccount.password") ?? fieldError("administratorAccount")
                      }
                    >
                      <Input
                        type="password"
                        value={password}
                        onChange={(_, d) => setPassword(d.value)}
                        autoComplete="new-password"
                      />
                    </Field>
                    <Field
                      label="SSH private key"
                      validationMessage={fieldError("administratorAccount.privateKeyData")}
                    >
                      <Textarea value={privateKey} onChange={(_, d) => setPrivateKey(d.value)} resize="vertical" />
                    </Field>
                  </>
                )}
                {kind === "AmlCompute" && (
                  <div className={s.row}>
                    <Field label="Minimum nodes">
                      <SpinButton
                        value={minNodes}
                        min={0}
                        max={1000}
                        onChange={(_, d) => setMinNodes(Number(d.value ?? d.displayValue ?? 0))}
                      />
                    </Field>
                    <Field label="Maximum nodes">
                      <SpinButton
                        value={maxNodes}
                        min={1}
                        max={1000}
                        onChange={(_, d) => setMaxNodes(Number(d.value ?? d.displayValue ?? 1))}
                      />
                    </Field>
                    <Field label="Idle seconds before scale down">
                      <SpinButton
                        value={idleSeconds}
                        min={0}
                        max={604800}
                        step={30}
                        onChange={(_, d) => setIdleSeconds(Number(d.value ?? d.displayValue ?? 0))}
                      />
                    </Field>
                  </div>
                )}
                {(kind === "ComputeInstance" || kind === "AmlCompute") && (
                  <>
                    <Field label="Managed identity" hint="What the compute's jobs and users can sign in to Azure as.">
                      <Dropdown
                        aria-label="Managed identity"
                        value={IDENTITY_LABELS[identityType]}
                        selectedOptions={[identityType]}
                        onOptionSelect={(_, d) => setIdentityType((d.optionValue as IdentityType) ?? "None")}
                      >
                        {(Object.keys(IDENTITY_LABELS) as IdentityType[]).map((t) => (
                          <Option key={t} value={t}>
                            {IDENTITY_LABELS[t]}
                          </Option>
                        ))}
                      </Dropdown>
                    </Field>
                    {identityType.includes("UserAssigned") && (
                      <Field
                        label="User-assigned identities"
                        hint="Resource ids, one a line."
                        required
                        validationMessage={
                          (userIdentities.trim() && userIdentitiesError) || fieldError("identity") || undefined
                        }
                      >
                        <Textarea
                          value={userIdentities}
                          onChange={(_, d) => setUserIdentities(d.value)}
                          resize="vertical"
                        />
                      </Field>
                    )}
                  </>
                )}
                {vmSize && kind === "AmlCompute" && (
                  <Caption1>
                    Up to {maxNodes} × {vmSizeCores ?? "?"} = {maxNodes * (vmSizeCores ?? 0)} vCPUs at full scale.
                  </Caption1>
                )}
                {create.error && (
                  <ErrorBar
                    error={create.error}
                    title={
                      serverError?.code === "QuotaExceeded"
                        ? "Over quota"
                        : kind === "Kubernetes" || kind === "VirtualMachine" || kind === "AKS"
                          ? "Could not attach the compute"
                          : "Could not create the compute"
                    }
                  />
                )}
                <details>
                  <summary>YAML that will be created</summary>
                  <pre
                    className={s.preview}
                    data-testid="form-yaml"
                    tabIndex={0}
                    aria-label="YAML that will be created"
                  >
                    {formYaml}
                  </pre>
                </details>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabled={
                create.isPending ||
                (mode === "yaml" ? !yamlText.trim() || liveProblems.length > 0 : !name || !!nameError || !kindReady)
              }
              onClick={submit}
            >
              {create.isPending ? "Creating…" : "Create"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
