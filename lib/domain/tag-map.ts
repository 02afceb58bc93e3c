import { z } from "./zod";

/** An asset version's tags (or properties) as the API takes them: at most 50, keys up to 256 and values up to 1,024 characters. */
export const tagMap = z
  .record(z.string().min(1).max(256), z.string().max(1024))
  .refine((t) => Object.keys(t).length <= 50, "at most 50 tags");
