"use client";
import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  Textarea,
} from "@fluentui/react-components";
import { ErrorBar } from "@/components/common/ErrorBar";
import type { AssetVersion } from "@/lib/domain/versions";
import { TagEditor, fromRows, toRows } from "./TagEditor";

/** Edits a version's description, tags and (when the kind has stages) its stage. */
export function EditVersionDialog({
  version,
  stages,
  pending,
  error,
  onSave,
  onClose,
}: {
  version: AssetVersion;
  stages?: readonly string[];
  pending: boolean;
  error: unknown;
  onSave: (v: { description: string; tags: Record<string, string>; stage?: string | null }) => void;
  onClose: () => void;
}) {
  const [description, setDescription] = useState(version.description ?? "");
  const [rows, setRows] = useState(toRows(version.tags));
  const [stage, setStage] = useState<string | null>(version.stage ?? null);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Edit version {version.version}</DialogTitle>
          <DialogContent style={{ display: "flex", flexDirection: "column", gap: 12 }}>
            <Field label="Description">
              <Textarea value={description} onChange={(_, d) => setDescription(d.value)} resize="vertical" />
            </Field>
            {stages ? (
              <Field label="Stage">
                <Dropdown
                  value={stage ?? "None"}
                  selectedOptions={[stage ?? ""]}
                  onOptionSelect={(_, d) => setStage(d.optionValue || null)}
                >
                  <Option value="">None</Option>
                  {stages.map((st) => (
                    <Option key={st} value={st}>
                      {st}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            ) : null}
            <Field label="Tags">
              <TagEditor label="Tags" rows={rows} onChange={setRows} />
            </Field>
            <ErrorBar error={error} title="The change was not saved" />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={pending}
              onClick={() => onSave({ description, tags: fromRows(rows), ...(stages ? { stage } : {}) })}
            >
              {pending ? "Saving…" : "Save"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
