"use client";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { ErrorBar } from "./ErrorBar";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The confirmation dialog itself (ConfirmDialog.tsx loads it when it is first asked for). */
export function ConfirmDialogView(props: ConfirmDialogProps) {
  return (
    <Dialog open={props.open} onOpenChange={(_, d) => !d.open && props.onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            {props.children}
            <ErrorBar error={props.error} title="The action failed" />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              style={props.danger ? { background: "var(--colorPaletteRedBackground3)" } : undefined}
              disabled={props.pending}
              onClick={props.onConfirm}
            >
              {props.pending ? "Working…" : props.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
