/**
 * The compute dashboard's view of an ARM ComputeResource: one flat shape for every compute type, so the
 * table, filters and detail panel never dig through `properties.properties`. Built on the server.
 */
export const COMPUTE_TYPE_LABELS: Record<string, string> = {
  ComputeInstance: "Compute instance",
  AmlCompute: "Compute cluster",
  Kubernetes: "Kubernetes (inference)",
  AKS: "Kubernetes (AKS inference)",
  VirtualMachine: "Attached VM",
  Databricks: "Attached Databricks",
  HDInsight: "Attached HDInsight",
  DataFactory: "Attached Data Factory",
  DataLakeAnalytics: "Attached Data Lake Analytics",
  SynapseSpark: "Attached Synapse Spark",
};

export type ComputeCategory = "instance" | "cluster" | "inference" | "attached";

export type ComputeNodes = {
  current: number;
  target: number;
  min: number;
  max: number;
  idle: number;
  busy: number;
  preparing: number;
  unusable: number;
  leaving: number;
  preempted: number;
  idleSecondsBeforeScaleDown: number | null;
  allocationState: string | null;
};

export type ComputeView = {
  id: string;
  name: string;
  computeType: string;
  typeLabel: string;
  category: ComputeCategory;
  /** What a person wants to know first: Running, Stopped, Creating, Failed, Steady, Resizing... */
  state: string;
  provisioningState: string;
  vmSize: string | null;
  vmPriority: string | null;
  location: string | null;
  description: string | null;
  nodes: ComputeNodes | null;
  createdBy: string | null;
  createdOn: string | null;
  modifiedOn: string | null;
  lastOperation: { name: string; time: string | null; status: string | null; trigger: string | null } | null;
  errors: { code: string; message: string }[];
  /** Attached (someone else's resource: detached, never deleted) as ARM's isAttachedCompute says. */
  attached: boolean;
  schedules: unknown;
  applications: { displayName: string; endpointUri: string }[];
  /** A compute instance's SSH access: whether it is open to the internet, as whom, on which port, with which key. */
  ssh: { publicAccess: boolean; adminUserName: string | null; port: number | null; publicKey: string | null } | null;
  /** Whom a personal compute instance is for (an object id in a tenant). */
  assignedUser: { objectId: string; tenantId: string } | null;
  /** The compute's managed identity (None when it has none). */
  identity: { type: string; userAssignedIdentities: string[] } | null;
};

type Json = Record<string, any>;

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : typeof v === "string" ? v : null);

export function categoryOf(computeType: string): ComputeCategory {
  if (computeType === "ComputeInstance") return "instance";
  if (computeType === "AmlCompute") return "cluster";
  if (computeType === "Kubernetes" || computeType === "AKS") return "inference";
  return "attached";
}

export function toComputeView(resource: Json): ComputeView {
  const outer: Json = resource.properties ?? {};
  const inner: Json = outer.properties ?? {};
  const computeType: string = outer.computeType ?? "Unknown";
  const category = categoryOf(computeType);
  const provisioningState: string = outer.provisioningState ?? "Unknown";
  const errors = [...(outer.provisioningErrors ?? []), ...(inner.errors ?? [])]
    .map((e: Json) => e?.error ?? e)
    .filter((e: Json) => e && (e.code || e.message))
    .map((e: Json) => ({ code: String(e.code ?? "Error"), message: String(e.message ?? "") }));

  let nodes: ComputeNodes | null = null;
  if (category === "cluster") {
    const counts: Json = inner.nodeStateCounts ?? {};
    const scale: Json = inner.scaleSettings ?? {};
    nodes = {
      current: inner.currentNodeCount ?? 0,
      target: inner.targetNodeCount ?? 0,
      min: scale.minNodeCount ?? 0,
      max: scale.maxNodeCount ?? 0,
      idle: counts.idleNodeCount ?? 0,
      busy: counts.runningNodeCount ?? 0,
      preparing: counts.preparingNodeCount ?? 0,
      unusable: counts.unusableNodeCount ?? 0,
      leaving: counts.leavingNodeCount ?? 0,
      preempted: counts.preemptedNodeCount ?? 0,
      idleSecondsBeforeScaleDown: parseIsoDurationSeconds(scale.nodeIdleTimeBeforeScaleDown),
      allocationState: inner.allocationState ?? null,
    };
  }

  let state: string;
  if (provisioningState === "Failed") state = "Failed";
  else if (provisioningState === "Creating" || provisioningState === "Deleting" || provisioningState === "Updating")
    state = provisioningState;
  else if (category === "instance") state = inner.state ?? provisioningState;
  else if (category === "cluster") state = inner.allocationState === "Resizing" ? "Resizing" : "Steady";
  else state = provisioningState;

  const lastOp: Json | undefined = inner.lastOperation;
  const createdBy: Json | undefined = inner.createdBy;
  return {
    id: resource.id,
    name: resource.name,
    computeType,
    typeLabel: COMPUTE_TYPE_LABELS[computeType] ?? computeType,
    category,
    state,
    provisioningState,
    vmSize: inner.vmSize ?? null,
    vmPriority: inner.vmPriority ?? null,
    location: outer.computeLocation ?? resource.location ?? null,
    description: outer.description ?? null,
    nodes,
    createdBy: createdBy?.userName ?? resource.systemData?.createdBy ?? null,
    createdOn: iso(outer.createdOn) ?? iso(resource.systemData?.createdAt),
    modifiedOn: iso(outer.modifiedOn),
    lastOperation: lastOp
      ? {
          name: lastOp.operationName ?? "",
          time: iso(lastOp.operationTime),
          status: lastOp.operationStatus ?? null,
          trigger: lastOp.operationTrigger ?? null,
        }
      : null,
    errors,
    attached: outer.isAttachedCompute === true,
    schedules: inner.schedules ?? null,
    applications: inner.applications ?? [],
    ssh: inner.sshSettings
      ? {
          publicAccess: inner.sshSettings.sshPublicAccess === "Enabled",
          adminUserName: inner.sshSettings.adminUserName ?? null,
          port: inner.sshSettings.sshPort ?? null,
          publicKey: inner.sshSettings.adminPublicKey ?? null,
        }
      : null,
    assignedUser: inner.personalComputeInstanceSettings?.assignedUser ?? null,
    identity:
      resource.identity && resource.identity.type !== "None"
        ? {
            type: String(resource.identity.type),
            userAssignedIdentities: Object.keys(resource.identity.userAssignedIdentities ?? {}),
          }
        : null,
  };
}

