/**
 * Which output (or data) type may feed which input type, and why not when it may not.
 * Mirrors what Azure ML accepts when it builds a pipeline graph:
 * - equal types always fit;
 * - a folder may feed an MLTable input and back (an MLTable is a folder holding an MLTable file),
 *   and a model (mlflow_model / custom_model) is a folder, so folders and models feed each other;
 * - a single file may feed a folder input (the step receives the file): allowed, with a warning;
 * - a folder, table or model never feeds a uri_file input;
 * - data never feeds a literal input and literals never feed data inputs;
 * - integer feeds number; any literal feeds string.
 */
import { isDataType, type IoType } from "./types";

export type Compatibility = { ok: true; warning?: string } | { ok: false; reason: string };

const FOLDER_LIKE = new Set(["uri_folder", "mltable", "mlflow_model", "custom_model"]);

export function compatibility(from: IoType, to: IoType): Compatibility {
  if (from === to) return { ok: true };
  const fromData = isDataType(from);
  const toData = isDataType(to);
  if (fromData && !toData)
    return { ok: false, reason: `A ${from} output is data; the input takes a ${to} value, not data.` };
  if (!fromData && toData) return { ok: false, reason: `A ${from} value cannot feed a ${to} input, which takes data.` };
  if (fromData && toData) {
    if (from === "uri_file" && to === "uri_folder")
      return { ok: true, warning: "A uri_file feeds a uri_folder input: the step receives the single file." };
    if (to === "uri_file")
      return { ok: false, reason: `A ${from} is a folder; the input takes a single file (uri_file).` };
    if (from === "uri_file")
      return { ok: false, reason: `A single file (uri_file) cannot feed a ${to} input, which needs a folder.` };
    if (FOLDER_LIKE.has(from) && FOLDER_LIKE.has(to)) {
      if ((from === "mlflow_model" && to === "custom_model") || (from === "custom_model" && to === "mlflow_model"))
        return { ok: false, reason: `A ${from} is not a ${to}: the model formats differ.` };
      return { ok: true };
    }
    return { ok: false, reason: `A ${from} cannot feed a ${to} input.` };
  }
  if (from === "integer" && to === "number") return { ok: true };
  if (to === "string") return { ok: true };
  return { ok: false, reason: `A ${from} value cannot feed a ${to} input.` };
}
