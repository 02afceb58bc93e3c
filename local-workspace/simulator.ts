/**
 * Moves computes through their states over time. All state lives in the store: a resource's
 * `sim.pending` transition has a due time (the `due_at` column); `tick(now)` settles every
 * transition that is due, so after a restart states are recomputed from the stored timestamps.
 */
import { createHash } from "node:crypto";
import type { Store, StoredResource } from "./store";
import { nowIso } from "./arm";

export type ComputeAction = "Create" | "Start" | "Stop" | "Restart" | "Delete" | "Resize";

export interface Pending {
  action: ComputeAction;
  startedAt: number;
  dueAt: number;
  opId?: string;
  /** When set, the transition ends in failure with this error. */
  fail?: { code: string; message: string };
}

export interface ComputeSim {
  pending?: Pending;
  /** AmlCompute: nodes currently running jobs. */
  busy?: number;
}

/** Base durations in ms at timeScale 1. */
export const BASE_DURATIONS: Record<string, number> = {
  "ComputeInstance.Create": 8000,
  "ComputeInstance.Start": 5000,
  "ComputeInstance.Stop": 4000,
  "ComputeInstance.Restart": 6000,
  "ComputeInstance.Delete": 4000,
  "AmlCompute.Create": 4000,
  "AmlCompute.Resize": 6000,
  "AmlCompute.Delete": 4000,
  "Kubernetes.Create": 3000,
  Create: 1500, // attached kinds
  Delete: 1500,
};

export class Simulator {
  constructor(
    private store: Store,
    public timeScale: number,
  ) {}

  duration(computeType: string, action: ComputeAction): number {
    const base = BASE_DURATIONS[`${computeType}.${action}`] ?? BASE_DURATIONS[action] ?? 2000;
    return Math.max(1, Math.round(base * this.timeScale));
  }

  /** Settles every due transition. Cheap when nothing is due (one indexed query). */
  tick(now: number) {
    const due = this.store.due(now);
    if (due.length === 0) return;
    this.store.tx(() => {
      for (const res of due) this.advance(res, now);
    });
  }

  private advance(res: StoredResource<any, ComputeSim>, now: number) {
    let sim: ComputeSim = res.sim ?? {};
    let body = res.body;
    // A transition may start another (e.g. a cluster created with minNodeCount > 0 then resizes).
    while (sim.pending && sim.pending.dueAt <= now) {
      const p = sim.pending;
      delete sim.pending;
      if (p.action === "Delete") {
        this.store.deleteTree(res.id);
        this.store.finishOperations(res.id, "Succeeded");
        return;
      }
      const r = finish(body, sim, p, this);
      body = r.body;
      sim = r.sim;
      this.store.finishOperations(res.id, p.fail ? "Failed" : "Succeeded", p.fail ?? null);
    }
    this.store.put({ ...res, body, sim, dueAt: sim.pending?.dueAt ?? null }, Math.max(res.updatedAt, now));
  }

  /** Starts a transition on a compute body (mutates and returns it); caller persists. */
  begin(body: any, sim: ComputeSim, action: ComputeAction, now: number, opId?: string, fail?: Pending["fail"]) {
    const type = body.properties.computeType as string;
    const dueAt = now + this.duration(type, action);
    sim.pending = { action, startedAt: now, dueAt, opId, ...(fail ? { fail } : {}) };
    const p = body.properties;
    p.modifiedOn = nowIso(now);
    if (action === "Delete") {
      p.provisioningState = "Deleting";
      if (type === "ComputeInstance") {
        p.properties.state = "Deleting";
        p.properties.lastOperation = lastOp("Delete", now, "InProgress");
      }
      return { body, sim };
    }
    if (type === "ComputeInstance") {
      const state = { Create: "Creating", Start: "Starting", Stop: "Stopping", Restart: "Restarting" }[
        action as string
      ];
      if (state) p.properties.state = state;
      if (action === "Create") p.provisioningState = "Creating";
      p.properties.lastOperation = lastOp(action, now, "InProgress");
    } else if (type === "AmlCompute") {
      if (action === "Create") p.provisioningState = "Creating";
      if (action === "Resize") setResizing(p.properties, sim);
    } else if (action === "Create") {
      p.provisioningState = "Creating";
    }
    return { body, sim };
  }
}

function lastOp(action: string, now: number, status: string) {
  return { operationName: action, operationTime: nowIso(now), operationStatus: status, operationTrigger: "User" };
}

/** Node counts for a cluster in steady state or while resizing. */
export function setResizing(props: any, sim: ComputeSim) {
  const s = props.scaleSettings ?? { maxNodeCount: 0, minNodeCount: 0 };
  const current = steadyCount(props);
  const target = Math.min(Math.max(current, s.minNodeCount ?? 0), s.maxNodeCount);
  props.targetNodeCount = target;
  if (target === current) {
    setSteady(props, sim, current);
    return;
  }
  props.allocationState = "Resizing";
  const busy = Math.min(sim.busy ?? 0, target);
  sim.busy = busy;
  const kept = Math.min(current, target);
  props.nodeStateCounts = {
    idleNodeCount: kept - Math.min(busy, kept),
    runningNodeCount: Math.min(busy, kept),
    preparingNodeCount: Math.max(0, target - current),
    unusableNodeCount: 0,
    leavingNodeCount: Math.max(0, current - target),
    preemptedNodeCount: 0,
  };
  props.currentNodeCount = Math.max(current, target);
}

