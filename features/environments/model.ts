import { stringMap, type ArmAssetVersion, type AssetSummary, type AssetVersion } from "@/lib/domain/versions";
import { isCuratedName } from "@/lib/domain/environment-spec";

export type BuildStatus = "NotStarted" | "Running" | "Succeeded" | "Failed";
export type BuildInfo = {
  status: BuildStatus;
  startedAt: string | null;
  endedAt: string | null;
  log: string;
  error: string | null;
};

/** One row of the environments list; curated environments (`AzureML-…`) are read-only. */
export type EnvironmentSummary = AssetSummary & { curated: boolean };

export type ArmEnvironmentVersion = ArmAssetVersion<{
  environmentType?: string;
  image?: string | null;
  condaFile?: string | null;
  build?: { contextUri: string; dockerfilePath?: string } | null;
  osType?: string;
  inferenceConfig?: unknown;
}>;

/** ARM environment version → the common version shape: image and build as fields, the conda file as a document. */
export function environmentVersionToAsset(name: string, v: ArmEnvironmentVersion): AssetVersion {
  const p = v.properties;
  const fields: Record<string, string> = {
    kind: p.build ? "build context" : p.condaFile ? "image + conda" : "image",
    environmentType: p.environmentType ?? (isCuratedName(name) ? "Curated" : "UserCreated"),
    osType: p.osType ?? "Linux",
  };
  if (p.image) fields.image = p.image;
  if (p.build) {
    fields["build.contextUri"] = p.build.contextUri;
    fields["build.dockerfilePath"] = p.build.dockerfilePath ?? "Dockerfile";
  }
  return {
    id: v.id ?? "",
    version: v.name ?? "",
    createdBy: v.systemData?.createdBy,
    createdAt: v.systemData?.createdAt ? new Date(v.systemData.createdAt).toISOString() : undefined,
    description: p.description ?? "",
    tags: stringMap(p.tags),
    properties: stringMap(p.properties),
    archived: !!p.isArchived,
    contents: { fields, documents: p.condaFile ? [{ name: "conda.yaml", language: "yaml", text: p.condaFile }] : [] },
  };
}
