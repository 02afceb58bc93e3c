import type { World } from "./env";
import { workspaceId } from "../../local-workspace/arm";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../../local-workspace/seed";

const WS_ID = workspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, SEED_WORKSPACE);

/** An ARM call straight to the bench world's local service, on the demo workspace, as a DataScientist. */
export async function armCall(world: World, method: string, p: string, body?: unknown) {
  const { SignJWT } = await import("jose");
  const token = await new SignJWT({
    oid: "bench",
    name: "Bench",
    preferred_username: "bench@ml-studio.local",
    roles: ["DataScientist"],
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setIssuer("ml-studio-local")
    .setAudience("https://management.azure.com/")
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(world.tokenSecret));
  const r = await fetch(`${world.service.url}${WS_ID}${p}${p.includes("?") ? "&" : "?"}api-version=2022-10-01`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}
