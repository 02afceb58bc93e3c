/**
 * Compute files as Azure ML CLI v2 writes them (amlCompute, computeInstance, kubernetesCompute, vmCompute and
 * attachedSpark schemas, `type:` amlcompute | computeinstance | kubernetes | virtualmachine | synapsespark): read
 * into the New compute dialog's request with every problem's line and column, and the dialog's request written back
 * out as such a file. The server reads a file with the same function, so the YAML tab and the route cannot disagree.
 */
import { stringify } from "yaml";
import { COMPUTE_NAME, nameProblem } from "@/lib/domain/arm-names";
import { isRecord, readYaml, YamlImportError, type YamlProblem, type YamlSource } from "@/lib/domain/pipeline";
import { wrongKindMessage, yamlFileKind } from "@/lib/domain/yaml-kind";
import { parseIsoDurationSeconds } from "./model";
import { createComputeBody, type CreateComputeBody, type CreateComputeInput } from "./server/schemas";

const SCHEMAS: Record<CreateComputeBody["computeType"], string | null> = {
  ComputeInstance: "https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json",
  AmlCompute: "https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json",
  Kubernetes: "https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json",
  VirtualMachine: "https://azuremlschemas.azureedge.net/latest/vmCompute.schema.json",
  SynapseSpark: "https://azuremlschemas.azureedge.net/latest/attachedSpark.schema.json",
  // CLI v2 has no AKS compute file (it attaches AKS as `kubernetes`); `type: aks` is the studio's, for its form.
  AKS: null,
};
const TYPES: Record<string, CreateComputeBody["computeType"]> = {
  computeinstance: "ComputeInstance",
  amlcompute: "AmlCompute",
  kubernetes: "Kubernetes",
  virtualmachine: "VirtualMachine",
  synapsespark: "SynapseSpark",
  aks: "AKS",
};
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k])) as Record<
  CreateComputeBody["computeType"],
  string
>;
/** The CLI's defaults where a file leaves a value out (what `az ml compute create` sends). */
const DEFAULT_SIZE = "Standard_DS3_v2";
const CLUSTER_DEFAULTS = { min_instances: 0, max_instances: 4, idle_time_before_scale_down: 120 };

/** Keys each type reads; any other key is refused by name, with its line. */
const COMMON_KEYS = ["$schema", "name", "type", "description", "location"];
const KEYS: Record<CreateComputeBody["computeType"], string[]> = {
  ComputeInstance: [
    "size",
    "idle_time_before_shutdown_minutes",
    "idle_time_before_shutdown",
    "schedules",
    "ssh_public_access_enabled",
    "ssh_settings",
    "create_on_behalf_of",
    "identity",
  ],
  AmlCompute: [
    "size",
    "tier",
    "min_instances",
    "max_instances",
    "idle_time_before_scale_down",
    "ssh_settings",
    "identity",
  ],
  // `properties` as azure-ai-ml's KubernetesCompute passes it through: instanceTypes and defaultInstanceType.
  Kubernetes: ["resource_id", "namespace", "identity", "properties"],
  // `address` and `ssh_settings.ssh_private_key` are the studio's: the CLI finds the address from resource_id and
  // reads the key from ssh_private_key_file, a path on the machine it runs on, which a browser cannot read.
  VirtualMachine: ["resource_id", "address", "ssh_settings"],
  SynapseSpark: ["resource_id", "identity"],
  AKS: ["resource_id", "cluster_fqdn", "cluster_purpose"],
};

export type ComputeFile = { name: string; body: CreateComputeBody };

/**
 * Reads a CLI v2 compute file into the request the New compute dialog sends: `{ name, body }`, the body checked by
 * the same schema as the route's. Every problem, with its line and column, in one YamlImportError.
 */
