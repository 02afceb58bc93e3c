/**
 * Code folders of seeded components, written to the workspace's workspaceblobstore container under the
 * `LocalUpload/<hash>/src/…` prefix their code assets' codeUri names. Content-addressed, so re-running is
 * harmless: a file already there is skipped. Runs in the background after start (first of the seeds: a few
 * KB); the runner seeds a missing seed folder synchronously when a job needs it before this got to it.
 */
import type { ContainerClient } from "@azure/storage-blob";
import type { Ctx } from "../context";
import type { LocalStorage } from "./index";
import { defaultStoreNames } from "./seed-data";
import { uploadWithHashes } from "./seed-model-files";
import { workspaceId } from "../arm";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../seed";
import { SEED_COMPONENTS, seedCodePrefix, type SeedComponent } from "../seed-components";

/** Uploads one component's code folder to `container` (files already there are left alone). */
export async function uploadSeedCode(container: ContainerClient, c: SeedComponent): Promise<number> {
  const prefix = seedCodePrefix(c);
  let n = 0;
  for (const [rel, content] of Object.entries(c.files)) {
    const name = `${prefix}/${rel}`;
    if (await container.getBlobClient(name).exists()) continue;
    await uploadWithHashes(container, name, content);
    n++;
  }
  return n;
}

/** Uploads the code folders of `components` (default: the seeded ones) to the workspace's default container. */
export async function seedComponentCode(
  storage: LocalStorage,
  ctx: Ctx,
  wsId = workspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, SEED_WORKSPACE),
  components: SeedComponent[] = SEED_COMPONENTS,
) {
  if (!ctx.store.get(wsId)) return;
  const container = storage.blobService.getContainerClient(defaultStoreNames(ctx, wsId).container);
  await container.createIfNotExists();
  for (const c of components) await uploadSeedCode(container, c);
}

/** The seeded component whose code folder is `prefix`, if any (for the runner's synchronous fallback). */
export function seedComponentAt(prefix: string): SeedComponent | null {
  return SEED_COMPONENTS.find((c) => seedCodePrefix(c) === prefix) ?? null;
}
