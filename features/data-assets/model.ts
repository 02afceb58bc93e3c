import { stringMap, type ArmAssetVersion, type AssetVersion } from "@/lib/domain/versions";
import type { DataType } from "@/lib/domain/datastores";

/** The parts of an ARM data version the studio reads (plain JSON of the SDK's model). */
export type ArmDataVersion = ArmAssetVersion<{ dataType?: string; dataUri?: string }>;

/** ARM data version → the common version shape: its type and URI are the fields compared. */
export function dataVersionToAsset(v: ArmDataVersion): AssetVersion {
  const p = v.properties;
  return {
    id: v.id ?? "",
    version: v.name ?? "",
    createdBy: v.systemData?.createdBy,
    createdAt: v.systemData?.createdAt ? new Date(v.systemData.createdAt).toISOString() : undefined,
    description: p.description ?? "",
    tags: stringMap(p.tags),
    properties: stringMap(p.properties),
    archived: !!p.isArchived,
    contents: { fields: { type: p.dataType ?? "uri_folder", uri: p.dataUri ?? "" } },
  };
}

/** A data version's type and URI, read back from the common shape. */
export const dataOf = (v: AssetVersion): { dataType: DataType; dataUri: string } => ({
  dataType: v.contents.fields.type as DataType,
  dataUri: v.contents.fields.uri,
});
