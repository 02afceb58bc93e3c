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

/**
 * The resources an Azure ML workspace depends on, as the portal's Create workspace offers them: each an existing
 * resource (its ARM id) or a new one (its name, made in the workspace's resource group and region first). Only
 * the container registry may be left out (Azure ML makes one when an image is first built).
 */
export const DEPENDENT_RESOURCES = {
  storageAccount: {
    label: "Storage account",
    type: "Microsoft.Storage/storageAccounts",
    nameRule: /^[a-z0-9]{3,24}$/,
    nameRuleText: "3-24 lower-case letters and digits",
    required: true,
  },
  keyVault: {
    label: "Key vault",
    type: "Microsoft.KeyVault/vaults",
    nameRule: /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
    nameRuleText: "3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit",
    required: true,
  },
  applicationInsights: {
    label: "Application Insights",
    type: "microsoft.insights/components",
    nameRule: /^[a-zA-Z0-9_.()-]{0,254}[a-zA-Z0-9_()-]$/,
    nameRuleText: "1-255 letters, digits, '_', '.', '-', '(' or ')', not ending with '.'",
    required: true,
  },
  containerRegistry: {
    label: "Container registry",
    type: "Microsoft.ContainerRegistry/registries",
    nameRule: /^[a-zA-Z0-9]{5,50}$/,
    nameRuleText: "5-50 letters and digits",
    required: false,
  },
} as const;
export type DependentResourceKind = keyof typeof DEPENDENT_RESOURCES;
export const DEPENDENT_RESOURCE_KINDS = Object.keys(DEPENDENT_RESOURCES) as DependentResourceKind[];

/** A dependent resource as the dialog gives it: an existing one's ARM id, or the name of one to create. */
export type DependentResourceChoice = { existing: string } | { create: string };

/** The first problem with a dependent-resource choice (an id of the right type, or a name by the type's rule). */
export function dependentResourceProblem(kind: DependentResourceKind, choice: DependentResourceChoice): string | null {
  const spec = DEPENDENT_RESOURCES[kind];
  if ("existing" in choice) {
    const re = new RegExp(
      `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${spec.type.replace(/[./]/g, (c) => `\\${c}`)}/[^/]+$`,
      "i",
    );
    return re.test(choice.existing)
      ? null
      : `must be the ARM id of a ${spec.type} resource (/subscriptions/…/providers/${spec.type}/<name>)`;
  }
  return spec.nameRule.test(choice.create) ? null : `must be ${spec.nameRuleText}`;
}
