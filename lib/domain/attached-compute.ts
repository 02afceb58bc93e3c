/**
 * What an attached compute stands in for in the embedded default: the local workspace service runs a job that
 * targets an attached Kubernetes cluster or VM on this machine, at most ATTACHED_LOCAL_CONCURRENCY at once per
 * compute (its own queue, apart from every other compute's).
 */
export const ATTACHED_LOCAL_CONCURRENCY = 4;

/** The compute types jobs can target in the embedded default that stand in for a machine elsewhere. */
const STAND_INS: Record<string, string> = {
  Kubernetes: "an attached Kubernetes cluster",
  VirtualMachine: "an attached virtual machine",
};

/** The detail panel's note for a compute in the embedded default, or null when it is not an attached job target. */
export function attachedStandInNote(computeType: string): string | null {
  const what = STAND_INS[computeType];
  if (!what) return null;
  return (
    `In the embedded default this compute stands in for ${what}: jobs sent to it run on this machine, ` +
    `at most ${ATTACHED_LOCAL_CONCURRENCY} at once, in a queue of its own.`
  );
}

/** The caption of the dashboard's attached and inference categories in the embedded default. */
export const ATTACHED_CATEGORY_CAPTION =
  "In the embedded default, an attached Kubernetes cluster or virtual machine is a stand-in: jobs sent to it run on " +
  `this machine, at most ${ATTACHED_LOCAL_CONCURRENCY} at once per compute, each compute with its own queue.`;
