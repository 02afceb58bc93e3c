"use client";
import { Field, ProgressBar } from "@fluentui/react-components";
import type { UploadProgress } from "@/lib/client/upload";
import { formatBytes } from "@/lib/domain/preview";

/** How far a staged upload (lib/client/upload.ts `uploadAll`) has come: the file in flight and the bytes sent. */
export function UploadProgressField({ progress }: { progress: UploadProgress | null }) {
  if (!progress) return null;
  return (
    <Field
      label={`Uploading ${progress.file}`}
      hint={`${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
    >
      <ProgressBar value={progress.total ? progress.loaded / progress.total : 1} aria-label="Upload progress" />
    </Field>
  );
}