export function readComputeYaml(text: string): ComputeFile {
  const src = readYaml(text, "The compute file");
  const doc = src.value;
  if (!isRecord(doc)) throw new YamlImportError([{ message: "A compute file is a mapping of keys (name, type, …)." }]);
  const kind = yamlFileKind(doc);
  if (kind !== "compute" && kind !== "unknown")
    throw new YamlImportError([src.problem(["type"], wrongKindMessage(kind, "a compute"))]);
  const problems: YamlProblem[] = [];
  const typeName = typeof doc.type === "string" ? doc.type.toLowerCase() : "";
  const computeType = TYPES[typeName];
  if (!computeType) {
    problems.push(
      src.problem(
        ["type"],
        doc.type === undefined
          ? `type is required: one of ${Object.keys(TYPES).join(", ")}`
          : `type "${String(doc.type)}" is not a compute type the studio creates (${Object.keys(TYPES).join(", ")})`,
      ),
    );
    throw new YamlImportError(problems);
  }
  for (const key of Object.keys(doc))
    if (!COMMON_KEYS.includes(key) && !KEYS[computeType].includes(key))
      problems.push(src.problem([key], `${key} is not a key of a ${typeName} compute file`));

  const name = typeof doc.name === "string" ? doc.name : "";
  const nameError = nameProblem(COMPUTE_NAME, name);
  if (nameError) problems.push(src.problem(["name"], `name ${name ? `"${name}" ` : ""}${nameError}`));

  // Where each field of the body came from, so a schema problem points at its line.
  const from = new Map<string, (string | number)[]>();
  const read = new Reader(src, problems, from);
  const raw: Record<string, unknown> = { computeType };
  read.copy(raw, "description", ["description"]);
  read.copy(raw, "location", ["location"]);
  switch (computeType) {
    case "ComputeInstance": {
      raw.vmSize = read.str(["size"]) ?? DEFAULT_SIZE;
      from.set("vmSize", ["size"]);
      const minutes = doc.idle_time_before_shutdown_minutes;
      if (minutes !== undefined) {
        raw.idleSecondsBeforeShutdown = typeof minutes === "number" ? minutes * 60 : minutes;
        from.set("idleSecondsBeforeShutdown", ["idle_time_before_shutdown_minutes"]);
      } else if (doc.idle_time_before_shutdown !== undefined) {
        const seconds = parseIsoDurationSeconds(doc.idle_time_before_shutdown);
        if (seconds === null)
          problems.push(src.problem(["idle_time_before_shutdown"], "must be an ISO 8601 duration such as PT30M"));
        else raw.idleSecondsBeforeShutdown = seconds;
        from.set("idleSecondsBeforeShutdown", ["idle_time_before_shutdown"]);
      }
      const schedules = read.schedules();
      if (schedules) raw.schedules = schedules;
      if (doc.ssh_public_access_enabled !== undefined) {
        raw.sshPublicAccess = doc.ssh_public_access_enabled;
        from.set("sshPublicAccess", ["ssh_public_access_enabled"]);
      }
      const ssh = read.map(["ssh_settings"], ["ssh_key_value"]);
      if (ssh?.ssh_key_value !== undefined) raw.sshPublicKey = ssh.ssh_key_value;
      from.set("sshPublicKey", ["ssh_settings", "ssh_key_value"]);
      const onBehalf = read.map(["create_on_behalf_of"], ["user_object_id", "user_tenant_id"]);
      if (onBehalf) {
        raw.assignedUser = { objectId: onBehalf.user_object_id, tenantId: onBehalf.user_tenant_id };
        from.set("assignedUser.objectId", ["create_on_behalf_of", "user_object_id"]);
        from.set("assignedUser.tenantId", ["create_on_behalf_of", "user_tenant_id"]);
        from.set("assignedUser", ["create_on_behalf_of"]);
      }
      read.identity(raw);
      break;
    }
    case "AmlCompute": {
      raw.vmSize = read.str(["size"]) ?? DEFAULT_SIZE;
      from.set("vmSize", ["size"]);
      const tier = doc.tier === undefined ? "dedicated" : String(doc.tier).toLowerCase();
      if (tier !== "dedicated" && tier !== "low_priority")
        problems.push(src.problem(["tier"], `tier must be dedicated or low_priority, not "${String(doc.tier)}"`));
      raw.vmPriority = tier === "low_priority" ? "LowPriority" : "Dedicated";
      raw.minNodes = doc.min_instances ?? CLUSTER_DEFAULTS.min_instances;
      raw.maxNodes = doc.max_instances ?? CLUSTER_DEFAULTS.max_instances;
      raw.idleSecondsBeforeScaleDown = doc.idle_time_before_scale_down ?? CLUSTER_DEFAULTS.idle_time_before_scale_down;
      from.set("minNodes", ["min_instances"]);
      from.set("maxNodes", ["max_instances"]);
      from.set("idleSecondsBeforeScaleDown", ["idle_time_before_scale_down"]);
      const ssh = read.map(["ssh_settings"], ["admin_username", "admin_password", "ssh_key_value"]);
      if (ssh) {
        raw.adminUser = {
          username: ssh.admin_username,
          ...(ssh.admin_password !== undefined ? { password: ssh.admin_password } : {}),
          ...(ssh.ssh_key_value !== undefined ? { sshPublicKey: ssh.ssh_key_value } : {}),
        };
        from.set("adminUser", ["ssh_settings"]);
        from.set("adminUser.username", ["ssh_settings", "admin_username"]);
        from.set("adminUser.password", ["ssh_settings", "admin_password"]);
        from.set("adminUser.sshPublicKey", ["ssh_settings", "ssh_key_value"]);
      }
      read.identity(raw);
      break;
    }
    case "Kubernetes": {
      read.copy(raw, "resourceId", ["resource_id"]);
      read.copy(raw, "namespace", ["namespace"]);
      const props = read.map(["properties"], ["instanceTypes", "defaultInstanceType", "namespace"]);
      if (props?.instanceTypes !== undefined) raw.instanceTypes = props.instanceTypes;
      if (props?.defaultInstanceType !== undefined) raw.defaultInstanceType = props.defaultInstanceType;
      if (props?.namespace !== undefined && raw.namespace === undefined) raw.namespace = props.namespace;
      from.set("instanceTypes", ["properties", "instanceTypes"]);
      from.set("defaultInstanceType", ["properties", "defaultInstanceType"]);
      read.identity(raw);
      break;
    }
    case "VirtualMachine": {
      read.copy(raw, "resourceId", ["resource_id"]);
      read.copy(raw, "address", ["address"]);
      const ssh = read.map(
        ["ssh_settings"],
        ["admin_username", "admin_password", "ssh_port", "ssh_private_key", "ssh_private_key_file"],
      );
      if (ssh?.ssh_private_key_file !== undefined)
        problems.push(
          src.problem(
            ["ssh_settings", "ssh_private_key_file"],
            "ssh_private_key_file names a file on your machine, which the studio cannot read: " +
              "paste the key itself as ssh_private_key (or use the form)",
          ),
        );
      if (ssh?.ssh_port !== undefined) raw.sshPort = ssh.ssh_port;
      raw.administratorAccount = {
        username: ssh?.admin_username,
        ...(ssh?.admin_password !== undefined ? { password: ssh.admin_password } : {}),
        ...(ssh?.ssh_private_key !== undefined ? { privateKeyData: ssh.ssh_private_key } : {}),
      };
      from.set("sshPort", ["ssh_settings", "ssh_port"]);
      from.set("administratorAccount", ["ssh_settings"]);
      from.set("administratorAccount.username", ["ssh_settings", "admin_username"]);
      from.set("administratorAccount.password", ["ssh_settings", "admin_password"]);
      from.set("administratorAccount.privateKeyData", ["ssh_settings", "ssh_private_key"]);
      break;
    }
    case "SynapseSpark":
      read.copy(raw, "resourceId", ["resource_id"]);
      read.identity(raw);
      break;
    case "AKS": {
      read.copy(raw, "resourceId", ["resource_id"]);
      read.copy(raw, "clusterFqdn", ["cluster_fqdn"]);
      const purposes: Record<string, string> = { dev_test: "DevTest", fast_prod: "FastProd", dense_prod: "DenseProd" };
      if (doc.cluster_purpose !== undefined) {
        const purpose = purposes[String(doc.cluster_purpose).toLowerCase()];
        if (!purpose)
          problems.push(
            src.problem(["cluster_purpose"], `cluster_purpose must be one of ${Object.keys(purposes).join(", ")}`),
          );
        else raw.clusterPurpose = purpose;
      }
      break;
    }
  }

  const checked = createComputeBody.safeParse(raw);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path.map(String);
      const yamlPath = whereFrom(from, field) ?? [];
      const label = yamlPath.length ? yamlPath.join(".") : field.join(".") || typeName;
      problems.push({
        message: `${label} ${issue.message}`,
        path: yamlPath.join("."),
        pos: nearestPosition(src, yamlPath),
      });
    }
  }
  if (problems.length || !checked.success) throw new YamlImportError(problems);
  return { name, body: checked.data };
}

