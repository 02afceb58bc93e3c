"use client";
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Option,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { cronProblem } from "@/lib/domain/cron";
import type { ScheduleRow } from "../model";

const useStyles = makeStyles({
  row: {
    display: "grid",
    gridTemplateColumns: "110px 1fr 110px auto auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "start",
    marginBottom: tokens.spacingVerticalXS,
  },
});

/** The first invalid cron among the rows, for disabling a save. */
export const schedulesProblem = (rows: ScheduleRow[]) =>
  rows.map((r) => cronProblem(r.cron)).find((p) => p !== null) ?? null;

/** Start/stop schedules of a compute instance: action, five-field cron (checked as it is typed), time zone, on/off. */
export function SchedulesEditor({
  rows,
  onChange,
  disabled,
}: {
  rows: ScheduleRow[];
  onChange: (rows: ScheduleRow[]) => void;
  disabled?: boolean;
}) {
  const s = useStyles();
  const set = (i: number, patch: Partial<ScheduleRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div>
      {rows.length === 0 && <Caption1 block>No schedules: the instance starts and stops only when asked.</Caption1>}
      {rows.map((r, i) => (
        <div key={i} className={s.row} data-testid={`schedule-row-${i}`}>
          <Dropdown
            aria-label={`Schedule ${i + 1} action`}
            value={r.action}
            selectedOptions={[r.action]}
            disabled={disabled}
            onOptionSelect={(_, d) => set(i, { action: d.optionValue === "Start" ? "Start" : "Stop" })}
          >
            <Option value="Start">Start</Option>
            <Option value="Stop">Stop</Option>
          </Dropdown>
          <Field validationMessage={r.cron ? (cronProblem(r.cron) ?? undefined) : "A cron expression is required"}>
            <Input
              aria-label={`Schedule ${i + 1} cron`}
              value={r.cron}
              disabled={disabled}
              placeholder="0 18 * * 1-5"
              onChange={(_, d) => set(i, { cron: d.value })}
            />
          </Field>
          <Input
            aria-label={`Schedule ${i + 1} time zone`}
            value={r.timeZone}
            disabled={disabled}
            onChange={(_, d) => set(i, { timeZone: d.value })}
          />
          <Switch
            aria-label={`Schedule ${i + 1} enabled`}
            checked={r.enabled}
            disabled={disabled}
            onChange={(_, d) => set(i, { enabled: d.checked })}
          />
          <Button
            aria-label={`Remove schedule ${i + 1}`}
            icon={<DeleteRegular />}
            disabled={disabled}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        size="small"
        icon={<AddRegular />}
        disabled={disabled}
        onClick={() =>
          onChange([...rows, { action: rows.length % 2 ? "Start" : "Stop", cron: "", timeZone: "UTC", enabled: true }])
        }
      >
        Add schedule
      </Button>
    </div>
  );
}
