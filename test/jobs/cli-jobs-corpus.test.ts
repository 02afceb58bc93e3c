/**
 * Every YAML file under the shared corpus's cli/jobs, in whatever folder: each job file (command, sweep, pipeline)
 * imports where Azure ML users would bring it, and every other file (components, data, conda files) is refused by
 * both importers, saying what it is. Pipelines also round-trip (test/pipeline/import-export.test.ts walks the same
 * files through `pipelineFiles`).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCommandJobYaml } from "@/lib/domain/jobs/command-job";
import { readSweepJobYaml } from "@/lib/domain/jobs/sweep-job";
import { importPipelineYaml, YamlImportError } from "@/lib/domain/pipeline";
import { YAML_KIND_NAMES } from "@/lib/domain/yaml-kind";
import { corpusFiles, haveExamples, JOBS, kindOfFile, resolverFor } from "../pipeline/examples";

const problemsOf = (read: () => unknown) => {
  try {
    read();
    return [];
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems;
    throw e;
  }
};

describe.skipIf(!haveExamples)("every YAML under azureml-examples/cli/jobs", () => {
  const files = corpusFiles();
  const jobKinds = new Set(["command-job", "sweep-job", "pipeline-job"]);

  it("finds the corpus: its pipelines and their component files", () => {
    const kinds = files.map(kindOfFile);
    expect(kinds.filter((k) => k === "pipeline-job").length).toBeGreaterThanOrEqual(16);
    expect(kinds.filter((k) => k === "command-component").length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    const rel = path.relative(JOBS, file);
    const kind = kindOfFile(file);
    const text = fs.readFileSync(file, "utf8");
    if (jobKinds.has(kind))
      it(`${rel}: a ${kind} that imports`, () => {
        const read =
          kind === "command-job"
            ? () => readCommandJobYaml(text)
            : kind === "sweep-job"
              ? () => readSweepJobYaml(text)
              : () => importPipelineYaml(text, resolverFor(file));
        expect(problemsOf(read)).toEqual([]);
      });
    else
      it(`${rel}: ${YAML_KIND_NAMES[kind]}, refused by Create job and by the designer saying what it is`, () => {
        for (const read of [() => readCommandJobYaml(text), () => importPipelineYaml(text, () => undefined)]) {
          const problems = problemsOf(read);
          expect(problems).toHaveLength(1);
          expect(problems[0].message).toContain(`This file is ${YAML_KIND_NAMES[kind]}, not a`);
          expect(problems[0].pos?.line).toBeGreaterThanOrEqual(1);
        }
      });
  }
});
