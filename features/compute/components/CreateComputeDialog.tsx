"use client";
import { useMemo, useState } from "react";
import {
  Button,
  Dialog,
  DialogSurface,
  DialogBody,
  DialogTitle,
  DialogContent,
  DialogActions,
  DialogTrigger,
  Field,
  Input,
  RadioGroup,
  Radio,
  SpinButton,
  Table,
  TableHeader,
  TableRow,
  TableHeaderCell,
  TableBody,
  TableCell,
  Caption1,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { computeName } from "@/lib/domain/arm-names";
import { coresLeft } from "@/lib/domain/quota";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ApiClientError } from "@/lib/client/api";
import { useCreateCompute, useUsage, useVmSizes } from "../hooks";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalL },
  sizes: {
    maxHeight: "260px",
    overflow: "auto",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  noQuota: { color: tokens.colorPaletteRedForeground1 },
});

type Kind = "ComputeInstance" | "AmlCompute";

export function CreateComputeDialog({ workspace, disabled }: { workspace: WorkspaceRef; disabled: boolean }) {
  const s = useStyles();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>("ComputeInstance");
  const [name, setName] = useState("");
  const [vmSize, setVmSize] = useState("");
  const [minNodes, setMinNodes] = useState(0);
  const [maxNodes, setMaxNodes] = useState(2);
  const [idleSeconds, setIdleSeconds] = useState(120);
  const sizes = useVmSizes(workspace);
  const usage = useUsage(workspace);
  const create = useCreateCompute(workspace);

  const nameError =
    name && !computeName.safeParse(name).success ? computeName.safeParse(name).error?.issues[0]?.message : undefined;
  const rows = useMemo(
    () =>
      (sizes.data?.data ?? [])
        .filter((v) => !v.supportedComputeTypes.length || v.supportedComputeTypes.includes(kind))
        .map((v) => {
          const q = usage.data?.data.find((f) => f.family === v.family);
          return { ...v, left: q ? coresLeft(q) : null };
        })
        .sort((a, b) => a.vCPUs - b.vCPUs || a.name.localeCompare(b.name)),
    [sizes.data, usage.data, kind],
  );
  const serverError = create.error instanceof ApiClientError ? create.error : null;

  const submit = () => {
    const body =
      kind === "ComputeInstance"
        ? { computeType: "ComputeInstance" as const, vmSize }
        : {
            computeType: "AmlCompute" as const,
            vmSize,
            minNodes,
            maxNodes,
            idleSecondsBeforeScaleDown: idleSeconds,
            vmPriority: "Dedicated" as const,
          };
    create.mutate(
      { name, body },
      {
        onSuccess: () => {
          setOpen(false);
          setName("");
          create.reset();
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (!d.open) create.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<AddRegular />} disabled={disabled}>
          New compute
        </Button>
      </DialogTrigger>
      <DialogSurface style={{ maxWidth: 760 }}>
        <DialogBody>
          <DialogTitle>New compute</DialogTitle>
          <DialogContent className={s.form}>
            <RadioGroup
              layout="horizontal"
              value={kind}
              onChange={(_, d) => setKind(d.value as Kind)}
              aria-label="Compute type"
            >
              <Radio value="ComputeInstance" label="Compute instance" />
              <Radio value="AmlCompute" label="Compute cluster" />
            </RadioGroup>
            <Field
              label="Name"
              required
              validationMessage={nameError ?? (serverError?.field === "name" ? serverError.message : undefined)}
            >
              <Input
                value={name}
                onChange={(_, d) => setName(d.value)}
                placeholder={kind === "ComputeInstance" ? "e.g. dana-ci-01" : "e.g. cpu-cluster-2"}
              />
            </Field>
            <Field
              label="Virtual machine size"
              required
              validationMessage={serverError?.field === "vmSize" ? serverError.message : undefined}
            >
              <div className={s.sizes}>
                <Table size="small" aria-label="Virtual machine sizes" style={{ tableLayout: "auto" }}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Size</TableHeaderCell>
                      <TableHeaderCell>vCPUs</TableHeaderCell>
                      <TableHeaderCell>Memory</TableHeaderCell>
                      <TableHeaderCell>GPUs</TableHeaderCell>
                      <TableHeaderCell>Quota left (family)</TableHeaderCell>
                      <TableHeaderCell>Price / h</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {rows.map((v) => (
                      <TableRow
                        key={v.name}
                        className={v.name === vmSize ? s.selected : undefined}
                        aria-selected={v.name === vmSize}
                        tabIndex={0}
                        onClick={() => setVmSize(v.name)}
                        onKeyDown={(e) =>
                          (e.key === "Enter" || e.key === " ") && (e.preventDefault(), setVmSize(v.name))
                        }
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
            {kind === "AmlCompute" && (
              <div className={s.row}>
                <Field label="Minimum nodes">
                  <SpinButton
                    value={minNodes}
                    min={0}
                    max={1000}
                    onChange={(_, d) => setMinNodes(Number(d.value ?? d.displayValue ?? 0))}
                  />
                </Field>
                <Field
                  label="Maximum nodes"
                  validationMessage={serverError?.field === "maxNodes" ? undefined : undefined}
                >
                  <SpinButton
                    value={maxNodes}
                    min={1}
                    max={1000}
                    onChange={(_, d) => setMaxNodes(Number(d.value ?? d.displayValue ?? 1))}
                  />
                </Field>
                <Field label="Idle seconds before scale down">
                  <SpinButton
                    value={idleSeconds}
                    min={0}
                    max={604800}
                    step={30}
                    onChange={(_, d) => setIdleSeconds(Number(d.value ?? d.displayValue ?? 0))}
                  />
                </Field>
              </div>
            )}
            {vmSize && kind === "AmlCompute" && (
              <Caption1>
                Up to {maxNodes} × {rows.find((r) => r.name === vmSize)?.vCPUs ?? "?"} ={" "}
                {maxNodes * (rows.find((r) => r.name === vmSize)?.vCPUs ?? 0)} vCPUs at full scale.
              </Caption1>
            )}
            {create.error && (
              <ErrorBar
                error={create.error}
                title={serverError?.code === "QuotaExceeded" ? "Over quota" : "Could not create the compute"}
              />
            )}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabled={!name || !!nameError || !vmSize || create.isPending}
              onClick={submit}
            >
              {create.isPending ? "Creating…" : "Create"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
