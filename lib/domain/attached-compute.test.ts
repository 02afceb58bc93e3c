import { describe, expect, it } from "vitest";
import { ATTACHED_CATEGORY_CAPTION, ATTACHED_LOCAL_CONCURRENCY, attachedStandInNote } from "./attached-compute";

describe("what an attached compute stands in for in the embedded default", () => {
  it("names the kind and the concurrency for an attached Kubernetes cluster or VM", () => {
    expect(attachedStandInNote("Kubernetes")).toMatch(/stands in for an attached Kubernetes cluster/);
    expect(attachedStandInNote("VirtualMachine")).toMatch(/stands in for an attached virtual machine/);
    expect(attachedStandInNote("VirtualMachine")).toContain(`at most ${ATTACHED_LOCAL_CONCURRENCY} at once`);
    expect(ATTACHED_CATEGORY_CAPTION).toContain("run on this machine");
  });

  it("says nothing for computes that are no stand-in or run no jobs locally", () => {
    for (const t of ["ComputeInstance", "AmlCompute", "AKS", "SynapseSpark", "Unknown"])
      expect(attachedStandInNote(t), t).toBeNull();
  });
});