/** Nodes that are not leaving or preparing. */
function steadyCount(props: any): number {
  const c = props.nodeStateCounts;
  if (!c) return props.currentNodeCount ?? 0;
  return (c.idleNodeCount ?? 0) + (c.runningNodeCount ?? 0) + (c.unusableNodeCount ?? 0) + (c.preemptedNodeCount ?? 0);
}

export function setSteady(props: any, sim: ComputeSim, count: number) {
  const busy = Math.min(sim.busy ?? 0, count);
  sim.busy = busy;
  props.allocationState = "Steady";
  props.currentNodeCount = count;
  props.targetNodeCount = count;
  props.nodeStateCounts = {
    idleNodeCount: count - busy,
    runningNodeCount: busy,
    preparingNodeCount: 0,
    unusableNodeCount: 0,
    leavingNodeCount: 0,
    preemptedNodeCount: 0,
  };
}

function finish(body: any, sim: ComputeSim, p: Pending, simr: Simulator): { body: any; sim: ComputeSim } {
  const props = body.properties;
  const type = props.computeType;
  const at = p.dueAt;
  props.modifiedOn = nowIso(at);
  if (type === "ComputeInstance") {
    const ci = props.properties;
    if (p.fail) {
      const failedState =
        { Create: "CreateFailed", Start: "Stopped", Stop: "Running", Restart: "Running" }[p.action as string] ??
        "Unknown";
      ci.state = failedState;
      ci.lastOperation = lastOp(p.action, p.startedAt, `${p.action}Failed`);
      if (p.action === "Create") {
        props.provisioningState = "Failed";
        props.provisioningErrors = [{ error: p.fail }];
        ci.errors = [{ error: p.fail }];
      }
      return { body, sim };
    }
    ci.state =
      { Create: "Running", Start: "Running", Stop: "Stopped", Restart: "Running" }[p.action as string] ?? ci.state;
    ci.lastOperation = lastOp(p.action, p.startedAt, "Succeeded");
    if (p.action === "Create") props.provisioningState = "Succeeded";
    return { body, sim };
  }
  if (p.fail) {
    props.provisioningState = "Failed";
    props.provisioningErrors = [{ error: p.fail }];
    return { body, sim };
  }
  if (type === "AmlCompute") {
    const ap = props.properties;
    if (p.action === "Create") {
      props.provisioningState = "Succeeded";
      setSteady(ap, sim, 0);
      ap.allocationStateTransitionTime = nowIso(at);
      if ((ap.scaleSettings?.minNodeCount ?? 0) > 0) simr.begin(body, sim, "Resize", at);
      return { body, sim };
    }
    if (p.action === "Resize") {
      setSteady(ap, sim, ap.targetNodeCount ?? 0);
      ap.allocationStateTransitionTime = nowIso(at);
      return { body, sim };
    }
  }
  if (p.action === "Create") props.provisioningState = "Succeeded";
  return { body, sim };
}

/** AmlComputeNodeInformation items consistent with nodeStateCounts. */
/**
 * A cluster's nodes, as listNodes answers them. `runs` names the jobs holding nodes now (oldest first): the first
 * running nodes show them as their runId; running nodes beyond them are the simulator's own busy nodes (the seed's
 * demo load) and carry a simulated run id.
 */
export function clusterNodes(res: StoredResource<any, ComputeSim>, runs: string[] = []) {
  const props = res.body.properties.properties ?? {};
  const c = props.nodeStateCounts ?? {};
  const states: string[] = [];
  const push = (n: number | undefined, s: string) => {
    for (let i = 0; i < (n ?? 0); i++) states.push(s);
  };
  push(c.runningNodeCount, "running");
  push(c.idleNodeCount, "idle");
  push(c.preparingNodeCount, "preparing");
  push(c.unusableNodeCount, "unusable");
  push(c.leavingNodeCount, "leaving");
  push(c.preemptedNodeCount, "preempted");
  const h = createHash("sha1").update(res.id.toLowerCase()).digest("hex");
  const stamp = new Date(res.createdAt).toISOString().replace(/[-:]/g, "").slice(0, 15).toLowerCase() + "z";
  return states.map((nodeState, i) => {
    const node: Record<string, unknown> = {
      nodeId: `tvm-${parseInt(h.slice(0, 8), 16)}_${i + 1}-${stamp}`,
      privateIpAddress: `10.0.${parseInt(h.slice(8, 10), 16) % 250}.${i + 4}`,
      publicIpAddress:
        props.enableNodePublicIp === false ? null : `20.62.${parseInt(h.slice(10, 12), 16) % 250}.${i + 10}`,
      port: 50000 + i,
      nodeState,
    };
    if (nodeState === "running") {
      const r = createHash("sha1").update(`${res.id}:${i}`).digest("hex");
      node.runId =
        runs[i] ?? `${r.slice(0, 8)}-${r.slice(8, 12)}-${r.slice(12, 16)}-${r.slice(16, 20)}-${r.slice(20, 32)}`;
    }
    return node;
  });
}
