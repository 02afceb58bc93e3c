import { describe, expect, it } from "vitest";
import { componentVersionToAsset } from "@/features/components/model";
import { compareVersions } from "@/lib/domain/version-compare";
import { parseComponentYaml } from "@/lib/domain/pipeline";

const yaml = (version: string, extra = "", command = "python train.py --data ${{inputs.data}}") => `
name: train
version: ${version}
type: command
inputs:
  data:
    type: uri_folder
  epochs:
    type: integer
    default: 3
    min: 1
outputs:
  model:
    type: mlflow_model
${extra}command: ${command}
environment: azureml:sklearn:1
`;

const asVersion = (version: string, text: string) =>
  componentVersionToAsset({
    id: `c/train/versions/${version}`,
    version,
    description: null,
    isArchived: false,
    isAnonymous: false,
    spec: parseComponentYaml(text),
    codeId: null,
    createdAt: null,
    createdBy: null,
  });

describe("componentVersionToAsset", () => {
  it("lists ports, environment and code as fields and the command and spec as documents", () => {
    const v = asVersion("1", yaml("1"));
    expect(v.contents.fields).toMatchObject({
      "input.data": "uri_folder · required",
      "input.epochs": "integer · required · default 3 · min 1",
      "output.model": "mlflow_model",
      environment: "azureml:sklearn:1",
      code: "none",
    });
    expect(v.contents.documents?.map((d) => d.name)).toEqual(["command", "component.yaml"]);
    expect(v.contents.documents?.[1].text).not.toMatch(/^version:/m);
  });

  it("compares two versions: a new input, a changed command, the spec diffed line by line", () => {
    const a = asVersion("1", yaml("1"));
    const b = asVersion(
      "2",
      yaml("2", "", "python train.py --data ${{inputs.data}} $[[--lr ${{inputs.lr}}]]").replace(
        "outputs:",
        "  lr:\n    type: number\n    optional: true\noutputs:",
      ),
    );
    const c = compareVersions(a, b);
    expect(c.fields.find((f) => f.key === "input.lr")).toMatchObject({ status: "added", right: "number · optional" });
    expect(c.fields.find((f) => f.key === "input.data")?.status).toBe("same");
    const command = c.documents.find((d) => d.name === "command")!;
    expect(command.status).toBe("changed");
    const spec = c.documents.find((d) => d.name === "component.yaml")!;
    expect(spec.rows.filter((r) => r.kind === "added").map((r) => r.text.trim())).toEqual(
      expect.arrayContaining(["lr:", "type: number", "optional: true"]),
    );
    expect(compareVersions(a, asVersion("3", yaml("3"))).differenceCount).toBe(0);
  });
});
