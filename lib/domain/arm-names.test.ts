import { describe, expect, it } from "vitest";
import { parseAssetVersionId } from "./arm-names";

const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";

describe("parseAssetVersionId", () => {
  it("reads the kind, name and version of an asset version's ARM id", () => {
    expect(parseAssetVersionId(`${WS}/models/credit/versions/3`)).toEqual({
      kind: "models",
      name: "credit",
      version: "3",
    });
  });

  it("keeps only the kinds asked for, whatever their case", () => {
    expect(parseAssetVersionId(`${WS}/Components/train/versions/1`, ["components"])?.name).toBe("train");
    expect(parseAssetVersionId(`${WS}/codes/abc/versions/1`, ["components"])).toBeNull();
  });

  it("is null for what is not a version: a container, a compute, an empty name or version", () => {
    expect(parseAssetVersionId(`${WS}/models/credit`)).toBeNull();
    expect(parseAssetVersionId(`${WS}/computes/cpu-cluster`)).toBeNull();
    expect(parseAssetVersionId(`${WS}/models//versions/3`)).toBeNull();
    expect(parseAssetVersionId(`${WS}/models/credit/versions/`)).toBeNull();
    expect(parseAssetVersionId("azureml:credit:3")).toBeNull();
  });
});
