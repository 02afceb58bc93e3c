"use client";
import { Button, Caption1, ProgressBar, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { formatBytes } from "@/lib/domain/preview";
import type { useUploadQueue } from "./useUploadQueue";

const useStyles = makeStyles({
  uploads: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
  },
  bar: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

/** The batch being uploaded: files done of all, bytes sent, each file's state (the first 20), cancel or dismiss. */
export function UploadsPanel({ queue }: { queue: ReturnType<typeof useUploadQueue> }) {
  const s = useStyles();
  const { uploads, uploading, sentBytes, totalBytes } = queue;
  if (!uploads.length) return null;
  return (
    <section className={s.uploads} aria-label="Uploads" data-testid="uploads">
      <div className={s.bar}>
        <Subtitle2 as="h2">
          {uploading ? "Uploading" : "Upload finished"}: {uploads.filter((u) => u.state === "done").length} of{" "}
          {uploads.length} files · {formatBytes(sentBytes)} of {formatBytes(totalBytes)}
        </Subtitle2>
        {uploading ? (
          <Button onClick={queue.cancel}>Cancel upload</Button>
        ) : (
          <Button appearance="subtle" onClick={queue.dismiss}>
            Dismiss
          </Button>
        )}
      </div>
      <ProgressBar
        value={totalBytes ? sentBytes / totalBytes : 0}
        aria-label="Upload progress"
        data-testid="upload-progress"
      />
      {uploads.slice(0, 20).map((u) => (
        <Caption1 key={u.path} data-testid={`upload-${u.path}`}>
          {u.path} — {u.state === "uploading" ? `${Math.round((u.loaded / Math.max(1, u.file.size)) * 100)}%` : u.state}
          {u.error && u.state === "failed" ? `: ${u.error}` : ""}
        </Caption1>
      ))}
      {uploads.length > 20 ? <Caption1>and {uploads.length - 20} more</Caption1> : null}
    </section>
  );
}
