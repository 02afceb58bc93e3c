import { describe, expect, it } from "vitest";
import {
  collapseUnchanged,
  compareVersions,
  diffFiles,
  diffKeyValues,
  diffText,
  metricNames,
  metricTrend,
  parseMetric,
  visibleRows,
} from "@/lib/domain/version-compare";
import {
  compareVersionLabels,
  nextVersionLabel,
  parseVersionViewState,
  sortVersionsNewestFirst,
  versionViewSearch,
  type AssetVersion,
} from "@/lib/domain/versions";

const v = (version: string, over: Partial<AssetVersion> = {}): AssetVersion => ({
  id: `/x/versions/${version}`,
  version,
  tags: {},
  properties: {},
  archived: false,
  contents: { fields: {} },
  ...over,
});

describe("version labels", () => {
  it("orders numeric labels by number, not lexically", () => {
    expect(["10", "9", "1", "2"].sort(compareVersionLabels)).toEqual(["1", "2", "9", "10"]);
    expect(sortVersionsNewestFirst([v("2"), v("10"), v("1")]).map((x) => x.version)).toEqual(["10", "2", "1"]);
  });
  it("puts non-numeric labels after numeric ones", () => {
    expect(["beta", "3", "alpha"].sort(compareVersionLabels)).toEqual(["3", "alpha", "beta"]);
  });
  it("proposes one more than the highest numeric label", () => {
    expect(nextVersionLabel([v("1"), v("7"), v("rc")])).toBe("8");
    expect(nextVersionLabel([])).toBe("1");
  });
});

describe("key/value diff", () => {
  it("classifies same, changed, added and removed keys, sorted", () => {
    expect(diffKeyValues({ a: "1", b: "2", c: "3" }, { a: "1", b: "20", d: "4" })).toEqual([
      { key: "a", left: "1", right: "1", status: "same" },
      { key: "b", left: "2", right: "20", status: "changed" },
      { key: "c", left: "3", right: undefined, status: "removed" },
      { key: "d", left: undefined, right: "4", status: "added" },
    ]);
  });
  it("treats an empty string as a value, not as missing", () => {
    expect(diffKeyValues({ a: "" }, {})[0].status).toBe("removed");
    expect(diffKeyValues({ a: "" }, { a: "" })[0].status).toBe("same");
  });
});

describe("file diff", () => {
  it("matches by path and says what differs", () => {
    const rows = diffFiles(
      [
        { path: "model.pkl", size: 10, md5: "aa", sha256: "s1" },
        { path: "conda.yaml", size: 5, md5: "bb" },
        { path: "old.txt", size: 1 },
      ],
      [
        { path: "model.pkl", size: 10, md5: "ab", sha256: "s2" },
        { path: "conda.yaml", size: 5, md5: "bb" },
        { path: "new.txt", size: 2 },
      ],
    );
    expect(rows.map((r) => [r.path, r.status, r.reasons])).toEqual([
      ["conda.yaml", "same", []],
      ["model.pkl", "changed", ["md5", "sha256"]],
      ["new.txt", "added", []],
      ["old.txt", "removed", []],
    ]);
  });
  it("does not call a file changed when only one side knows a hash", () => {
    expect(diffFiles([{ path: "a", size: 1, md5: "x" }], [{ path: "a", size: 1 }])[0].status).toBe("same");
    expect(diffFiles([{ path: "a", size: 1 }], [{ path: "a", size: 2 }])[0].reasons).toEqual(["size"]);
  });
});

describe("text diff", () => {
  it("numbers lines on each side", () => {
    const { rows, added, removed } = diffText("a\nb\nc\n", "a\nB\nc\nd");
    expect(rows).toEqual([
      { kind: "same", text: "a", leftLine: 1, rightLine: 1 },
      { kind: "removed", text: "b", leftLine: 2 },
      { kind: "added", text: "B", rightLine: 2 },
      { kind: "same", text: "c", leftLine: 3, rightLine: 3 },
      { kind: "added", text: "d", rightLine: 4 },
    ]);
    expect([added, removed]).toEqual([2, 1]);
  });
  it("ignores CRLF against LF and a missing final newline", () => {
    const { added, removed } = diffText("x\r\ny", "x\ny\n");
    expect([added, removed]).toEqual([0, 0]);
  });
  it("collapses unchanged runs around changes", () => {
    const left = Array.from({ length: 20 }, (_, i) => `l${i}`).join("\n");
    const right = left.replace("l10", "L10");
    const collapsed = collapseUnchanged(diffText(left, right).rows, 2);
    expect(collapsed[0]).toEqual({ kind: "gap", hidden: 8 });
    expect(collapsed.filter((r) => r.kind !== "gap").map((r) => (r as { text: string }).text)).toEqual([
      "l8",
      "l9",
      "l10",
      "L10",
      "l11",
      "l12",
    ]);
    expect(collapsed[collapsed.length - 1]).toEqual({ kind: "gap", hidden: 7 });
  });
});