/** "PT15M" → 900. Returns null for anything that is not an ISO 8601 duration. */
export function parseIsoDurationSeconds(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

export function toIsoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s || (!h && !m) ? `${s}S` : ""}`;
}

/**
 * What the dashboard's list needs of each compute. The list of a big workspace is polled, so it leaves out what
 * only the detail panel shows (resource id, applications, schedules): about a third of the bytes.
 */
export type ComputeSummary = Omit<
  ComputeView,
  "id" | "applications" | "schedules" | "modifiedOn" | "description" | "ssh" | "assignedUser" | "identity"
>;

export function toComputeSummary(view: ComputeView): ComputeSummary {
  const {
    id: _id,
    applications: _a,
    schedules: _s,
    modifiedOn: _m,
    description: _d,
    ssh: _ssh,
    assignedUser: _u,
    identity: _i,
    ...summary
  } = view;
  return summary;
}

/** Whether removing a compute detaches it (someone else's resource, left as it is) rather than deleting it. */
export function detachesOnDelete(c: Pick<ComputeView, "category" | "computeType" | "attached">): boolean {
  // A Kubernetes compute is always an attached cluster (Arc, or AKS with the extension).
  return c.category === "attached" || c.computeType === "Kubernetes" || c.attached;
}

/** States in which a compute is moving and the dashboard should poll. */
export function isTransitioning(c: Pick<ComputeView, "state" | "nodes">): boolean {
  return (
    ["Creating", "Deleting", "Updating", "Starting", "Stopping", "Restarting", "Resizing", "Unknown"].includes(
      c.state,
    ) ||
    (c.nodes !== null && c.nodes.current !== c.nodes.target)
  );
}

export type VmSize = {
  name: string;
  family: string;
  vCPUs: number;
  gpus: number;
  memoryGB: number;
  lowPriorityCapable: boolean;
  supportedComputeTypes: string[];
  pricePerHour: number | null;
};

/** A compute instance's start/stop schedule as the studio shows and edits it. */
export type ScheduleRow = { action: "Start" | "Stop"; cron: string; timeZone: string; enabled: boolean };

/**
 * The schedules of a compute instance (ARM `schedules.computeStartStop`) as rows. Cron triggers are kept as they
 * are; a recurrence trigger is shown as the cron expression it stands for (daily/weekly at the given times).
 */
export function scheduleRows(schedules: unknown): ScheduleRow[] {
  const items = (schedules as { computeStartStop?: Json[] } | null)?.computeStartStop ?? [];
  return items.flatMap((s): ScheduleRow[] => {
    const action = s.action === "Start" ? "Start" : s.action === "Stop" ? "Stop" : null;
    if (!action) return [];
    const enabled = (s.status ?? s.schedule?.status ?? "Enabled") !== "Disabled";
    if (s.cron?.expression)
      return [{ action, cron: String(s.cron.expression), timeZone: String(s.cron.timeZone ?? "UTC"), enabled }];
    const r = s.recurrence;
    if (r?.schedule) {
      const days = (r.schedule.weekDays ?? []) as string[];
      const dow = days.length ? days.map((d) => d.slice(0, 3).toUpperCase()).join(",") : "*";
      const cron = `${(r.schedule.minutes ?? [0]).join(",")} ${(r.schedule.hours ?? [0]).join(",")} * * ${dow}`;
      return [{ action, cron, timeZone: String(r.timeZone ?? "UTC"), enabled }];
    }
    return [];
  });
}
