import { startLocalWorkspace } from "./server";

const port = Number(process.env.LOCAL_WORKSPACE_PORT ?? 7070);
const timeScale = process.env.LOCAL_WORKSPACE_TIME_SCALE ? Number(process.env.LOCAL_WORKSPACE_TIME_SCALE) : 1;

startLocalWorkspace({ port, dataDir: process.env.DATA_DIR ?? "./data", timeScale }).then(
  (svc) => {
    console.log(`local workspace service listening on ${svc.url}`);
    const stop = () => svc.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
