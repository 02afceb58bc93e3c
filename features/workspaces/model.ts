/** The workspaces feature's pure logic: the region picker's list and ARM's rules for tags. */

/** Azure public-cloud regions that offer Azure Machine Learning, as the portal's region picker names them. */
export const AZURE_ML_REGIONS: readonly { name: string; displayName: string }[] = [
  { name: "eastus", displayName: "East US" },
  { name: "eastus2", displayName: "East US 2" },
  { name: "centralus", displayName: "Central US" },
  { name: "northcentralus", displayName: "North Central US" },
  { name: "southcentralus", displayName: "South Central US" },
  { name: "westus", displayName: "West US" },
  { name: "westus2", displayName: "West US 2" },
  { name: "westus3", displayName: "West US 3" },
  { name: "canadacentral", displayName: "Canada Central" },
  { name: "brazilsouth", displayName: "Brazil South" },
  { name: "northeurope", displayName: "North Europe" },
  { name: "westeurope", displayName: "West Europe" },
  { name: "uksouth", displayName: "UK South" },
  { name: "francecentral", displayName: "France Central" },
  { name: "germanywestcentral", displayName: "Germany West Central" },
  { name: "swedencentral", displayName: "Sweden Central" },
  { name: "switzerlandnorth", displayName: "Switzerland North" },
  { name: "norwayeast", displayName: "Norway East" },
  { name: "uaenorth", displayName: "UAE North" },
  { name: "southafricanorth", displayName: "South Africa North" },
  { name: "centralindia", displayName: "Central India" },
  { name: "japaneast", displayName: "Japan East" },
  { name: "koreacentral", displayName: "Korea Central" },
  { name: "southeastasia", displayName: "Southeast Asia" },
  { name: "eastasia", displayName: "East Asia" },
  { name: "australiaeast", displayName: "Australia East" },
];

/** ARM's limits on resource tags: at most 50, names 1-512 characters without < > % & \ ? /, values up to 256. */
export const MAX_TAGS = 50;
const TAG_NAME_RE = /^[^<>%&\\?/]{1,512}$/;

/** The first problem with a set of tags, or null. */
export function tagProblem(tags: Record<string, string>): string | null {
  const names = Object.keys(tags);
  if (names.length > MAX_TAGS) return `at most ${MAX_TAGS} tags are allowed (${names.length} given)`;
  for (const n of names) {
    if (!TAG_NAME_RE.test(n)) return `tag name "${n}" must be 1-512 characters without < > % & \\ ? /`;
    if (tags[n].length > 256) return `tag "${n}" has a value over 256 characters`;
  }
  return null;
}
