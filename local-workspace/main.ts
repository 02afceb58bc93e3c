import { startLocalWorkspace } from "./server";

const port = Number(process.env.LOCAL_WORKSPACE_PORT ?? 7070);
const timeScale = process.env.LOCAL_WORKSPACE_TIME_SCALE ? Number(process.env.LOCAL_WORKSPACE_TIME_SCALE) : 1;

const blobPort = Number(process.env.AZURITE_BLOB_PORT ?? 10000);
const seedBlobCount = process.env.SEED_SMALL_BLOBS ? Number(process.env.SEED_SMALL_BLOBS) : undefined;

startLocalWorkspace({
  port,
  dataDir: process.env.DATA_DIR ?? "./data",
  timeScale,
  storage: { blobPort, seedBlobCount },
  seedDemoJob: process.env.SEED_DEMO_JOB !== "off",
}).then(
  (svc) => {
    console.log(`local workspace service listening on ${svc.url}`);
    const started = Date.now();
    // Said once the background seed is done (the first start's bench waits for this line).
    void svc.seeded.then(() =>
      console.log(`[local-workspace] storage seeded (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    );
    const stop = () => svc.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