/** Where a key is, or the nearest enclosing key that the file has (a missing key's problem points at its parent). */
function nearestPosition(src: YamlSource, path: (string | number)[]) {
  for (let n = path.length; n > 0; n--) {
    const pos = src.positionOf(path.slice(0, n));
    if (pos) return pos;
  }
  return src.positionOf(["type"]);
}

/** The YAML key path a body field came from: the longest recorded prefix of it, the rest following. */
function whereFrom(from: Map<string, (string | number)[]>, field: string[]): (string | number)[] | undefined {
  for (let n = field.length; n > 0; n--) {
    const base = from.get(field.slice(0, n).join("."));
    if (base) return [...base, ...field.slice(n).map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
  }
  return undefined;
}

/** Reading helpers that record problems instead of throwing, so a file's problems come back together. */
class Reader {
  constructor(
    private readonly src: YamlSource,
    private readonly problems: YamlProblem[],
    private readonly from: Map<string, (string | number)[]>,
  ) {}

  private at(path: (string | number)[]): unknown {
    let v: unknown = this.src.value;
    for (const p of path) v = isRecord(v) ? v[p as string] : Array.isArray(v) ? v[p as number] : undefined;
    return v;
  }

  str(path: (string | number)[]): string | undefined {
    const v = this.at(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" && typeof v !== "number") {
      this.problems.push(this.src.problem(path, `${path.join(".")} must be a string`));
      return undefined;
    }
    return String(v);
  }

  /** Copies a value as it is (the schema checks its type), remembering where it came from. */
  copy(raw: Record<string, unknown>, field: string, path: (string | number)[]) {
    const v = this.at(path);
    this.from.set(field, path);
    if (v !== undefined && v !== null) raw[field] = v;
  }

  /** A mapping with only the given keys (others refused by name), or undefined when absent. */
  map(path: (string | number)[], keys: string[]): Record<string, unknown> | undefined {
    const v = this.at(path);
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) {
      this.problems.push(this.src.problem(path, `${path.join(".")} must be a mapping (${keys.join(", ")})`));
      return undefined;
    }
    for (const k of Object.keys(v))
      if (!keys.includes(k))
        this.problems.push(
          this.src.problem([...path, k], `${[...path, k].join(".")} is not one of ${keys.join(", ")}`),
        );
    return v;
  }

  /** `identity: {type: system_assigned | user_assigned | "system_assigned,user_assigned", user_assigned_identities}`. */
  identity(raw: Record<string, unknown>) {
    const id = this.map(["identity"], ["type", "user_assigned_identities"]);
    if (!id) return;
    const types: Record<string, string> = {
      system_assigned: "SystemAssigned",
      user_assigned: "UserAssigned",
      "system_assigned,user_assigned": "SystemAssigned,UserAssigned",
    };
    const type =
      types[
        String(id.type ?? "")
          .replace(/\s+/g, "")
          .toLowerCase()
      ];
    if (!type) {
      this.problems.push(
        this.src.problem(["identity", "type"], `identity.type must be one of ${Object.keys(types).join(", ")}`),
      );
      return;
    }
    const users = id.user_assigned_identities;
    const ids: unknown[] = [];
    if (users !== undefined) {
      if (!Array.isArray(users))
        this.problems.push(
          this.src.problem(["identity", "user_assigned_identities"], "must be a list of {resource_id: …}"),
        );
      else
        users.forEach((u, i) => {
          if (isRecord(u) && typeof u.resource_id === "string") ids.push(u.resource_id);
          else
            this.problems.push(
              this.src.problem(["identity", "user_assigned_identities", i], "must be {resource_id: <identity's id>}"),
            );
        });
    }
    raw.identity = { type, ...(ids.length ? { userAssignedIdentities: ids } : {}) };
    this.from.set("identity", ["identity"]);
    this.from.set("identity.type", ["identity", "type"]);
    this.from.set("identity.userAssignedIdentities", ["identity", "user_assigned_identities"]);
  }

  /** `schedules.compute_start_stop[]`: action start|stop, state enabled|disabled, a cron trigger. */
  schedules(): unknown[] | undefined {
    const sch = this.map(["schedules"], ["compute_start_stop"]);
    if (!sch || sch.compute_start_stop === undefined) return undefined;
    const list = sch.compute_start_stop;
    const base = ["schedules", "compute_start_stop"];
    if (!Array.isArray(list)) {
      this.problems.push(this.src.problem(base, "schedules.compute_start_stop must be a list"));
      return undefined;
    }
    this.from.set("schedules", base);
    return list.map((item, i) => {
      const at = [...base, i];
      const s = this.map(at, ["action", "state", "trigger", "recurrence", "cron"]) ?? {};
      const trigger = this.map([...at, "trigger"], ["type", "expression", "time_zone", "start_time", "end_time"]);
      const action = String(s.action ?? "").toLowerCase();
      if (action !== "start" && action !== "stop")
        this.problems.push(this.src.problem([...at, "action"], "action must be start or stop"));
      if (!trigger)
        this.problems.push(this.src.problem(at, "needs a trigger: {type: cron, expression: <five-field cron>}"));
      else if (String(trigger.type ?? "cron").toLowerCase() !== "cron")
        this.problems.push(
          this.src.problem(
            [...at, "trigger", "type"],
            `trigger type "${String(trigger.type)}" is not offered by the studio: write it as a cron trigger`,
          ),
        );
      const state = s.state === undefined ? "enabled" : String(s.state).toLowerCase();
      if (state !== "enabled" && state !== "disabled")
        this.problems.push(this.src.problem([...at, "state"], "state must be enabled or disabled"));
      this.from.set(`schedules.${i}`, at);
      this.from.set(`schedules.${i}.cron`, [...at, "trigger", "expression"]);
      this.from.set(`schedules.${i}.timeZone`, [...at, "trigger", "time_zone"]);
      this.from.set(`schedules.${i}.startTime`, [...at, "trigger", "start_time"]);
      return {
        action: action === "stop" ? "Stop" : "Start",
        cron: trigger?.expression === undefined ? undefined : String(trigger.expression),
        ...(trigger?.time_zone !== undefined ? { timeZone: trigger.time_zone } : {}),
        ...(trigger?.start_time !== undefined ? { startTime: trigger.start_time } : {}),
        enabled: state !== "disabled",
      };
    });
  }
}

