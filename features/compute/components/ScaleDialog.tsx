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
  Field,
  SpinButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ComputeSummary } from "../model";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useUpdateScale } from "../hooks";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM } });

export function ScaleDialog({
  workspace,
  compute,
  onClose,
}: {
  workspace: WorkspaceRef;
  compute: ComputeSummary | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={!!compute} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        {/* Keyed by the compute: opening it for another compute starts from that compute's settings. */}
        {compute && <ScaleForm key={compute.name} workspace={workspace} compute={compute} onClose={onClose} />}
      </DialogSurface>
    </Dialog>
  );
}

function ScaleForm({
  workspace,
  compute,
  onClose,
}: {
  workspace: WorkspaceRef;
  compute: ComputeSummary;
  onClose: () => void;
}) {
  const s = useStyles();
  const update = useUpdateScale(workspace);
  const [min, setMin] = useState(compute.nodes?.min ?? 0);
  const [max, setMax] = useState(compute.nodes?.max ?? 1);
  const [idle, setIdle] = useState(compute.nodes?.idleSecondsBeforeScaleDown ?? 120);
  const invalid = min > max ? "Minimum nodes must not be more than maximum nodes." : undefined;
  return (
    <DialogBody>
      <DialogTitle>Scale {compute.name}</DialogTitle>
      <DialogContent className={s.form}>
        <Field label="Minimum nodes" validationMessage={invalid}>
          <SpinButton
            value={min}
            min={0}
            max={1000}
            onChange={(_, d) => setMin(Number(d.value ?? d.displayValue ?? 0))}
          />
        </Field>
        <Field label="Maximum nodes">
          <SpinButton
            value={max}
            min={1}
            max={1000}
            onChange={(_, d) => setMax(Number(d.value ?? d.displayValue ?? 1))}
          />
        </Field>
        <Field label="Idle seconds before scale down">
          <SpinButton
            value={idle}
            min={0}
            max={604800}
            step={30}
            onChange={(_, d) => setIdle(Number(d.value ?? d.displayValue ?? 0))}
          />
        </Field>
        <ErrorBar error={update.error} title="Could not change the scale settings" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          appearance="primary"
          disabled={!!invalid || update.isPending}
          onClick={() =>
            compute &&
            update.mutate(
              { name: compute.name, body: { minNodes: min, maxNodes: max, idleSecondsBeforeScaleDown: idle } },
              { onSuccess: onClose },
            )
          }
        >
          {update.isPending ? "Saving…" : "Save"}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}
