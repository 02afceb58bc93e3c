import fs from "node:fs";
import path from "node:path";

/**
 * The project's shared material (Azure ML examples, the REST spec): beside the checkout as `../shared`, as CI lays
 * it out, or where ML_STUDIO_SHARED says. The session machines also keep it at /work/shared.
 */
export const SHARED_DIR: string =
  [process.env.ML_STUDIO_SHARED, path.resolve(__dirname, "../../../shared"), "/work/shared"].find(
    (d): d is string => !!d && fs.existsSync(path.join(d, "azureml-examples")),
  ) ?? path.resolve(__dirname, "../../../shared");

export const shared = (...parts: string[]) => path.join(SHARED_DIR, ...parts);