/**
 * The CLI v2 file of a New compute request: what `az ml compute create -f` would send for it (read back by
 * `readComputeYaml` into the same request). Values the request leaves at the CLI's defaults are still written, so
 * the file says what will be created.
 */
export function computeYaml(name: string, input: CreateComputeInput): string {
  const parsed = createComputeBody.safeParse(input);
  // A form still being filled in: write what there is (the YAML tab shows it as it grows).
  const body = (parsed.success ? parsed.data : input) as CreateComputeBody;
  const doc: Record<string, unknown> = {};
  const schema = SCHEMAS[body.computeType];
  if (schema) doc.$schema = schema;
  doc.name = name;
  doc.type = TYPE_NAMES[body.computeType];
  if (body.description) doc.description = body.description;
  if (body.location) doc.location = body.location;
  const identity = "identity" in body ? body.identity : undefined;
  switch (body.computeType) {
    case "ComputeInstance":
      doc.size = body.vmSize;
      if (body.idleSecondsBeforeShutdown) doc.idle_time_before_shutdown_minutes = body.idleSecondsBeforeShutdown / 60;
      if (body.schedules?.length)
        doc.schedules = {
          compute_start_stop: body.schedules.map((s) => ({
            action: s.action.toLowerCase(),
            state: s.enabled === false ? "disabled" : "enabled",
            trigger: {
              type: "cron",
              expression: s.cron,
              ...(s.timeZone ? { time_zone: s.timeZone } : {}),
              ...(s.startTime ? { start_time: s.startTime } : {}),
            },
          })),
        };
      doc.ssh_public_access_enabled = !!body.sshPublicAccess;
      if (body.sshPublicKey) doc.ssh_settings = { ssh_key_value: body.sshPublicKey };
      if (body.assignedUser)
        doc.create_on_behalf_of = {
          user_object_id: body.assignedUser.objectId,
          user_tenant_id: body.assignedUser.tenantId,
        };
      break;
    case "AmlCompute":
      doc.size = body.vmSize;
      doc.tier = body.vmPriority === "LowPriority" ? "low_priority" : "dedicated";
      doc.min_instances = body.minNodes;
      doc.max_instances = body.maxNodes;
      doc.idle_time_before_scale_down = body.idleSecondsBeforeScaleDown ?? CLUSTER_DEFAULTS.idle_time_before_scale_down;
      if (body.adminUser)
        doc.ssh_settings = {
          admin_username: body.adminUser.username,
          ...(body.adminUser.password ? { admin_password: body.adminUser.password } : {}),
          ...(body.adminUser.sshPublicKey ? { ssh_key_value: body.adminUser.sshPublicKey } : {}),
        };
      break;
    case "Kubernetes":
      doc.resource_id = body.resourceId;
      doc.namespace = body.namespace ?? "default";
      if (body.instanceTypes || body.defaultInstanceType)
        doc.properties = {
          ...(body.instanceTypes ? { instanceTypes: body.instanceTypes } : {}),
          ...(body.defaultInstanceType ? { defaultInstanceType: body.defaultInstanceType } : {}),
        };
      break;
    case "VirtualMachine":
      if (body.resourceId) doc.resource_id = body.resourceId;
      if (body.address) doc.address = body.address;
      doc.ssh_settings = {
        admin_username: body.administratorAccount?.username,
        ssh_port: body.sshPort ?? 22,
        ...(body.administratorAccount?.password ? { admin_password: body.administratorAccount.password } : {}),
        ...(body.administratorAccount?.privateKeyData
          ? { ssh_private_key: body.administratorAccount.privateKeyData }
          : {}),
      };
      break;
    case "SynapseSpark":
      doc.resource_id = body.resourceId;
      break;
    case "AKS":
      if (body.resourceId) doc.resource_id = body.resourceId;
      if (body.clusterFqdn) doc.cluster_fqdn = body.clusterFqdn;
      doc.cluster_purpose = { DevTest: "dev_test", FastProd: "fast_prod", DenseProd: "dense_prod" }[
        body.clusterPurpose ?? "FastProd"
      ];
      break;
  }
  if (identity)
    doc.identity = {
      type:
        identity.type === "SystemAssigned,UserAssigned"
          ? "system_assigned,user_assigned"
          : identity.type === "UserAssigned"
            ? "user_assigned"
            : "system_assigned",
      ...(identity.userAssignedIdentities?.length
        ? { user_assigned_identities: identity.userAssignedIdentities.map((id) => ({ resource_id: id })) }
        : {}),
    };
  return stringify(doc, { lineWidth: 0 });
}
