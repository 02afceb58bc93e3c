import "server-only";
import type { ConfidentialClientApplication, Configuration } from "@azure/msal-node";

/**
 * MSAL's confidential client, its module loaded on first use. Only Azure mode (the on-behalf-of exchange) and an
 * Azure datastore with a service principal need it; @azure/msal-node is some 250 ES modules and jsonwebtoken, which
 * a static import made the first render of a job page read, compile and run even against the local workspace.
 */
export async function confidentialClientApplication(
  configuration: Configuration,
): Promise<ConfidentialClientApplication> {
  const { ConfidentialClientApplication } = await import("@azure/msal-node");
  return new ConfidentialClientApplication(configuration);
}