describe("compareVersions", () => {
  const one = v("1", {
    description: "baseline",
    tags: { team: "fraud", framework: "sklearn" },
    properties: { accuracy: "0.91", auc: "0.88" },
    stage: "Development",
    contents: {
      fields: { type: "mlflow_model", path: "azureml://datastores/workspaceblobstore/paths/m/1" },
      files: [{ path: "MLmodel", size: 300, md5: "1" }],
      documents: [{ name: "conda.yaml", language: "yaml", text: "name: env\ndependencies:\n  - python=3.9\n" }],
    },
  });
  const three = v("3", {
    description: "baseline",
    tags: { team: "fraud", framework: "lightgbm" },
    properties: { accuracy: "0.94", auc: "0.88", f1: "0.9" },
    stage: "Production",
    contents: {
      fields: { type: "mlflow_model", path: "azureml://datastores/workspaceblobstore/paths/m/3" },
      files: [
        { path: "MLmodel", size: 300, md5: "1" },
        { path: "model.txt", size: 9 },
      ],
      documents: [{ name: "conda.yaml", language: "yaml", text: "name: env\ndependencies:\n  - python=3.10\n" }],
    },
  });

  it("finds every difference across sections", () => {
    const c = compareVersions(one, three);
    expect(c.left).toBe("1");
    expect(c.right).toBe("3");
    expect(visibleRows(c.metadata, true).map((r) => r.key)).toEqual(["stage"]);
    expect(visibleRows(c.properties, true).map((r) => `${r.key}:${r.status}`)).toEqual([
      "accuracy:changed",
      "f1:added",
    ]);
    expect(visibleRows(c.tags, true).map((r) => r.key)).toEqual(["framework"]);
    expect(visibleRows(c.fields, true).map((r) => r.key)).toEqual(["path"]);
    expect(visibleRows(c.files, true).map((r) => r.path)).toEqual(["model.txt"]);
    expect(c.documents[0].status).toBe("changed");
    expect(c.documents[0].rows.filter((r) => r.kind !== "same").map((r) => r.text)).toEqual([
      "  - python=3.9",
      "  - python=3.10",
    ]);
    expect(c.differenceCount).toBe(1 + 2 + 1 + 1 + 1 + 1);
  });

  it("finds nothing between a version and itself; all rows stay visible without the switch", () => {
    const c = compareVersions(three, three);
    expect(c.differenceCount).toBe(0);
    expect(visibleRows(c.properties, true)).toEqual([]);
    expect(visibleRows(c.properties, false)).toHaveLength(3);
  });

  it("is symmetric in what it counts", () => {
    expect(compareVersions(three, one).differenceCount).toBe(compareVersions(one, three).differenceCount);
    expect(visibleRows(compareVersions(three, one).properties, true).find((r) => r.key === "f1")?.status).toBe(
      "removed",
    );
  });
});

describe("metric trend", () => {
  it("parses numbers and percentages, and nothing else", () => {
    expect(parseMetric("0.93")).toBe(0.93);
    expect(parseMetric(" 1e-3 ")).toBe(0.001);
    expect(parseMetric("93%")).toBeCloseTo(0.93);
    expect(parseMetric("sklearn")).toBeNull();
    expect(parseMetric("1.2.3")).toBeNull();
    expect(parseMetric("")).toBeNull();
  });
  it("lists metrics numeric in any version and plots them oldest first with gaps", () => {
    const versions = [
      v("10", { properties: { accuracy: "0.95" } }),
      v("2", { properties: { accuracy: "0.9", framework: "x", auc: "0.8" } }),
      v("9", { properties: {} }),
    ];
    expect(metricNames(versions)).toEqual(["accuracy", "auc"]);
    expect(metricTrend(versions, "accuracy")).toEqual([
      { version: "2", value: 0.9 },
      { version: "9", value: null },
      { version: "10", value: 0.95 },
    ]);
  });
});

describe("deep links", () => {
  it("reads version, comparison, only-differences and metric from the URL", () => {
    expect(parseVersionViewState(new URLSearchParams("name=m&compare=1,3&diff=only"))).toEqual({
      version: null,
      compare: ["1", "3"],
      diffOnly: true,
      metric: null,
    });
    expect(parseVersionViewState(new URLSearchParams("version=3&metric=auc"))).toEqual({
      version: "3",
      compare: null,
      diffOnly: false,
      metric: "auc",
    });
    expect(parseVersionViewState(new URLSearchParams("compare=1")).compare).toBeNull();
  });
  it("writes them back keeping the page's own params", () => {
    expect(versionViewSearch("name=m&version=2", { version: null, compare: ["1", "3"], diffOnly: true })).toBe(
      "?name=m&compare=1,3&diff=only",
    );
    expect(versionViewSearch("compare=1,3&diff=only", { compare: null, diffOnly: false })).toBe("");
  });
});
