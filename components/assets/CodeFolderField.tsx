"use client";
import { Field } from "@fluentui/react-components";
import { pickedFiles, type PickedFile } from "@/lib/client/upload";
import { formatBytes } from "@/lib/domain/preview";

/**
 * The folder a YAML's `code:` names, picked in the browser (its own name dropped: `code: ./src` points inside it).
 * Its files are then staged through the one upload path and registered as a code asset.
 */
export function CodeFolderField({
  label,
  files,
  onPick,
  emptyHint,
}: {
  label: string;
  files: PickedFile[];
  onPick: (files: PickedFile[]) => void;
  emptyHint: string;
}) {
  const total = files.reduce((n, f) => n + f.file.size, 0);
  return (
    <Field
      label={label}
      hint={
        files.length
          ? `${files.length} file${files.length > 1 ? "s" : ""} (${formatBytes(total)}): ${files
              .slice(0, 5)
              .map((f) => f.path)
              .join(", ")}${files.length > 5 ? ", …" : ""}`
          : emptyHint
      }
    >
      <input
        type="file"
        multiple
        aria-label="Code folder"
        {...({ webkitdirectory: "" } as Record<string, string>)}
        onChange={(e) => e.target.files && onPick(pickedFiles(e.target.files, true).filter((f) => f.path))}
      />
    </Field>
  );
}
