"use client";
import { useMemo } from "react";
import {
  Field,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { coresLeft, LOW_PRIORITY_FAMILY } from "@/lib/domain/quota";
import { useUsage, useVmSizes } from "../hooks";

const useStyles = makeStyles({
  sizes: {
    maxHeight: "260px",
    overflow: "auto",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  noQuota: { color: tokens.colorPaletteRedForeground1 },
});

/**
 * The region's VM sizes a kind of compute can use, each with its vCPUs, memory, GPUs, price and the quota left where
 * its cores are counted: its family's dedicated quota, or the region's low-priority quota for spot nodes (whatever
 * their family). A size whose one node would not fit in what is left shows the number in red; the server's check is
 * still the one that refuses. `computeType` "AmlCompute" is also what a serverless job's instance type is chosen
 * from (serverless runs on cluster sizes and counts against the same family quota).
 */
export function VmSizePicker({
  workspace,
  computeType,
  lowPriority = false,
  value,
  onChange,
  validationMessage,
  required = true,
  hint,
}: {
  workspace: WorkspaceRef;
  computeType: string;
  lowPriority?: boolean;
  value: string;
  onChange: (size: string) => void;
  validationMessage?: string;
  /** False where no size is a choice too (a serverless job without one runs on the service's default size). */
  required?: boolean;
  hint?: string;
}) {
  const s = useStyles();
  const sizes = useVmSizes(workspace);
  const usage = useUsage(workspace);
  const rows = useMemo(
    () =>
      (sizes.data?.data ?? [])
        .filter((v) => !v.supportedComputeTypes.length || v.supportedComputeTypes.includes(computeType))
        .filter((v) => !lowPriority || v.lowPriorityCapable)
        .map((v) => {
          const q = usage.data?.data.find((f) => f.family === (lowPriority ? LOW_PRIORITY_FAMILY : v.family));
          return { ...v, left: q ? coresLeft(q) : null };
        })
        .sort((a, b) => a.vCPUs - b.vCPUs || a.name.localeCompare(b.name)),
    [sizes.data, usage.data, computeType, lowPriority],
  );
  return (
    <Field label="Virtual machine size" required={required} hint={hint} validationMessage={validationMessage}>
      <div className={s.sizes}>
        <Table size="small" aria-label="Virtual machine sizes" style={{ tableLayout: "auto" }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Size</TableHeaderCell>
              <TableHeaderCell>vCPUs</TableHeaderCell>
              <TableHeaderCell>Memory</TableHeaderCell>
              <TableHeaderCell>GPUs</TableHeaderCell>
              <TableHeaderCell>{lowPriority ? "Quota left (low priority)" : "Quota left (family)"}</TableHeaderCell>
              <TableHeaderCell>Price / h</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((v) => (
              <TableRow
                key={v.name}
                className={v.name === value ? s.selected : undefined}
                aria-selected={v.name === value}
                tabIndex={0}
                onClick={() => onChange(v.name)}
                onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onChange(v.name))}
                data-testid={`vm-size-${v.name}`}
              >
                <TableCell>{v.name}</TableCell>
                <TableCell>{v.vCPUs}</TableCell>
                <TableCell>{v.memoryGB} GB</TableCell>
                <TableCell>{v.gpus}</TableCell>
                <TableCell className={v.left !== null && v.left < v.vCPUs ? s.noQuota : undefined}>
                  {v.left === null ? "—" : `${v.left} vCPUs`}
                </TableCell>
                <TableCell>{v.pricePerHour !== null ? `$${v.pricePerHour.toFixed(2)}` : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Field>
  );
}
